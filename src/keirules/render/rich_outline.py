"""The outline's terminal backend: rich renderables laid out for the width they are printed at.

Every column of a table gets at least its longest word, so a name, a verdict or a rule id is
never cut or folded, and the room left goes to the columns with the most to wrap (:class:`Fitted`,
:func:`fit_columns`). When even that does not fit, the outline's next shape is tried
(:class:`~keirules.render.outline.Alternatives`); a table still too wide is shown one row at a
time. Renderables are built, never printed: the command line decides the console (colour, width,
whether output is a terminal). Every style is a meaning given with a word, so the output reads
the same piped or with ``NO_COLOR``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Final

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from keirules.render.outline import (
    Alternatives,
    Bullets,
    Cell,
    Heading,
    Headline,
    Outline,
    Paragraph,
    Span,
    TableBlock,
)

__all__ = ["Fitted", "fit_columns", "outline_rich"]

_STYLE: Final = {"strong": "bold", "muted": "dim", "note": "italic", "code": "cyan",
                 "key": "bold", "ref": "dim", "qualifier": "dim italic",
                 "open": "bold green", "closed": "bold red", "undetermined": "bold yellow",
                 "verdict-pass": "green", "verdict-fail": "bold red",
                 "verdict-incomplete": "yellow",
                 "status-pass": "green", "status-fail": "bold red",
                 "status-warning": "bold yellow", "status-unknown": "yellow",
                 "status-not_applicable": "dim", "status-error": "bold magenta",
                 "change-added": "green", "change-removed": "red",
                 "change-changed": "bold yellow", "change-same": "dim"}
#: A headline's verdict badge: the word on a coloured ground, padded.
_BADGE: Final = {"verdict-pass": "bold white on green", "verdict-fail": "bold white on red",
                 "verdict-incomplete": "bold black on yellow"}


class Fitted:
    """Shapes of one content, laid out for the width they are printed at (the terminal's, or
    ``--width``): the first shape whose tables all fit (:func:`fit_columns`) is shown; when
    none does, the last one, as it fits."""

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


def _cell(lines: Cell, addresses: bool = False) -> Text:
    """A cell's lines; ``detail`` spans are left out, a ``qualifier`` goes on a line of its
    own, and with ``addresses`` a link whose text is not its address gets the address on a
    line below (a terminal cannot follow the link)."""
    text = Text()
    shown = 0
    for line in lines:
        if line and all(span.style == "detail" for span in line):
            continue
        if shown:
            text.append("\n")
        shown += 1
        for span in line:
            _span(text, span)
        if addresses:
            for span in line:
                if span.href and span.href.startswith(("https://", "http://")) and (
                        span.href != span.text.strip()):
                    text.append(f"\n{span.href}", style="blue")
    return text


def _span(text: Text, span: Span) -> None:
    if span.style == "detail":
        return
    if span.style == "qualifier":
        text.append("\n" + span.text.strip(), style=_STYLE["qualifier"])
        return
    if span.style and span.style.startswith("verdict-"):  # a verdict among other words
        from keirules.render.cells import VERDICT_WORDS

        word = VERDICT_WORDS.get(span.style[len("verdict-"):], span.text)
        text.append(word, style=_STYLE[span.style])
        return
    style = _STYLE.get(span.style or "", "")
    if not style and span.href and span.href == span.text.strip():
        style = "blue"  # an address shown as such
    text.append(span.text, style=style)


def _table(block: TableBlock) -> Table:
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for i, head in enumerate(block.header):
        table.add_column(head, ratio=3 if i in block.wide else 1, no_wrap=i in block.keep,
                         justify="right" if i in block.numeric else "left")
    for row in block.rows:
        table.add_row(*(_cell(c) for c in row))
    return table


def _stacked(block: TableBlock) -> RenderableType:
    """A table too wide for the terminal, one row at a time: 'Header: value' lines."""
    parts: list[RenderableType] = []
    for row in block.rows:
        for head, cell in zip(block.header, row, strict=False):
            parts.append(Text(f"{head}: ", style="bold") + _cell(cell))
        parts.append(Text(""))
    return Group(*parts[:-1])


def _bullets(block: Bullets) -> Table:
    """Numbered items as '[1] ...' (the marks a table's cells point at), others as '  - ';
    an item's further lines, and its words wrapped, hang under its first word."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for n, item in enumerate(block.items, 1):
        grid.add_row(f"[{n}] " if block.ordered else "  - ", _cell(item, addresses=block.ordered))
    return grid


def _headline(block: Headline) -> Text:
    badge = block.badge
    text = Text()
    text.append(f" {badge.text} ", style=_BADGE.get(badge.style or "", "bold"))
    text.append(" ")
    for span in block.rest:
        _span(text, span)
    return text


def _blocks(outline: Outline, fit: bool) -> list[RenderableType]:
    """Each block followed by a blank line, but a headline and the headings that sit on their
    content (a section's, and a title over a table); a table's note right under it. ``fit``:
    each table in its own :class:`Fitted` (else bare, for the shape that holds it to
    measure)."""
    parts: list[RenderableType] = []
    for n, block in enumerate(outline):
        if isinstance(block, Headline):
            parts.append(_headline(block))
        elif isinstance(block, Heading):
            if block.page:
                continue
            title = _cell((block.spans,)) if block.spans else Text(block.text)
            title.stylize("bold")
            if block.level >= 3:  # a run-in label: 'Failures:'
                title.append(":")
            sits = block.level >= 2 or (n + 1 < len(outline) and isinstance(
                outline[n + 1], TableBlock | Alternatives))
            parts += [title] if sits else [title, Text("")]
        elif isinstance(block, Paragraph):
            parts += [_cell(block.lines), Text("")]
        elif isinstance(block, TableBlock):
            parts.append(Fitted(partial(_table, block), partial(_stacked, block)) if fit
                         else _table(block))
            parts += [_cell(block.note), Text("")] if block.note else [Text("")]
        elif isinstance(block, Alternatives):
            last = len(block.shapes) - 1
            parts += [Fitted(*(partial(_shape, shape, fit=n == last)
                               for n, shape in enumerate(block.shapes))), Text("")]
        else:
            parts += [_bullets(block), Text("")]
    return parts


def _shape(outline: Outline, fit: bool) -> RenderableType:
    parts = _blocks(outline, fit)
    while parts and isinstance(parts[-1], Text) and not parts[-1].plain:
        parts.pop()
    return Group(*parts)


def outline_rich(outline: Outline) -> RenderableType:
    """A rich renderable for the terminal; words are wrapped, never cut."""
    return _shape(outline, fit=True)
