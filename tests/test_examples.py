"""The real vehicles in examples/: golden JSON reports and the verdicts they must get.

Set KEIRULES_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change, then
review the diff like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import keirules
from keirules.schema import REPORT_MODEL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"
ON = "2026-11-25"

# example -> (ruleset in force when it was made, verdict then, legal rules failed then)
WHEN_BUILT = {
    "subaru-360-k111": ("jp-kei@1955", "pass", set()),
    "honda-n360": ("jp-kei@1960", "pass", set()),
    "suzuki-alto-ss30v": ("jp-kei@1976", "pass", set()),
    "honda-beat-pp1": ("jp-kei@1990", "pass", set()),
    "suzuki-cappuccino-ea11r": ("jp-kei@1990", "pass", set()),
    "autozam-az-1-pg6sa": ("jp-kei@1990", "pass", set()),
    "smart-fortwo-w450": ("jp-kei@1990", "fail", {"width"}),
    "daihatsu-copen-1-3": ("jp-kei@1998", "fail", {"displacement"}),
    "kia-morning-ta": ("jp-kei@1998", "fail", {"length", "width", "displacement"}),
    "honda-n-box-jf5": ("jp-kei@1998", "pass", set()),
    "nissan-sakura-b6aw": ("jp-kei@1998", "pass", set()),
    "suzuki-carry-da16t": ("jp-kei@1998", "pass", set()),
    # No seat count in the spec: the seats rule is advisory (no legal cap), so it cannot
    # leave the verdict undetermined.
    "daihatsu-hijet-truck-s500p": ("jp-kei@1998", "pass", set()),
    # Vehicles of other regimes, seen through the kei rules of their day.
    "daewoo-tico": ("jp-kei@1990", "fail", {"length", "displacement"}),
    "renault-twizy-80": ("jp-kei@1998", "pass", set()),
    "gem-e2": ("jp-kei@1998", "incomplete", set()),
    "citroen-ami": ("jp-kei@1998", "pass", set()),
}


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLES) >= 8
    assert {p.stem for p in EXAMPLES} == set(WHEN_BUILT)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_cites_its_sources(path: Path) -> None:
    vehicle = keirules.load_vehicle(path)
    assert vehicle.sources, "every example names where its figures came from"
    assert all(s.startswith(("http://", "https://")) for s in vehicle.sources)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_verdict_when_built(path: Path) -> None:
    ruleset, verdict, failed = WHEN_BUILT[path.stem]
    report = keirules.check(path, "jp-kei", on="manufactured")
    assert report.ruleset.name == ruleset
    assert report.verdict == verdict
    assert {r.rule.id for r in report.failures} == failed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_golden_report(path: Path) -> None:
    report = keirules.check(path, "jp-kei", on=ON).as_dict()
    report["vehicle"]["source"] = path.relative_to(ROOT).as_posix()
    REPORT_MODEL.model_validate(report)
    golden = GOLDEN / f"{path.stem}.json"
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("KEIRULES_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden report: run with KEIRULES_UPDATE_GOLDEN=1 ({golden})"
    assert json.loads(golden.read_text(encoding="utf-8")) == report
