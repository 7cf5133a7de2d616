"""Rich renderables for people: a verdict line first, then one row per rule.

Renderers build renderables and never print; the command line decides the console (colour,
width, whether output is a terminal). Every status is a word as well as a colour, so the
output reads the same piped or with ``NO_COLOR``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Final

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from keirules.render.cells import (
    STATUS_WORDS,
    VERDICTS,
    WARNINGS_HEADING,
    cell_detail,
    count_text,
    counts_text,
    delta_text,
    limit_text,
    margin_text,
    measured_text,
    qualified_text,
    rule_dates_text,
    rule_limit_text,
    ruleset_dates,
    source_numbers,
    status_key,
    timeline_failures,
    unknown_heading,
)
from keirules.report import Report, RuleResult
from keirules.rulesets.model import Rule, RuleSet, Source

if TYPE_CHECKING:  # annotations only: `keirules check` never loads the analysis module
    from collections.abc import Iterable

    from keirules.analysis import Diff, Matrix, Timeline
    from keirules.features import Feature
    from keirules.routing import RouteReport

__all__ = [
    "catalog_table",
    "diff_table",
    "features_table",
    "matrix_table",
    "report_table",
    "routes_table",
    "ruleset_details",
    "timeline_table",
]

_VERDICT_STYLE = {
    "pass": "bold white on green",
    "fail": "bold white on red",
    "incomplete": "bold black on yellow",
}
_STATUS_STYLE = {
    "pass": "green",
    "fail": "bold red",
    "warning": "bold yellow",
    "unknown": "yellow",
    "not_applicable": "dim",
}


class Fitted:
    """A table laid out for the width it is printed at (the terminal's, or ``--width``).

    Every column gets at least its longest word, so a name, a verdict or a rule id is never
    cut or folded; the room left goes to the columns with the most to wrap. When even that does
    not fit, the next shape is tried (a matrix turned, or one block per rule set); the last
    shape is printed as it fits.
    """

    def __init__(self, *shapes: Callable[[], RenderableType]) -> None:
        self.shapes = shapes

    def __rich_console__(self, console: Console,
                         options: ConsoleOptions) -> Iterator[RenderableType]:
        shown: RenderableType = ""
        for shape in self.shapes:
            shown = shape()
            if all(fit_columns(table, console, options) for table in _tables(shown)):
                break
        yield shown

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(options.max_width, 40), options.max_width)


def _tables(renderable: RenderableType) -> list[Table]:
    if isinstance(renderable, Table):
        return [renderable]
    if isinstance(renderable, Group):
        return [t for part in renderable.renderables for t in _tables(part)]
    return []


def fit_columns(table: Table, console: Console, options: ConsoleOptions) -> bool:
    """Give each column of ``table`` a width that keeps its longest word whole, within
    ``options.max_width``; False (the table untouched) when the words alone are too wide."""
    width = options.max_width
    measures = []
    for column in table.columns:
        measure = table._measure_column(console, options, column)
        if column.no_wrap:
            measure = Measurement(measure.maximum, measure.maximum)
        measures.append(measure)
    room = width - table._extra_width
    if sum(m.maximum for m in measures) <= room:
        return True
    least = sum(m.minimum for m in measures)
    if least > room:
        return False
    widths = [m.maximum for m in measures]
    excess = sum(widths) - room
    while excess > 0:  # narrow the widest column that can still wrap, one cell at a time
        index = max((i for i in range(len(widths)) if widths[i] > measures[i].minimum),
                    key=lambda i: widths[i])
        widths[index] -= 1
        excess -= 1
    for index, column in enumerate(table.columns):
        column.width = max(1, widths[index] - table._get_padding_width(index))
    return True


def report_table(report: Report) -> RenderableType:
    """The whole report for a terminal: verdict, rule table, failures, warnings, sources."""
    ruleset = report.ruleset
    label, meaning = VERDICTS[report.verdict]
    style = _VERDICT_STYLE[report.verdict]
    headline = Text.assemble(
        (f" {label} ", style), " ", (report.vehicle.name, "bold"), " under ",
        (ruleset.name, "bold cyan"), f" on {report.on.isoformat()}",
    )
    summary = Text(f"{meaning}. {counts_text(report)}",
                   style="dim" if report.verdict == "pass" else "")
    sources = source_numbers(ruleset)

    def rules() -> Table:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False, expand=False)
        # rule ids and statuses never break; a margin may wrap before its percentage
        table.add_column("Rule", no_wrap=True)
        table.add_column("Measured", justify="right")
        table.add_column("Limit", justify="right")
        table.add_column("Margin", justify="right")
        table.add_column("Status", no_wrap=True)
        table.add_column("Src", justify="right", style="dim", no_wrap=True)
        for result in report.results:
            table.add_row(
                _rule_cell(result.rule),
                measured_text(result),
                limit_text(result),
                margin_text(result),
                _status(result),
                f"[{sources[result.rule.source.key]}]",
            )
        return table

    parts: list[RenderableType] = [headline, summary, Text(""), Fitted(rules)]
    parts += _section("Failures", "bold red", report.failures)
    parts += _section(WARNINGS_HEADING, "bold yellow", report.warnings)
    parts += _section(unknown_heading(report), "yellow", report.unknown)
    for note in report.notes:
        parts.append(Text(f"Note: {note}", style="italic"))
    parts.append(Text(""))
    parts.append(_ruleset_line(ruleset))
    parts += [_source_line(number, ruleset, key) for key, number in sources.items()]
    if ruleset.notes:
        parts.append(Text(f"This rule set has notes on its sources: keirules show {ruleset.name}"
                          if ruleset.builtin else
                          f"This rule set has notes: keirules show {ruleset.file}", style="dim"))
    return Group(*parts)


def _rule_cell(rule: Rule) -> Text:
    text = Text(rule.id)
    if rule.severity != "legal":  # on a line of its own, so that the column stays narrow
        text.append(f"\n({rule.severity})", style="dim italic")
    return text


def _status(result: RuleResult) -> Text:
    key = status_key(result)
    word, style = STATUS_WORDS[key], _STATUS_STYLE[key]
    return Text(word, style=style)


def _section(title: str, style: str, results: list[RuleResult]) -> list[RenderableType]:
    if not results:
        return []
    lines: list[RenderableType] = [Text(""), Text(title + ":", style=style)]
    for result in results:
        lines.append(Text(f"  - {result.rule.title} ({result.rule.id}): {result.reason}"))
    return lines


def _ruleset_line(ruleset: RuleSet) -> Text:
    text = Text.assemble(("Rule set ", "bold"), (ruleset.name, "bold cyan"),
                         f": {ruleset.title} ({ruleset.status.replace('_', ' ')}, "
                         f"{ruleset_dates(ruleset)})")
    if ruleset.extends:
        text.append(f", extends {ruleset.extends}", style="dim")
    if not ruleset.builtin and ruleset.file:
        text.append(f", from {ruleset.file}", style="dim")
    text.append(f"\nsha256 {ruleset.sha256}", style="dim")
    return text


def _source_line(number: int, ruleset: RuleSet, key: str) -> Text:
    source = next(r.source for r in ruleset.rules if r.source.key == key)
    text = Text(f"[{number}] {source.title}")
    if source.url:
        text.append(f"\n    {source.url}", style="blue")
    return text


def catalog_table(rulesets: list[RuleSet],
                  providers: Mapping[str, str] | None = None) -> RenderableType:
    """Every family and version with its dates and status, as ``keirules list`` shows it.

    ``providers`` maps a family to ``built-in`` or a plugin's distribution name; a Provider
    column appears when some rule set is not built in, else a line says they all are.
    """
    shown = {providers.get(rs.family, "") for rs in rulesets} if providers else set()
    plugins = bool(shown - {"built-in"})

    def versions(dates_apart: bool = True) -> Table:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        table.add_column("Name and title")  # the only column that wraps
        dates = ["From", "Until"] if dates_apart else ["In force"]
        for column in ["Where", "Status", *dates] + (["Provider"] if plugins else []):
            table.add_column(column, no_wrap=True)
        for ruleset in rulesets:
            name = Text(ruleset.name, style="bold cyan")
            name.append(f"\n{ruleset.title}", style="dim")
            start = ruleset.effective_from.isoformat()
            end = ruleset.effective_until.isoformat() if ruleset.effective_until else ""
            row: list[RenderableType] = [
                name, ruleset.jurisdiction, ruleset.status.replace("_", " "),
                *([start, end] if dates_apart else [f"from {start}" + (
                    f"\nuntil {end}" if end else "")]),
            ]
            if plugins and providers is not None:
                provider = providers.get(ruleset.family, "")
                row.append(Text(provider, style="dim" if provider == "built-in" else "bold"))
            table.add_row(*row)
        return table

    table = Fitted(versions, lambda: versions(dates_apart=False))
    if providers is None or plugins:
        return table
    return Group(table, Text("Provider: every rule set listed is built in (no plugin "
                             "provides any).", style="dim"))


def source_text(number: int, key: str, source: Source) -> Text:
    """A source in full: its legal basis, official link, verification and evidence."""
    text = Text(f"[{number}] {source.title} ({key})")
    basis = "; ".join(part for part in (source.instrument, source.citation) if part)
    if basis:
        text.append(f"\n    Legal basis: {basis}")
    if source.url:
        text.append(f"\n    {source.url}", style="blue")
    text.append(f"\n    Verified: {_VERIFIED.get(source.verified or '', _UNSTATED)}",
                style="bold" if source.verified == "text" else "yellow")
    for item in source.evidence:
        text.append(f"\n    Evidence ({item.kind}): {item.title}", style="dim")
        if item.url:
            text.append(f" {item.url}", style="dim blue")
    if source.note:
        text.append(f"\n    {' '.join(source.note.split())}", style="dim")
    return text


_VERIFIED: Final = {
    "text": "in the instrument's text",
    "secondary": "only in secondary sources (the instrument's text was not read)",
}
_UNSTATED: Final = "not stated"


def ruleset_details(ruleset: RuleSet) -> RenderableType:
    """One rule set in full, as ``keirules show`` prints it: rules, sources and notes."""
    parts: list[RenderableType] = [_ruleset_line(ruleset), Text("")]
    sources = {key: n for n, key in enumerate(ruleset.sources, start=1)}

    def rules(apart: bool = True) -> Table:
        """``apart``: field and severity in columns of their own; else under the rule id."""
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        columns = (("Rule", "Field", "Limit", "Applies when", "Severity", "Src") if apart
                   else ("Rule (field)", "Limit", "Applies when", "Src"))
        for column in columns:
            table.add_column(column)
        for rule in ruleset.rules:
            limit = rule.limit
            shown = "present" if limit.comparison == "feature" else f"{limit.op} {limit.text}"
            if limit.count not in (None, "day"):
                shown += f" ({count_text(limit.count)})"
            when = "; ".join([f"{c.field} is {' or '.join(str(a) for a in c.allowed)}"
                              for c in rule.when] + rule_dates_text(rule))
            cited = f"[{sources[rule.source.key]}]"
            if rule.citation:
                cited += f" {rule.citation}"
            if apart:
                table.add_row(_rule_cell(rule), rule.field, shown, when or "always",
                              rule.severity, cited)
            else:
                label = _rule_cell(rule)
                label.append(f"\n{rule.field}", style="dim")
                table.add_row(label, shown, when or "always", cited)
        return table

    parts.append(Fitted(rules, lambda: rules(apart=False)))
    parts.append(Text("Sources:", style="bold"))
    for key, number in sources.items():
        parts.append(source_text(number, key, ruleset.sources[key]))
    if ruleset.notes:
        parts += [Text(""), Text("Notes:", style="bold"), Text(" ".join(ruleset.notes.split()))]
    rule_notes = [r for r in ruleset.rules if r.note]
    for rule in rule_notes:
        parts.append(Text(f"  {rule.id}: {rule.note}", style="italic"))
    return Group(*parts)


_CELL = {"pass": ("pass", "green"), "fail": ("FAIL", "bold red"),
         "incomplete": ("incomplete", "yellow")}


def _verdict_text(verdict: str, detail: list[str], inline: bool = False) -> Text:
    word, style = _CELL[verdict]
    text = Text(word, style=style)
    if detail:
        text.append((": " if inline else "\n") + ", ".join(detail), style="dim")
    return text


def matrix_table(matrix: Matrix) -> RenderableType:
    """Vehicles down, rule sets across; each cell the verdict and the rules that failed. Too
    wide for the terminal, it turns (rule sets down, vehicles across) when that fits, else it
    becomes one block per rule set, vehicles down."""
    title = f"Verdicts {matrix.when}"
    rows = range(len(matrix.vehicles))
    columns = range(len(matrix.rulesets))

    def cell(i: int, j: int, inline: bool = False) -> Text:
        report = matrix.cell(i, j)
        return _verdict_text(report.verdict, cell_detail(report, matrix.on is None), inline)

    def across() -> Table:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False, title=title,
                      title_justify="left")
        table.add_column("Vehicle", style="bold")
        for ruleset in matrix.rulesets:
            table.add_column(ruleset.name, no_wrap=False)
        for i, vehicle in enumerate(matrix.vehicles):
            table.add_row(vehicle.name, *(cell(i, j) for j in columns))
        return table

    def turned() -> Table:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False, title=title,
                      title_justify="left")
        table.add_column("Rule set", style="bold cyan")
        for vehicle in matrix.vehicles:
            table.add_column(vehicle.name)
        for j, ruleset in enumerate(matrix.rulesets):
            table.add_row(ruleset.name, *(cell(i, j) for i in rows))
        return table

    def blocks() -> Group:
        parts: list[RenderableType] = [Text(title, style="italic")]
        for j, ruleset in enumerate(matrix.rulesets):
            table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False,
                          title=ruleset.name, title_justify="left", title_style="bold cyan")
            table.add_column("Vehicle", style="bold")
            table.add_column("Verdict (failed rules, or ? missing inputs)")
            for i, vehicle in enumerate(matrix.vehicles):
                table.add_row(vehicle.name, cell(i, j, inline=True))
            parts += [Text(""), table]
        return Group(*parts)

    shapes: list[Callable[[], RenderableType]] = [across]
    if len(matrix.vehicles) < len(matrix.rulesets):
        shapes.append(turned)
    shapes.append(blocks)
    legend = Text("Cells list the legal rules that failed (or, for incomplete, the inputs "
                  "missing: '?'). Rule sets: " + "; ".join(
                      f"{rs.name} = {rs.title}" + (f", extends {rs.extends}" if rs.extends else "")
                      for rs in matrix.rulesets), style="dim")
    return Group(Fitted(*shapes), legend)


def timeline_table(timeline: Timeline) -> RenderableType:
    """One row per dated version, oldest first, with what failed and by how much."""

    def periods() -> Table:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        for column in ("Version", "From", "Until", "Verdict", "What failed (margin)"):
            table.add_column(column)
        for period in timeline.periods:
            failed = timeline_failures(period.report)
            table.add_row(
                Text(period.ruleset.name, style="cyan"), period.start.isoformat(),
                period.end.isoformat() if period.end else "today",
                _verdict_text(period.verdict, []), "\n".join(failed),
            )
        return table

    return Group(Text(qualified_text(timeline), style="bold"), Text(""), Fitted(periods))


def diff_table(diff: Diff) -> RenderableType:
    """Rule by rule: added, removed, changed (old -> new, and by how much), same."""
    styles = {"added": "green", "removed": "red", "changed": "bold yellow", "same": "dim"}

    def rules() -> Table:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False,
                      title=f"{diff.old.name} -> {diff.new.name}", title_justify="left")
        for column in ("Rule", "Change", "Old", "New", "Difference"):
            table.add_column(column)
        for change in diff.changes:
            table.add_row(change.rule, Text(change.change, style=styles[change.change]),
                          rule_limit_text(change.old), rule_limit_text(change.new),
                          delta_text(change))
        return table

    table = Fitted(rules)
    restated = [c.rule for c in diff.changes if c.source_changed]
    if not restated:
        return table
    return Group(table, Text("Cited from a different source in " + diff.new.name + ": "
                             + ", ".join(restated) + ".", style="dim"))


_ROUTE_STYLE = {"open": "bold white on green", "closed": "bold white on red",
                "undetermined": "bold black on yellow"}


def routes_table(report: RouteReport) -> RenderableType:
    """Every route into a market for one vehicle: its status, rule sets and why."""
    from keirules.routing import ROUTE_STATUS_MEANINGS  # only `keirules routes` pays for it

    market = report.market
    region = report.region
    headline = Text.assemble(
        "Routes into ", (f"{market.title} ({market.code})", "bold"),
        *((", with ", (f"{region.title} ({region.code})", "bold")) if region else ()),
        " for ", (report.vehicle.name, "bold"), f" on {report.on.isoformat()}: ",
        ", ".join(f"{report.count(s)} {s}" for s in ROUTE_STATUS_MEANINGS) + ".")
    def rows(apart: bool = True) -> Table:
        """``apart``: route, status and why in three columns; else status, then the route
        with its reason below."""
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        if apart:
            table.add_column("Route (rule sets)", ratio=2)
            table.add_column("Status", no_wrap=True)
            table.add_column("Why", ratio=3)
        else:
            table.add_column("Status", no_wrap=True)
            table.add_column("Route (rule sets): why")
        for result in report.routes:
            route = Text(result.route.id, style="bold")
            route.append(f"\n{result.route.title}", style="dim")
            route.append("".join(f"\n{name}" for name in result.ruleset_names), style="cyan")
            status = Text(f" {result.status.upper()} ", style=_ROUTE_STYLE[result.status])
            if result.opens_on:
                status.append(f"\nopens {result.opens_on.isoformat()}", style="bold")
            if result.possibly_from:
                status.append(f"\npossibly from\n{result.possibly_from.isoformat()}", style="dim")
            if not result.binding:
                status.append("\nnot binding", style="dim italic")
            why = Text(result.reason)
            if result.route.restrictions:
                why.append("\nRestrictions: ", style="bold")
                why.append("; ".join(result.route.restrictions))
            if result.route.requires:
                why.append(f"\nRequires: {' or '.join(result.route.requires)}", style="dim")
            if apart:
                table.add_row(route, status, why)
            else:
                table.add_row(status, Text.assemble(route, "\n", why))
        return table

    parts: list[RenderableType] = [headline, Text(""),
                                   Fitted(rows, lambda: rows(apart=False)), Text("")]
    for word, meaning in ROUTE_STATUS_MEANINGS.items():
        parts.append(Text(f"{word}: {meaning}", style="dim"))
    parts.append(Text(""))
    for result in report.routes:
        text = Text.assemble((result.route.id, "bold"), f": {result.route.description}")
        for note in (result.route.notes, *result.all_notes):
            if note:
                text.append(f"\n  Note: {' '.join(note.split())}", style="italic")
        parts.append(text)
    if market.notes:
        parts.append(Text(f"Note: {' '.join(market.notes.split())}", style="italic"))
    if region is not None:
        parts.append(Text(f"{region.title}'s law was last checked on "
                          f"{region.checked.isoformat()}.", style="dim"))
    parts.append(Text("Each rule in detail: keirules check SPEC --ruleset NAME --on "
                      f"{report.on.isoformat()}", style="dim"))
    return Group(*parts)


def features_table(features: Iterable[Feature]) -> RenderableType:
    """``keirules features``: each equipment name, what declaring it means, its standard."""
    shown = list(features)

    def rows() -> Table:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        for column in ("Feature", "Declared true when the vehicle has", "Standard"):
            table.add_column(column)
        for feature in shown:
            table.add_row(feature.name, feature.meaning, feature.standard)
        return table

    return Fitted(rows)
