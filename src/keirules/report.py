"""The report of one vehicle against one rule set, and its JSON form (report version 1).

Reports are plain immutable values: the engine makes them, renderers draw them, and
:meth:`Report.as_dict` gives the JSON of the report contract (decimal strings, exact, in the
unit in which the rule set writes each limit).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from keirules.core import verdict as verdict_of
from keirules.quantity import decimal_text
from keirules.rulesets.model import Rule, RuleSet
from keirules.serialize import REPORT_VERSION, limit_json, report_json, result_json, to_json
from keirules.vehicle import Vehicle
from keirules.vocabulary import Status, Verdict

__all__ = ["EXIT_CODES", "REPORT_VERSION", "Report", "RuleResult", "percent_text"]

#: Verdict -> exit status of every evaluating command.
EXIT_CODES: Final[dict[str, int]] = {verdict: verdict.exit_code for verdict in Verdict}
STATUS_ORDER: Final = tuple(Status)


@dataclass(frozen=True, slots=True)
class RuleResult:
    """The outcome of one rule: status, the value measured, the margin and why."""

    rule: Rule
    status: Status
    reason: str
    #: The vehicle's value in the limit's unit (exact), or its text for non-quantities.
    measured: Fraction | str | None = None
    #: Headroom in the limit's unit: positive inside the limit, negative outside.
    margin: Fraction | None = None
    #: The date on which an age limit is reached (min_age) or passed (max_age).
    threshold_date: dt.date | None = None
    derived: bool = False
    notes: tuple[str, ...] = ()
    #: For a min_age rule on a partial date of manufacture: the first day on which the age
    #: may be reached (``threshold_date`` is the day from which it certainly is).
    earliest_date: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))

    @property
    def unit(self) -> str | None:
        """The unit in which measured, limit and margin are expressed."""
        limit = self.rule.limit
        if limit.quantity is not None:
            return limit.quantity.unit.symbol
        if limit.comparison.is_age:
            return str(limit.age_unit)
        return None

    @property
    def is_warning(self) -> bool:
        """A failure of a voluntary or advisory rule: reported, but not a legal failure."""
        return self.status == Status.FAIL and not self.rule.legal

    @property
    def margin_percent(self) -> Decimal | None:
        limit = self.rule.limit
        if self.margin is None:
            return None
        if limit.quantity is not None:
            base = limit.quantity.magnitude
        elif isinstance(limit.value, int) and not isinstance(limit.value, bool):
            base = Fraction(limit.value)
            if limit.comparison.is_age and limit.age_unit is not None:
                base *= limit.age_unit.scale
        else:
            return None
        if base == 0:
            return None
        return percent_text(self.margin / base * 100)

    def limit_dict(self) -> dict[str, Any]:
        return limit_json(self)

    def source_dict(self) -> dict[str, Any]:
        """The rule's legal basis (see :meth:`Source.basis_dict`)."""
        return self.rule.source.basis_dict(self.rule.citation)

    def as_dict(self) -> dict[str, Any]:
        return result_json(self)


def _number(value: Fraction, result: RuleResult) -> str:
    """Exact decimal text; ages and derived values are rounded for reading."""
    if result.rule.limit.comparison.is_age:
        return decimal_text(value, places=4)  # a day is about 0.0027 years
    if result.derived:
        return decimal_text(value, places=3)
    return decimal_text(value)


def percent_text(value: Fraction) -> Decimal:
    """A percentage rounded half-up to three places, without trailing zeros."""
    # In whole thousandths, exactly: Decimal division would round to 28 digits first and
    # fail (InvalidOperation) on a margin of more than 10^25 %.
    thousandths = math.floor(abs(value) * 1000 + Fraction(1, 2))  # half away from zero
    if thousandths == 0:
        return Decimal(0)
    return Decimal(("-" if value < 0 else "") + decimal_text(Fraction(thousandths, 1000)))


@dataclass(frozen=True)
class Report:
    """One vehicle checked against one rule set on one date."""

    vehicle: Vehicle
    ruleset: RuleSet
    on: dt.date
    results: tuple[RuleResult, ...]
    notes: tuple[str, ...] = ()

    @property
    def verdict(self) -> Verdict:
        """``pass``, ``fail`` or ``incomplete``, decided by legal rules alone."""
        return verdict_of((r.rule.legal, r.status) for r in self.results)

    @property
    def exit_code(self) -> int:
        return self.verdict.exit_code

    @property
    def failures(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "fail" and not r.is_warning]

    @property
    def warnings(self) -> list[RuleResult]:
        return [r for r in self.results if r.is_warning]

    @property
    def unknown(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "unknown"]

    @property
    def summary(self) -> dict[str, int]:
        """Counts by status; a failed voluntary or advisory rule counts as a warning only."""
        counts = dict.fromkeys(STATUSES_WITH_WARNINGS, 0)
        for result in self.results:
            counts["warnings" if result.is_warning else result.status] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        """The JSON report of the report contract."""
        return report_json(self)


STATUSES_WITH_WARNINGS: Final = (*STATUS_ORDER, "warnings")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


to_json.register(RuleResult, result_json)
to_json.register(Report, report_json)
