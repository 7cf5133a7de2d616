"""Rule-level dates (effective_from / effective_until) and how age rules count (count:)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import keirules
from keirules.errors import RuleSetError
from keirules.rulesets.catalog import Catalog
from keirules.rulesets.model import RuleSet

D = dt.date
HEADER = """\
format: keirules-ruleset/1
family: dated-test
version: "2020"
title: Rule-level dates (test fixture, not a regulation)
jurisdiction: JP
status: what_if
effective_from: 2020-01-01
effective_until: 2030-12-31
sources: {fixture: {title: Test fixture}}
rules:
"""


def load(tmp_path: Path, rules: str) -> RuleSet:
    path = tmp_path / "rules.yaml"
    path.write_text(HEADER + rules, encoding="utf-8")
    return Catalog([]).load_file(path)


def status(ruleset: RuleSet, spec: dict[str, object], on: dt.date) -> tuple[str, str]:
    report = keirules.check({"name": "Car", **spec}, ruleset, on)
    result = report.results[0]
    return result.status, result.reason


def test_a_rule_applies_only_between_its_own_dates(tmp_path: Path) -> None:
    rs = load(tmp_path, "  - {id: power, field: max_power, max: 64 PS,"
                        " effective_from: 2024-04-01, effective_until: 2026-03-31}\n")
    car = {"max_power": "70 PS"}
    assert status(rs, car, D(2024, 3, 31)) == (
        "not_applicable", "applies from 2024-04-01 (this rule's own date; checked on 2024-03-31)")
    assert status(rs, car, D(2024, 4, 1))[0] == "fail"
    assert status(rs, car, D(2026, 3, 31))[0] == "fail"
    assert status(rs, car, D(2026, 4, 1)) == (
        "not_applicable", "applied until 2026-03-31 (this rule's own date; checked on 2026-04-01)")
    rule = rs.rules[0]
    assert (rule.effective_from, rule.effective_until) == (D(2024, 4, 1), D(2026, 3, 31))
    assert rule.canonical()["effective_from"] == "2024-04-01"


def test_rule_dates_before_a_missing_value_still_say_not_applicable(tmp_path: Path) -> None:
    rs = load(tmp_path, "  - {id: power, field: max_power, max: 64 PS,"
                        " effective_from: 2024-04-01}\n")
    assert status(rs, {}, D(2023, 1, 1))[0] == "not_applicable"
    assert status(rs, {}, D(2025, 1, 1))[0] == "unknown"


def test_rule_hash_unchanged_without_the_new_keys(tmp_path: Path) -> None:
    rs = load(tmp_path, "  - {id: old, field: manufactured, min_age: 25 years}\n")
    assert set(rs.rules[0].canonical()) == {
        "id", "title", "field", "comparison", "limit", "severity", "when", "source", "note",
        "citation"}


@pytest.mark.parametrize(("rules", "message"), [
    ("  - {id: a, field: length, max: 3 m, effective_from: 2019-12-31}\n",
     "is outside the period of its rule set version (2020-01-01 to 2030-12-31)"),
    ("  - {id: a, field: length, max: 3 m, effective_until: 2031-01-01}\n",
     "is outside the period"),
    ("  - {id: a, field: length, max: 3 m, effective_from: 2025-01-01,"
     " effective_until: 2024-01-01}\n", "is before the rule's effective_from"),
    ("  - {id: a, field: length, max: 3 m, effective_from: 2025-01}\n",
     "is not a full date"),
    ("  - {id: a, field: length, max: 3 m, count: day}\n", "only applies to an age rule"),
    ("  - {id: a, feature: esc, count: day}\n", "only applies to an age rule"),
    ("  - {id: a, field: manufactured, min_age: 21 years, count: year}\n",
     "is not a way of counting an age"),
    ("  - {id: a, field: manufactured, min_age: 6 months, count: calendar_year}\n",
     "must be written in years"),
])
def test_bad_rule_dates_and_counts_are_refused(tmp_path: Path, rules: str, message: str) -> None:
    with pytest.raises(RuleSetError) as info:
        load(tmp_path, rules)
    assert message in str(info.value)
    assert info.value.line == 11


COUNTS = """\
  - {id: by-day, field: manufactured, min_age: 21 years}
  - {id: by-month, field: manufactured, min_age: 21 years, count: month}
  - {id: by-year, field: manufactured, min_age: 21 years, count: calendar_year}
"""


@pytest.mark.parametrize(("made", "on", "day", "month", "year"), [
    # EPA's example in the issue: built 2005-12-15, imported 2026-01-02
    ("2005-12-15", D(2026, 1, 2), "fail", "fail", "pass"),
    ("2005-12-15", D(2025, 12, 31), "fail", "fail", "fail"),
    ("2005-12-15", D(2026, 12, 1), "fail", "pass", "pass"),
    ("2005-12-15", D(2026, 12, 15), "pass", "pass", "pass"),
    # a month is enough for a rule counted by month, a year for one counted by year
    ("2005-12", D(2026, 12, 1), "unknown", "pass", "pass"),
    ("2005-12", D(2026, 11, 30), "fail", "fail", "pass"),
    ("2005", D(2026, 1, 1), "unknown", "unknown", "pass"),
    ("2005", D(2025, 12, 31), "fail", "fail", "fail"),
    ("2005", D(2026, 12, 1), "unknown", "pass", "pass"),
    ("2005", D(2026, 12, 31), "pass", "pass", "pass"),
])
def test_ages_counted_by_day_month_and_calendar_year(
        tmp_path: Path, made: str, on: dt.date, day: str, month: str, year: str) -> None:
    rs = load(tmp_path, COUNTS)
    report = keirules.check({"name": "Car", "manufactured": made}, rs, on)
    assert [r.status for r in report.results] == [day, month, year]


def test_calendar_year_reason_says_how_it_counts(tmp_path: Path) -> None:
    rs = load(tmp_path, COUNTS)
    by_year = keirules.check({"name": "Car", "manufactured": "2005-12-15"}, rs,
                             D(2026, 1, 2)).results[2]
    assert by_year.reason == "reached 21 years on 2026-01-01 (counted in calendar years)"
    assert by_year.threshold_date == D(2026, 1, 1)
    assert by_year.measured == 21


V1 = """\
format: keirules-ruleset/1
family: phased
version: "2000"
title: Phased rules, first version (test fixture, not a regulation)
jurisdiction: JP
status: historical
effective_from: 2000-01-01
sources: {fixture: {title: Test fixture}}
rules:
  - {id: length, field: length, max: 3.40 m}
  - {id: power, field: max_power, max: 64 PS, effective_from: 2005-04-01}
  - {id: young, field: manufactured, max_age: 6 months, severity: advisory}
"""
V2 = """\
format: keirules-ruleset/1
family: phased
version: "2010"
title: Phased rules, second version (test fixture, not a regulation)
jurisdiction: JP
status: in_force
effective_from: 2010-07-01
extends: phased@2000
rules:
  - {id: length, field: length, max: 3.20 m}
  - {id: old, field: manufactured, min_age: 0 months, count: month,
     effective_until: 2020-12-31}
"""


@pytest.fixture
def phased(tmp_path: Path) -> Catalog:
    folder = tmp_path / "rulesets" / "phased"
    folder.mkdir(parents=True)
    (folder / "2000.yaml").write_text(V1, encoding="utf-8")
    (folder / "2010.yaml").write_text(V2, encoding="utf-8")
    return Catalog([tmp_path / "rulesets"])


def test_a_timeline_splits_where_a_rule_starts(phased: Catalog) -> None:
    car = {"name": "Car", "length": "3.30 m", "max_power": "70 PS"}
    periods = keirules.timeline(car, "phased", catalog=phased).as_dict()["periods"]
    assert [(p["from"], p["until"], p["verdict"]) for p in periods] == [
        ("2000-01-01", "2005-03-31", "pass"),
        ("2005-04-01", "2010-06-30", "fail"),
        ("2010-07-01", "2020-12-31", "fail"),  # 'old' cannot be told (no date of manufacture)
        ("2021-01-01", None, "fail"),          # ... until it ends
    ]
    assert periods[2]["unknown"] == ["young", "old"] and periods[3]["unknown"] == ["young"]


ROWS = [
    {"name": "2010", "manufactured": "2010", "length": "3.30 m", "max_power": "70 PS"},
    {"name": "2010-07", "manufactured": "2010-07", "length": "3.30 m"},
    {"name": "2010-06", "manufactured": "2010-06", "length": "3.30 m"},
    {"name": "2005", "manufactured": "2005", "length": "3.10 m", "max_power": "70 PS"},
    {"name": "2005-03-15", "manufactured": "2005-03-15", "max_power": "70 PS"},
    {"name": "2020", "manufactured": "2020", "length": "3.10 m"},
    {"name": "2021-02", "manufactured": "2021-02", "length": "3.10 m", "max_power": "60 PS"},
]


@pytest.mark.parametrize("on", ["manufactured", "2005-04-01", "2021-01-01"])
def test_catalogs_agree_with_single_checks_on_rule_dates(phased: Catalog, on: str) -> None:
    from keirules.api import check_as_built, load_ruleset

    got = [(r.verdict, r.failed, r.unknown, r.warnings, r.ruleset)
           for r in keirules.check_catalog(ROWS, "phased", on, catalog=phased)]
    expected = []
    for row in ROWS:
        vehicle = keirules.to_vehicle(row)
        if on == "manufactured":
            report = check_as_built(vehicle, "phased", phased)
        else:
            day = dt.date.fromisoformat(on)
            report = keirules.evaluate(vehicle, load_ruleset("phased", day, phased), day)
        expected.append((report.verdict, tuple(r.rule.id for r in report.failures),
                         tuple(r.rule.id for r in report.unknown),
                         tuple(r.rule.id for r in report.warnings), report.ruleset.name))
    assert got == expected
    if on == "manufactured":
        # 2010 spans both versions: they disagree on length, agree that the power fails
        assert got[0][:3] == ("fail", ("power",), ("length",))
