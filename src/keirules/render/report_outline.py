"""A report as an outline, and the pieces the analysis outlines share with it (a rule's cell,
a rule set's line, a verdict badge).

Every format renders a report from here (the terminal through ``outline_rich``, Markdown and
HTML through their backends), so each phrase (the verdict line, the sections, a rule set's
line, a source) is written once. It imports no analysis module, so ``keirules check`` loads
none; ``render/documents.py`` picks the outline of each document.
"""

from __future__ import annotations

from keirules.render.cells import (
    STATUS_WORDS,
    VERDICTS,
    WARNINGS_HEADING,
    counts_text,
    limit_text,
    margin_text,
    measured_text,
    ruleset_dates,
    source_numbers,
    status_key,
    unknown_heading,
)
from keirules.render.outline import (
    Block,
    Bullets,
    Cell,
    Heading,
    Headline,
    Outline,
    Paragraph,
    Span,
    TableBlock,
    cell,
)
from keirules.report import Report, RuleResult
from keirules.rulesets.model import Rule, RuleSet
from keirules.vocabulary import Severity

__all__ = ["report_outline", "report_title", "rule_cell", "ruleset_line", "verdict_span"]


def verdict_span(verdict: str) -> Span:
    return Span(VERDICTS[verdict][0], f"verdict-{verdict}")


def report_title(report: Report) -> str:
    """A report's plain title (an HTML page's)."""
    return f"{VERDICTS[report.verdict][0]}: {report.vehicle.name} under {report.ruleset.name}"


def report_outline(report: Report) -> Outline:
    """A report: its verdict line, one row per rule, failures, warnings, unknowns, sources."""
    ruleset = report.ruleset
    meaning = VERDICTS[report.verdict][1]
    sources = source_numbers(ruleset)
    blocks: list[Block] = [
        Headline(verdict_span(report.verdict), (
            Span(report.vehicle.name), Span(" under "), Span(ruleset.name),
            Span(f" on {report.on.isoformat()}"))),
        Paragraph(cell(f"{meaning.capitalize()}. {counts_text(report)}")),
        TableBlock(("Rule", "Measured", "Limit", "Margin", "Status", "Source"), tuple(
            (_result_cell(r), cell(measured_text(r)), cell(limit_text(r)),
             cell(margin_text(r)), _status(r), _source_ref(sources[r.rule.source.key]))
            for r in report.results), numeric=(1, 2, 3), keep=(0, 4, 5)),
    ]
    blocks += _section("Failures", report.failures)
    blocks += _section(WARNINGS_HEADING, report.warnings)
    blocks += _section(unknown_heading(report), report.unknown)
    blocks += [Paragraph(cell(Span(f"Note: {note}", "note"))) for note in report.notes]
    blocks += [Paragraph(ruleset_line(ruleset)), Heading("Sources", 3),
               Bullets(tuple(_source(ruleset, key) for key in sources), ordered=True,
                       anchor="src")]
    if ruleset.notes:
        blocks.append(Paragraph(cell(Span(
            f"This rule set has notes on its sources: keirules show {ruleset.name}"
            if ruleset.builtin else f"This rule set has notes: keirules show {ruleset.file}",
            "muted"))))
    return tuple(blocks)


def rule_cell(rule: Rule, title: bool = True) -> Cell:
    """A rule's id, its severity when not legal, and (a detail) its title."""
    spans = [Span(rule.id, "key")]
    if rule.severity is not Severity.LEGAL:
        spans.append(Span(f" ({rule.severity})", "qualifier"))
    return cell(spans, *([Span(rule.title, "detail")] if title else []))


def _result_cell(result: RuleResult) -> Cell:
    return rule_cell(result.rule)


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


def ruleset_line(ruleset: RuleSet) -> Cell:
    """'Rule set NAME: title (status, dates), extends ...' and its sha256."""
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
