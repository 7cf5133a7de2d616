"""The checking documents as outlines: a report, a compare matrix, a timeline and a diff.

Markdown and HTML both render these (``outline_markdown``, ``outline_html_body``), so each
phrase (a report's verdict line, its sections, a rule set's line, a source, a matrix's legend)
is written once. The terminal keeps its own tables in ``render/table.py`` for now: their
width-fitting layout (a matrix that turns when too wide) is not yet expressed in the outline.
"""

from __future__ import annotations

from functools import singledispatch

from keirules.analysis import Diff, Matrix, Timeline
from keirules.render.cells import (
    STATUS_WORDS,
    VERDICTS,
    WARNINGS_HEADING,
    cell_detail,
    counts_text,
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
from keirules.render.outline import (
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
from keirules.report import Report, RuleResult
from keirules.rulesets.model import RuleSet
from keirules.vocabulary import Severity

__all__ = ["document_outline", "document_title"]

@singledispatch
def document_outline(document: object) -> Outline:
    """A report, matrix, timeline or diff as an outline."""
    from keirules.errors import UsageError

    raise UsageError(f"no outline for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline or Diff")


@singledispatch
def document_title(document: object) -> str:
    """The plain title of a document (an HTML page's)."""
    raise TypeError(type(document).__name__)


def _verdict(verdict: str) -> Span:
    return Span(VERDICTS[verdict][0], f"verdict-{verdict}")


# -- report ----------------------------------------------------------------------------------


@document_title.register
def _report_title(report: Report) -> str:
    return f"{VERDICTS[report.verdict][0]}: {report.vehicle.name} under {report.ruleset.name}"


@document_outline.register
def _report(report: Report) -> Outline:
    ruleset = report.ruleset
    meaning = VERDICTS[report.verdict][1]
    sources = source_numbers(ruleset)
    blocks: list[Block] = [
        Heading(_report_title(report) + f" on {report.on.isoformat()}", spans=(
            _verdict(report.verdict),
            Span(f": {report.vehicle.name} under {ruleset.name} on {report.on.isoformat()}"))),
        Paragraph(cell(f"{meaning.capitalize()}. {counts_text(report)}")),
        TableBlock(("Rule", "Measured", "Limit", "Margin", "Status", "Source"), tuple(
            (_rule_cell(r), cell(measured_text(r)), cell(limit_text(r)), cell(margin_text(r)),
             _status(r), _source_ref(sources[r.rule.source.key]))
            for r in report.results), numeric=(1, 2, 3)),
    ]
    blocks += _section("Failures", report.failures)
    blocks += _section(WARNINGS_HEADING, report.warnings)
    blocks += _section(unknown_heading(report), report.unknown)
    blocks += [Paragraph(cell(Span(f"Note: {note}", "note"))) for note in report.notes]
    blocks += [Paragraph(_ruleset_line(ruleset)), Heading("Sources", 3),
               Bullets(tuple(_source(ruleset, key) for key in sources), ordered=True,
                       anchor="src")]
    return tuple(blocks)


def _rule_cell(result: RuleResult) -> Cell:
    rule = result.rule
    severity = "" if rule.severity is Severity.LEGAL else f" ({rule.severity})"
    return cell(Span(rule.id + severity, "key"), Span(rule.title, "detail"))


def _status(result: RuleResult) -> Cell:
    key = status_key(result)
    return cell(Span(STATUS_WORDS[key], f"status-{key}"))


def _source_ref(number: int) -> Cell:
    return cell(Span(f"[{number}]", "ref", href=f"#src-{number}"))


def _section(title: str, results: list[RuleResult]) -> list[Block]:
    if not results:
        return []
    return [Heading(title, 3), Bullets(tuple(
        cell([Span(f"{r.rule.title} ("), Span(r.rule.id, "code"), Span(f"): {r.reason}")])
        for r in results))]


def _ruleset_line(ruleset: RuleSet) -> Cell:
    first = [Span("Rule set "), Span(ruleset.name, "strong"),
             Span(f": {ruleset.title} ({ruleset.status.replace('_', ' ')}, "
                  f"{ruleset_dates(ruleset)})")]
    if ruleset.extends:
        first.append(Span(f", extends {ruleset.extends}"))
    if not ruleset.builtin and ruleset.file:
        first += [Span(", from "), Span(ruleset.file, "code")]
    return cell(first, [Span("sha256 ", "muted"), Span(ruleset.sha256, "code")])


def _source(ruleset: RuleSet, key: str) -> Cell:
    source = next(r.source for r in ruleset.rules if r.source.key == key)
    if source.url and source.url.startswith(("https://", "http://")) and not any(
            c.isspace() for c in source.url):
        return cell(Span(source.title, href=source.url))
    return cell(source.title + (f" ({source.url})" if source.url else ""))


# -- compare, timeline, diff -----------------------------------------------------------------


@document_title.register
def _matrix_title(matrix: Matrix) -> str:
    return f"Verdicts {matrix.when}"


@document_outline.register
def _matrix(matrix: Matrix) -> Outline:
    rows = []
    for i, vehicle in enumerate(matrix.vehicles):
        cells = [cell(Span(vehicle.name, "key"))]
        for j in range(len(matrix.rulesets)):
            report = matrix.cell(i, j)
            detail = cell_detail(report, matrix.on is None)
            cells.append(cell([_verdict(report.verdict)], *(
                [Span(", ".join(detail), "muted")] if detail else [])))
        rows.append(tuple(cells))
    legend = tuple(
        cell([Span(rs.name, "strong"), Span(f": {rs.title} ({ruleset_dates(rs)})"
                                            + (f", extends {rs.extends}" if rs.extends else ""))])
        for rs in matrix.rulesets)
    return (Heading(_matrix_title(matrix)),
            TableBlock(("Vehicle", *(rs.name for rs in matrix.rulesets)), tuple(rows)),
            Paragraph(cell(Span("Cells list the legal rules that failed (or, for incomplete, "
                                "the inputs missing: '?').", "muted"))),
            Heading("Rule sets", 3), Bullets(legend))


@document_title.register
def _timeline_title(timeline: Timeline) -> str:
    return f"{timeline.vehicle.name} under every version of {timeline.family}"


@document_outline.register
def _timeline(timeline: Timeline) -> Outline:
    rows = tuple(
        (cell(period.ruleset.name), cell(period.start.isoformat()),
         cell(period.end.isoformat() if period.end else "today"),
         cell(_verdict(period.verdict)), cell(*timeline_failures(period.report)))
        for period in timeline.periods)
    return (Heading(_timeline_title(timeline)),
            Paragraph(cell(Span(qualified_text(timeline), "strong"))),
            TableBlock(("Version", "From", "Until", "Verdict", "What failed (margin)"), rows))


@document_title.register
def _diff_title(diff: Diff) -> str:
    return f"{diff.old.name} → {diff.new.name}"


@document_outline.register
def _diff(diff: Diff) -> Outline:
    rows = tuple(
        (cell(Span(c.rule, "key")), cell(Span(c.change, f"change-{c.change}")),
         cell(rule_limit_text(c.old)), cell(rule_limit_text(c.new)), cell(delta_text(c)))
        for c in diff.changes)
    blocks: list[Block] = [
        Heading(_diff_title(diff)),
        TableBlock(("Rule", "Change", "Old", "New", "Difference"), rows, numeric=(4,)),
    ]
    restated = [c.rule for c in diff.changes if c.source_changed]
    if restated:
        blocks.append(Paragraph(cell(Span(
            f"Cited from a different source in {diff.new.name}: {', '.join(restated)}.",
            "muted"))))
    blocks.append(Bullets((_ruleset_line(diff.old), _ruleset_line(diff.new))))
    return tuple(blocks)
