"""The route documents as outlines: one vehicle's routes into a market (with a region layer),
every region of a market, and several markets side by side.

The terminal, Markdown and HTML all render these outlines, so a phrase is written once.
"""

from __future__ import annotations

from functools import singledispatch

from keirules.inventory import InventoryRow, InventorySummary
from keirules.regions import Region
from keirules.render.outline import (
    Alternatives,
    Block,
    Bullets,
    Cell,
    Heading,
    Outline,
    Paragraph,
    Span,
    TableBlock,
    cell,
)
from keirules.routing import (
    ROUTE_STATUS_MEANINGS,
    MarketsReport,
    RegionsReport,
    RouteReport,
    RouteResult,
)

__all__ = [
    "document_title", "inventory_outline", "region_outline", "regions_list_outline",
    "routes_outline",
]


def _status(result: RouteResult) -> Cell:
    lines: list[list[Span]] = [[Span(result.status.upper(), result.status)]]
    if result.opens_on:
        lines.append([Span(f"opens {result.opens_on.isoformat()}", "strong")])
    if result.possibly_from:  # two lines, so that the column stays narrow
        lines += [[Span("possibly from", "muted")],
                  [Span(result.possibly_from.isoformat(), "muted")]]
    if not result.binding:
        lines.append([Span("not binding", "muted")])
    return cell(*lines)


def _route_cell(result: RouteResult) -> Cell:
    route = result.route
    lines: list[list[Span]] = [[Span(route.id, "strong")], [Span(route.title, "muted")]]
    lines += [[Span(name, "code")] for name in result.ruleset_names]
    return cell(*lines)


def _why(result: RouteResult) -> Cell:
    lines: list[list[Span]] = [[Span(result.reason)]]
    route = result.route
    if route.restrictions:
        lines.append([Span("Restrictions: ", "strong"), Span("; ".join(route.restrictions))])
    if route.requires:
        lines.append([Span("Requires: ", "muted"), Span(" or ".join(route.requires), "muted")])
    if route.source is not None:
        basis = "; ".join(p for p in (route.source.instrument,
                                       route.citation or route.source.citation) if p)
        lines.append([Span("Law: ", "muted"),
                      Span(basis or route.source.title, "muted", route.source.url)])
    return cell(*lines)


def _legend() -> Bullets:
    return Bullets(tuple(cell([Span(word, "strong"), Span(f": {meaning}")])
                         for word, meaning in ROUTE_STATUS_MEANINGS.items()))


@singledispatch
def routes_outline(document: object) -> Outline:
    """The outline of a route document."""
    raise TypeError(f"no outline for {type(document).__name__}")


def document_title(document: RouteReport | RegionsReport | MarketsReport) -> str:
    if isinstance(document, MarketsReport):
        return f"Routes for {document.vehicle.name} on {document.on.isoformat()}"
    return (f"Routes into {document.market.title} ({document.market.code}) for "
            f"{document.vehicle.name} on {document.on.isoformat()}")


def _route_shapes(report: RouteReport) -> Alternatives:
    """Route, status and why side by side; too wide, the status first and the route with its
    reason below. Markdown has a column for each thing instead (its cells hold one phrase)."""
    results = report.routes
    apart = TableBlock(("Route (rule sets)", "Status", "Why"),
                       tuple((_route_cell(r), _status(r), _why(r)) for r in results),
                       wide=(2,), keep=(1,))
    folded = TableBlock(("Status", "Route (rule sets): why"),
                        tuple((_status(r), _route_cell(r) + _why(r)) for r in results),
                        keep=(0,))
    columns = TableBlock(("Route", "Status", "Opens on", "Rule sets", "Why"), tuple(
        (cell([Span(r.route.id, "strong")], r.route.title),
         cell([Span(r.status, r.status), *([] if r.binding else [Span(" (not binding)")])]),
         cell((r.opens_on.isoformat() if r.opens_on else "") + (
             f" (possibly from {r.possibly_from.isoformat()})" if r.possibly_from else "")),
         cell(*r.ruleset_names), _why(r))
        for r in results))
    return Alternatives(((apart,), (folded,)), markdown=(columns,))


@routes_outline.register
def _(report: RouteReport) -> Outline:
    counts = ", ".join(f"{report.count(s)} {s}" for s in ROUTE_STATUS_MEANINGS)
    heading = document_title(report)
    if report.region is not None:
        heading = heading.replace(
            f" ({report.market.code}) for ",
            f" ({report.market.code}), with {report.region.title} ({report.region.code}) for ", 1)
    blocks: list[Block] = [
        Heading(heading), Paragraph(cell(f"{counts.capitalize()}.")), _route_shapes(report),
        _legend(),
    ]
    notes = []
    for result in report.routes:
        lines: list[list[Span]] = [[Span(result.route.id, "strong"),
                                    Span(f": {result.route.description}")]]
        for note in (result.route.notes, *result.all_notes):
            if note:
                lines.append([Span(f"Note: {' '.join(note.split())}", "note")])
        notes.append(cell(*lines))
    blocks.append(Bullets(tuple(notes)))
    if report.market.notes:
        blocks.append(Paragraph(cell(Span(f"Note: {' '.join(report.market.notes.split())}",
                                          "note"))))
    if report.region is not None:
        blocks.append(Paragraph(cell(Span(
            f"{report.region.title}'s law was last checked on "
            f"{report.region.checked.isoformat()}.", "muted"))))
    blocks.append(Paragraph(cell(Span("Each rule in detail: keirules check SPEC --ruleset NAME "
                                      f"--on {report.on.isoformat()}", "muted"))))
    return tuple(blocks)


@routes_outline.register
def _(report: RegionsReport) -> Outline:
    counts = ", ".join(f"{report.count(s)} {s}" for s in ROUTE_STATUS_MEANINGS)
    federal = ", ".join(f"{r.route.id} {r.status}"
                        + (f" (opens {r.opens_on.isoformat()})" if r.opens_on else "")
                        for r in report.federal)
    rows = []
    for summary in report.regions:
        best = summary.best
        status = [[Span(best.status.upper(), best.status)]]
        if best.opens_on:
            status.append([Span(f"opens {best.opens_on.isoformat()}", "strong")])
        state = cell([Span(summary.region.code, "strong")], [Span(summary.region.title, "muted")],
                     [Span(f"checked {summary.region.checked.isoformat()}", "muted")])
        why: list[list[Span]] = [[Span(best.route.id, "code")], [Span(best.reason)]]
        if best.route.restrictions:
            why.append([Span("Restrictions: ", "strong"),
                        Span("; ".join(best.route.restrictions))])
        rows.append((state, cell(*status), cell(*why)))
    return (
        Heading(document_title(report) + ", state by state"),
        Paragraph(cell(f"Federal routes: {federal}.",
                       f"States: {counts} (the best route of each).")),
        TableBlock(("State", "Best", "Route and why"), tuple(rows), wide=(2,)),
        _legend(),
        Paragraph(cell(Span("One state in full: keirules routes SPEC --market "
                            f"{report.market.code} --state XX --on {report.on.isoformat()}",
                            "muted"))),
    )


@routes_outline.register
def _(report: MarketsReport) -> Outline:
    rows = []
    for market in report.markets:
        best = report.best(market)
        status = [[Span(best.status.upper(), best.status)]]
        if best.opens_on:
            status.append([Span(f"opens {best.opens_on.isoformat()}", "strong")])
        rows.append((cell([Span(market.market.code, "strong")],
                          [Span(market.market.title, "muted")]),
                     cell(*status),
                     cell([Span(best.route.id, "code")], [Span(best.route.title, "muted")]),
                     cell(best.reason)))
    return (
        Heading(document_title(report)),
        TableBlock(("Market", "Best", "Route", "Why"), tuple(rows), wide=(3,)),
        _legend(),
        Paragraph(cell(Span("Every route of one market: keirules routes SPEC --market CODE",
                            "muted"))),
    )


def inventory_outline(summary: InventorySummary, shown: list[InventoryRow]) -> Outline:
    """An inventory's summary, and the first vehicles that are not open."""
    where = summary.market + (f", {summary.region}" if summary.region else "")
    counts = TableBlock(("", "Vehicles"), tuple(
        (cell(label), cell(str(count))) for label, count in (
            ("checked", summary.rows),
            ("can come in now (a route is open)", summary.now),
            ("undetermined (inputs missing, or a route not researched)", summary.undetermined),
            ("none open now, one opens within 12 months", summary.within_year),
            ("bad rows", summary.errors),
        )))
    blocks: list[Block] = [
        Heading(f"Inventory: routes into {where} on {summary.on.isoformat()}"), counts]
    if summary.opened_by_route:
        blocks.append(TableBlock(("Route", "Open for"), tuple(
            (cell(Span(route, "code")), cell(str(count)))
            for route, count in sorted(summary.opened_by_route.items()))))
    if shown:
        rows = []
        for row in shown:
            first = row.first_opening()
            why = row.error or _route_summary(row)
            rows.append((cell(str(row.row)), cell(row.name or ""),
                         cell(Span(row.best.upper(), row.best if row.best != "error"
                                   else "closed")),
                         cell(first.isoformat() if first else ""), cell(why)))
        blocks.append(TableBlock(("Row", "Vehicle", "Best", "Opens", "Routes"), tuple(rows),
                                 wide=(4,)))
    blocks.append(Paragraph(cell(Span("Every row: --format csv or jsonl (-o FILE)", "muted"))))
    return tuple(blocks)


def regions_list_outline(regions: list[Region]) -> Outline:
    """Every region layer, with the day its law was last checked: how fresh the data is."""
    rows = []
    for region in regions:
        decided = sum(1 for r in region.routes if r.decision != "undetermined")
        rows.append((cell(Span(f"{region.market}-{region.code}", "code")), cell(region.title),
                     cell(region.checked.isoformat()),
                     cell(f"{decided} of {len(region.routes)}" if region.researched
                          else Span("not researched", "undetermined"))))
    researched = sum(1 for r in regions if r.researched)
    oldest = min((r.checked for r in regions), default=None)
    summary = (f"{len(regions)} region layers, {researched} researched; the oldest check "
               f"was on {oldest.isoformat()}." if oldest else "No region layers.")
    return (TableBlock(("Region", "Title", "Law checked", "Routes decided"), tuple(rows)),
            Paragraph(cell(summary, Span("One region in full: keirules show US-CO", "muted"))))


def region_outline(region: Region) -> Outline:
    """One region layer in full: its routes, their law and restrictions, its sources."""
    from keirules.rulesets.model import Source

    rows = []
    for route in region.routes:
        what: list[list[Span]] = [[Span(route.id, "strong")], [Span(route.title, "muted")]]
        if route.kind:
            what.append([Span(f"kind: {route.kind}", "muted")])
        decided: list[list[Span]] = []
        if route.decision:
            decided.append([Span(route.decision.upper(),
                                 "closed" if route.decision == "refused" else "undetermined")])
            decided.append([Span(route.reason or "")])
        else:
            decided.append([Span("rule sets: ", "muted"),
                            Span(", ".join(r.name for r in route.rulesets) or "none", "code")])
        if route.requires:
            decided.append([Span("requires: ", "muted"), Span(" or ".join(route.requires))])
        if route.effective_from or route.effective_until:
            span = (f"in effect {route.effective_from.isoformat() if route.effective_from else ''}"
                    f" to {route.effective_until.isoformat() if route.effective_until else ''}")
            decided.append([Span(span.replace(" to ", " to ").strip(), "muted")])
        if route.restrictions:
            decided.append([Span("Restrictions: ", "strong"),
                            Span("; ".join(route.restrictions))])
        rows.append((cell(*what), cell(*decided)))
    blocks: list[Block] = [
        Heading(f"{region.title} ({region.market}-{region.code}): law checked "
                f"{region.checked.isoformat()}"),
        TableBlock(("Route", "Decided by"), tuple(rows), wide=(1,)),
    ]
    sources = []
    for key, source in region.sources.items():
        assert isinstance(source, Source)
        basis = "; ".join(p for p in (source.instrument, source.citation) if p)
        lines: list[list[Span]] = [[Span(f"{source.title} ({key})", "strong")]]
        if basis:
            lines.append([Span(f"Legal basis: {basis}")])
        if source.url:
            lines.append([Span(source.url, "muted", source.url)])
        lines.append([Span(f"Verified: {source.verified or 'not stated'}",
                           "strong" if source.verified == "text" else "undetermined")])
        lines += [[Span(f"Evidence ({e.kind}): {e.title}", "muted", e.url)]
                  for e in source.evidence]
        sources.append(cell(*lines))
    if sources:
        blocks += [Heading("Sources", 2), Bullets(tuple(sources))]
    if region.notes:
        blocks.append(Paragraph(cell(Span(" ".join(region.notes.split()), "note"))))
    return tuple(blocks)


def _route_summary(row: InventoryRow) -> str:
    """The routes that are decided, each with its status; the undetermined ones counted."""
    decided = [f"{route} {status}" for route, status in row.statuses.items()
               if status != "undetermined"]
    waiting = sum(1 for status in row.statuses.values() if status == "undetermined")
    if waiting:
        decided.append(f"{waiting} undetermined")
    return ", ".join(decided)
