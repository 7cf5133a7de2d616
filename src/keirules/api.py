"""The library's front door: ``check`` a spec against a rule set on a date.

It accepts what people have at hand (a :class:`Vehicle`, a path, a mapping; a rule set name,
a path or a :class:`RuleSet`; a date, its ISO text or ``"manufactured"``) and returns a
:class:`Report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from keirules.dates import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    DateProblem,
    PartialDate,
    parse_date,
    precision_text,
)
from keirules.engine import evaluate
from keirules.errors import KeirulesError, UsageError
from keirules.report import Report, RuleResult
from keirules.rulesets.model import DATED_STATUSES, RuleSet
from keirules.rulesets.registry import RuleSetRegistry, default_catalog, looks_like_path
from keirules.vehicle import Vehicle, check_path, load_vehicle, vehicle_from_mapping
from keirules.vocabulary import Status

__all__ = [
    "breakpoints",
    "check",
    "check_as_built",
    "load_ruleset",
    "merge_as_built",
    "resolve_on",
    "to_vehicle",
]

SpecLike = Vehicle | str | Path | Mapping[str, Any]
RuleSetLike = RuleSet | str | Path
OnLike = dt.date | str | None


def to_vehicle(spec: SpecLike) -> Vehicle:
    """A :class:`Vehicle` from a vehicle, a spec file path or a mapping."""
    if isinstance(spec, Vehicle):
        return spec
    if isinstance(spec, str | Path):
        return load_vehicle(spec)
    if isinstance(spec, Mapping):
        return vehicle_from_mapping(spec)
    raise UsageError(f"is not a vehicle spec (got {_type_name(spec)}).", field="spec",
                     expected="a Vehicle, a spec file path or a mapping of spec fields")


def load_ruleset(name: RuleSetLike, on: dt.date | None = None,
                 catalog: RuleSetRegistry | None = None) -> RuleSet:
    """Resolve ``FAMILY`` (in force on ``on``), ``FAMILY@VERSION`` or a rule set file path."""
    if isinstance(name, RuleSet):
        return name
    if on is not None:
        on = resolve_on(on)
    catalog = catalog or default_catalog()
    if isinstance(name, str | Path):
        check_path(name)
    if isinstance(name, Path):
        return catalog.load_file(name)
    if not isinstance(name, str):
        raise UsageError(f"is not a rule set (got {_type_name(name)}).", field="ruleset",
                         expected="a family name such as 'jp-kei', FAMILY@VERSION, a rule set "
                         "file path or a RuleSet")
    return catalog.get(name, on)


def resolve_on(on: OnLike, vehicle: Vehicle | None = None,
               today: dt.date | None = None) -> dt.date:
    """The evaluation date: a date, a datetime (its date), ``YYYY-MM-DD``, ``"manufactured"``
    or None (today)."""
    if on is None:
        return today or dt.date.today()
    if isinstance(on, dt.date):
        day = on.date() if isinstance(on, dt.datetime) else on
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise UsageError(f"the evaluation date has a year outside {EARLIEST_YEAR}-"
                             f"{LATEST_YEAR}.", field="on", value=day.isoformat(),
                             expected="a date YYYY-MM-DD or 'manufactured'")
        return day
    if on == "manufactured":
        if vehicle is None or vehicle.manufactured is None:
            name = f" '{vehicle.name}'" if vehicle else ""
            raise UsageError(
                f"--on manufactured needs the spec{name} to say when it was made.",
                file=vehicle.source_file if vehicle else None, field="manufactured",
                expected="a 'manufactured' field such as 1994-05, or --on YYYY-MM-DD")
        return vehicle.manufactured.first
    if not isinstance(on, str):
        raise UsageError(f"is not an evaluation date (got {_type_name(on)}).", field="on",
                         expected="a date, a datetime, YYYY-MM-DD or 'manufactured'")
    try:
        return parse_date(on)
    except DateProblem as exc:
        raise UsageError(f"the evaluation date {exc}.", field="on", value=on,
                         expected="YYYY-MM-DD or 'manufactured'") from None


def check(spec: SpecLike, ruleset: RuleSetLike = "jp-kei", on: OnLike = None) -> Report:
    """Check one vehicle against one rule set as of a date (default: today).

    A bare family name picks the version in force on that date. With ``on="manufactured"``
    the date is the spec's date of manufacture ("was it kei when built?"); a date known only
    to the month or the year is checked on every day of that period where the rules change
    (a new version, a rule's own date), and the rules on which those days disagree are
    ``unknown``.
    """
    vehicle = to_vehicle(spec)
    day = resolve_on(on, vehicle)
    if on == "manufactured":
        return check_as_built(vehicle, ruleset)
    return evaluate(vehicle, load_ruleset(ruleset, day), day)


def check_as_built(vehicle: Vehicle, ruleset: RuleSetLike,
                   catalog: RuleSetRegistry | None = None) -> Report:
    """The vehicle checked on its own date of manufacture, under the rules of that day.

    A partial date is a period: the vehicle is checked as made (and checked) on each day of
    it where a version or a rule's own date starts or ends; where these checks agree, that is
    the result; a rule on which they disagree is ``unknown``, with a reason naming both.
    """
    made = vehicle.manufactured
    if made is None:
        resolve_on("manufactured", vehicle)  # raises the error that says so
        raise AssertionError  # pragma: no cover
    days = breakpoints(made, ruleset, catalog)
    reports = []
    for day in days:
        built = replace(vehicle, manufactured=PartialDate(day, day, day.isoformat()))
        resolved = load_ruleset(ruleset, day, catalog)
        reports.append(evaluate(built, resolved, day))
    return merge_as_built(vehicle, made, reports)


def breakpoints(made: PartialDate, ruleset: RuleSetLike,
                catalog: RuleSetRegistry | None = None) -> list[dt.date]:
    """The days of a period of manufacture on which the rules may change: its first day,
    and every day inside it on which a version or a rule's own dates start or end."""
    if made.precise:
        return [made.first]
    days = {made.first}
    if isinstance(ruleset, str) and not looks_like_path(ruleset) and "@" not in ruleset:
        for header in (catalog or default_catalog()).headers(ruleset):
            if header.status in DATED_STATUSES and made.first < header.effective_from <= \
                    made.last:
                days.add(header.effective_from)
    for day in sorted(days):
        try:
            resolved = load_ruleset(ruleset, day, catalog)
        except KeirulesError:
            if day == made.first:
                raise
            continue
        for rule in resolved.rules:
            for edge in (rule.effective_from, rule.effective_until and
                         rule.effective_until + dt.timedelta(days=1)):
                if edge is not None and made.first < edge <= made.last:
                    days.add(edge)
    return sorted(days)


def merge_as_built(vehicle: Vehicle, made: PartialDate, reports: Sequence[Report]) -> Report:
    """One report from the checks of each day of a period of manufacture (see
    :func:`check_as_built`): rules that fail, pass or cannot be told alike keep the first
    day's result; the others are ``unknown``."""
    base = reports[0]
    names = list(dict.fromkeys(report.ruleset.name for report in reports))
    notes: list[str] = []
    if not made.precise:
        notes.append(
            f"manufactured {made.text} covers {made.first.isoformat()} to "
            f"{made.last.isoformat()}; checked as built on "
            + ", ".join(f"{r.on.isoformat()} ({r.ruleset.name})" for r in reports))
    if len(reports) == 1:
        return Report(vehicle=vehicle, ruleset=base.ruleset, on=base.on,
                      results=base.results, notes=tuple(notes))
    order: dict[str, None] = {}
    for report in reports:
        order.update(dict.fromkeys(r.rule.id for r in report.results))
    by_day = [{r.rule.id: r for r in report.results} for report in reports]
    results = []
    for rule_id in order:
        found = [(report, day.get(rule_id)) for report, day in zip(reports, by_day,
                                                                   strict=True)]
        first = next(r for _, r in found if r is not None)
        kinds = {_kind(r) for _, r in found}
        if len(kinds) == 1:
            if by_day[0].get(rule_id) is not None:  # a rule of another version only, met
                results.append(first)               # on every day: not this report's
            continue
        parts = [f"{_kind(r)} on {rep.on.isoformat()} ({rep.ruleset.name})" for rep, r in found]
        results.append(RuleResult(
            first.rule, Status.UNKNOWN,
            f"depends on the day of manufacture within {made.text} ({precision_text(made)}): "
            + "; ".join(parts)))
    if len(names) > 1:
        verdicts = {report.verdict for report in reports}
        agree = "agree" if len(verdicts) == 1 else "disagree"
        notes.append(f"the period spans {' and '.join(names)}; their verdicts {agree} ("
                     + ", ".join(f"{r.ruleset.name}: {r.verdict}" for r in reports) + ")")
    return Report(vehicle=vehicle, ruleset=base.ruleset, on=base.on, results=tuple(results),
                  notes=tuple(notes))


def _kind(result: RuleResult | None) -> str:
    """What a result means for a verdict: fail, unknown, or met (passed or not applicable)."""
    if result is None or result.status in ("pass", "not_applicable"):
        return "met"
    return result.status


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__
