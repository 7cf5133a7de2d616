"""The analysis documents as outlines: a compare matrix, a timeline and a diff (a report's is
in ``render/report_outline.py``).

Every format renders these: the terminal through ``outline_rich``, Markdown and HTML through
their backends, so each phrase (a matrix's legend, a rule set's line) is written once. A matrix
too wide for the terminal has its other shapes here, as data: turned (rule sets down) when
there are fewer vehicles than rule sets, else one table per rule set.
"""

from __future__ import annotations

from keirules.analysis import Diff, Matrix, Timeline
from keirules.render.cells import (
    cell_detail,
    delta_text,
    qualified_text,
    rule_limit_text,
    ruleset_dates,
    timeline_failures,
)
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
from keirules.render.report_outline import ruleset_line, verdict_span

__all__ = ["diff_outline", "diff_title", "matrix_outline", "matrix_title", "timeline_outline",
           "timeline_title"]


def matrix_title(matrix: Matrix) -> str:
    return f"Verdicts {matrix.when}"


def _verdict_cell(matrix: Matrix, i: int, j: int, inline: bool = False) -> Cell:
    """The verdict, and the rules that failed (or the inputs missing) under it, or after it
    (``inline``)."""
    report = matrix.cell(i, j)
    detail = ", ".join(cell_detail(report, matrix.on is None))
    if inline:
        return cell([verdict_span(report.verdict), *(
            [Span(f": {detail}", "muted")] if detail else [])])
    return cell([verdict_span(report.verdict)], *([Span(detail, "muted")] if detail else []))


#: A matrix's legend, under its table (or its last one).
_LEGEND = cell(Span("Cells list the legal rules that failed (or, for incomplete, the inputs "
                    "missing: '?').", "muted"))


def _matrix_shapes(matrix: Matrix) -> tuple[Outline, ...]:
    vehicles = range(len(matrix.vehicles))
    rulesets = range(len(matrix.rulesets))
    across = (TableBlock(("Vehicle", *(rs.name for rs in matrix.rulesets)), tuple(
        (cell(Span(vehicle.name, "key")), *(_verdict_cell(matrix, i, j) for j in rulesets))
        for i, vehicle in enumerate(matrix.vehicles)), note=_LEGEND),)
    shapes: list[Outline] = [across]
    if len(matrix.vehicles) < len(matrix.rulesets):
        shapes.append((TableBlock(("Rule set", *(v.name for v in matrix.vehicles)), tuple(
            (cell(Span(ruleset.name, "code")), *(_verdict_cell(matrix, i, j) for i in vehicles))
            for j, ruleset in enumerate(matrix.rulesets)), note=_LEGEND),))
    blocks: list[Block] = []
    for j, ruleset in enumerate(matrix.rulesets):
        blocks += [Heading(ruleset.name, 2),
                   TableBlock(("Vehicle", "Verdict (failed rules, or ? missing inputs)"), tuple(
                       (cell(Span(vehicle.name, "key")), _verdict_cell(matrix, i, j, True))
                       for i, vehicle in enumerate(matrix.vehicles)),
                       note=_LEGEND if j == len(matrix.rulesets) - 1 else ())]
    shapes.append(tuple(blocks))
    return tuple(shapes)


def matrix_outline(matrix: Matrix) -> Outline:
    legend = tuple(
        cell([Span(rs.name, "strong"), Span(
            f" = {rs.title}" + (f", extends {rs.extends}" if rs.extends else "")
            + f"; {ruleset_dates(rs)}")])
        for rs in matrix.rulesets)
    return (Heading(matrix_title(matrix)),
            Alternatives(_matrix_shapes(matrix)), Heading("Rule sets", 3), Bullets(legend))


def timeline_title(timeline: Timeline) -> str:
    return f"{timeline.vehicle.name} under every version of {timeline.family}"


def timeline_outline(timeline: Timeline) -> Outline:
    rows = tuple(
        (cell(period.ruleset.name), cell(period.start.isoformat()),
         cell(period.end.isoformat() if period.end else "today"),
         cell(verdict_span(period.verdict)), cell(*timeline_failures(period.report)))
        for period in timeline.periods)
    return (Heading(timeline_title(timeline), page=True),
            Paragraph(cell(Span(qualified_text(timeline), "strong"))),
            TableBlock(("Version", "From", "Until", "Verdict", "What failed (margin)"), rows,
                       keep=(0, 1, 2, 3)))


def diff_title(diff: Diff) -> str:
    return f"{diff.old.name} -> {diff.new.name}"


def diff_outline(diff: Diff) -> Outline:
    rows = tuple(
        (cell(Span(c.rule, "key")), cell(Span(c.change, f"change-{c.change}")),
         cell(rule_limit_text(c.old)), cell(rule_limit_text(c.new)), cell(delta_text(c)))
        for c in diff.changes)
    restated = [c.rule for c in diff.changes if c.source_changed]
    note = cell(Span(f"Cited from a different source in {diff.new.name}: "
                     f"{', '.join(restated)}.", "muted")) if restated else ()
    return (Heading(diff_title(diff)),
            TableBlock(("Rule", "Change", "Old", "New", "Difference"), rows, keep=(1,),
                       note=note),
            Bullets((ruleset_line(diff.old), ruleset_line(diff.new))))
