"""Evaluating one vehicle against one compiled rule set: pure, exact, no I/O, no clock.

Every comparison is between exact fractions in SI base units. A missing input gives
``unknown``, never ``pass``; a rule whose ``when`` is false is ``not_applicable``; a rule whose
``when`` cannot be decided (the spec lacks that field) is ``unknown`` unless its check passes
whatever the condition is.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from keirules.dates import add_months
from keirules.quantity import Quantity, decimal_text, readable_text
from keirules.report import Report, RuleResult
from keirules.rulesets.model import Rule, RuleSet
from keirules.vehicle import Vehicle

__all__ = ["evaluate", "evaluate_rule"]


def evaluate(vehicle: Vehicle, ruleset: RuleSet, on: dt.date, *,
             notes: tuple[str, ...] = ()) -> Report:
    """Check ``vehicle`` against every rule of ``ruleset`` as of the date ``on``."""
    results = tuple(evaluate_rule(vehicle, rule, on) for rule in ruleset.rules)
    return Report(vehicle=vehicle, ruleset=ruleset, on=on, results=results, notes=notes)


def evaluate_rule(vehicle: Vehicle, rule: Rule, on: dt.date) -> RuleResult:
    """Check one rule; see the module docstring for how conditions and gaps are treated."""
    undecided: list[str] = []
    for condition in rule.when:
        actual = vehicle.value(condition.field)
        if actual is None:
            undecided.append(condition.field)
        elif actual not in condition.allowed:
            allowed = " or ".join(str(a) for a in condition.allowed)
            return RuleResult(rule, "not_applicable",
                              f"applies only when {condition.field} is {allowed} "
                              f"(this vehicle: {actual})")
    result = _check(vehicle, rule, on)
    if undecided and result.status != "pass":
        missing = ", ".join(undecided)
        return RuleResult(
            rule, "unknown",
            f"cannot tell whether the rule applies: {missing} missing from the spec "
            f"({result.reason})",
            derived=result.derived,
        )
    if undecided:
        missing = ", ".join(undecided)
        return RuleResult(
            rule, result.status, f"{result.reason}, whatever {missing} is (missing)",
            measured=result.measured, margin=result.margin, derived=result.derived,
            threshold_date=result.threshold_date,
        )
    return result


def _check(vehicle: Vehicle, rule: Rule, on: dt.date) -> RuleResult:
    limit = rule.limit
    value = vehicle.value(rule.field)
    if value is None:
        what = "declared in the spec's features" if rule.feature else "in the spec"
        return RuleResult(rule, "unknown", f"{rule.field} is not {what}")
    if limit.comparison == "feature":
        ok = value is True
        return RuleResult(rule, "pass" if ok else "fail",
                          f"{rule.field} is {'true' if value else 'false'}",
                          measured="true" if value else "false")
    if limit.comparison in ("min_age", "max_age"):
        return _check_age(rule, value.first, on, precise=value.precise)
    if limit.quantity is not None:
        assert isinstance(value, Quantity)
        measured = value.in_unit(limit.quantity.unit)
        ok = _compare(limit.comparison, value.base, limit.quantity.base)
        derived = rule.field in vehicle.derived
        shown = decimal_text(measured, places=3) if derived else readable_text(measured)
        reason = f"{shown} {limit.quantity.unit.symbol} {_op(limit.op, ok)} {limit.quantity.text}"
        margin = _margin(limit.comparison, measured, limit.quantity.magnitude)
        if not ok and margin is not None:
            word = "over" if limit.comparison in ("max", "less_than") else "short"
            reason += f" ({word} by {readable_text(-margin)} {limit.quantity.unit.symbol})"
        if derived:
            reason += " (derived from bore, stroke and cylinders)"
        return RuleResult(rule, "pass" if ok else "fail", reason, measured=measured,
                          margin=margin, derived=derived)
    if limit.comparison == "one_of":
        ok = value in limit.value
        allowed = ", ".join(str(v) for v in limit.value)
        return RuleResult(rule, "pass" if ok else "fail",
                          f"{value} is {'' if ok else 'not '}one of {allowed}", measured=str(value))
    ok = _compare(limit.comparison, value, limit.value)
    margin = None
    if isinstance(value, int) and isinstance(limit.value, int):
        margin = _margin(limit.comparison, Fraction(value), Fraction(limit.value))
    return RuleResult(rule, "pass" if ok else "fail", f"{value} {_op(limit.op, ok)} {limit.value}",
                      measured=str(value), margin=margin)


def _check_age(rule: Rule, made: dt.date, on: dt.date, *, precise: bool) -> RuleResult:
    months = int(rule.limit.value)
    threshold = add_months(made, months)
    age = _age_in_months(made, on)
    years = "month" not in rule.limit.text
    scale = Fraction(1, 12) if years else Fraction(1)
    measured, limit = age * scale, months * scale
    if rule.limit.comparison == "min_age":
        ok = on >= threshold
        reason = (f"reached {rule.limit.text} on {threshold.isoformat()}" if ok
                  else f"reaches {rule.limit.text} on {threshold.isoformat()}")
        margin = measured - limit
    else:
        ok = on <= threshold
        reason = (f"not older than {rule.limit.text} on {on.isoformat()}" if ok
                  else f"older than {rule.limit.text} on {on.isoformat()}")
        margin = limit - measured
    notes = () if precise else (
        "the date of manufacture is known only to the month or year and is taken as the first "
        "day of that period",)
    return RuleResult(rule, "pass" if ok else "fail", reason, measured=measured, margin=margin,
                      threshold_date=threshold, notes=notes)


def _age_in_months(made: dt.date, on: dt.date) -> Fraction:
    """Age in calendar months, with the part-month as a fraction of that month's days."""
    whole = (on.year - made.year) * 12 + on.month - made.month
    if add_months(made, whole) > on:
        whole -= 1
    start, end = add_months(made, whole), add_months(made, whole + 1)
    return whole + Fraction((on - start).days, (end - start).days)


def _compare(comparison: str, value: Any, limit: Any) -> bool:
    if comparison == "max":
        return bool(value <= limit)
    if comparison == "min":
        return bool(value >= limit)
    if comparison == "less_than":
        return bool(value < limit)
    if comparison == "greater_than":
        return bool(value > limit)
    if comparison == "equals":
        return bool(value == limit)
    raise AssertionError(f"unknown comparison {comparison}")  # pragma: no cover


def _margin(comparison: str, measured: Fraction, limit: Fraction) -> Fraction | None:
    if comparison in ("max", "less_than"):
        return limit - measured
    if comparison in ("min", "greater_than"):
        return measured - limit
    return None


def _op(op: str, ok: bool) -> str:
    if ok:
        return op
    return {"<=": ">", ">=": "<", "<": ">=", ">": "<=", "==": "!="}.get(op, f"not {op}")
