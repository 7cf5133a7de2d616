"""The closed vocabularies, declared once, with their behaviour.

Every word a rule set, a report or a route may use for a comparison, a status, a verdict, a
severity, a rule set's status, an age count or an age unit is a member of one of these
``StrEnum`` s. A member *is* its string (``Comparison.MAX == "max"``, ``json.dumps`` writes
``"max"``), so the JSON contracts are unchanged; what the enums add is the behaviour that used
to be spread over the engine, the batch path, the report, the renderers, the plots and the
schema: a comparison knows its operator, its negation, which way it bounds, how its margin is
taken, and how to compare two values. Adding a comparison kind is one member here.

This module is at the bottom: it imports nothing from keirules.
"""

from __future__ import annotations

import enum
import re
from fractions import Fraction
from typing import Any, Final

__all__ = [
    "AGE_PATTERN",
    "FAMILY_PATTERN",
    "FEATURE_NAME_PATTERN",
    "ID_PATTERN",
    "VERSION_PATTERN",
    "AgeCount",
    "AgeUnit",
    "Comparison",
    "RouteStatus",
    "RuleSetStatus",
    "Severity",
    "Status",
    "Verdict",
    "anchored",
]


class Comparison(enum.StrEnum):
    """How a rule compares a spec field with its limit (the rule's key in a rule set file)."""

    MAX = "max"
    MIN = "min"
    LESS_THAN = "less_than"
    GREATER_THAN = "greater_than"
    EQUALS = "equals"
    ONE_OF = "one_of"
    MIN_AGE = "min_age"
    MAX_AGE = "max_age"
    #: Not a key of its own in a file: a ``feature:`` rule (the equipment must be declared).
    FEATURE = "feature"

    @classmethod
    def rule_keys(cls) -> tuple[Comparison, ...]:
        """The comparisons a rule names by key (every one but ``feature``), in file order."""
        return tuple(c for c in cls if c is not cls.FEATURE)

    @property
    def op(self) -> str:
        """The operator shown in reports (``<=``, ``age >=``, ``in``)."""
        return _OPS[self]

    def shown_op(self, ok: bool) -> str:
        """The operator as a reason shows it: itself when the check holds, else its negation."""
        if ok:
            return self.op
        return _NEGATIONS.get(self.op, f"not {self.op}")

    @property
    def is_age(self) -> bool:
        return self in (Comparison.MIN_AGE, Comparison.MAX_AGE)

    @property
    def is_level(self) -> bool:
        """A comparison with one level (``max``, ``min``, ``less_than``, ``greater_than``,
        ``equals``): the ones a quantity may take, and the ones a plot draws as a line."""
        return self in _LEVELS

    @property
    def bounds_above(self) -> bool:
        """The limit is a ceiling (``max``, ``less_than``): the margin is limit minus value."""
        return self in (Comparison.MAX, Comparison.LESS_THAN)

    @property
    def bounds_below(self) -> bool:
        """The limit is a floor (``min``, ``greater_than``): the margin is value minus limit."""
        return self in (Comparison.MIN, Comparison.GREATER_THAN)

    @property
    def strict(self) -> bool:
        """The limit itself fails (``less_than``, ``greater_than``)."""
        return self in (Comparison.LESS_THAN, Comparison.GREATER_THAN)

    def holds(self, value: Any, limit: Any) -> bool:
        """Whether ``value`` satisfies a one-level comparison with ``limit``."""
        if self is Comparison.MAX:
            return bool(value <= limit)
        if self is Comparison.MIN:
            return bool(value >= limit)
        if self is Comparison.LESS_THAN:
            return bool(value < limit)
        if self is Comparison.GREATER_THAN:
            return bool(value > limit)
        if self is Comparison.EQUALS:
            return bool(value == limit)
        raise AssertionError(f"{self} is not a one-level comparison")  # pragma: no cover

    def margin(self, measured: Fraction, limit: Fraction) -> Fraction | None:
        """Headroom: positive inside the limit, negative outside; None for ``equals``."""
        if self.bounds_above:
            return limit - measured
        if self.bounds_below:
            return measured - limit
        return None

    @property
    def miss_word(self) -> str:
        """How a failed one-sided check says by how much: ``over`` a ceiling, ``short`` of a
        floor."""
        return "over" if self.bounds_above else "short"


_OPS: Final = {
    Comparison.MAX: "<=",
    Comparison.MIN: ">=",
    Comparison.LESS_THAN: "<",
    Comparison.GREATER_THAN: ">",
    Comparison.EQUALS: "==",
    Comparison.ONE_OF: "in",
    Comparison.MIN_AGE: "age >=",
    Comparison.MAX_AGE: "age <=",
    Comparison.FEATURE: "==",
}
_NEGATIONS: Final = {"<=": ">", ">=": "<", "<": ">=", ">": "<=", "==": "!="}
_LEVELS: Final = frozenset({Comparison.MAX, Comparison.MIN, Comparison.LESS_THAN,
                            Comparison.GREATER_THAN, Comparison.EQUALS})


class AgeCount(enum.StrEnum):
    """How an age rule counts the age (``count:``)."""

    DAY = "day"
    MONTH = "month"
    CALENDAR_YEAR = "calendar_year"

    @property
    def meaning(self) -> str:
        return _COUNT_MEANINGS[self]

    @property
    def words(self) -> str:
        """How a reason names the count ('' for the default, by day)."""
        return _COUNT_WORDS[self]


_COUNT_MEANINGS: Final = {
    AgeCount.DAY: "from the day of manufacture to the same calendar day N years (months) later",
    AgeCount.MONTH: "in whole calendar months: the month of the date minus the month of "
                    "manufacture",
    AgeCount.CALENDAR_YEAR: "in calendar years: the year of the date minus the year of "
                            "manufacture",
}
_COUNT_WORDS: Final = {AgeCount.DAY: "", AgeCount.MONTH: "whole calendar months",
                       AgeCount.CALENDAR_YEAR: "calendar years"}


class AgeUnit(enum.StrEnum):
    """The unit an age limit is written in; the compiled limit is whole months either way."""

    YEARS = "years"
    MONTHS = "months"

    @property
    def months(self) -> int:
        """Months in one of this unit."""
        return 12 if self is AgeUnit.YEARS else 1

    @property
    def scale(self) -> Fraction:
        """From whole months to this unit."""
        return Fraction(1, self.months)


class Status(enum.StrEnum):
    """The status of one rule for one vehicle, in the report's order."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class Verdict(enum.StrEnum):
    """A report's verdict, decided by its legal rules alone."""

    PASS = "pass"
    FAIL = "fail"
    INCOMPLETE = "incomplete"

    @property
    def exit_code(self) -> int:
        """The exit status of every evaluating command for this verdict."""
        return _EXIT_CODES[self]

    @classmethod
    def of(cls, *, failed: bool, unknown: bool) -> Verdict:
        """The verdict of legal rules some of which fail (``failed``) or could not be checked
        (``unknown``): a failure outweighs a gap."""
        if failed:
            return cls.FAIL
        if unknown:
            return cls.INCOMPLETE
        return cls.PASS


_EXIT_CODES: Final = {Verdict.PASS: 0, Verdict.FAIL: 1, Verdict.INCOMPLETE: 3}

#: Every verdict a catalog row can have: a report's three, and ``error`` for a bad row.
ROW_VERDICTS: Final = ("pass", "fail", "incomplete", "error")


class Severity(enum.StrEnum):
    """How binding a rule is: only a failed legal rule fails the verdict."""

    LEGAL = "legal"
    VOLUNTARY = "voluntary"
    ADVISORY = "advisory"


class RuleSetStatus(enum.StrEnum):
    """A rule set version's status."""

    IN_FORCE = "in_force"
    HISTORICAL = "historical"
    DRAFT = "draft"
    PROPOSAL = "proposal"
    WHAT_IF = "what_if"

    @property
    def dated(self) -> bool:
        """Whether a version with this status is ever picked by date (the others must be
        named explicitly)."""
        return self in (RuleSetStatus.IN_FORCE, RuleSetStatus.HISTORICAL)


class RouteStatus(enum.StrEnum):
    """A route's status for one vehicle, best last (the order routes are ranked in)."""

    CLOSED = "closed"
    UNDETERMINED = "undetermined"
    OPEN = "open"

    @property
    def rank(self) -> int:
        """Worst first: 0 closed, 1 undetermined, 2 open."""
        return list(RouteStatus).index(self)


# -- the name patterns ---------------------------------------------------------------------
# Declared once: the loaders match with them (``fullmatch``), the schema anchors them.

#: A rule id or a route id: lower-case letters, digits, '_', '.', '-' (e.g. ``length``).
ID_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}", re.ASCII)
#: An equipment feature's name (e.g. ``frontal_airbags``).
FEATURE_NAME_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)
#: A rule set family: lower-case words joined by hyphens (e.g. ``jp-kei``).
FAMILY_PATTERN: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", re.ASCII)
#: A rule set version label (e.g. ``1998``, ``2005-10-03``).
VERSION_PATTERN: Final = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}", re.ASCII)
#: An age limit as written (``25 years``, ``6 months``).
AGE_PATTERN: Final = re.compile(r"[0-9]{1,3} (years?|months?)", re.ASCII)


def anchored(pattern: re.Pattern[str]) -> str:
    """The pattern as a JSON Schema writes it (matching the whole text)."""
    return f"^{pattern.pattern}$"
