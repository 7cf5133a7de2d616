"""The closed vocabularies and the one rule-level decision (keirules.vocabulary, keirules.core)."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import pytest

from keirules.core import (
    ConditionState,
    condition_state,
    out_of_force,
    verdict,
    with_undecided_condition,
)
from keirules.rulesets.model import COMPARISONS, Condition, Limit, Rule, Source
from keirules.vocabulary import (
    AgeCount,
    AgeUnit,
    Comparison,
    RouteStatus,
    RuleSetStatus,
    Severity,
    Status,
    Verdict,
)


def test_members_are_their_strings_in_json() -> None:
    data = {Comparison.MAX: Status.PASS, "verdict": Verdict.INCOMPLETE}
    assert json.dumps(data) == '{"max": "pass", "verdict": "incomplete"}'
    assert Comparison("less_than") is Comparison.LESS_THAN and Comparison.MAX == "max"
    assert {"max": 1}[Comparison.MAX] == 1


def test_the_rule_keys_are_the_comparisons_but_feature() -> None:
    assert list(COMPARISONS) == ["max", "min", "less_than", "greater_than", "equals", "one_of",
                                 "min_age", "max_age"]
    assert COMPARISONS["min_age"] == "age >=" and Comparison.FEATURE.op == "=="


@pytest.mark.parametrize(("comparison", "value", "limit", "ok", "margin"), [
    (Comparison.MAX, 3, 4, True, 1), (Comparison.MAX, 4, 4, True, 0),
    (Comparison.LESS_THAN, 4, 4, False, 0), (Comparison.MIN, 3, 4, False, -1),
    (Comparison.GREATER_THAN, 5, 4, True, 1), (Comparison.EQUALS, 4, 4, True, None),
])
def test_a_comparison_compares_and_takes_its_margin(
        comparison: Comparison, value: int, limit: int, ok: bool, margin: int | None) -> None:
    assert comparison.holds(value, limit) is ok
    assert comparison.margin(Fraction(value), Fraction(limit)) == margin
    assert comparison.bounds_above != comparison.bounds_below or comparison is Comparison.EQUALS
    shown = comparison.shown_op(ok)
    assert shown == comparison.op if ok else shown != comparison.op


def test_negations_and_words() -> None:
    assert Comparison.MAX.shown_op(False) == ">" and Comparison.ONE_OF.shown_op(False) == "not in"
    assert Comparison.MAX.miss_word == "over" and Comparison.GREATER_THAN.miss_word == "short"
    assert AgeCount.DAY.words == "" and AgeCount.MONTH.words == "whole calendar months"
    assert AgeUnit.YEARS.months == 12 and AgeUnit.MONTHS.scale == 1


def test_statuses_verdicts_and_ranks() -> None:
    assert [v.exit_code for v in Verdict] == [0, 1, 3]
    assert Verdict.of(failed=True, unknown=True) is Verdict.FAIL
    assert Verdict.of(failed=False, unknown=True) is Verdict.INCOMPLETE
    assert [s for s in RuleSetStatus if s.dated] == ["in_force", "historical"]
    assert sorted(RouteStatus, key=lambda s: s.rank) == ["closed", "undetermined", "open"]
    assert list(Severity) == ["legal", "voluntary", "advisory"]


def test_a_limit_types_plain_strings_and_knows_its_age_unit() -> None:
    limit = Limit("min_age", "25 years", value=300)  # type: ignore[arg-type]
    assert limit.comparison is Comparison.MIN_AGE and limit.age_unit is AgeUnit.YEARS
    assert limit.age_count is AgeCount.DAY
    assert Limit("max", "3.4 m").age_unit is None  # type: ignore[arg-type]


def _rule(**kw: object) -> Rule:
    return Rule(id="r", title="R", field="wheels", limit=Limit(Comparison.MAX, "4", value=4),
                source=Source("s", "S"), **kw)  # type: ignore[arg-type]


def test_the_core_decides_the_frame_of_a_rule() -> None:
    condition = Condition("engine_cycle", ("four_stroke",))
    assert condition_state(condition, None) is ConditionState.UNDECIDED
    assert condition_state(condition, "four_stroke") is ConditionState.HOLDS
    assert condition_state(condition, "two_stroke") is ConditionState.FALSE
    assert [with_undecided_condition(s) for s in Status] == [
        "pass", "unknown", "unknown", "unknown"]
    rule = _rule(effective_from=dt.date(2030, 1, 1))
    assert out_of_force(rule, dt.date(2030, 1, 1)) is None
    assert "applies from 2030-01-01" in (out_of_force(rule, dt.date(2029, 1, 1)) or "")
    assert verdict([(False, "fail"), (True, "unknown")]) is Verdict.INCOMPLETE
    assert verdict([(True, "pass"), (False, "fail")]) is Verdict.PASS
    assert _rule(severity="advisory").severity is Severity.ADVISORY


def test_the_spec_fields_are_declared_once_on_the_vehicle() -> None:
    import dataclasses

    from keirules.vehicle import FIELDS, Vehicle

    declared = {f.name: f.metadata["spec"] for f in dataclasses.fields(Vehicle)
                if "spec" in f.metadata}
    assert declared == FIELDS and list(FIELDS) == list(declared)
    assert {f.name for f in dataclasses.fields(Vehicle)} - set(FIELDS) == {
        "derived", "source_file"}
