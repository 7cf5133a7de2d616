"""GitHub-flavoured Markdown for pasting reports, matrices, timelines and diffs into documents.

Every piece of text that comes from a spec or a rule set is escaped, so a vehicle called
``A|B *x*`` cannot break a table or turn into emphasis; cells never hold a raw newline.
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
from keirules.render.markup import escape
from keirules.render.markup import md_table as table
from keirules.report import Report, RuleResult
from keirules.rulesets.model import RuleSet

__all__ = ["escape", "markdown_lines", "render_markdown", "table"]

_VERDICT_MARK = {"pass": "✅", "fail": "❌", "incomplete": "⚠️"}
def render_markdown(document: Any) -> str:
    """A report, matrix, timeline, diff or route document as Markdown."""
    return "\n".join(markdown_lines(document)).rstrip("\n") + "\n"


@singledispatch
def markdown_lines(document: object) -> list[str]:
    """A document's Markdown lines: picked by the document's class (``register`` adds one)."""
    if _register_routes():
        return markdown_lines(document)
    from keirules.errors import UsageError

    raise UsageError(f"no Markdown renderer for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline, Diff or RouteReport")


def _register_routes() -> bool:
    """Register the route documents' renderers the first time one is asked for (the route
    modules stay unloaded for every other document); False once they are."""
    from keirules.routing import MarketsReport, RegionsReport, RouteReport

    if RouteReport in markdown_lines.registry:
        return False
    from keirules.render.outline import outline_markdown
    from keirules.render.routes_md import routes_markdown
    from keirules.render.routes_outline import routes_outline

    markdown_lines.register(RouteReport, lambda report: routes_markdown(report).split("\n"))
    for kind in (RegionsReport, MarketsReport):
        markdown_lines.register(
            kind, lambda report: outline_markdown(routes_outline(report)).split("\n"))
    return True


def _report(report: Report) -> list[str]:
    ruleset = report.ruleset
    label, meaning = VERDICTS[report.verdict]
    counts = report.summary
    sources = source_numbers(ruleset)
    lines = [
        f"## {_VERDICT_MARK[report.verdict]} {label}: {escape(report.vehicle.name)} under "
        f"{escape(ruleset.name)} on {report.on.isoformat()}",
        "",
        f"{meaning.capitalize()}. {counts['pass']} passed, {counts['fail']} failed, "
        f"{counts['unknown']} unknown, {counts['not_applicable']} not applicable, "
        f"{counts['warnings']} warning(s).",
        "",
    ]
    rows = [[escape(_rule_label(r)), escape(measured_text(r)), escape(limit_text(r)),
             escape(margin_text(r)), _status(r), f"[{sources[r.rule.source.key]}]"]
            for r in report.results]
    lines += table(["Rule", "Measured", "Limit", "Margin", "Status", "Source"], rows, "lrrrll")
    lines += _section("Failures", report.failures)
    lines += _section("Warnings (voluntary or advisory rules; they do not decide the verdict)",
                      report.warnings)
    lines += _section(unknown_heading(report), report.unknown)
    if report.notes:
        lines += ["", *(f"> Note: {escape(note)}" for note in report.notes)]
    lines += ["", _ruleset_line(ruleset), "", "Sources:", ""]
    lines += [f"{number}. {_source(ruleset, key)}" for key, number in sources.items()]
    return lines


def _rule_label(result: RuleResult) -> str:
    rule = result.rule
    return rule.id if rule.severity == "legal" else f"{rule.id} ({rule.severity})"


def _status(result: RuleResult) -> str:
    key = status_key(result)
    word = STATUS_WORDS[key]
    return f"**{word}**" if key in ("fail", "warning") else word


def _section(title: str, results: list[RuleResult]) -> list[str]:
    if not results:
        return []
    return ["", f"**{title}:**", "",
            *(f"- {escape(r.rule.title)} (`{r.rule.id}`): {escape(r.reason)}" for r in results)]


def _ruleset_line(ruleset: RuleSet) -> str:
    text = (f"Rule set **{escape(ruleset.name)}**: {escape(ruleset.title)} "
            f"({ruleset.status.replace('_', ' ')}, {ruleset_dates(ruleset)})")
    if ruleset.extends:
        text += f", extends {escape(ruleset.extends)}"
    if not ruleset.builtin and ruleset.file:
        text += f", from `{ruleset.file.replace('`', '')}`"
    return text + f"; sha256 `{ruleset.sha256}`"


def _source(ruleset: RuleSet, key: str) -> str:
    source = next(r.source for r in ruleset.rules if r.source.key == key)
    title = escape(source.title)
    if source.url and _is_web_url(source.url):
        return f"[{title}](<{source.url.replace('>', '%3E')}>)"
    return title + (f" ({escape(source.url)})" if source.url else "")


def _is_web_url(url: str) -> bool:
    return url.startswith(("https://", "http://")) and not any(c.isspace() for c in url)


def _matrix(matrix: Matrix) -> list[str]:
    lines = [f"## Verdicts {matrix.when}", ""]
    header = ["Vehicle", *(escape(rs.name) for rs in matrix.rulesets)]
    rows = []
    for i, vehicle in enumerate(matrix.vehicles):
        cells = [escape(vehicle.name)]
        for j in range(len(matrix.rulesets)):
            report = matrix.cell(i, j)
            cell = f"{_VERDICT_MARK[report.verdict]} {report.verdict}"
            detail = cell_detail(report, matrix.on is None)
            if detail:
                cell += ": " + escape(", ".join(detail))
            cells.append(cell)
        rows.append(cells)
    lines += table(header, rows)
    lines += ["", "Cells list the legal rules that failed (or, for incomplete, the inputs "
              "missing: '?'). Rule sets:", ""]
    lines += [f"- **{escape(rs.name)}**: {escape(rs.title)} ({ruleset_dates(rs)})"
              + (f", extends {escape(rs.extends)}" if rs.extends else "")
              for rs in matrix.rulesets]
    return lines


def _timeline(timeline: Timeline) -> list[str]:
    lines = [f"## {escape(timeline.vehicle.name)} under every version of "
             f"{escape(timeline.family)}", "", f"**{escape(qualified_text(timeline))}**", ""]
    rows = []
    for period in timeline.periods:
        verdict = f"{_VERDICT_MARK[period.verdict]} {period.verdict}"
        rows.append([escape(period.ruleset.name), period.start.isoformat(),
                     period.end.isoformat() if period.end else "today", verdict,
                     escape("\n".join(timeline_failures(period.report)))])
    lines += table(["Version", "From", "Until", "Verdict", "What failed (margin)"], rows)
    return lines


def _diff(diff: Diff) -> list[str]:
    lines = [f"## {escape(diff.old.name)} → {escape(diff.new.name)}", ""]
    rows = [[escape(c.rule), f"**{c.change}**" if c.change != "same" else c.change,
             escape(rule_limit_text(c.old)), escape(rule_limit_text(c.new)),
             escape(delta_text(c))] for c in diff.changes]
    lines += table(["Rule", "Change", "Old", "New", "Difference"], rows, "lllll")
    restated = [c.rule for c in diff.changes if c.source_changed]
    if restated:
        lines += ["", f"Cited from a different source in {escape(diff.new.name)}: "
                  + escape(", ".join(restated)) + "."]
    lines += ["", f"- {_ruleset_line(diff.old)}", f"- {_ruleset_line(diff.new)}"]
    return lines


markdown_lines.register(Report, _report)
markdown_lines.register(Matrix, _matrix)
markdown_lines.register(Timeline, _timeline)
markdown_lines.register(Diff, _diff)
