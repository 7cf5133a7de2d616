"""The route documents as outlines: one vehicle's routes into a market (with a region layer),
every region of a market, and several markets side by side.

The terminal, Markdown and HTML all render these outlines, so a phrase is written once.
"""

from __future__ import annotations

from functools import singledispatch

from keirules.render.outline import (
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

__all__ = ["document_title", "routes_outline"]


def _status(result: RouteResult) -> Cell:
    lines: list[list[Span]] = [[Span(result.status.upper(), result.status)]]
    if result.opens_on:
        lines.append([Span(f"opens {result.opens_on.isoformat()}", "strong")])
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


@routes_outline.register
def _(report: RouteReport) -> Outline:
    counts = ", ".join(f"{report.count(s)} {s}" for s in ROUTE_STATUS_MEANINGS)
    heading = document_title(report)
    if report.region is not None:
        heading += f", with {report.region.title} ({report.region.code})"
    blocks: list[Heading | Paragraph | TableBlock | Bullets] = [
        Heading(heading), Paragraph(cell(f"{counts.capitalize()}.")),
        TableBlock(("Route (rule sets)", "Status", "Why"),
                   tuple((_route_cell(r), _status(r), _why(r)) for r in report.routes),
                   wide=(2,)),
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
