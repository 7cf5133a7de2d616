"""A format-neutral outline of a document (headings, paragraphs, tables, lists, links) and its
three backends: Markdown and HTML here, rich for the terminal in ``render/rich_outline.py``
(which imports this module, never the reverse).

A document is turned into an :data:`Outline` once; the phrases and the layout are written there,
so the three formats cannot drift apart. Text is plain here: each backend escapes it in its own
way, and only ``http(s)`` addresses become links. Layout is data too: a table says which of its
columns never wrap, which are numbers and which wrap first, and :class:`Alternatives` holds the
other shapes a document takes when its widest shape does not fit the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    pass

__all__ = [
    "Alternatives",
    "Block",
    "Bullets",
    "Cell",
    "Heading",
    "Headline",
    "Outline",
    "Paragraph",
    "Span",
    "TableBlock",
    "outline_html",
    "outline_html_body",
    "outline_markdown",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with a meaning-based style and an optional link.

    Styles: ``strong``, ``muted``, ``code``, ``note``; ``key`` (a rule id in a table: bold
    where the format can afford it, plain in Markdown cells); ``detail`` (a second thought a
    format may leave out: the rule's title under its id, which Markdown's one-phrase cells
    drop, and the terminal too); ``qualifier`` (a word qualifying the one before it, a rule's
    ``(voluntary)``: inline in Markdown and HTML, on a line of its own in the terminal, so that
    a column of rule ids stays narrow); a route status (``open``, ``closed``, ``undetermined``);
    a verdict badge (a page's badge; in the terminal, the verdict's word among others,
    ``cells.VERDICT_WORDS``, but a :class:`Headline`'s, which is a badge there too)
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
    #: A page's title only: the terminal leaves it out, where the line under it says it all.
    page: bool = False


@dataclass(frozen=True, slots=True)
class Headline:
    """A document's title led by its verdict badge: a title (level 1) in Markdown and HTML
    ('❌ FAIL: smart fortwo ... on 1998-01-01'), and the terminal's compact first line
    (' FAIL  smart fortwo ... on 1998-01-01', the badge padded, the lines that follow close
    under it)."""

    badge: Span
    rest: tuple[Span, ...]

    @property
    def text(self) -> str:
        """The plain title."""
        return f"{self.badge.text}: " + "".join(span.text for span in self.rest)

    def as_heading(self) -> Heading:
        """The title as the formats without a compact line show it."""
        return Heading(self.text, spans=(self.badge, Span(": "), *self.rest))


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: Cell


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table and how it lays out. The terminal gives every column at least its longest word
    and wraps the widest first; a table whose words alone are too wide is shown one row at a
    time ('Header: value' lines)."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: Column indexes of long text (reasons, descriptions).
    wide: tuple[int, ...] = ()
    #: Column indexes of numbers, aligned right.
    numeric: tuple[int, ...] = ()
    #: Column indexes that never wrap (rule ids, statuses, dates): each line of a cell stays
    #: on one line.
    keep: tuple[int, ...] = ()
    #: A line that belongs under the table (a legend, a footnote): a paragraph after it in
    #: Markdown and HTML, right under its last row in the terminal.
    note: Cell = ()


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Cell, ...]
    #: Numbered (sources), each item an anchor ``{anchor}-{n}`` of the HTML page.
    ordered: bool = False
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Alternatives:
    """The same content in several shapes, widest first (a matrix, then the matrix turned,
    then one table per rule set). The terminal shows the first shape whose tables fit its
    width, else the last one as it fits; HTML shows the first; Markdown shows ``markdown``
    when given (a shape for a format whose cells hold one phrase each), else the first."""

    shapes: tuple[Outline, ...]
    markdown: Outline | None = None


Block = Heading | Headline | Paragraph | TableBlock | Bullets | Alternatives
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
        if isinstance(block, Alternatives):
            shape = block.markdown if block.markdown is not None else block.shapes[0]
            out.append(outline_markdown(shape))
            continue
        if isinstance(block, Headline):
            block = block.as_heading()
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
            if block.note:
                out += [_md_cell(block.note, "  \n"), ""]
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
    elif span.style in ("key", "qualifier"):
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


def _html_line(line: tuple[Span, ...]) -> str:
    """A line's HTML; a qualifier joins the key before it ('<strong>seats (advisory)</strong>')."""
    merged: list[Span] = []
    for span in line:
        if span.style == "qualifier" and merged and merged[-1].style == "key" and not (
                merged[-1].href or span.href):
            merged[-1] = Span(merged[-1].text + span.text, "key")
        else:
            merged.append(span)
    return "".join(_html_span(s) for s in merged)


def _html_cell(lines: Cell) -> str:
    return "<br>".join(_html_line(line) for line in lines)


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
        if isinstance(block, Alternatives):
            body += outline_html_body(block.shapes[0])
            continue
        if isinstance(block, Headline):
            block = block.as_heading()
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
            if block.note:
                body.append(f"<p>{_html_cell(block.note)}</p>")
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
