"""docs/rulesets.md: every rule set in the guide loads, its tests agree, and the command output
it quotes is what keirules prints.

A rule set snippet is a ```yaml block right after ``<!-- ruleset: PATH -->``; the blocks are
written to PATH in a scratch folder beside a copy of examples/, in order (a later block with the
same PATH replaces the earlier file, as a reader editing it would).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from keirules import Catalog
from keirules.cli import main
from keirules.rulesets.loader import read_header
from keirules.schema import RULESET_MODEL
from keirules.selftest import read_tests, run_tests
from keirules.yamlload import load_document

GUIDE = ROOT / "docs" / "rulesets.md"
TEXT = GUIDE.read_text(encoding="utf-8")
MARKED = re.compile(r"<!-- ruleset: (?P<path>\S+) -->\n```yaml\n(?P<text>.*?)```", re.S)
SNIPPETS = [(m["path"], m["text"]) for m in MARKED.finditer(TEXT)]
FENCES = re.compile(r"```(?P<lang>\w+)\n(?P<text>.*?)```", re.S)


def _fenced(lang: str) -> list[str]:
    return [m["text"] for m in FENCES.finditer(TEXT) if m["lang"] == lang]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with examples/ and every snippet written (the last one per path wins)."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    for path, text in SNIPPETS:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_the_guide_has_rule_set_snippets() -> None:
    paths = [path for path, _ in SNIPPETS]
    assert len(SNIPPETS) >= 6
    assert {"my-rules/wide-kei.yaml", "my-rules/ev-kei.yaml", "my-rules/power-law.yaml",
            "my-rules/kr-gyeongcha/1996.yaml", "my-rules/kr-gyeongcha/2008.yaml"} <= set(paths)


def test_every_rule_set_in_the_guide_is_marked() -> None:
    """A yaml block that is a rule set but lacks the marker would escape these tests."""
    marked = {text for _, text in SNIPPETS}
    for text in _fenced("yaml"):
        if re.search(r"^family:", text, re.M):
            assert text in marked, text[:200]


def test_snippets_load_validate_and_their_tests_agree(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    seen = []
    for path, text in SNIPPETS:  # in order, as a reader would write them
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        document = load_document(target)
        RULESET_MODEL.model_validate(document.data)  # the editor's schema accepts it too
        ruleset = Catalog().load_file(target)
        tests = read_tests(read_header(document))
        assert run_tests(ruleset, tests) == [], path
        seen.append((ruleset.name, ruleset.status, len(tests)))
    assert ("kr-gyeongcha@1996", "historical", 4) in seen
    assert ("wide-kei-whatif@2026", "what_if", 2) in seen
    assert all(status == "what_if" for name, status, _ in seen if "whatif" in name)


def test_what_ifs_in_the_guide_change_what_they_say(workspace: Path) -> None:
    base = Catalog().get("jp-kei@1998")
    ev = Catalog().load_file(workspace / "my-rules" / "ev-kei.yaml")
    assert [r.id for r in ev.rules] == [
        "length", "width", "height", "wheels", "seats", "payload", "battery-electric"]
    power = Catalog().load_file(workspace / "my-rules" / "power-law.yaml").rule(
        "power-agreement")
    assert (power.severity, power.source) == ("legal", base.rule("power-agreement").source)


def test_python_example_runs(workspace: Path) -> None:
    [block] = _fenced("python")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, str(GUIDE), "exec"), {})
    printed = out.getvalue().splitlines()
    assert printed[:2] == ["kr-gyeongcha@1996", "2007-12-31"]
    assert printed[2] == "[(datetime.date(2008, 1, 1), None)]"


def _quoted(prefix: str) -> list[str]:
    return [line for block in _fenced("console") for line in block.splitlines()
            if line.startswith(prefix)]


def test_quoted_validate_output_is_current(workspace: Path) -> None:
    code, out, _ = _run("validate", "my-rules/wide-kei.yaml", "my-rules/kr-gyeongcha/1996.yaml",
                        "my-rules/kr-gyeongcha/2008.yaml")
    assert code == 0
    assert out.splitlines() == _quoted("ok: ")


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("my-rules/wide-kei.yaml", "max: 1.60 m", "max: 1.50 m"),  # a test disagrees
        ("my-rules/wide-kei.yaml", "max: 1.60 m", "maxx: 1.60 m"),
        ("my-rules/ev-kei.yaml", "remove: [displacement,", "remove: [displacment,"),
    ],
)
def test_quoted_errors_are_current(workspace: Path, path: str, old: str, new: str) -> None:
    file = workspace / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1
    file.write_text(text.replace(old, new), encoding="utf-8")
    code, out, err = _run("validate", path)
    assert code == 2 and out == ""
    assert err.rstrip("\n") in _quoted("keirules: error: ")


def test_quoted_diff_is_current(workspace: Path) -> None:
    block = next(b for b in _fenced("console") if "$ keirules diff my-rules/kr-gyeongcha" in b)
    quoted = block.splitlines()[1:]
    code, out, _ = _run("diff", "my-rules/kr-gyeongcha/1996.yaml",
                        "my-rules/kr-gyeongcha/2008.yaml")
    assert code == 0
    shown = [line.rstrip() for line in out.splitlines()]
    assert shown[:len(quoted)] == quoted


def test_quoted_check_is_current(workspace: Path) -> None:
    code, out, _ = _run("check", "examples/smart-fortwo-w450.yaml", "--ruleset",
                        "my-rules/wide-kei.yaml", "--on", "2026-06-01")
    assert code == 0
    assert out.splitlines()[0].rstrip() in _quoted(" PASS ")


def test_schema_command_in_the_guide_exists() -> None:
    assert "keirules schema ruleset > ruleset.schema.json" in TEXT
    code, out, _ = _run("schema", "ruleset")
    assert code == 0 and '"family"' in out
