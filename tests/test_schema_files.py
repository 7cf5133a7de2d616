"""The JSON Schemas in docs/ (which rule set and spec modelines point editors at) are current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from keirules.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("kind", ["vehicle", "ruleset", "report"])
def test_schema_file_matches_the_command(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = DOCS / f"{kind}.schema.json"
    if not path.is_file():
        pytest.skip("docs/ is not part of this checkout")
    assert main(["schema", kind]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == json.loads(path.read_text(encoding="utf-8")), (
        f"regenerate it: keirules schema {kind} > docs/{kind}.schema.json")


def test_builtin_modelines_point_at_an_existing_schema() -> None:
    root = DOCS.parent
    if not (root / "rulesets").is_dir():
        pytest.skip("rulesets/ is not part of this checkout")
    for path in (root / "rulesets").glob("*/*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if "$schema=" in first:
            target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
            assert target.is_file(), f"{path}: modeline points at missing {target}"


def test_every_example_and_builtin_file_satisfies_the_editor_schemas() -> None:
    """An editor pointed at the schemas must not flag a file that keirules accepts."""
    from keirules.schema import RULESET_MODEL, VEHICLE_MODEL
    from keirules.yamlload import load_document

    root = DOCS.parent
    if not (root / "rulesets").is_dir():
        pytest.skip("rulesets/ is not part of this checkout")
    specs = sorted((root / "examples").glob("*.yaml"))
    rulesets = sorted((root / "rulesets").glob("*/*.yaml")) + sorted(
        (root / "examples" / "whatif").glob("*.yaml"))
    assert specs and rulesets
    for path in specs:
        VEHICLE_MODEL.model_validate(load_document(path).data)
    for path in rulesets:
        RULESET_MODEL.model_validate(load_document(path).data)


def test_the_schema_names_exactly_the_keys_the_loader_reads() -> None:
    from pydantic import BaseModel

    from keirules import schema
    from keirules.rulesets.loader import RULE_KEYS, TOP_KEYS

    assert set(schema.RuleModel.model_fields) == set(RULE_KEYS)
    assert set(schema.RuleSetModel.model_fields) == set(TOP_KEYS)

    class Drifted(BaseModel):
        id: str

    with pytest.raises(AssertionError, match="the loader reads"):
        schema._declared_keys(Drifted, ("id", "title"))
