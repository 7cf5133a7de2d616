"""examples/catalog.csv holds every example spec as one row: the catalog path must give each
row exactly the verdict and rule ids that checking the spec file alone gives."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

import keirules

CATALOG = EXAMPLES / "catalog.csv"
RULESETS = ["jp-kei@1998", "jp-kei@1955", "kr-gyeongcha@2008", "eu-l6e@2016", "eu-l7e@2016",
            "us-lsv@2006", "us-import@2010"]


@pytest.mark.parametrize("ruleset", RULESETS)
def test_catalog_rows_agree_with_the_spec_files(ruleset: str) -> None:
    specs = {keirules.load_vehicle(path).name: path for path in EXAMPLES.glob("*.yaml")}
    results = list(keirules.check_catalog(CATALOG, ruleset=ruleset, on="2026-11-25"))
    assert sorted(r.name for r in results) == sorted(specs)
    for result in results:
        report = keirules.check(specs[result.name], ruleset, on="2026-11-25")
        assert result.verdict == report.verdict, result.name
        assert set(result.failed) == {r.rule.id for r in report.failures}, result.name
        assert set(result.unknown) == {r.rule.id for r in report.unknown}, result.name
        assert set(result.warnings) == {r.rule.id for r in report.warnings}, result.name
