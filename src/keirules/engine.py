"""Evaluating one vehicle against one compiled rule set: pure, exact, no I/O, no clock.

Every comparison is between exact fractions in SI base units. A missing input gives
``unknown``, never ``pass``; a rule whose ``when`` is false is ``not_applicable``; a rule whose
``when`` cannot be decided (the spec lacks that field) is ``unknown`` unless its check passes
whatever the condition is.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from keirules.core import (
    ConditionState,
    condition_state,
    not_applicable_reason,
    out_of_force,
    with_undecided_condition,
)
from keirules.dates import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    PartialDate,
    age_in_months,
    age_last_day,
    age_reached,
    precision_text,
)
from keirules.quantity import Quantity, decimal_text, readable_text
from keirules.report import Report, RuleResult
from keirules.rulesets.model import Rule, RuleSet
from keirules.vehicle import Vehicle
from keirules.vocabulary import AgeCount, Comparison, Status

__all__ = ["evaluate", "evaluate_rule"]


def evaluate(vehicle: Vehicle, ruleset: RuleSet, on: dt.date, *,
             notes: tuple[str, ...] = ()) -> Report:
    """Check ``vehicle`` against every rule of ``ruleset`` as of the date ``on``."""
    if not isinstance(vehicle, Vehicle) or not isinstance(ruleset, RuleSet) or \
            not isinstance(on, dt.date):
        from keirules.errors import UsageError

        raise UsageError("takes a Vehicle, a RuleSet and a date (keirules.check takes names, "
                         "paths, mappings and date text).", field="evaluate",
                         expected="evaluate(Vehicle, RuleSet, datetime.date)")
    if isinstance(on, dt.datetime):
        on = on.date()
    if not EARLIEST_YEAR <= on.year <= LATEST_YEAR:
        from keirules.errors import UsageError

        raise UsageError(f"the evaluation date has a year outside {EARLIEST_YEAR}-"
                         f"{LATEST_YEAR}.", field="on", value=on.isoformat())
    results = tuple(evaluate_rule(vehicle, rule, on) for rule in ruleset.rules)
    return Report(vehicle=vehicle, ruleset=ruleset, on=on, results=results, notes=notes)


def evaluate_rule(vehicle: Vehicle, rule: Rule, on: dt.date) -> RuleResult:
    """Check one rule; see the module docstring for how conditions and gaps are treated.

    The decision's frame (the rule's own dates, its ``when``, a condition that cannot be told)
    is :mod:`keirules.core`'s, shared with the catalog path; the check itself is here.
    """
    reason = out_of_force(rule, on)
    if reason is not None:
        return RuleResult(rule, Status.NOT_APPLICABLE, reason)
    undecided: list[str] = []
    for condition in rule.when:
        actual = vehicle.value(condition.field)
        state = condition_state(condition, actual)
        if state is ConditionState.UNDECIDED:
            undecided.append(condition.field)
        elif state is ConditionState.FALSE:
            return RuleResult(rule, Status.NOT_APPLICABLE,
                              not_applicable_reason(condition, actual))
    result = _check(vehicle, rule, on)
    if not undecided:
        return result
    missing = ", ".join(undecided)
    status = with_undecided_condition(result.status)
    if status is not result.status:
        return RuleResult(
            rule, status,
            f"cannot tell whether the rule applies: {missing} missing from the spec "
            f"({result.reason})",
            derived=result.derived,
        )
    return RuleResult(
        rule, result.status, f"{result.reason}, whatever {missing} is (missing)",
        measured=result.measured, margin=result.margin, derived=result.derived,
        threshold_date=result.threshold_date,
    )


def _check(vehicle: Vehicle, rule: Rule, on: dt.date) -> RuleResult:
    limit = rule.limit
    value = vehicle.value(rule.field)
    if value is None:
        what = "declared in the spec's features" if rule.feature else "in the spec"
        return RuleResult(rule, Status.UNKNOWN, f"{rule.field} is not {what}")
    if limit.comparison is Comparison.FEATURE:
        ok = value is True
        return RuleResult(rule, Status.PASS if ok else Status.FAIL,
                          f"{rule.field} is {'true' if value else 'false'}",
                          measured="true" if value else "false")
    if limit.comparison.is_age:
        assert isinstance(value, PartialDate)
        return _check_age(rule, value, on)
    if limit.quantity is not None:
        assert isinstance(value, Quantity)
        measured = value.in_unit(limit.quantity.unit)
        ok = limit.comparison.holds(value.base, limit.quantity.base)
        derived = rule.field in vehicle.derived
        shown = decimal_text(measured, places=3) if derived else readable_text(measured)
        reason = (f"{shown} {limit.quantity.unit.symbol} {limit.comparison.shown_op(ok)} "
                  f"{limit.quantity.text}")
        margin = limit.comparison.margin(measured, limit.quantity.magnitude)
        if not ok and margin is not None:
            word = limit.comparison.miss_word
            reason += f" ({word} by {readable_text(-margin)} {limit.quantity.unit.symbol})"
        if derived:
            reason += " (derived from bore, stroke and cylinders)"
        return RuleResult(rule, Status.PASS if ok else Status.FAIL, reason, measured=measured,
                          margin=margin, derived=derived)
    if limit.comparison is Comparison.ONE_OF:
        ok = value in limit.value
        allowed = ", ".join(str(v) for v in limit.value)
        return RuleResult(rule, Status.PASS if ok else Status.FAIL,
                          f"{value} is {'' if ok else 'not '}one of {allowed}", measured=str(value))
    ok = limit.comparison.holds(value, limit.value)
    margin = None
    if isinstance(value, int) and isinstance(limit.value, int):
        margin = limit.comparison.margin(Fraction(value), Fraction(limit.value))
    return RuleResult(rule, Status.PASS if ok else Status.FAIL,
                      f"{value} {limit.comparison.shown_op(ok)} {limit.value}",
                      measured=str(value), margin=margin)


def _check_age(rule: Rule, made: PartialDate, on: dt.date) -> RuleResult:
    """An age limit, decided for every day the date of manufacture may stand for.

    The status is taken for the period's first and last days and for the day nearest ``on``
    inside it: the days on which a rule passes form one interval of days of manufacture, so
    if those three agree, every day of the period does; if not, the rule is ``unknown``.
    """
    limit = rule.limit
    months, count = int(limit.value), limit.age_count
    candidates = sorted({made.first, made.last, min(max(on, made.first), made.last)})
    statuses = {_age_status(limit.comparison, day, on, months, count) for day in candidates}
    minimum = limit.comparison is Comparison.MIN_AGE
    edge = age_reached if minimum else age_last_day
    early, late = edge(made.first, months, count), edge(made.last, months, count)
    assert limit.age_unit is not None
    scale = limit.age_unit.scale
    notes = () if made.precise else (
        f"the date of manufacture is {precision_text(made)} ({made.first.isoformat()} to "
        f"{made.last.isoformat()}); the rule is decided for every day of that period",)
    threshold = late if minimum else early
    if len(statuses) > 1:
        if on < made.last and (on < late if minimum else on <= early):
            reason = (f"the vehicle may not yet be manufactured on {on.isoformat()}: the date "
                      f"of manufacture is {precision_text(made)} ({made.first.isoformat()} to "
                      f"{made.last.isoformat()})")
        else:
            verb = "are reached" if minimum else "are exceeded"
            start, stop = (early, late) if minimum else (
                early + dt.timedelta(days=1), late + dt.timedelta(days=1))
            reason = (f"{limit.text} {verb} between {start.isoformat()} and "
                      f"{stop.isoformat()}: the date of manufacture is {precision_text(made)}")
        return RuleResult(rule, Status.UNKNOWN, reason, threshold_date=threshold, notes=notes,
                          earliest_date=early if minimum else None)
    status = statuses.pop()
    if on < made.last and status is Status.FAIL and on < made.first:
        return RuleResult(rule, Status.FAIL, f"not yet manufactured on {on.isoformat()} "
                          f"(manufactured {made.text})", threshold_date=threshold, notes=notes,
                          earliest_date=early if minimum and not made.precise else None)
    ok = status is Status.PASS
    measured = age_in_months(made.first, on, count) * scale
    bound = months * scale
    span = (threshold.isoformat() if early == late
            else f"between {early.isoformat()} and {late.isoformat()}")
    if minimum:
        reason = f"reached {limit.text} on {span}" if ok else f"reaches {limit.text} on {span}"
        if not made.precise and ok and early != late:
            reason = f"reached {limit.text} by {late.isoformat()}"
        elif not made.precise and early != late:
            reason = f"reaches {limit.text} {span}"
        margin = measured - bound
    else:
        reason = (f"not older than {limit.text} on {on.isoformat()}" if ok
                  else f"older than {limit.text} on {on.isoformat()}")
        margin = bound - measured
    if count is not AgeCount.DAY:
        reason += f" (counted in {count.words})"
    return RuleResult(rule, status, reason, measured=measured, margin=margin,
                      threshold_date=threshold, notes=notes,
                      earliest_date=early if minimum and not made.precise else None)


def _age_status(comparison: Comparison, made: dt.date, on: dt.date, months: int,
                count: AgeCount) -> Status:
    """Pass or fail for a vehicle made on the day ``made`` (not yet made: fail)."""
    if on < made:
        return Status.FAIL
    if comparison is Comparison.MIN_AGE:
        return Status.PASS if on >= age_reached(made, months, count) else Status.FAIL
    return Status.PASS if on <= age_last_day(made, months, count) else Status.FAIL

