"""Markets: the routes by which a vehicle may enter one market, as data.

A market is one small YAML file (``markets/us.yaml``, shipped inside the wheel as
``keirules/builtin_markets``) naming its routes, each with a title, a one-line description and
the rule sets behind it::

    format: keirules-market/1
    market: US
    title: United States
    routes:
      - id: import-25-year
        title: Import under the 25-year exemption
        description: At least 25 years old from the date of manufacture.
        rulesets: [us-import]          # FAMILY (in force on the date), FAMILY@VERSION or a path

Another market is added by writing such a file: in a folder given with ``--markets-dir``
(searched before the built-in markets, so a copy there replaces a built-in one) or as a path
given to ``--market``. Errors in a market file name its file, line and field, as rule set
errors do.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from keirules.errors import Locator, MarketError, UsageError, did_you_mean
from keirules.vocabulary import ID_PATTERN
from keirules.yamlload import Document, load_document

if TYPE_CHECKING:
    from keirules.rulesets.model import Source

__all__ = [
    "FORMAT",
    "Market",
    "MarketError",
    "Route",
    "RuleSetRef",
    "builtin_markets_dir",
    "find_market",
    "known_markets",
    "read_market",
]

FORMAT: Final = "keirules-market/1"
TOP_KEYS: Final = ("format", "market", "title", "notes", "routes")
ROUTE_KEYS: Final = (
    "id", "title", "description", "kind", "requires", "rulesets", "restrictions", "notes",
)
#: What a route lets the vehicle become; region layers say which kind each route is.
ROUTE_KINDS: Final = (
    "import", "sale", "kei_vehicle", "mini_truck", "low_speed_vehicle",
    "medium_speed_vehicle", "off_highway", "antique", "other",
)
_SUFFIXES: Final = (".yaml", ".yml", ".json")
_CODE: Final = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,15}", re.ASCII)
_ID: Final = ID_PATTERN
_MAX_DESCRIPTION: Final = 300


@dataclass(frozen=True, slots=True)
class RuleSetRef:
    """A rule set named by a route, with where the market file names it (for errors)."""

    name: str  # FAMILY, FAMILY@VERSION, or a file path (resolved against the market file)
    file: str
    line: int | None
    field: str

    @property
    def is_path(self) -> bool:
        return self.name.endswith(_SUFFIXES) or "/" in self.name or os.sep in self.name


@dataclass(frozen=True, slots=True)
class Route:
    """One way into a market, and the rule sets that decide whether it is open."""

    id: str
    title: str
    description: str
    rulesets: tuple[RuleSetRef, ...]
    notes: str | None = None
    kind: str | None = None
    #: Ids of the market's (federal) routes this one builds on: it is never open while every
    #: one of them is closed.
    requires: tuple[str, ...] = ()
    #: Where and how the vehicle may then be driven, as the law words it.
    restrictions: tuple[str, ...] = ()
    #: The region (state, province) whose law the route is, or None for the market's own.
    region: str | None = None
    #: A fixed outcome where the law decides without looking at the vehicle.
    decision: str | None = None
    reason: str | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    source: Source | None = None
    citation: str | None = None


@dataclass(frozen=True)
class Market:
    """A market file, validated."""

    code: str
    title: str
    routes: tuple[Route, ...]
    file: str
    builtin: bool = False
    notes: str | None = None

    @property
    def regions_dir(self) -> Path:
        """Where the market's region layers live: ``us.yaml`` -> ``us/XX.yaml`` beside it."""
        return Path(self.file).parent / self.code.lower()

    def route(self, route_id: str) -> Route:
        for route in self.routes:
            if route.id == route_id:
                return route
        raise UsageError(f"market {self.code} has no route '{route_id}'."
                         f"{did_you_mean(route_id, [r.id for r in self.routes])}",
                         field="route", value=route_id,
                         expected="one of " + ", ".join(r.id for r in self.routes))


def builtin_markets_dir() -> Path:
    """Where the built-in markets are: inside the installed package, or in a checkout."""
    package = Path(__file__).resolve().parent
    shipped = package / "builtin_markets"
    if shipped.is_dir():
        return shipped
    return package.parent.parent / "markets"  # a source checkout (src/keirules -> markets)


def known_markets(folders: Sequence[Path | str] = ()) -> dict[str, Path]:
    """Market code (lower case) -> file; the given folders come before the built-in one."""
    found: dict[str, Path] = {}
    for folder in (*(Path(f) for f in folders), builtin_markets_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in _SUFFIXES and path.is_file():
                found.setdefault(path.stem.lower(), path)
    return found


def find_market(name: str | Path, folders: Sequence[Path | str] = ()) -> Market:
    """A market by code (any case: ``US``, ``us``) or by the path of a market file."""
    text = str(name)
    if isinstance(name, Path) or text.endswith(_SUFFIXES) or "/" in text or os.sep in text:
        return read_market(load_document(text))
    for folder in folders:
        if not Path(folder).is_dir():
            raise UsageError("is not a folder.", field="markets-dir", value=str(folder),
                             expected="a folder of market files such as us.yaml")
    known = known_markets(folders)
    path = known.get(text.strip().lower())
    if path is None:
        codes = sorted(code.upper() for code in known)
        raise UsageError(
            f"there is no market '{text}'.{did_you_mean(text.upper(), codes)}",
            field="market", value=text,
            expected="one of " + (", ".join(codes) or "(none found)") + ", a folder of market "
            "files given with --markets-dir, or the path of a market file")
    market = read_market(load_document(path), builtin=path.parent == builtin_markets_dir())
    if market.code.lower() != path.stem.lower():
        raise MarketError(f"declares the market '{market.code}', but its file name says "
                          f"'{path.stem}'.", file=str(path), field="market", value=market.code,
                          expected=f"market: {path.stem.upper()}, or a file named after the "
                          "market")
    return market


def read_market(document: Document, *, builtin: bool = False) -> Market:
    """Check a market document: its keys, its routes and the rule sets they name."""
    ctx = MarketContext(document)
    data = document.data
    if not isinstance(data, Mapping):
        raise ctx.error((), "is not a market file: expected a mapping with 'market', 'title' "
                        "and 'routes'.")
    ctx.keys(data, (), TOP_KEYS, "a market file")
    if data.get("format", FORMAT) != FORMAT:
        raise ctx.error(("format",), "is not a format this version of keirules reads.",
                        value=data["format"], expected=f"'{FORMAT}'")
    code = ctx.text(data, (), "market")
    if not _CODE.fullmatch(code):
        raise ctx.error(("market",), "is not a market code.", value=code,
                        expected="a short code such as 'US' or 'JP'")
    raw_routes = data.get("routes")
    if not isinstance(raw_routes, list) or not raw_routes:
        raise ctx.error(("routes",), "is missing or empty: a market needs at least one route.",
                        expected="a list of routes, each with id, title, description and "
                        "rulesets")
    routes: list[Route] = []
    for i, raw in enumerate(raw_routes):
        route = _route(ctx, ("routes", i), raw)
        if any(r.id == route.id for r in routes):
            raise ctx.error(("routes", i, "id"), "is used by another route of this market; "
                            "route ids must be unique.", value=route.id)
        routes.append(route)
    ids = [r.id for r in routes]
    for i, route in enumerate(routes):
        for j, name in enumerate(route.requires):
            if name not in ids or name == route.id:
                raise ctx.error(("routes", i, "requires", j), "names no other route of this "
                                f"market.{did_you_mean(name, ids)}", value=name,
                                expected="one of " + ", ".join(ids))
    return Market(
        code=code,
        title=ctx.text(data, (), "title"),
        routes=tuple(routes),
        file=document.file,
        builtin=builtin,
        notes=ctx.optional_text(data, (), "notes"),
    )


def _route(ctx: MarketContext, path: tuple[str | int, ...], raw: Any) -> Route:
    if not isinstance(raw, Mapping):
        raise ctx.error(path, "is not a route.", expected="a mapping with id, title, "
                        "description and rulesets")
    ctx.keys(raw, path, ROUTE_KEYS, "a route")
    route_id = ctx.text(raw, path, "id")
    if not _ID.fullmatch(route_id):
        raise ctx.error((*path, "id"), "is not a route id.", value=route_id,
                        expected="lower-case letters, digits, '-', '_' or '.', e.g. "
                        "'import-25-year'")
    description = ctx.description(raw, path)
    names = raw.get("rulesets")
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not names:
        raise ctx.error((*path, "rulesets"), "is missing or empty: a route needs the rule sets "
                        "that decide it.", expected="a list of FAMILY, FAMILY@VERSION or rule "
                        "set file paths")
    refs = ctx.ruleset_refs(names, (*path, "rulesets"))
    return Route(
        id=route_id,
        title=ctx.text(raw, path, "title"),
        description=description,
        rulesets=tuple(refs),
        notes=ctx.optional_text(raw, path, "notes"),
        kind=ctx.choice(raw, path, "kind", ROUTE_KINDS),
        requires=ctx.texts(raw, path, "requires", "route ids, e.g. [import-25-year]"),
        restrictions=ctx.texts(raw, path, "restrictions", "text, e.g. [no limited-access "
                               "highways]"),
    )


class MarketContext(Locator[MarketError]):
    """Market and region errors located in the document (:class:`keirules.errors.Locator`),
    and the validators the two file formats share."""

    def __init__(self, document: Document) -> None:
        super().__init__(document, MarketError)

    def keys(self, data: Mapping[str, Any], path: tuple[str | int, ...],
             allowed: Sequence[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                raise self.error((*path, key), f"is not a key of {what}."
                                 f"{did_you_mean(str(key), allowed)}",
                                 expected="one of " + ", ".join(allowed))

    def description(self, raw: Mapping[str, Any], path: tuple[str | int, ...]) -> str:
        description = " ".join(self.text(raw, path, "description").split())
        if len(description) > _MAX_DESCRIPTION:
            raise self.error((*path, "description"), f"is longer than {_MAX_DESCRIPTION} "
                             "characters; it is the route's one-line description (put the "
                             "rest in 'notes').", value=description)
        return description

    def ruleset_refs(self, names: list[Any], path: tuple[str | int, ...]
                     ) -> tuple[RuleSetRef, ...]:
        refs: list[RuleSetRef] = []
        for j, name in enumerate(names):
            item = (*path, j)
            if not isinstance(name, str) or not name.strip():
                raise self.error(item, "is not a rule set name.", value=name,
                                 expected="FAMILY, FAMILY@VERSION or a rule set file path")
            refs.append(RuleSetRef(name.strip(), self.document.file, self.document.line(item),
                                   ".".join(str(p) for p in item)))
        return tuple(refs)

    def choice(self, data: Mapping[str, Any], path: tuple[str | int, ...], key: str,
               allowed: Sequence[str]) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if value not in allowed:
            raise self.error((*path, key), f"is not a {key}.{did_you_mean(str(value), allowed)}",
                             value=value, expected=" or ".join(allowed))
        return str(value)

    def texts(self, data: Mapping[str, Any], path: tuple[str | int, ...], key: str,
              example: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error((*path, key), "is not a list.", value=value,
                             expected=f"a list of {example}")
        items = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str) or not item.strip():
                raise self.error((*path, key, i), "is not text.", value=item, expected=example)
            items.append(" ".join(item.split()))
        return tuple(items)

    def optional_text(self, data: Mapping[str, Any], path: tuple[str | int, ...],
                      key: str) -> str | None:
        if data.get(key) is None:
            return None
        return self.text(data, path, key)

    def text(self, data: Mapping[str, Any], path: tuple[str | int, ...], key: str) -> str:
        value = data.get(key)
        if value is None:
            raise self.error((*path, key), "is missing.", expected="text")
        if isinstance(value, bool) or not isinstance(value, str) or not value.strip():
            raise self.error((*path, key), "is not text.", value=value, expected="text")
        return value
