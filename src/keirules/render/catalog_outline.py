"""A catalog's summary as an outline: rows by verdict, the most common failures, first bad rows.

The terminal shows it through the rich backend (``outline_rich``); Markdown and HTML can render
the same outline. It needs only the summary's counts, so ``keirules check CATALOG`` loads none
of the other documents' modules.
"""

from __future__ import annotations

from collections import Counter

from keirules.batch.results import VERDICTS, CatalogSummary
from keirules.render.outline import Block, Cell, Heading, Outline, Paragraph, Span, TableBlock

__all__ = ["catalog_outline"]

#: A row's verdict as a rule status style (an ``error`` row has a style of its own).
_STYLES = {"pass": "status-pass", "fail": "status-fail", "incomplete": "status-unknown",
           "error": "status-error"}


def _text(text: str, style: str | None = None) -> Cell:
    return ((Span(text, style),),)


def _rules(heading: str, counter: Counter[str], common: int) -> list[Block]:
    rows = tuple((_text(rule_id), _text(f"{count:,}"))
                 for rule_id, count in counter.most_common(common))
    return [Heading(heading, level=2), TableBlock(("Rule", "Rows"), rows, numeric=(1,))]


def catalog_outline(summary: CatalogSummary, *, title: str | None = None,
                    common: int = 10) -> Outline:
    """Counts by verdict, the ``common`` most frequent failing rules and the first bad rows;
    ``title`` defaults to the summary's catalog."""
    title = title if title is not None else summary.catalog
    total = summary.rows
    blocks: list[Block] = [Heading(title)] if title else []
    counts = [(_text(verdict, _STYLES[verdict]), _text(f"{summary.verdicts[verdict]:,}"),
               _text(f"{summary.verdicts[verdict] / total:.1%}" if total else "-"))
              for verdict in VERDICTS]
    counts.append((_text("total", "strong"), _text(f"{total:,}"), _text("")))
    blocks.append(TableBlock(("Verdict", "Rows", "Share"), tuple(counts), numeric=(1, 2)))
    if summary.rulesets:
        used = ", ".join(f"{name} ({count:,} row{'s' if count != 1 else ''})"
                         for name, count in summary.rulesets.most_common())
        label = "Rule set" if len(summary.rulesets) == 1 else "Rule sets (by date of manufacture)"
        blocks.append(Paragraph(_text(f"{label}: {used}")))
    for heading, counter in (("Most common failing rules", summary.failing_rules),
                             ("Most common warnings", summary.warning_rules)):
        if counter:
            blocks += _rules(heading, counter, common)
    if summary.first_failures:
        rows = tuple(
            (_text(str(result.row)), _text(result.name or ""),
             _text(result.verdict, _STYLES[result.verdict]),
             _text((result.message if result.error else ", ".join(result.failed)) or ""))
            for result in summary.first_failures)
        blocks += [Heading("First failing or bad rows", level=2),
                   TableBlock(("Row", "Name", "Verdict", "Failed rules, or what is wrong"), rows,
                              wide=(1, 3), numeric=(0,))]
    return tuple(blocks)
