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
from keirules.vehicle import Vehicle
from keirules.vocabulary import Comparison, Status, Verdict

__all__ = ["EXIT_CODES", "REPORT_VERSION", "Report", "RuleResult", "percent_text"]

REPORT_VERSION: Final = 1
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
        limit = self.rule.limit
        if limit.quantity is not None:
            value: Any = limit.quantity.number
        elif limit.comparison is Comparison.ONE_OF:
            value = [str(v) for v in limit.value]
        elif limit.comparison.is_age and limit.age_unit is not None:
            value = str(int(limit.value) // limit.age_unit.months)
        elif limit.comparison is Comparison.FEATURE:
            value = "true"
        else:
            value = str(limit.value)
        return {"op": limit.op, "value": value, "unit": self.unit}

    def source_dict(self) -> dict[str, Any]:
        """The rule's legal basis (see :meth:`Source.basis_dict`)."""
        return self.rule.source.basis_dict(self.rule.citation)

    def as_dict(self) -> dict[str, Any]:
        measured = None
        if self.measured is not None:
            measured_value = self.measured
            shown = measured_value if isinstance(measured_value, str) else _number(
                measured_value, self)
            measured = {"value": shown, "unit": self.unit}
        margin = None
        if self.margin is not None and self.status != "unknown":
            percent = self.margin_percent
            margin = {
                "value": _number(self.margin, self),
                "unit": self.unit,
                "percent": None if percent is None else str(percent),
            }
        result: dict[str, Any] = {
            "rule": self.rule.id,
            "title": self.rule.title,
            "field": self.rule.field,
            "severity": str(self.rule.severity),
            "status": str(self.status),
            "measured": measured,
            "limit": self.limit_dict(),
            "margin": margin,
            "reason": self.reason,
            "source": self.source_dict(),
        }
        if self.rule.note:
            result["note"] = self.rule.note
        if self.derived:
            result["derived"] = True
        if self.threshold_date is not None:
            result["threshold_date"] = self.threshold_date.isoformat()
        if self.earliest_date is not None:
            result["earliest_date"] = self.earliest_date.isoformat()
        if self.notes:
            result["notes"] = list(self.notes)
        return result


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
        from keirules.version import __version__

        ruleset = self.ruleset
        data: dict[str, Any] = {
            "report_version": REPORT_VERSION,
            "tool": {"name": "keirules", "version": __version__},
            "vehicle": {"name": self.vehicle.name, "source": self.vehicle.source_file},
            "ruleset": {
                "name": ruleset.name,
                "family": ruleset.family,
                "version": ruleset.version,
                "title": ruleset.title,
                "jurisdiction": ruleset.jurisdiction,
                "effective_from": ruleset.effective_from.isoformat(),
                "effective_until": _iso(ruleset.effective_until),
                "status": str(ruleset.status),
                "extends": ruleset.extends,
                "file": None if ruleset.builtin else ruleset.file,
                "sha256": ruleset.sha256,
            },
            "on": self.on.isoformat(),
            "verdict": str(self.verdict),
            "results": [result.as_dict() for result in self.results],
            "summary": self.summary,
        }
        if self.notes:
            data["notes"] = list(self.notes)
        return data


STATUSES_WITH_WARNINGS: Final = (*STATUS_ORDER, "warnings")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
