"""GitHub-flavoured Markdown for ``keirules routes``: one table row per route, then notes.

Text from specs and market files is escaped with the shared ``markup.escape``, so a
route description cannot break the table.
"""

from __future__ import annotations

from keirules.render.markup import escape
from keirules.render.markup import md_table as table
from keirules.routing import ROUTE_STATUS_MEANINGS, RouteReport

__all__ = ["routes_markdown"]

_MARK = {"open": "✅", "closed": "❌", "undetermined": "⚠️"}


def routes_markdown(report: RouteReport) -> str:
    """Every route into a market for one vehicle, as a Markdown section."""
    market = report.market
    region = f", with {escape(report.region.title)} ({escape(report.region.code)})" if (
        report.region) else ""
    counts = ", ".join(f"{report.count(s)} {s}" for s in ROUTE_STATUS_MEANINGS)
    lines = [
        f"## Routes into {escape(market.title)} ({escape(market.code)}){region}: "
        f"{escape(report.vehicle.name)} on {report.on.isoformat()}",
        "",
        f"{counts.capitalize()}.",
        "",
    ]
    rows = []
    for result in report.routes:
        status = f"{_MARK[result.status]} {result.status}"
        if not result.binding:
            status += " (not binding)"
        rows.append([
            f"**{escape(result.route.id)}**<br>{escape(result.route.title)}",
            status,
            (result.opens_on.isoformat() if result.opens_on else "") + (
                f" (possibly from {result.possibly_from.isoformat()})"
                if result.possibly_from else ""),
            "<br>".join(escape(name) for name in result.ruleset_names),
            escape(result.reason) + _extra(result.route.restrictions, result.route.requires),
        ])
    lines += table(["Route", "Status", "Opens on", "Rule sets", "Why"], rows)
    lines += [""]
    lines += [f"- **{status}**: {escape(meaning)}"
              for status, meaning in ROUTE_STATUS_MEANINGS.items()]
    lines += [""]
    for result in report.routes:
        lines.append(f"- **{escape(result.route.id)}**: {escape(result.route.description)}")
        for note in (result.route.notes, *result.all_notes):
            if note:
                lines.append(f"  - Note: {escape(' '.join(note.split()))}")
    if market.notes:
        lines += ["", f"Note: {escape(' '.join(market.notes.split()))}"]
    if report.region is not None:
        lines += ["", f"{escape(report.region.title)}'s law was last checked on "
                  f"{report.region.checked.isoformat()}."]
    return "\n".join(lines).rstrip("\n") + "\n"


def _extra(restrictions: tuple[str, ...], requires: tuple[str, ...]) -> str:
    text = ""
    if restrictions:
        text += "<br>**Restrictions:** " + escape("; ".join(restrictions))
    if requires:
        text += "<br>Requires: " + escape(" or ".join(requires))
    return text
