"""GitHub-flavoured Markdown for pasting reports, matrices, timelines, diffs and route
documents into documents: each document's outline (``render/outlines.py``,
``render/routes_outline.py``) rendered by the outline's Markdown backend.

Every piece of text that comes from a spec or a rule set is escaped, so a vehicle called
``A|B *x*`` cannot break a table or turn into emphasis; cells never hold a raw newline.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from keirules.render.documents import document_outline
from keirules.render.markup import escape
from keirules.render.markup import md_table as table
from keirules.render.outline import outline_markdown

__all__ = ["escape", "markdown_lines", "render_markdown", "table"]


def render_markdown(document: Any) -> str:
    """A report, matrix, timeline, diff or route document as Markdown."""
    return "\n".join(markdown_lines(document)).rstrip("\n") + "\n"


@singledispatch
def markdown_lines(document: object) -> list[str]:
    """A document's Markdown lines: its outline (``render/documents.py`` picks it), unless a
    renderer was registered for its class."""
    return outline_markdown(document_outline(document)).split("\n")
