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
