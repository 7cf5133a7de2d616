"""The rule-level decision, once: what the engine and the catalog path both call.

A rule is decided in three steps, each a function here:

1. its own dates (:func:`out_of_force`): outside them the rule is ``not_applicable``;
2. its ``when`` (:func:`condition_state` for each clause): a clause that does not hold makes
   the rule ``not_applicable``; one whose field is missing cannot be told;
3. the check itself (the engine's ``_check``, or the catalog's float fast path for the values
   that cannot tie), then :func:`with_undecided_condition`: when a clause cannot be told,
   anything but a pass becomes ``unknown`` (a pass holds whatever the condition is).

The verdict of a set of results is :func:`verdict` (legal rules alone; a failure outweighs a
gap). The catalog path decides each distinct value once and moves rows in bulk, but by these
same functions, so the two cannot disagree. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, Final

from keirules.rulesets.model import Condition, Rule
from keirules.vocabulary import Status, Verdict

__all__ = [
    "ConditionState",
    "condition_state",
    "not_applicable_reason",
    "out_of_force",
    "verdict",
    "with_undecided_condition",
]


class ConditionState(enum.Enum):
    """One clause of a ``when`` for one value."""

    HOLDS = "holds"
    FALSE = "false"  # the rule does not apply
    UNDECIDED = "undecided"  # the field is missing: cannot tell


def condition_state(condition: Condition, value: Any) -> ConditionState:
    """Whether ``value`` (None: missing) meets one clause of a rule's ``when``."""
    if value is None:
        return ConditionState.UNDECIDED
    return ConditionState.HOLDS if value in condition.allowed else ConditionState.FALSE


def not_applicable_reason(condition: Condition, value: Any) -> str:
    """Why a rule does not apply when ``value`` fails its clause."""
    allowed = " or ".join(str(a) for a in condition.allowed)
    return f"applies only when {condition.field} is {allowed} (this vehicle: {value})"


def out_of_force(rule: Rule, on: dt.date) -> str | None:
    """Why ``rule`` does not apply on ``on`` (its own dates), or None if it does."""
    if rule.in_force_on(on):
        return None
    if rule.effective_from is not None and on < rule.effective_from:
        return (f"applies from {rule.effective_from.isoformat()} (this rule's own date; "
                f"checked on {on.isoformat()})")
    assert rule.effective_until is not None
    return (f"applied until {rule.effective_until.isoformat()} (this rule's own date; checked "
            f"on {on.isoformat()})")


#: A check's status -> the rule's status when a clause of its ``when`` cannot be told.
UNDECIDED_CONDITION: Final = {
    Status.PASS: Status.PASS,
    Status.FAIL: Status.UNKNOWN,
    Status.UNKNOWN: Status.UNKNOWN,
    Status.NOT_APPLICABLE: Status.UNKNOWN,
}


def with_undecided_condition(status: Status) -> Status:
    """The rule's status when its check gave ``status`` but its condition cannot be told."""
    return UNDECIDED_CONDITION[status]


def verdict(results: Iterable[tuple[bool, str]]) -> Verdict:
    """The verdict of ``(legal, status)`` pairs: decided by legal rules alone."""
    failed = unknown = False
    for legal, status in results:
        if legal:
            failed = failed or status == Status.FAIL
            unknown = unknown or status == Status.UNKNOWN
    return Verdict.of(failed=failed, unknown=unknown)
