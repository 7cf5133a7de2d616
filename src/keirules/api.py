"""The library's front door: ``check`` a spec against a rule set on a date.

It accepts what people have at hand (a :class:`Vehicle`, a path, a mapping; a rule set name,
a path or a :class:`RuleSet`; a date, its ISO text or ``"manufactured"``) and returns a
:class:`Report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from keirules.dates import DateProblem, parse_date
from keirules.engine import evaluate
from keirules.errors import UsageError
from keirules.report import Report
from keirules.rulesets.catalog import Catalog, default_catalog, looks_like_path
from keirules.rulesets.model import RuleSet
from keirules.vehicle import Vehicle, load_vehicle, vehicle_from_mapping

__all__ = ["check", "load_ruleset", "resolve_on", "to_vehicle"]

SpecLike = Vehicle | str | Path | Mapping[str, Any]
RuleSetLike = RuleSet | str | Path
OnLike = dt.date | str | None


def to_vehicle(spec: SpecLike) -> Vehicle:
    """A :class:`Vehicle` from a vehicle, a spec file path or a mapping."""
    if isinstance(spec, Vehicle):
        return spec
    if isinstance(spec, str | Path):
        return load_vehicle(spec)
    return vehicle_from_mapping(spec)


def load_ruleset(name: RuleSetLike, on: dt.date | None = None,
                 catalog: Catalog | None = None) -> RuleSet:
    """Resolve ``FAMILY`` (in force on ``on``), ``FAMILY@VERSION`` or a rule set file path."""
    if isinstance(name, RuleSet):
        return name
    catalog = catalog or default_catalog()
    if isinstance(name, Path):
        return catalog.load_file(name)
    return catalog.get(name, on)


def resolve_on(on: OnLike, vehicle: Vehicle | None = None,
               today: dt.date | None = None) -> dt.date:
    """The evaluation date: a date, ``YYYY-MM-DD``, ``"manufactured"`` or None (today)."""
    if on is None:
        return today or dt.date.today()
    if isinstance(on, dt.date):
        return on
    if on == "manufactured":
        if vehicle is None or vehicle.manufactured is None:
            name = f" '{vehicle.name}'" if vehicle else ""
            raise UsageError(
                f"--on manufactured needs the spec{name} to say when it was made.",
                file=vehicle.source_file if vehicle else None, field="manufactured",
                expected="a 'manufactured' field such as 1994-05, or --on YYYY-MM-DD")
        return vehicle.manufactured.first
    try:
        return parse_date(on)
    except DateProblem as exc:
        raise UsageError(f"the evaluation date {exc}.", field="on", value=on,
                         expected="YYYY-MM-DD or 'manufactured'") from None


def check(spec: SpecLike, ruleset: RuleSetLike = "jp-kei", on: OnLike = None) -> Report:
    """Check one vehicle against one rule set as of a date (default: today).

    A bare family name picks the version in force on that date. With ``on="manufactured"``
    the date is the spec's date of manufacture ("was it kei when built?").
    """
    vehicle = to_vehicle(spec)
    day = resolve_on(on, vehicle)
    resolved = load_ruleset(ruleset, day)
    notes: list[str] = []
    if on == "manufactured" and vehicle.manufactured and not vehicle.manufactured.precise:
        notes.extend(_period_notes(vehicle, ruleset, resolved))
    return evaluate(vehicle, resolved, day, notes=tuple(notes))


def _period_notes(vehicle: Vehicle, name: RuleSetLike, chosen: RuleSet) -> list[str]:
    """Say so when a partial date of manufacture spans a change of rule set version."""
    made = vehicle.manufactured
    if made is None or not isinstance(name, str) or looks_like_path(name) or "@" in name:
        return []
    try:
        last = load_ruleset(name, made.last)
    except UsageError:
        return []
    if last.name == chosen.name:
        return []
    return [
        f"manufactured {made.text} covers {made.first.isoformat()} to {made.last.isoformat()}; "
        f"it is taken as {made.first.isoformat()} ({chosen.name}), but {last.name} took effect "
        f"on {last.effective_from.isoformat()}, within that period"
    ]
