"""Many vehicles and many rule sets: verdict matrices, timelines of a family, rule set diffs.

Each function returns an immutable model that the renderers draw and that ``as_dict`` turns
into the JSON of the command line contract; nothing here prints or reads the clock. The package
re-exports them (``keirules.compare``, ``keirules.timeline``, ``keirules.diff``); the module has
another name so that ``keirules.compare`` is always the function, never a module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from keirules.api import (
    OnLike,
    RuleSetLike,
    SpecLike,
    check_as_built,
    load_ruleset,
    resolve_on,
    to_vehicle,
)
from keirules.dates import age_last_day, age_reached
from keirules.engine import evaluate
from keirules.errors import UnknownRuleSetError, UsageError
from keirules.report import Report, percent_text
from keirules.rulesets.model import DATED_STATUSES, Rule, RuleSet
from keirules.rulesets.registry import RuleSetRegistry, default_catalog
from keirules.serialize import (
    diff_json,
    matrix_json,
    rule_change_json,
    ruleset_ref,
    timeline_json,
    to_json,
)
from keirules.serialize import failure_json as failure_dict
from keirules.vehicle import Vehicle
from keirules.vocabulary import Comparison

__all__ = [
    "Diff",
    "Matrix",
    "Period",
    "RuleChange",
    "Timeline",
    "compare",
    "diff",
    "failure_dict",
    "ruleset_ref",
    "timeline",
]






# -- compare ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matrix:
    """Every vehicle against every rule set: one report per cell."""

    vehicles: tuple[Vehicle, ...]
    rulesets: tuple[RuleSet, ...]
    reports: tuple[tuple[Report, ...], ...]  # [vehicle][ruleset]
    #: The evaluation date; None: each vehicle on its own date of manufacture (as built).
    on: dt.date | None

    @property
    def when(self) -> str:
        """'on 2026-11-25', or 'as built (each vehicle on its date of manufacture)'."""
        if self.on is None:
            return "as built (each vehicle on its own date of manufacture)"
        return f"on {self.on.isoformat()}"

    def cell(self, vehicle: int, ruleset: int) -> Report:
        return self.reports[vehicle][ruleset]

    @property
    def exit_code(self) -> int:
        """1 if any cell failed, else 3 if any was incomplete, else 0."""
        verdicts = {report.verdict for row in self.reports for report in row}
        return 1 if "fail" in verdicts else 3 if "incomplete" in verdicts else 0

    def as_dict(self) -> dict[str, Any]:
        return matrix_json(self)


def compare(specs: Iterable[SpecLike], rulesets: Sequence[RuleSetLike], on: OnLike = None,
            catalog: RuleSetRegistry | None = None) -> Matrix:
    """Check every spec against every rule set; family names resolve on ``on`` (today).

    With ``on="manufactured"`` each vehicle is checked on its own date of manufacture, a bare
    family name giving the version in force that day (see :func:`keirules.api.check_as_built`).
    """
    if isinstance(specs, str | bytes) or not isinstance(specs, Iterable):
        raise UsageError("is not a list of vehicle specs.", field="specs",
                         expected="a list of Vehicles, spec file paths or mappings")
    if isinstance(rulesets, str | bytes) or not isinstance(rulesets, Sequence):
        raise UsageError("is not a list of rule sets.", field="rulesets",
                         expected="a list of rule set names, paths or RuleSets")
    if on == "manufactured":
        vehicles = tuple(to_vehicle(spec) for spec in specs)
        for vehicle in vehicles:
            resolve_on(on, vehicle)  # each needs a date of manufacture
        grid = tuple(tuple(check_as_built(v, name, catalog) for name in rulesets)
                     for v in vehicles)
        columns = (tuple(report.ruleset for report in grid[0]) if grid else
                   tuple(load_ruleset(name, None, catalog) for name in rulesets))
        return Matrix(vehicles, columns, grid, None)
    day = resolve_on(on)
    vehicles = tuple(to_vehicle(spec) for spec in specs)
    resolved = tuple(load_ruleset(name, day, catalog) for name in rulesets)
    reports = tuple(tuple(evaluate(v, rs, day) for rs in resolved) for v in vehicles)
    return Matrix(vehicles, resolved, reports, day)


# -- timeline --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A span of time within one dated version of a family, and the vehicle's verdict in it.

    A version is split where the verdict may change: where an age limit is reached (or may
    be, for a partial date of manufacture) and where a rule's own dates start or end.
    """

    ruleset: RuleSet
    report: Report
    #: The span, inside the version's period; the version's own dates when not given.
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    @property
    def start(self) -> dt.date:
        return self.first_day or self.ruleset.effective_from

    @property
    def end(self) -> dt.date | None:
        return self.last_day if self.first_day is not None else self.ruleset.effective_until

    @property
    def verdict(self) -> str:
        return self.report.verdict


@dataclass(frozen=True)
class Timeline:
    """A vehicle against every dated version of a family, oldest first."""

    vehicle: Vehicle
    family: str
    periods: tuple[Period, ...]

    def qualified(self) -> list[tuple[dt.date, dt.date | None]]:
        """The spans of time in which the vehicle passed, adjacent passing versions merged."""
        spans: list[tuple[dt.date, dt.date | None]] = []
        for period in self.periods:
            if period.verdict != "pass":
                continue
            if spans and spans[-1][1] is not None and \
                    spans[-1][1] + dt.timedelta(days=1) == period.start:
                spans[-1] = (spans[-1][0], period.end)
            else:
                spans.append((period.start, period.end))
        return spans

    @property
    def exit_code(self) -> int:
        """0 if it qualified in some period, 3 if it might have (missing data), else 1."""
        verdicts = {p.verdict for p in self.periods}
        return 0 if "pass" in verdicts else 3 if "incomplete" in verdicts else 1

    def as_dict(self) -> dict[str, Any]:
        return timeline_json(self)


def timeline(spec: SpecLike, family: str = "jp-kei",
             catalog: RuleSetRegistry | None = None) -> Timeline:
    """Check a spec against every dated version of ``family``, over the whole of each.

    Each version is split where the vehicle's verdict may change (an age limit reached, a
    rule's own dates) and checked on the first day of each part; adjacent parts with the
    same outcome are merged. Drafts, proposals and what-ifs have no place in time and are left
    out; a family with no dated version at all is an error rather than an empty timeline.
    """
    if not isinstance(family, str):
        raise UsageError(f"is not a family name (got {type(family).__name__}).",
                         field="family", expected="a family such as 'jp-kei'")
    catalog = catalog or default_catalog()
    vehicle = to_vehicle(spec)
    periods: list[Period] = []
    for header in catalog.headers(family):
        if header.status not in DATED_STATUSES:
            continue
        ruleset = catalog.get(header.name)
        periods.extend(_split(vehicle, ruleset))
    if not periods:
        raise UnknownRuleSetError(
            f"'{family}' has no dated versions (only drafts, proposals or what-ifs), so it has "
            "no timeline.", field="family", value=family,
            expected="a family with versions in force or historical, e.g. jp-kei")
    return Timeline(vehicle, family, tuple(periods))


def _split(vehicle: Vehicle, ruleset: RuleSet) -> list[Period]:
    """The parts of one version in which the vehicle's outcome stays the same."""
    start, end = ruleset.effective_from, ruleset.effective_until
    days = {start}
    made = vehicle.manufactured
    one = dt.timedelta(days=1)
    for rule in ruleset.rules:
        edges = [rule.effective_from, rule.effective_until and rule.effective_until + one]
        if made is not None and rule.limit.comparison.is_age:
            months, count = int(rule.limit.value), rule.limit.age_count
            edges += [made.first, made.last + one]
            for made_on in (made.first, made.last):
                edges += [age_reached(made_on, months, count),
                          age_last_day(made_on, months, count) + one]
        days.update(d for d in edges if d is not None and start < d and (end is None or
                                                                          d <= end))
    parts: list[Period] = []
    for first in sorted(days):
        report = evaluate(vehicle, ruleset, first)
        if parts and _outcome(parts[-1].report) == _outcome(report):
            continue  # the same outcome goes on
        if parts:
            last = parts[-1]
            parts[-1] = Period(last.ruleset, last.report, last.start, first - one)
        parts.append(Period(ruleset, report, first, end))
    return parts


def _outcome(report: Report) -> tuple[object, ...]:
    return (report.verdict, [r.rule.id for r in report.failures],
            [r.rule.id for r in report.unknown], [r.rule.id for r in report.warnings])


# -- diff ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleChange:
    """How one rule id differs between two rule sets."""

    rule: str
    change: str  # added | removed | changed | same
    old: Rule | None
    new: Rule | None

    @property
    def source_changed(self) -> bool:
        return bool(self.old and self.new and self.old.source != self.new.source)

    @property
    def delta(self) -> Fraction | None:
        """New limit minus old, in the old limit's unit (for quantity and integer limits).

        Only where the two limits measure the same thing the same way: a cap that became a
        floor, or a length that became a displacement, has no meaningful difference.
        """
        if self.old is None or self.new is None or self.old.field != self.new.field:
            return None
        old, new = self.old.limit, self.new.limit
        if old.comparison != new.comparison:
            return None
        if old.quantity is not None and new.quantity is not None:
            if old.quantity.dimension != new.quantity.dimension:
                return None
            return new.quantity.in_unit(old.quantity.unit) - old.quantity.magnitude
        if isinstance(old.value, int) and isinstance(new.value, int) and \
                old.comparison not in (Comparison.ONE_OF, Comparison.FEATURE):
            return Fraction(new.value - old.value)
        return None

    @property
    def percent(self) -> str | None:
        delta = self.delta
        if delta is None or self.old is None:
            return None
        old = self.old.limit
        base = old.quantity.magnitude if old.quantity is not None else Fraction(old.value)
        return None if base == 0 else str(percent_text(delta / base * 100))

    def as_dict(self) -> dict[str, Any]:
        return rule_change_json(self)




def _substance(rule: Rule) -> tuple[Any, ...]:
    """What makes two rules the same check: field, comparison, exact limit, how an age is
    counted, when, severity, and the rule's own dates."""
    limit = rule.limit
    value = limit.quantity.base if limit.quantity is not None else limit.value
    dimension = limit.quantity.dimension if limit.quantity is not None else None
    return (rule.field, limit.comparison, dimension, value, limit.count or "day", rule.when,
            rule.severity, rule.effective_from, rule.effective_until)


@dataclass(frozen=True)
class Diff:
    """Rule by rule, what changed from one rule set to another (after ``extends``)."""

    old: RuleSet
    new: RuleSet
    changes: tuple[RuleChange, ...]

    def of(self, kind: str) -> list[RuleChange]:
        return [c for c in self.changes if c.change == kind]

    def as_dict(self) -> dict[str, Any]:
        return diff_json(self)


def diff(old: RuleSetLike, new: RuleSetLike, on: OnLike = None,
         catalog: RuleSetRegistry | None = None) -> Diff:
    """Compare two rule sets rule by rule: added, removed, changed (with the limit's change)
    and same. A rule restated with another source but the same check counts as the same."""
    day = resolve_on(on)
    a, b = load_ruleset(old, day, catalog), load_ruleset(new, day, catalog)
    old_rules = {rule.id: rule for rule in a.rules}
    new_rules = {rule.id: rule for rule in b.rules}
    changes = []
    for rule_id, rule in old_rules.items():
        other = new_rules.get(rule_id)
        if other is None:
            changes.append(RuleChange(rule_id, "removed", rule, None))
        else:
            kind = "same" if _substance(rule) == _substance(other) else "changed"
            changes.append(RuleChange(rule_id, kind, rule, other))
    changes += [RuleChange(rule_id, "added", None, rule)
                for rule_id, rule in new_rules.items() if rule_id not in old_rules]
    return Diff(a, b, tuple(changes))


to_json.register(Matrix, matrix_json)
to_json.register(Timeline, timeline_json)
to_json.register(RuleChange, rule_change_json)
to_json.register(Diff, diff_json)
