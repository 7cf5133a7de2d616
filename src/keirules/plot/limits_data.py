"""The data of the limits-over-time chart: each numeric limit of a family, as exact steps.

Pure (nothing but keirules, no matplotlib), so tests check the steps, units and change-over
dates exactly, and :mod:`keirules.plot.limits_chart` only has to draw them.

>>> history = limit_history("jp-kei", until=dt.date(2026, 1, 1))
>>> [(step.start.isoformat(), step.text) for step in history.series("length").steps]
[('1949-07-08', '2.80'), ('1950-07-26', '3.00'), ('1976-01-01', '3.20'), \
('1990-01-01', '3.30'), ('1998-10-01', '3.40')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from keirules.dates import DateProblem, parse_date
from keirules.errors import UnknownRuleSetError, UsageError
from keirules.quantity import decimal_text
from keirules.rulesets.model import DATED_STATUSES, Rule, RuleSet
from keirules.rulesets.registry import RuleSetRegistry, default_catalog, looks_like_path
from keirules.units import Unit
from keirules.vehicle import FIELDS
from keirules.vocabulary import AgeUnit

__all__ = [
    "Changeover",
    "LimitHistory",
    "LimitPanel",
    "LimitSeries",
    "LimitStep",
    "limit_history",
    "limit_level",
]



@dataclass(frozen=True, slots=True)
class LimitStep:
    """One level of a limit, held unchanged by one or more consecutive versions."""

    start: dt.date
    #: The last day of the level, or None when it still holds (the newest version).
    end: dt.date | None
    #: The limit, exact, in the panel's unit (a count for integer limits).
    value: Fraction
    #: The number as the rule set writes it (``"3.40"``), in the panel's unit.
    text: str
    op: str
    rulesets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LimitSeries:
    """One rule's limit across a family's versions, as steps (gaps where it did not exist)."""

    rule: str
    title: str
    field: str
    severity: str
    #: The rule's condition in words (``"powertrain is combustion or hybrid"``), or None.
    when: str | None
    steps: tuple[LimitStep, ...]


@dataclass(frozen=True, slots=True)
class LimitPanel:
    """Every rule on one spec field, drawn in one panel with one unit."""

    field: str
    #: The unit symbol the newest rule set writes the limit in (``years`` for ages); None
    #: for counts.
    unit: str | None
    series: tuple[LimitSeries, ...]


@dataclass(frozen=True, slots=True)
class Changeover:
    """The day one version of the family took effect."""

    day: dt.date
    ruleset: str
    version: str
    status: str


@dataclass(frozen=True)
class LimitHistory:
    """A family's numeric limits from its first version to ``until``, one panel per field."""

    family: str
    start: dt.date
    until: dt.date
    changeovers: tuple[Changeover, ...]
    panels: tuple[LimitPanel, ...]

    def series(self, rule: str) -> LimitSeries:
        """The series of one rule id (``KeyError`` when no version has it)."""
        for panel in self.panels:
            for series in panel.series:
                if series.rule == rule:
                    return series
        raise KeyError(rule)


def limit_history(family: str = "jp-kei", *, until: dt.date | str | None = None,
                  catalog: RuleSetRegistry | None = None) -> LimitHistory:
    """Every numeric limit of ``family``'s dated versions (in force or historical), as steps.

    Drafts, proposals and what-ifs are left out: they are never in force on a date. Levels
    held by consecutive versions merge into one step; ``until`` (a date or ``YYYY-MM-DD``,
    default today) ends the time axis, and versions taking effect after it are left out.
    """
    catalog = catalog or default_catalog()
    if "@" in family or looks_like_path(family):
        raise UsageError("names a version or a file; a plot of limits over time takes a "
                         "family.", field="family", value=family,
                         expected="a family name such as 'jp-kei'")
    end = _until(until)
    try:
        headers = [h for h in catalog.headers(family) if h.status in DATED_STATUSES]
    except UnknownRuleSetError as exc:
        raise UnknownRuleSetError(exc.message, field="family", value=family,
                                  expected=exc.expected) from None
    if not headers:
        raise UsageError(f"'{family}' has no version in force or historical (only drafts, "
                         "proposals or what-ifs), so it has no history to draw.",
                         field="family", value=family,
                         expected="a family with dated versions; 'keirules list' shows them")
    if headers[0].effective_from > end:
        first = headers[0].effective_from.isoformat()
        raise UsageError(f"'{family}' has no version in force on or before {end.isoformat()} "
                         f"(its first took effect on {first}).", field="until",
                         value=end.isoformat(), expected=f"a date on or after {first}")
    rulesets = [catalog.get(h.name) for h in headers if h.effective_from <= end]
    occurrences: dict[tuple[str, str], list[tuple[int, Rule]]] = {}
    for index, ruleset in enumerate(rulesets):
        for rule in ruleset.rules:
            if limit_level(rule) is not None:
                occurrences.setdefault((rule.field, rule.id), []).append((index, rule))
    if not occurrences:
        raise UsageError(f"'{family}' has no limit that is a number (a quantity, a count or "
                         "an age), so there is nothing to draw over time.", field="family",
                         value=family, expected="a family with numeric limits")
    panels = []
    for field in sorted({f for f, _ in occurrences}, key=_field_order):
        keys = [key for key in occurrences if key[0] == field]
        newest = [occurrences[key][-1] for key in keys]
        unit = _panel_unit(newest)
        series = tuple(_series(occurrences[key], rulesets, unit) for key in keys)
        ages = any(rule.limit.comparison.is_age for _, rule in newest)
        panels.append(LimitPanel(field, "years" if ages else unit.symbol if unit else None,
                                 series))
    changeovers = tuple(Changeover(rs.effective_from, rs.name, rs.version, rs.status)
                        for rs in rulesets)
    return LimitHistory(family, rulesets[0].effective_from, end, changeovers, tuple(panels))


def _until(until: dt.date | str | None) -> dt.date:
    if until is None:
        return dt.date.today()
    if isinstance(until, dt.date):
        return until
    try:
        return parse_date(until)
    except DateProblem as exc:
        raise UsageError(f"the end date {exc}.", field="until", value=until,
                         expected="a date YYYY-MM-DD") from None


def limit_level(rule: Rule) -> Fraction | None:
    """The rule's limit as one exact number (SI base units), or None if it is not a level."""
    limit = rule.limit
    if not (limit.comparison.is_level or limit.comparison.is_age):
        return None
    if limit.quantity is not None:
        return limit.quantity.base
    if isinstance(limit.value, int) and not isinstance(limit.value, bool):
        return Fraction(limit.value)
    return None


def _field_order(field: str) -> tuple[int, int, str]:
    """Measured quantities first (dimensions, engine, power, mass), then counts; spec order."""
    order = list(FIELDS)
    spec = FIELDS.get(field)
    return (0 if spec is not None and spec.kind == "quantity" else 1,
            order.index(field) if field in order else len(order), field)


def _panel_unit(newest: Iterable[tuple[int, Rule]]) -> Unit | None:
    """The unit of the newest version that writes any of the panel's limits."""
    latest = max(newest, key=lambda item: item[0])[1]
    quantity = latest.limit.quantity
    return quantity.unit if quantity is not None else None


def _series(found: list[tuple[int, Rule]], rulesets: Sequence[RuleSet],
            unit: Unit | None) -> LimitSeries:
    steps: list[LimitStep] = []
    previous: tuple[int, Rule] | None = None
    for index, rule in found:
        ruleset = rulesets[index]
        same = previous is not None and previous[0] == index - 1 and \
            limit_level(previous[1]) == limit_level(rule) and \
            previous[1].limit.comparison == rule.limit.comparison
        if same:
            last = steps[-1]
            steps[-1] = LimitStep(last.start, ruleset.effective_until, last.value, last.text,
                                  last.op, (*last.rulesets, ruleset.name))
        else:
            value, text = _in_unit(rule, unit)
            steps.append(LimitStep(ruleset.effective_from, ruleset.effective_until, value,
                                   text, rule.limit.op, (ruleset.name,)))
        previous = (index, rule)
    newest = found[-1][1]
    when = "; ".join(f"{c.field} is " + " or ".join(str(a) for a in c.allowed)
                     for c in newest.when) or None
    return LimitSeries(newest.id, newest.title, newest.field, newest.severity, when,
                       tuple(steps))


def _in_unit(rule: Rule, unit: Unit | None) -> tuple[Fraction, str]:
    """The limit in ``unit``, and its text: as written when the rule set used that unit."""
    quantity = rule.limit.quantity
    if rule.limit.comparison.is_age:  # whole months, shown in years
        years = Fraction(rule.limit.value, 12)
        number = rule.limit.text.partition(" ")[0]
        written_in_years = rule.limit.age_unit is AgeUnit.YEARS
        return years, number if written_in_years else decimal_text(years, places=2)
    if quantity is None:
        return Fraction(rule.limit.value), str(rule.limit.value)
    if unit is None or quantity.unit.symbol == unit.symbol:
        return quantity.magnitude, quantity.number
    value = quantity.in_unit(unit)
    return value, decimal_text(value, places=4)
