"""A format-neutral outline of a document (headings, paragraphs, tables, lists, links) and its
three backends: rich for the terminal, Markdown and HTML.

A document is turned into an :data:`Outline` once; the phrases and the layout are written there,
so the three formats cannot drift apart. Text is plain here: each backend escapes it in its own
way, and only ``http(s)`` addresses become links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

__all__ = [
    "Block",
    "Bullets",
    "Cell",
    "Heading",
    "Outline",
    "Paragraph",
    "Span",
    "TableBlock",
    "outline_html",
    "outline_html_body",
    "outline_markdown",
    "outline_rich",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with a meaning-based style and an optional link.

    Styles: ``strong``, ``muted``, ``code``, ``note``; ``key`` (a rule id in a table: bold
    where the format can afford it, plain in Markdown cells); ``detail`` (a second thought a
    format may leave out: the rule's title under its id, which Markdown's one-phrase cells
    drop); a route status (``open``, ``closed``, ``undetermined``); a verdict badge
    (``verdict-pass``, ``verdict-fail``, ``verdict-incomplete``); a rule's status
    (``status-KEY``, see ``cells.status_key``; ``status-error`` for a bad catalog row); a
    diff's change (``change-added``...). A link is an ``http(s)`` address or, in HTML only,
    an anchor of the page (``#src-1``); ``ref`` is a footnote mark (``[1]``), shown as is."""

    text: str
    style: str | None = None
    href: str | None = None


#: A cell or paragraph: lines of spans.
Cell = tuple[tuple[Span, ...], ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A title (level 1), a section (2), or a run-in label over a list (3: ``**Failures:**``
    in Markdown, a section heading elsewhere)."""

    text: str
    level: int = 1
    #: Styled spans shown instead of ``text`` (a verdict badge in a title); ``text`` stays
    #: the plain title.
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: Cell


@dataclass(frozen=True, slots=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: Column indexes that may wrap freely; the others keep their words whole.
    wide: tuple[int, ...] = ()
    #: Column indexes of numbers, aligned right.
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Cell, ...]
    #: Numbered (sources), each item an anchor ``{anchor}-{n}`` of the HTML page.
    ordered: bool = False
    anchor: str | None = None


Block = Heading | Paragraph | TableBlock | Bullets
Outline = tuple[Block, ...]


def cell(*lines: Sequence[Span] | Span | str) -> Cell:
    """Build a cell from lines, each a span, a text or a sequence of spans."""
    built: list[tuple[Span, ...]] = []
    for line in lines:
        if isinstance(line, str):
            built.append((Span(line),))
        elif isinstance(line, Span):
            built.append((line,))
        else:
            built.append(tuple(line))
    return tuple(built)


def _web(href: str | None) -> bool:
    return bool(href) and str(href).startswith(("https://", "http://"))


# -- Markdown --------------------------------------------------------------------------------

_MD_STYLE: Final = {"strong": "**{}**", "code": "`{}`", "note": "*{}*",
                    "status-fail": "**{}**", "status-warning": "**{}**",
                    "change-added": "**{}**", "change-removed": "**{}**",
                    "change-changed": "**{}**"}
_MD_MARK: Final = {"open": "✅ ", "closed": "❌ ", "undetermined": "⚠️ ",
                   "verdict-pass": "✅ ", "verdict-fail": "❌ ", "verdict-incomplete": "⚠️ "}


def _md_span(span: Span) -> str:
    from keirules.render.markup import escape

    if span.style == "detail":
        return ""
    if span.style == "ref":  # a footnote mark the outline made: '[1]'
        return span.text if span.text.strip("[]").isdigit() else escape(span.text)
    # escape() trims each line, and ** must touch its words: spaces at a span's edges are
    # kept outside its marks ("Rule set **kei**", "**Restrictions:** no roads...").
    core = span.text.strip(" ")
    lead = " " if span.text.startswith(" ") and core else ""
    trail = " " if span.text.endswith(" ") and core else ""
    text = escape(core) if span.style != "code" else core.replace("`", "'")
    if span.style in _MD_MARK:
        text = _MD_MARK[span.style] + text
    elif span.style in _MD_STYLE and text.strip():
        text = _MD_STYLE[span.style].format(text)
    if _web(span.href):
        assert span.href is not None
        text = f"[{text}](<{span.href.replace('>', '%3E')}>)"
    return lead + text + trail


def _md_cell(lines: Cell, joiner: str = "<br>") -> str:
    return joiner.join("".join(_md_span(s) for s in line) for line in lines
                       if any(s.style != "detail" for s in line))


def outline_markdown(outline: Outline) -> str:
    """GitHub-flavoured Markdown."""
    from keirules.render.markup import escape
    from keirules.render.markup import md_table as table

    out: list[str] = []
    for block in outline:
        if isinstance(block, Heading):
            title = _md_cell((block.spans,)) if block.spans else escape(block.text)
            out += [f"**{title}:**" if block.level >= 3 else f"{'#' * (block.level + 1)} {title}",
                    ""]
        elif isinstance(block, Paragraph):
            out += [_md_cell(block.lines, "  \n"), ""]
        elif isinstance(block, TableBlock):
            rows = [[_md_cell(c) for c in row] for row in block.rows]
            align = "".join("r" if i in block.numeric else "l"
                            for i in range(len(block.header)))
            out += [*table([escape(h) for h in block.header], rows, align), ""]
        else:
            out += [f"{f'{n}.' if block.ordered else '-'} {_md_cell(item, '<br>')}"
                    for n, item in enumerate(block.items, 1)] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML ------------------------------------------------------------------------------------

_HTML_CLASS: Final = {"muted": "muted", "note": "muted", "open": "s-pass", "closed": "s-fail",
                      "status-error": "s-fail",
                      "undetermined": "s-unknown", "detail": "detail"}


def _html_span(span: Span) -> str:
    from keirules.render.markup import esc

    text = esc(span.text)
    if span.style == "strong":
        text = f"<strong>{text}</strong>"
    elif span.style == "code":
        text = f"<code>{text}</code>"
    elif span.style == "key":
        text = f"<strong>{text}</strong>"
    elif span.style in _HTML_CLASS:
        text = f"<span class=\"{_HTML_CLASS[span.style]}\">{text}</span>"
    elif span.style and span.style.startswith("verdict-"):
        text = f"<span class=\"badge {span.style[len('verdict-'):]}\">{text}</span>"
    elif span.style and span.style.startswith(("status-", "change-")):
        kind, _, key = span.style.partition("-")
        text = f"<span class=\"{kind[0]}-{key}\">{text}</span>"
    if _web(span.href) or (span.href or "").startswith("#"):
        assert span.href is not None
        text = f"<a href=\"{esc(span.href)}\">{text}</a>"
    return text


def _html_cell(lines: Cell) -> str:
    return "<br>".join("".join(_html_span(s) for s in line) for line in lines)


def _html_td(lines: Cell) -> str | tuple[str, str]:
    """A cell's HTML; a cell that opens with a verdict badge is tinted as a whole."""
    first = lines[0][0].style if lines and lines[0] else None
    if first and first.startswith("verdict-"):
        return (f"cell-{first[len('verdict-'):]}", _html_cell(lines))
    return _html_cell(lines)


def outline_html(title: str, outline: Outline) -> str:
    """One self-contained HTML page (the project's shared page and style)."""
    from keirules.render.markup import page

    return page(title, outline_html_body(outline))


def outline_html_body(outline: Outline) -> list[str]:
    """The HTML of each block, for a page of one's own."""
    from keirules.render.markup import esc
    from keirules.render.markup import html_table as table

    body: list[str] = []
    for block in outline:
        if isinstance(block, Heading):
            tag = "h1" if block.level == 1 else "h2"
            title = _html_cell((block.spans,)) if block.spans else esc(block.text)
            body.append(f"<{tag}>{title}</{tag}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{_html_cell(block.lines)}</p>")
        elif isinstance(block, TableBlock):
            body.append(table([esc(h) for h in block.header],
                              [[_html_td(c) for c in row] for row in block.rows],
                              numeric=block.numeric))
        elif block.ordered:
            ids = [f" id=\"{esc(block.anchor)}-{n}\"" if block.anchor else ""
                   for n in range(1, len(block.items) + 1)]
            body.append("<ol class=\"sources\">" + "".join(
                f"<li{i}>{_html_cell(item)}</li>" for i, item in zip(ids, block.items,
                                                                     strict=True)) + "</ol>")
        else:
            body.append("<ul>" + "".join(f"<li>{_html_cell(i)}</li>" for i in block.items)
                        + "</ul>")
    return body


# -- rich ------------------------------------------------------------------------------------

_RICH_STYLE: Final = {"strong": "bold", "muted": "dim", "note": "italic", "code": "cyan",
                      "open": "bold green", "closed": "bold red", "undetermined": "bold yellow",
                      "key": "bold", "detail": "dim",
                      "verdict-pass": "bold white on green", "verdict-fail": "bold white on red",
                      "verdict-incomplete": "bold black on yellow",
                      "status-pass": "green", "status-fail": "bold red",
                      "status-warning": "bold yellow", "status-unknown": "yellow",
                      "status-not_applicable": "dim", "status-error": "bold magenta",
                      "change-added": "bold green",
                      "change-removed": "bold red", "change-changed": "bold yellow",
                      "change-same": "dim"}


def _rich_cell(lines: Cell) -> Text:
    from rich.text import Text

    text = Text()
    for n, line in enumerate(lines):
        if n:
            text.append("\n")
        for span in line:
            text.append(span.text, style=_RICH_STYLE.get(span.style or "", ""))
    return text


def _rich_table(block: TableBlock) -> RenderableType:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for i, head in enumerate(block.header):
        table.add_column(head, ratio=3 if i in block.wide else 1,
                         justify="right" if i in block.numeric else "left")
    for row in block.rows:
        table.add_row(*(_rich_cell(c) for c in row))
    return table


def _rich_stacked(block: TableBlock) -> RenderableType:
    """A table too wide for the terminal, one row at a time: 'Header: value' lines."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    for row in block.rows:
        for head, cell in zip(block.header, row, strict=False):
            parts.append(Text(f"{head}: ", style="bold") + _rich_cell(cell))
        parts.append(Text(""))
    return Group(*parts[:-1])


def outline_rich(outline: Outline) -> RenderableType:
    """A rich renderable for the terminal; words are wrapped, never cut (a table too wide for
    the terminal is laid out one row at a time)."""
    from functools import partial

    from rich.console import Group
    from rich.text import Text

    from keirules.render.table import Fitted

    parts: list[RenderableType] = []
    for block in outline:
        if isinstance(block, Heading):
            title = _rich_cell((block.spans,)) if block.spans else Text(block.text)
            title.stylize("bold")
            parts += [title, Text("")]
        elif isinstance(block, Paragraph):
            parts += [_rich_cell(block.lines), Text("")]
        elif isinstance(block, TableBlock):
            parts += [Fitted(partial(_rich_table, block), partial(_rich_stacked, block)),
                      Text("")]
        else:
            for n, item in enumerate(block.items, 1):
                line = _rich_cell(item)
                parts.append(Text(f"{n}. " if block.ordered else "- ") + line)
            parts.append(Text(""))
    return Group(*parts)
