"""The rule set registry's documents as outlines: ``keirules list`` (every family and version),
``keirules show`` (one rule set in full) and ``keirules features`` (the equipment vocabulary).

The terminal renders them through ``outline_rich``; Markdown and HTML could render the same
outlines. A table that does not fit folds a column into another (``Alternatives``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from keirules.render.cells import count_text, rule_dates_text
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
from keirules.render.report_outline import rule_cell, ruleset_line
from keirules.rulesets.model import Rule, RuleSet, Source
from keirules.vocabulary import Comparison

if TYPE_CHECKING:
    from keirules.features import Feature

__all__ = ["features_outline", "ruleset_outline", "rulesets_outline", "source_cell"]


def _versions(rulesets: list[RuleSet], providers: Mapping[str, str] | None,
              dates_apart: bool, note: Cell) -> TableBlock:
    """One row per rule set; its dates in two columns, or (``dates_apart`` false) in one."""
    plugins = bool(providers) and any(
        providers.get(rs.family, "") != "built-in" for rs in rulesets) if providers else False
    dates = ("From", "Until") if dates_apart else ("In force",)
    header = ("Name and title", "Where", "Status", *dates, *(("Provider",) if plugins else ()))
    rows = []
    for ruleset in rulesets:
        start = ruleset.effective_from.isoformat()
        end = ruleset.effective_until.isoformat() if ruleset.effective_until else ""
        row: list[Cell] = [cell([Span(ruleset.name, "key")], [Span(ruleset.title, "muted")]),
                           cell(ruleset.jurisdiction), cell(ruleset.status.replace("_", " "))]
        row += ([cell(start), cell(end)] if dates_apart else
                [cell(f"from {start}", *([f"until {end}"] if end else []))])
        if plugins and providers is not None:
            provider = providers.get(ruleset.family, "")
            row.append(cell(Span(provider, "muted" if provider == "built-in" else "strong")))
        rows.append(tuple(row))
    return TableBlock(header, tuple(rows), wide=(0,), keep=tuple(range(1, len(header))),
                      note=note)


def rulesets_outline(rulesets: list[RuleSet],
                     providers: Mapping[str, str] | None = None) -> Outline:
    """Every family and version with its dates and status, as ``keirules list`` shows it.

    ``providers`` maps a family to ``built-in`` or a plugin's distribution name; a Provider
    column appears when some rule set is not built in, else a line says they all are."""
    everything_built_in = providers is not None and not (
        {providers.get(rs.family, "") for rs in rulesets} - {"built-in"})
    note = cell(Span("Provider: every rule set listed is built in (no plugin provides any).",
                     "muted")) if everything_built_in else ()
    return (Alternatives(((_versions(rulesets, providers, True, note),),
                          (_versions(rulesets, providers, False, note),))),)


_VERIFIED: Final = {
    "text": "in the instrument's text",
    "secondary": "only in secondary sources (the instrument's text was not read)",
}


def source_cell(key: str, source: Source) -> Cell:
    """A source in full: its legal basis, official link, verification and evidence."""
    lines: list[list[Span]] = [[Span(f"{source.title} ({key})")]]
    basis = "; ".join(part for part in (source.instrument, source.citation) if part)
    if basis:
        lines.append([Span(f"Legal basis: {basis}")])
    if source.url:
        lines.append([Span(source.url, href=source.url)])
    lines.append([Span(f"Verified: {_VERIFIED.get(source.verified or '', 'not stated')}",
                       "strong" if source.verified == "text" else "status-warning")])
    for item in source.evidence:
        lines.append([Span(f"Evidence ({item.kind}): {item.title}", "muted"),
                      *([Span(f" {item.url}", "muted", item.url)] if item.url else [])])
    if source.note:
        lines.append([Span(" ".join(source.note.split()), "muted")])
    return cell(*lines)


def _limit(rule: Rule) -> str:
    limit = rule.limit
    shown = "present" if limit.comparison is Comparison.FEATURE else f"{limit.op} {limit.text}"
    if limit.count not in (None, "day"):
        shown += f" ({count_text(limit.count)})"
    return shown


def _rules(ruleset: RuleSet, sources: dict[str, int], apart: bool) -> TableBlock:
    """``apart``: field and severity in columns of their own; else the field under the id."""
    header = (("Rule", "Field", "Limit", "Applies when", "Severity", "Src") if apart
              else ("Rule (field)", "Limit", "Applies when", "Src"))
    rows: list[tuple[Cell, ...]] = []
    for rule in ruleset.rules:
        when = "; ".join([f"{c.field} is {' or '.join(str(a) for a in c.allowed)}"
                          for c in rule.when] + rule_dates_text(rule)) or "always"
        cited = f"[{sources[rule.source.key]}]" + (f" {rule.citation}" if rule.citation else "")
        if apart:
            rows.append((rule_cell(rule, title=False), cell(rule.field), cell(_limit(rule)),
                         cell(when), cell(rule.severity), cell(cited)))
        else:
            rows.append((rule_cell(rule, title=False) + cell(Span(rule.field, "muted")),
                         cell(_limit(rule)), cell(when), cell(cited)))
    return TableBlock(header, tuple(rows))


def ruleset_outline(ruleset: RuleSet) -> Outline:
    """One rule set in full, as ``keirules show`` prints it: rules, sources and notes."""
    sources = {key: n for n, key in enumerate(ruleset.sources, start=1)}
    blocks: list[Block] = [
        Paragraph(ruleset_line(ruleset)),
        Alternatives(((_rules(ruleset, sources, True),), (_rules(ruleset, sources, False),))),
        Heading("Sources", 3),
        Bullets(tuple(source_cell(key, ruleset.sources[key]) for key in sources), ordered=True,
                anchor="src"),
    ]
    if ruleset.notes:
        blocks += [Heading("Notes", 3), Paragraph(cell(" ".join(ruleset.notes.split())))]
    noted = [rule for rule in ruleset.rules if rule.note]
    if noted:
        blocks.append(Bullets(tuple(cell([Span(rule.id, "code"),
                                          Span(f": {rule.note}", "note")]) for rule in noted)))
    return tuple(blocks)


def features_outline(features: Iterable[Feature]) -> Outline:
    """``keirules features``: each equipment name, what declaring it means, its standard."""
    return (TableBlock(("Feature", "Declared true when the vehicle has", "Standard"), tuple(
        (cell(Span(feature.name, "code")), cell(feature.meaning), cell(feature.standard))
        for feature in features)),)
