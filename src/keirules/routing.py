"""Routes into a market: which ways (import, low-speed vehicle, new sale...) are open to a vehicle.

The package exports :func:`routes` as ``keirules.routes``; this module has another name so that
``keirules.routes`` is always the function, never a module.

A market file (:mod:`keirules.markets`) names each route's rule sets; a route is

- ``closed`` when a legal rule of one of them fails, or one of them has no version in force on
  the date. If only age limits (``min_age``) or a version yet to take effect close it,
  ``opens_on`` is the first day on which they no longer do (checked by evaluating that day);
- ``undetermined`` when no legal rule fails but some could not be checked (the spec lacks
  their inputs: ``missing`` lists them), or when the route rests on a rule set that is not
  binding: a ``draft``, ``proposal`` or ``what_if``, or one with no legal rules (only
  advisory or voluntary ones). Such rules are considerations, not requirements, so they can
  close nothing and open nothing; ``binding`` is then false and ``warnings`` / ``unknown``
  list the considerations not met or not declared;
- ``open`` otherwise: every rule set is binding and every legal rule passed or did not apply.

The exit status of ``keirules routes`` is 0 if any route is open, 3 if none is open but some
are undetermined, and 1 if every route is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from keirules.api import OnLike, SpecLike, resolve_on, to_vehicle
from keirules.engine import evaluate
from keirules.errors import KeirulesError, UnknownNameError, UnknownRuleSetError, did_you_mean
from keirules.markets import Market, MarketError, Route, RuleSetRef, find_market
from keirules.regions import Region, find_region, regions
from keirules.report import Report, RuleResult
from keirules.rulesets.model import DATED_STATUSES, RuleSet
from keirules.rulesets.registry import RuleSetRegistry, default_catalog
from keirules.serialize import (
    markets_report_json,
    region_summary_json,
    regions_report_json,
    route_report_json,
    route_result_json,
    to_json,
)
from keirules.vehicle import Vehicle
from keirules.vocabulary import RouteStatus

__all__ = [
    "ROUTE_STATUSES",
    "ROUTE_STATUS_MEANINGS",
    "Absent",
    "MarketsReport",
    "RegionSummary",
    "RegionsReport",
    "RouteReport",
    "RouteResult",
    "check_market",
    "market_routes",
    "region_routes",
    "routes",
]

#: Route status -> what it means, as the renderers explain it.
ROUTE_STATUS_MEANINGS: Final = {
    RouteStatus.OPEN: "every rule set behind the route is binding and its legal rules pass",
    RouteStatus.CLOSED: "a legal rule fails, or no version of a rule set is in force; 'opens' is "
                        "the day from which age limits no longer close it",
    RouteStatus.UNDETERMINED: "no legal rule fails, but some could not be checked (missing "
                              "from the spec), or the route rests on a draft or advisory rule set",
}
ROUTE_STATUSES: Final = tuple(ROUTE_STATUS_MEANINGS)
#: Worst first: a route built on others is never better than the best of them.
_RANK: Final[dict[str, int]] = {status: status.rank for status in RouteStatus}
#: How many later dates to try when an age limit is met but the route is still closed.
_MAX_STEPS: Final = 8


@dataclass(frozen=True, slots=True)
class Absent:
    """A family named by a route with no version in force on the date."""

    name: str
    reason: str
    #: The day its first version takes effect, if that is after the date.
    starts: dt.date | None = None


@dataclass(frozen=True)
class RouteResult:
    """One route on one date: the reports of its rule sets and what they mean for it."""

    route: Route
    on: dt.date
    reports: tuple[Report, ...]
    absent: tuple[Absent, ...] = ()
    #: For a closed route: the first day on which no age limit closes it any more; for one
    #: undetermined only because a partial date of manufacture leaves an age limit open: the
    #: day from which that limit is certainly met.
    opens_on: dt.date | None = None
    notes: tuple[str, ...] = ()
    #: With a partial date of manufacture: the first day on which the age limits may be met
    #: (the route is ``undetermined`` from then until ``opens_on``).
    possibly_from: dt.date | None = None
    #: The routes it requires (``route.requires``), evaluated on the same day.
    requirement: tuple[RouteResult, ...] = field(default=())

    @property
    def pending(self) -> bool:
        """Whether the route's law has not yet taken effect on the day."""
        start = self.route.effective_from
        return start is not None and self.on < start

    @property
    def expired(self) -> bool:
        end = self.route.effective_until
        return end is not None and self.on > end

    @property
    def requirement_status(self) -> str | None:
        """The best status among the required routes (None when it requires none)."""
        if not self.requirement:
            return None
        return max((r.status for r in self.requirement), key=_RANK.__getitem__)

    @property
    def binding(self) -> bool:
        """Whether every rule set behind the route is law that can open it (see module doc)."""
        return all(_binding(report.ruleset) for report in self.reports)

    @property
    def status(self) -> str:
        own = self._own_status
        required = self.requirement_status
        return own if required is None else min(own, required, key=_RANK.__getitem__)

    @property
    def _own_status(self) -> str:
        if self.route.decision == "refused" or self.pending or self.expired:
            return "closed"
        if self.route.decision == "undetermined":
            return "undetermined"
        if self.absent or self.failures:
            return "closed"
        if self.unknown or not self.binding:
            return "undetermined"
        return "open"

    @property
    def failures(self) -> list[tuple[Report, RuleResult]]:
        """Legal rules that failed (they close the route)."""
        return [(rep, r) for rep in self.reports for r in rep.failures]

    @property
    def unknown(self) -> list[tuple[Report, RuleResult]]:
        """Rules that could not be checked and that the status waits on: legal ones, and
        every one of a rule set that is not binding (its considerations)."""
        return [(rep, r) for rep in self.reports for r in rep.unknown
                if r.rule.severity == "legal" or not _binding(rep.ruleset)]

    @property
    def warnings(self) -> list[tuple[Report, RuleResult]]:
        """Voluntary or advisory rules that failed: considerations, never closing the route."""
        return [(rep, r) for rep in self.reports for r in rep.warnings]

    @property
    def missing(self) -> list[str]:
        """Spec fields (``features.NAME`` for equipment) that the unknown rules need."""
        fields: dict[str, None] = {}
        for report, result in self.unknown:
            rule = result.rule
            for name in (rule.field, *(c.field for c in rule.when)):
                if report.vehicle.value(name) is None:
                    fields.setdefault(name)
        return list(fields)

    @property
    def all_notes(self) -> list[str]:
        """The route's notes, then its rules' (e.g. a partial date of manufacture), once each."""
        notes = dict.fromkeys(self.notes)
        for report in self.reports:
            notes.update(dict.fromkeys(note for result in report.results
                                       if result.status != "not_applicable"
                                       for note in result.notes))
            notes.update(dict.fromkeys(report.notes))
        return list(notes)

    @property
    def ruleset_names(self) -> list[str]:
        return [r.ruleset.name for r in self.reports] + [a.name for a in self.absent]

    @property
    def reason(self) -> str:
        """One sentence saying why the route has its status."""
        own = self._own_reason
        required = self.requirement_status
        if required is None or _RANK[required] >= _RANK[self._own_status]:
            return own
        names = " or ".join(r.route.id for r in self.requirement)
        why = "; ".join(f"{r.route.id}: {r.reason}" for r in self.requirement)
        head = f"requires {names}, which is {required} ({why})"
        return head if self._own_status == "open" else f"{head}; and {own}"

    @property
    def _own_reason(self) -> str:
        route = self.route
        if route.decision is not None:
            return route.reason or route.decision
        if self.pending and route.effective_from is not None:
            return f"the law takes effect on {route.effective_from.isoformat()}"
        if self.expired and route.effective_until is not None:
            return f"the law ceased to apply after {route.effective_until.isoformat()}"
        if not self.reports and not self.absent:
            return "the law sets no condition on the vehicle itself"
        several = len(self.reports) + len(self.absent) > 1
        if self.status == "closed":
            parts = [a.reason for a in self.absent]
            parts += [f"{rep.ruleset.name} {r.rule.id}: {r.reason}" if several
                      else f"{r.rule.id}: {r.reason}" for rep, r in self.failures]
            return "; ".join(parts)
        names = ", ".join(self.ruleset_names)
        if self.unknown and self.binding:
            windows = [f"{r.rule.id}: {r.reason}" for _, r in self.unknown
                       if r.earliest_date is not None]
            if windows and len(windows) == len(self.unknown):
                return "; ".join(windows)
            text = (f"{len(self.unknown)} legal rule(s) of {names} could not be checked; "
                    f"missing from the spec: {_missing_text(self.missing)}")
            return "; ".join([text, *windows])
        if not self.binding:
            kinds = sorted({r.ruleset.status.replace("_", " ") for r in self.reports
                            if not _binding(r.ruleset)})
            count = sum(len(r.results) for r in self.reports if not _binding(r.ruleset))
            text = (f"rests on {names} ({', '.join(kinds)}, not binding): its rules are "
                    "considerations that can neither open nor close the route")
            if self.warnings or self.unknown:
                return (text + f"; of {count}, {len(self.warnings)} not met and "
                        f"{len(self.unknown)} not declared in the spec")
            return text + f"; all {count} are met"
        return f"every legal rule of {names} is met"

    def as_dict(self) -> dict[str, Any]:
        return route_result_json(self)


@dataclass(frozen=True)
class RouteReport:
    """Every route of one market for one vehicle on one date."""

    vehicle: Vehicle
    market: Market
    on: dt.date
    routes: tuple[RouteResult, ...]
    #: The region layer added to the market's own routes, if one was asked for.
    region: Region | None = None

    def route(self, route_id: str) -> RouteResult:
        for result in self.routes:
            if result.route.id == route_id:
                return result
        known = [r.route.id for r in self.routes]
        raise UnknownNameError(f"is not a route of market {self.market.code}."
                               f"{did_you_mean(str(route_id), known)}", field="route",
                               value=route_id, expected="one of " + ", ".join(known))

    def count(self, status: str) -> int:
        return sum(1 for r in self.routes if r.status == status)

    @property
    def exit_code(self) -> int:
        """0 if any route is open, 3 if none is but some are undetermined, 1 if all closed."""
        return _exit_code(r.status for r in self.routes)

    def as_dict(self) -> dict[str, Any]:
        """The ``keirules routes --format json`` document."""
        return route_report_json(self)


@dataclass(frozen=True)
class RegionSummary:
    """One region's routes for one vehicle, and the best of them."""

    region: Region
    routes: tuple[RouteResult, ...]

    @property
    def best(self) -> RouteResult:
        """The region route that does most for the vehicle (see :func:`_best`)."""
        return _best(self.routes)

    @property
    def status(self) -> str:
        return self.best.status

    def as_dict(self) -> dict[str, Any]:
        return region_summary_json(self)


@dataclass(frozen=True)
class RegionsReport:
    """Every region of a market for one vehicle on one date (``routes --state all``)."""

    vehicle: Vehicle
    market: Market
    on: dt.date
    federal: tuple[RouteResult, ...]
    regions: tuple[RegionSummary, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.regions if r.status == status)

    @property
    def exit_code(self) -> int:
        """0 if the vehicle has an open route in any region, 3 if at best undetermined, else 1."""
        return _exit_code(r.status for r in self.regions)

    def as_dict(self) -> dict[str, Any]:
        return regions_report_json(self)


@dataclass(frozen=True)
class MarketsReport:
    """One vehicle's routes into several markets (``routes --market US --market CA ...``)."""

    vehicle: Vehicle
    on: dt.date
    markets: tuple[RouteReport, ...]

    @staticmethod
    def best(report: RouteReport) -> RouteResult:
        """The route that does most for the vehicle in one market (see :func:`_best`)."""
        return _best(report.routes)

    @property
    def exit_code(self) -> int:
        """0 if some market has an open route, 3 if at best undetermined, else 1."""
        return max((r.exit_code for r in self.markets), key=lambda c: {0: 2, 3: 1}.get(c, 0))

    def as_dict(self) -> dict[str, Any]:
        return markets_report_json(self)


def market_routes(spec: SpecLike, markets: Sequence[str | Path | Market], on: OnLike = None, *,
                  markets_dir: Sequence[str | Path] = (), catalog: RuleSetRegistry | None = None,
                  ) -> MarketsReport:
    """One vehicle's routes into each of ``markets``, federal (market-wide) routes only."""
    vehicle = to_vehicle(spec)
    day = resolve_on(on, vehicle)
    catalog = catalog or default_catalog()
    reports = tuple(routes(vehicle, market, day, markets_dir=markets_dir, catalog=catalog)
                    for market in markets)
    return MarketsReport(vehicle, day, reports)


def routes(spec: SpecLike, market: str | Path | Market = "US", on: OnLike = None, *,
           region: str | None = None, markets_dir: Sequence[str | Path] = (),
           catalog: RuleSetRegistry | None = None) -> RouteReport:
    """Every route into ``market`` for one vehicle, as of ``on`` (default today).

    ``market`` is a code (any case), a market file path or a :class:`Market`; ``markets_dir``
    folders are searched before the built-in markets. ``region`` (a state or province code)
    adds that region's routes after the market's own.
    """
    vehicle = to_vehicle(spec)
    day = resolve_on(on, vehicle)
    found = market if isinstance(market, Market) else find_market(market, markets_dir)
    layer = find_region(found, region) if region is not None else None
    context = _Context(vehicle, found, catalog or default_catalog())
    results = [context.result(route.id, day) for route in found.routes]
    if layer is not None:
        results += [context.region_result(route, day) for route in layer.routes]
    return RouteReport(vehicle, found, day, tuple(results), layer)


def region_routes(spec: SpecLike, market: str | Path | Market = "US", on: OnLike = None, *,
                  markets_dir: Sequence[str | Path] = (), catalog: RuleSetRegistry | None = None,
                  ) -> RegionsReport:
    """Every region of ``market`` for one vehicle: each region's routes and the best of them."""
    vehicle = to_vehicle(spec)
    day = resolve_on(on, vehicle)
    found = market if isinstance(market, Market) else find_market(market, markets_dir)
    context = _Context(vehicle, found, catalog or default_catalog())
    federal = tuple(context.result(route.id, day) for route in found.routes)
    summaries = tuple(
        RegionSummary(layer, tuple(context.region_result(route, day) for route in layer.routes))
        for layer in regions(found))
    if not summaries:
        raise MarketError(f"market {found.code} has no region layers.", file=found.file,
                          field="state", expected="a market with a folder of region files "
                          f"({found.regions_dir.name}/XX.yaml beside its file)")
    return RegionsReport(vehicle, found, day, federal, summaries)


class _Context:
    """One vehicle in one market: evaluates routes by day, each federal route once a day."""

    def __init__(self, vehicle: Vehicle, market: Market, catalog: RuleSetRegistry) -> None:
        self.vehicle = vehicle
        self.market = market
        self.catalog = catalog
        self._federal: dict[tuple[str, dt.date], RouteResult] = {}

    def result(self, route_id: str, day: dt.date) -> RouteResult:
        """A market route by id on a day, evaluated once."""
        key = (route_id, day)
        if key not in self._federal:
            self._federal[key] = _route(self, self.market.route(route_id), day)
        return self._federal[key]

    def region_result(self, route: Route, day: dt.date) -> RouteResult:
        return _route(self, route, day)


def check_market(market: Market, on: dt.date | None = None,
                 catalog: RuleSetRegistry | None = None) -> int:
    """Resolve every rule set a market's routes name (as of ``on``, default today), raising
    the first error located in the market file; returns how many were resolved."""
    day = on or dt.date.today()
    catalog = catalog or default_catalog()
    refs = [(route, ref) for route in market.routes for ref in route.rulesets]
    for route, ref in refs:
        _load(ref, route, day, catalog)
    return len(refs)


def _route(context: _Context, route: Route, day: dt.date) -> RouteResult:
    result = _evaluate(context, route, day)
    if result.status == "undetermined":
        return _undetermined_by_age(context, route, result)
    candidate = _waits_until(result)
    possible = _waits_until(result, possibly=True)
    for _ in range(_MAX_STEPS):
        if candidate is None:
            break
        later = _evaluate(context, route, candidate)
        if later.status != "closed":
            if later.status == "undetermined":  # e.g. inputs missing: still the opening day
                settled = _undetermined_by_age(context, route, later)
                if settled.opens_on is not None:
                    candidate = settled.opens_on
            if possible is not None and possible < candidate and _evaluate(
                    context, route, possible).status != "closed":
                return replace(result, opens_on=candidate, possibly_from=possible)
            return replace(result, opens_on=candidate)
        following = _waits_until(later)
        if following is None or following <= candidate:
            note = (f"the age and date limits are met on {candidate.isoformat()}, but the "
                    f"route is still closed then: {later.reason}")
            return replace(result, notes=(*result.notes, note))
        candidate = following
        possible = _waits_until(later, possibly=True) or possible
    return result


def _age_windows(result: RouteResult) -> list[RuleResult] | None:
    """The unknown legal rules, if every one is an age limit left open by a partial date."""
    found = [r for _, r in result.unknown]
    if not found or any(r.rule.limit.comparison != "min_age" or r.earliest_date is None
                        or r.threshold_date is None for r in found):
        return None
    return found


def _undetermined_by_age(context: _Context, route: Route,
                         result: RouteResult) -> RouteResult:
    """An undetermined route whose only open questions are age windows: the day from which
    they are certainly met (``opens_on``, if the route is open then) and the day from which
    they may be (``possibly_from``)."""
    windows = _age_windows(result)
    if windows is None:
        return result
    certain = max(r.threshold_date for r in windows if r.threshold_date is not None)
    possible = max(r.earliest_date for r in windows if r.earliest_date is not None)
    later = _evaluate(context, route, certain)
    if later.status == "closed":
        return result
    return replace(result, opens_on=certain, possibly_from=possible)


def _waits_until(result: RouteResult, *, possibly: bool = False) -> dt.date | None:
    """If only time closes the route (age limits, versions or laws to come, required routes
    that open later), the day it stops; with ``possibly``, the day it may stop (earlier when
    a partial date of manufacture leaves the day an age is reached open)."""
    if result.status != "closed" or result.route.decision is not None or result.expired:
        return None
    days = []
    if result.pending and result.route.effective_from is not None:
        days.append(result.route.effective_from)
    for _, failure in result.failures:
        if failure.rule.limit.comparison != "min_age" or failure.threshold_date is None:
            return None
        days.append(failure.earliest_date or failure.threshold_date if possibly
                    else failure.threshold_date)
    for absent in result.absent:
        if absent.starts is None:
            return None
        days.append(absent.starts)
    if result.requirement_status == "closed":
        later = [r.possibly_from or r.opens_on if possibly else r.opens_on
                 for r in result.requirement if r.opens_on is not None]
        if not later:
            return None
        days.append(min(later))
    return max(days) if days else None


def _evaluate(context: _Context, route: Route, day: dt.date) -> RouteResult:
    reports: list[Report] = []
    absent: list[Absent] = []
    if route.decision is None:
        for ref in route.rulesets:
            loaded = _load(ref, route, day, context.catalog)
            if isinstance(loaded, Absent):
                absent.append(loaded)
            else:
                reports.append(evaluate(context.vehicle, loaded, day))
    requirement = tuple(context.result(name, day) for name in route.requires)
    return RouteResult(route, day, tuple(reports), tuple(absent), requirement=requirement)


def _load(ref: RuleSetRef, route: Route, day: dt.date,
          catalog: RuleSetRegistry) -> RuleSet | Absent:
    """The rule set a route names, as of ``day``; errors point at the market file."""
    try:
        if ref.is_path:
            return catalog.load_file(Path(ref.file).parent / ref.name)
        return catalog.get(ref.name, day)
    except UnknownRuleSetError as exc:
        if exc.field == "on" and exc.file is None:  # a family, but none in force that day
            dated = [h for h in catalog.headers(ref.name) if h.status in DATED_STATUSES]
            later = [h.effective_from for h in dated if h.effective_from > day]
            return Absent(ref.name, exc.message, min(later) if later else None)
        if exc.file is not None:
            raise
        raise UnknownRuleSetError(f"route '{route.id}' names an unknown rule set: {exc.message}",
                                  file=ref.file, line=ref.line, field=ref.field,
                                  value=exc.value, expected=exc.expected) from None
    except KeirulesError as exc:
        unreadable = ref.is_path and exc.line is None and exc.file == str(
            Path(ref.file).parent / ref.name)
        if exc.file is not None and not unreadable:
            raise  # an error inside a rule set file: it says where
        raise MarketError(f"route '{route.id}' names a rule set that cannot be read: "
                          f"{exc.message}", file=ref.file, line=ref.line, field=ref.field,
                          value=exc.value or ref.name, expected=exc.expected) from None




def _exit_code(statuses: Iterable[str]) -> int:
    """The routes contract's exit status: 0 if one is open, 3 if one is undetermined, else 1."""
    seen = set(statuses)
    if "open" in seen:
        return 0
    return 3 if "undetermined" in seen else 1


def _best(routes: Sequence[RouteResult]) -> RouteResult:
    """The route that does most for the vehicle: open, else undetermined, else the closed one
    that opens first."""
    far = dt.date.max
    return max(routes, key=lambda r: (_RANK[r.status], -(r.opens_on or far).toordinal()))


def _missing_text(fields: list[str]) -> str:
    """'top_speed, gross_mass; equipment (features): headlamps, tail_lamps'."""
    plain = [f for f in fields if not f.startswith("features.")]
    equipment = [f[len("features."):] for f in fields if f.startswith("features.")]
    parts = [", ".join(plain)] if plain else []
    if equipment:
        parts.append("equipment (features): " + ", ".join(equipment))
    return "; ".join(parts)


def _binding(ruleset: RuleSet) -> bool:
    return ruleset.status in DATED_STATUSES and any(
        rule.severity == "legal" for rule in ruleset.rules)


to_json.register(RouteResult, route_result_json)
to_json.register(RouteReport, route_report_json)
to_json.register(RegionSummary, region_summary_json)
to_json.register(RegionsReport, regions_report_json)
to_json.register(MarketsReport, markets_report_json)
