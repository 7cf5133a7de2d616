"""The summary of a catalog for people: rows by verdict, the most common failures, first rows.

A renderable built from a :class:`~keirules.batch.results.CatalogSummary`; the caller prints it.
"""

from __future__ import annotations

from typing import Any

from keirules.batch.results import VERDICTS, CatalogSummary

__all__ = ["summary_table"]

_STYLES = {"pass": "green", "fail": "bold red", "incomplete": "yellow", "error": "bold magenta"}


def summary_table(summary: CatalogSummary, *, title: str | None = None,
                  common: int = 10) -> Any:
    """Counts by verdict, the ``common`` most frequent failing rules and the first bad rows."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    total = summary.rows
    parts: list[Any] = []
    if title:
        parts.append(Text(f"{title}\n", style="bold"))
    counts = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    counts.add_column("Verdict")
    counts.add_column("Rows", justify="right")
    counts.add_column("Share", justify="right")
    for verdict in VERDICTS:
        count = summary.verdicts[verdict]
        share = f"{count / total:.1%}" if total else "-"
        counts.add_row(Text(verdict, style=_STYLES[verdict]), f"{count:,}", share)
    counts.add_row(Text("total", style="bold"), f"{total:,}", "")
    parts.append(counts)
    if summary.rulesets:
        used = ", ".join(f"{name} ({count:,} row{'s' if count != 1 else ''})"
                         for name, count in summary.rulesets.most_common())
        label = "Rule set" if len(summary.rulesets) == 1 else "Rule sets (by date of manufacture)"
        parts.append(Text(f"\n{label}: {used}"))
    for heading, counter in (("Most common failing rules", summary.failing_rules),
                             ("Most common warnings", summary.warning_rules)):
        if not counter:
            continue
        parts.append(Text(f"\n{heading}", style="bold"))
        rules = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        rules.add_column("Rule")
        rules.add_column("Rows", justify="right")
        for rule_id, count in counter.most_common(common):
            rules.add_row(Text(rule_id), f"{count:,}")
        parts.append(rules)
    if summary.first_failures:
        parts.append(Text("\nFirst failing or bad rows", style="bold"))
        rows = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        rows.add_column("Row", justify="right")
        rows.add_column("Name", overflow="fold")
        rows.add_column("Verdict")
        rows.add_column("Failed rules, or what is wrong", overflow="fold")
        for result in summary.first_failures:
            detail = result.message if result.error else ", ".join(result.failed)
            rows.add_row(str(result.row), Text(result.name or ""),
                         Text(result.verdict, style=_STYLES[result.verdict]), Text(detail or ""))
        parts.append(rows)
    return Group(*parts)
