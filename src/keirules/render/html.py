"""One self-contained HTML page per document: inline styles, no scripts, nothing fetched.

The page reads on screen and on paper (a print style drops the backgrounds but keeps the
verdict words), every text from a spec or rule set is escaped, and only ``http(s)`` source
addresses become links.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
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
from keirules.report import Report, RuleResult
from keirules.rulesets.model import RuleSet

__all__ = ["esc", "html_sections", "page", "render_html", "table"]

_STYLE = """
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans JP",
       sans-serif; color: #1f2328; max-width: 72rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.35rem; margin: 0 0 .4rem; }
h2 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: .3rem; color: #fff;
         font-weight: 700; letter-spacing: .03em; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
.badge.incomplete { background: #bf8700; color: #1f2328; }
.s-pass { color: var(--pass); } .s-fail { color: var(--fail); font-weight: 700; }
.s-warning { color: var(--warn); font-weight: 700; } .s-unknown { color: var(--warn); }
.s-not_applicable, .muted, .detail { color: var(--muted); }
.cell-pass { background: #dafbe1; } .cell-fail { background: #ffebe9; }
.cell-incomplete { background: #fff8c5; }
.c-added { color: var(--pass); font-weight: 600; } .c-removed { color: var(--fail);
  font-weight: 600; } .c-changed { color: var(--warn); font-weight: 700; }
.c-same { color: var(--muted); }
.detail { font-size: .85em; display: block; }
code { font-size: .85em; word-break: break-all; }
ol.sources li { margin-bottom: .3rem; }
footer { margin-top: 2rem; font-size: .8rem; color: var(--muted); }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .badge { color: #000; border: 1.5px solid #000; background: none !important; }
  .cell-pass, .cell-fail, .cell-incomplete { background: none; }
  a { color: inherit; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em;
                           word-break: break-all; }
  tr { break-inside: avoid; }
}
"""


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def page(title: str, body: Iterable[str]) -> str:
    """A complete HTML document with the shared style sheet inlined."""
    from keirules.version import __version__

    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<footer>Made by keirules {esc(__version__)}.</footer>\n</body>\n</html>\n"
    )


#: A cell: its HTML (already escaped), or (CSS class, HTML) for a cell styled as a whole.
Cell = str | tuple[str, str]


def table(header: Sequence[str], rows: Iterable[Sequence[Cell]],
          numeric: Sequence[int] = ()) -> str:
    """An HTML table; ``numeric`` columns align right."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            css, content = cell if isinstance(cell, tuple) else ("num" if i in numeric else "",
                                                                 cell)
            cells.append(f"<td class=\"{css}\">{content}</td>" if css else f"<td>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body)
            + "\n</tbody>\n</table>")


def render_html(document: Any) -> str:
    """A report, matrix, timeline, diff or route document as one self-contained HTML page."""
    return page(*html_sections(document))


def html_sections(document: Any) -> tuple[str, list[str]]:
    """A document's title and the HTML of its sections, for a page of one's own."""
    renderers: dict[type, Callable[[Any], tuple[str, list[str]]]] = {
        Report: _report, Matrix: _matrix, Timeline: _timeline, Diff: _diff,
    }
    for kind, render in renderers.items():
        if isinstance(document, kind):
            return render(document)
    from keirules.routing import MarketsReport, RegionsReport, RouteReport  # only routes

    if isinstance(document, RouteReport | RegionsReport | MarketsReport):
        from keirules.render.outline import outline_html_body
        from keirules.render.routes_outline import document_title, routes_outline

        return document_title(document), outline_html_body(routes_outline(document))
    from keirules.errors import UsageError

    raise UsageError(f"no HTML renderer for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline, Diff or RouteReport")


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
