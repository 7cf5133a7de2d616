"""One self-contained HTML page per document: inline styles, no scripts, nothing fetched.

The page reads on screen and on paper (a print style drops the backgrounds but keeps the
verdict words), every text from a spec or rule set is escaped, and only ``http(s)`` source
addresses become links.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from keirules.analysis import Diff, Matrix, Timeline
from keirules.render.cells import (
    STATUS_WORDS,
    VERDICTS,
    cell_detail,
    delta_text,
    limit_text,
    margin_text,
    measured_text,
    qualified_text,
    rule_limit_text,
    ruleset_dates,
    source_numbers,
    status_key,
    timeline_failures,
    unknown_heading,
)
from keirules.render.markup import HtmlCell as Cell
from keirules.render.markup import esc, page
from keirules.render.markup import html_table as table
from keirules.report import Report, RuleResult
from keirules.rulesets.model import RuleSet

__all__ = ["esc", "html_sections", "page", "render_html", "table"]

def render_html(document: Any) -> str:
    """A report, matrix, timeline, diff or route document as one self-contained HTML page."""
    return page(*html_sections(document))


@singledispatch
def html_sections(document: object) -> tuple[str, list[str]]:
    """A document's title and the HTML of its sections, for a page of one's own: picked by
    the document's class (``register`` adds one)."""
    if _register_routes():
        return html_sections(document)
    from keirules.errors import UsageError

    raise UsageError(f"no HTML renderer for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline, Diff or RouteReport")


def _register_routes() -> bool:
    """Register the route documents' renderer the first time one is asked for (the route
    modules stay unloaded for every other document); False once it is."""
    from keirules.routing import MarketsReport, RegionsReport, RouteReport

    if RouteReport in html_sections.registry:
        return False
    from keirules.render.outline import outline_html_body
    from keirules.render.routes_outline import document_title, routes_outline

    for kind in (RouteReport, RegionsReport, MarketsReport):
        html_sections.register(
            kind, lambda document: (document_title(document),
                                    outline_html_body(routes_outline(document))))
    return True


def _badge(verdict: str) -> str:
    return f"<span class=\"badge {verdict}\">{VERDICTS[verdict][0]}</span>"


def _report(report: Report) -> tuple[str, list[str]]:
    ruleset = report.ruleset
    label, meaning = VERDICTS[report.verdict]
    counts = report.summary
    sources = source_numbers(ruleset)
    title = f"{label}: {report.vehicle.name} under {ruleset.name}"
    body = [
        f"<h1>{_badge(report.verdict)} {esc(report.vehicle.name)} under "
        f"{esc(ruleset.name)} on {report.on.isoformat()}</h1>",
        f"<p>{esc(meaning.capitalize())}. {counts['pass']} passed, {counts['fail']} failed, "
        f"{counts['unknown']} unknown, {counts['not_applicable']} not applicable, "
        f"{counts['warnings']} warning(s).</p>",
    ]
    rows = [[_rule_cell(r), esc(measured_text(r)), esc(limit_text(r)), esc(margin_text(r)),
             _status(r), f"<a href=\"#src-{sources[r.rule.source.key]}\">"
             f"[{sources[r.rule.source.key]}]</a>"]
            for r in report.results]
    body.append(table(["Rule", "Measured", "Limit", "Margin", "Status", "Source"], rows,
                      numeric=(1, 2, 3)))
    body += _section("Failures", report.failures)
    body += _section("Warnings (voluntary or advisory rules; they do not decide the verdict)",
                     report.warnings)
    body += _section(unknown_heading(report), report.unknown)
    body += [f"<p class=\"muted\">Note: {esc(note)}</p>" for note in report.notes]
    body += [f"<p>{_ruleset_line(ruleset)}</p>", "<h2>Sources</h2>", "<ol class=\"sources\">"]
    body += [f"<li id=\"src-{number}\">{_source(ruleset, key)}</li>"
             for key, number in sources.items()]
    body.append("</ol>")
    return title, body


def _rule_cell(result: RuleResult) -> str:
    rule = result.rule
    text = f"<strong>{esc(rule.id)}</strong><span class=\"detail\">{esc(rule.title)}"
    if rule.severity != "legal":
        text += f" ({esc(rule.severity)})"
    return text + "</span>"


def _status(result: RuleResult) -> str:
    key = status_key(result)
    return f"<span class=\"s-{key}\">{STATUS_WORDS[key]}</span>"


def _section(title: str, results: list[RuleResult]) -> list[str]:
    if not results:
        return []
    items = "".join(f"<li>{esc(r.rule.title)} (<code>{esc(r.rule.id)}</code>): "
                    f"{esc(r.reason)}</li>" for r in results)
    return [f"<h2>{esc(title)}</h2>", f"<ul>{items}</ul>"]


def _ruleset_line(ruleset: RuleSet) -> str:
    text = (f"Rule set <strong>{esc(ruleset.name)}</strong>: {esc(ruleset.title)} "
            f"({esc(ruleset.status.replace('_', ' '))}, {ruleset_dates(ruleset)})")
    if ruleset.extends:
        text += f", extends {esc(ruleset.extends)}"
    if not ruleset.builtin and ruleset.file:
        text += f", from <code>{esc(ruleset.file)}</code>"
    return text + f"<br><span class=\"muted\">sha256 <code>{ruleset.sha256}</code></span>"


def _source(ruleset: RuleSet, key: str) -> str:
    source = next(r.source for r in ruleset.rules if r.source.key == key)
    if source.url and source.url.startswith(("https://", "http://")):
        return f"<a href=\"{esc(source.url)}\">{esc(source.title)}</a>"
    return esc(source.title) + (f" ({esc(source.url)})" if source.url else "")


def _verdict_cell(verdict: str, detail: list[str]) -> Cell:
    extra = f"<span class=\"detail\">{esc(', '.join(detail))}</span>" if detail else ""
    return (f"cell-{verdict}", _badge(verdict) + extra)


def _matrix(matrix: Matrix) -> tuple[str, list[str]]:
    header = ["Vehicle", *(esc(rs.name) for rs in matrix.rulesets)]
    rows: list[list[Cell]] = []
    for i, vehicle in enumerate(matrix.vehicles):
        cells: list[Cell] = [f"<strong>{esc(vehicle.name)}</strong>"]
        for j in range(len(matrix.rulesets)):
            report = matrix.cell(i, j)
            cells.append(_verdict_cell(report.verdict, cell_detail(report, matrix.on is None)))
        rows.append(cells)
    legend = "".join(
        f"<li><strong>{esc(rs.name)}</strong>: {esc(rs.title)} ({ruleset_dates(rs)})"
        + (f", extends {esc(rs.extends)}" if rs.extends else "") + "</li>"
        for rs in matrix.rulesets)
    body = [f"<h1>Verdicts {esc(matrix.when)}</h1>", table(header, rows),
            "<p class=\"muted\">Cells list the legal rules that failed (or, for incomplete, "
            "the inputs missing: '?').</p>", "<h2>Rule sets</h2>", f"<ul>{legend}</ul>"]
    return f"Verdicts {matrix.when}", body


def _timeline(timeline: Timeline) -> tuple[str, list[str]]:
    rows: list[list[Cell]] = []
    for period in timeline.periods:
        failed = "<br>".join(esc(line) for line in timeline_failures(period.report))
        rows.append([esc(period.ruleset.name), period.start.isoformat(),
                     period.end.isoformat() if period.end else "today",
                     _verdict_cell(period.verdict, []), failed])
    title = f"{timeline.vehicle.name} under every version of {timeline.family}"
    body = [f"<h1>{esc(title)}</h1>", f"<p><strong>{esc(qualified_text(timeline))}"
            "</strong></p>",
            table(["Version", "From", "Until", "Verdict", "What failed (margin)"], rows)]
    return title, body


def _diff(diff: Diff) -> tuple[str, list[str]]:
    rows = [[f"<strong>{esc(c.rule)}</strong>", f"<span class=\"c-{c.change}\">{c.change}</span>",
             esc(rule_limit_text(c.old)), esc(rule_limit_text(c.new)), esc(delta_text(c))]
            for c in diff.changes]
    title = f"{diff.old.name} → {diff.new.name}"
    body = [f"<h1>{esc(title)}</h1>",
            table(["Rule", "Change", "Old", "New", "Difference"], rows, numeric=(4,))]
    restated = [c.rule for c in diff.changes if c.source_changed]
    if restated:
        body.append(f"<p class=\"muted\">Cited from a different source in {esc(diff.new.name)}:"
                    f" {esc(', '.join(restated))}.</p>")
    body += [f"<p>{_ruleset_line(diff.old)}</p>", f"<p>{_ruleset_line(diff.new)}</p>"]
    return title, body


html_sections.register(Report, _report)
html_sections.register(Matrix, _matrix)
html_sections.register(Timeline, _timeline)
html_sections.register(Diff, _diff)
