"""The markup both text formats share, at the bottom of ``render``: Markdown escaping and
tables, HTML escaping, tables and the self-contained page with its style sheet.

It imports nothing of keirules but the version, so the document renderers (``markdown``,
``html``) and the outline's backends can all use it without importing each other.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

__all__ = ["HtmlCell", "esc", "escape", "html_table", "md_table", "page"]

_SPECIAL = re.compile(r"[\\`*\[\]|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])")


def escape(text: str) -> str:
    """Text safe inside a Markdown paragraph or table cell: specials escaped, one line."""
    text = _SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return "<br>".join(line.strip() for line in text.splitlines())


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]],
             align: str | None = None) -> list[str]:
    """A GFM table; ``align`` holds one of 'l', 'r' per column. Cells arrive escaped."""
    align = align or "l" * len(header)
    marks = {"l": "---", "r": "---:"}
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


_STYLE = """
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans JP",
       sans-serif; color: #1f2328; max-width: 72rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.35rem; margin: 0 0 .4rem; }
h2 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: .3rem; color: #fff;
         font-weight: 700; letter-spacing: .03em; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
.badge.incomplete { background: #bf8700; color: #1f2328; }
.s-pass { color: var(--pass); } .s-fail { color: var(--fail); font-weight: 700; }
.s-warning { color: var(--warn); font-weight: 700; } .s-unknown { color: var(--warn); }
.s-not_applicable, .muted, .detail { color: var(--muted); }
.cell-pass { background: #dafbe1; } .cell-fail { background: #ffebe9; }
.cell-incomplete { background: #fff8c5; }
.c-added { color: var(--pass); font-weight: 600; } .c-removed { color: var(--fail);
  font-weight: 600; } .c-changed { color: var(--warn); font-weight: 700; }
.c-same { color: var(--muted); }
.detail { font-size: .85em; display: block; }
code { font-size: .85em; word-break: break-all; }
ol.sources li { margin-bottom: .3rem; }
footer { margin-top: 2rem; font-size: .8rem; color: var(--muted); }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .badge { color: #000; border: 1.5px solid #000; background: none !important; }
  .cell-pass, .cell-fail, .cell-incomplete { background: none; }
  a { color: inherit; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em;
                           word-break: break-all; }
  tr { break-inside: avoid; }
}
"""


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def page(title: str, body: Iterable[str]) -> str:
    """A complete HTML document with the shared style sheet inlined."""
    from keirules.version import __version__

    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<footer>Made by keirules {esc(__version__)}.</footer>\n</body>\n</html>\n"
    )


#: A cell: its HTML (already escaped), or (CSS class, HTML) for a cell styled as a whole.
HtmlCell = str | tuple[str, str]


def html_table(header: Sequence[str], rows: Iterable[Sequence[HtmlCell]],
               numeric: Sequence[int] = ()) -> str:
    """An HTML table; ``numeric`` columns align right."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            css, content = cell if isinstance(cell, tuple) else ("num" if i in numeric else "",
                                                                 cell)
            cells.append(f"<td class=\"{css}\">{content}</td>" if css else f"<td>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body)
            + "\n</tbody>\n</table>")
