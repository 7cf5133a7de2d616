"""Region layers: a state's or province's own routes, on top of its market's federal ones.

A market's regions live beside its file, one file each (``markets/us.yaml`` ->
``markets/us/CO.yaml``)::

    format: keirules-region/1
    market: US
    region: CO
    title: Colorado
    checked: 2026-12-01          # the day its law was last checked against its sources
    sources: {hb25-1281: {title: ..., instrument: ..., url: ..., verified: text}}
    routes:
      - id: co-kei-registration
        title: Title and register an imported kei vehicle
        description: One line.
        kind: kei_vehicle
        requires: [import-25-year]   # federal routes it builds on
        rulesets: [us-co-kei]        # the state's own definition, decided from the vehicle
        effective_from: 2028-01-01
        restrictions: [no roads posted above 55 mph]
        source: hb25-1281

A route may instead carry a fixed ``decision`` (``refused``: closed by the state's law or
policy; ``undetermined``: not researched or unsettled) with its ``reason``. A region whose law was
not researched has one undetermined route that says so, so a state is never silently open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from keirules.dates import DateProblem, parse_date
from keirules.errors import UsageError, did_you_mean
from keirules.markets import (
    ROUTE_KINDS,
    Market,
    MarketContext,
    Route,
)
from keirules.serialize import region_json, to_json
from keirules.yamlload import Document, load_document

__all__ = [
    "DECISIONS",
    "FORMAT",
    "Region",
    "find_region",
    "read_region",
    "region_codes",
    "regions",
]

FORMAT: Final = "keirules-region/1"
TOP_KEYS: Final = ("format", "market", "region", "title", "checked", "sources", "notes",
                   "routes")
ROUTE_KEYS: Final = (
    "id", "title", "description", "kind", "requires", "rulesets", "decision", "reason",
    "effective_from", "effective_until", "restrictions", "source", "citation", "notes",
)
#: A route's fixed outcome, where the law decides without looking at the vehicle.
DECISIONS: Final = ("refused", "undetermined")
_SUFFIXES: Final = (".yaml", ".yml")


@dataclass(frozen=True)
class Region:
    """One state's or province's layer of routes, validated against its market."""

    market: str
    code: str
    title: str
    checked: dt.date
    routes: tuple[Route, ...]
    file: str
    sources: Mapping[str, Any]
    notes: str | None = None

    @property
    def researched(self) -> bool:
        """Whether its law was looked into: it cites sources, or decides a route."""
        return bool(self.sources) or any(route.decision != "undetermined"
                                         for route in self.routes)


def region_files(market: Market) -> dict[str, Path]:
    """Region code (upper case) -> file, for every region layer the market has."""
    folder = market.regions_dir
    if not folder.is_dir():
        return {}
    return {path.stem.upper(): path for path in sorted(folder.iterdir())
            if path.suffix in _SUFFIXES and path.is_file()}


def region_codes(market: Market) -> list[str]:
    return list(region_files(market))


def find_region(market: Market, code: str) -> Region:
    """A market's region by its code, any case (``CO``, ``co``); a near miss gets a hint."""
    files = region_files(market)
    wanted = code.strip().upper()
    path = files.get(wanted)
    if path is None:
        known = list(files)
        raise UsageError(
            f"market {market.code} has no region '{code}'.{did_you_mean(wanted, known)}",
            field="state", value=code,
            expected=("one of " + ", ".join(known) + ", or 'all'") if known
            else f"nothing: market {market.code} has no region layers")
    return read_region(load_document(path), market)


def regions(market: Market) -> list[Region]:
    """Every region layer of a market, in code order."""
    return [read_region(load_document(path), market) for path in region_files(market).values()]


def read_region(document: Document, market: Market) -> Region:
    """Check a region document against its market: keys, dates, sources, routes, requires."""
    from keirules.rulesets.loader import read_sources

    ctx = MarketContext(document)
    data = document.data
    if not isinstance(data, Mapping):
        raise ctx.error((), "is not a region file: expected a mapping with 'market', 'region', "
                        "'title', 'checked' and 'routes'.")
    ctx.keys(data, (), TOP_KEYS, "a region file")
    if data.get("format", FORMAT) != FORMAT:
        raise ctx.error(("format",), "is not a format this version of keirules reads.",
                        value=data["format"], expected=f"'{FORMAT}'")
    if str(data.get("market", "")).upper() != market.code.upper():
        raise ctx.error(("market",), f"is not this file's market ({market.code}).",
                        value=data.get("market"), expected=market.code)
    code = ctx.text(data, (), "region").strip().upper()
    stem = Path(document.file).stem.upper()
    if code != stem:
        raise ctx.error(("region",), f"declares the region '{code}', but its file name says "
                        f"'{stem}'.", value=code, expected=stem)
    checked = _date(ctx, data, (), "checked", required=True)
    assert checked is not None
    sources = read_sources(document, data.get("sources"))
    raw_routes = data.get("routes")
    if not isinstance(raw_routes, list) or not raw_routes:
        raise ctx.error(("routes",), "is missing or empty: a region needs at least one route "
                        "(one undetermined route if its law was not researched).")
    federal = [r.id for r in market.routes]
    routes: list[Route] = []
    for i, raw in enumerate(raw_routes):
        route = _route(ctx, ("routes", i), raw, code, sources, federal)
        if route.id in federal or any(r.id == route.id for r in routes):
            raise ctx.error(("routes", i, "id"), "is used by another route of this market; "
                            "route ids must be unique.", value=route.id)
        routes.append(route)
    return Region(market=market.code, code=code, title=ctx.text(data, (), "title"),
                  checked=checked, routes=tuple(routes), file=document.file, sources=sources,
                  notes=ctx.optional_text(data, (), "notes"))


def _route(ctx: MarketContext, path: tuple[str | int, ...], raw: Any, region: str,
           sources: Mapping[str, Any], federal: list[str]) -> Route:
    if not isinstance(raw, Mapping):
        raise ctx.error(path, "is not a route.", expected="a mapping with id, title, "
                        "description, requires and rulesets or a decision")
    ctx.keys(raw, path, ROUTE_KEYS, "a region's route")
    route_id = ctx.text(raw, path, "id")
    decision = ctx.choice(raw, path, "decision", DECISIONS)
    reason = ctx.optional_text(raw, path, "reason")
    if decision is not None and reason is None:
        raise ctx.error((*path, "reason"), "is missing: a route with a fixed decision says why.",
                        expected="one or two sentences")
    names = raw.get("rulesets") or []
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list):
        raise ctx.error((*path, "rulesets"), "is not a list of rule sets.", value=names)
    requires = ctx.texts(raw, path, "requires", "federal route ids, e.g. [import-25-year]")
    for j, name in enumerate(requires):
        if name not in federal:
            raise ctx.error((*path, "requires", j), "names no route of the market."
                            f"{did_you_mean(name, federal)}", value=name,
                            expected="one of " + ", ".join(federal))
    key = raw.get("source")
    if key is not None and key not in sources:
        raise ctx.error((*path, "source"), "names no source of this region file.", value=key,
                        expected="one of " + (", ".join(sources) or "(no sources given)"))
    if decision != "undetermined" and not sources:
        raise ctx.error((*path,), f"route '{route_id}' is decided, but the region file cites "
                        "no sources.", expected="sources for the law it rests on, or "
                        "decision: undetermined with its reason")
    effective_from = _date(ctx, raw, path, "effective_from")
    effective_until = _date(ctx, raw, path, "effective_until")
    if effective_from and effective_until and effective_until < effective_from:
        raise ctx.error((*path, "effective_until"), "is before effective_from.",
                        value=str(effective_until))
    chosen = sources.get(str(key)) if key is not None else next(iter(sources.values()), None)
    return Route(
        id=route_id,
        title=ctx.text(raw, path, "title"),
        description=ctx.description(raw, path),
        rulesets=ctx.ruleset_refs(names, (*path, "rulesets")),
        notes=ctx.optional_text(raw, path, "notes"),
        kind=ctx.choice(raw, path, "kind", ROUTE_KINDS),
        requires=requires,
        restrictions=ctx.texts(raw, path, "restrictions", "text"),
        region=region,
        decision=decision,
        reason=" ".join(reason.split()) if reason else None,
        effective_from=effective_from,
        effective_until=effective_until,
        source=chosen,
        citation=ctx.optional_text(raw, path, "citation"),
    )


def _date(ctx: MarketContext, data: Mapping[str, Any], path: tuple[str | int, ...], key: str,
          *, required: bool = False) -> dt.date | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ctx.error((*path, key), "is missing.", expected="a date YYYY-MM-DD")
        return None
    try:
        return parse_date(value)
    except DateProblem as exc:
        raise ctx.error((*path, key), f"{exc}.", value=value,
                        expected="a date YYYY-MM-DD") from None


to_json.register(Region, region_json)
