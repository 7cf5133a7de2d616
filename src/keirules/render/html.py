"""One self-contained HTML page per document: inline styles, no scripts, nothing fetched.

The page reads on screen and on paper (a print style drops the backgrounds but keeps the
verdict words), every text from a spec or rule set is escaped, and only ``http(s)`` source
addresses become links.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from keirules.render.documents import document_outline, document_title
from keirules.render.markup import HtmlCell as Cell
from keirules.render.markup import esc, page
from keirules.render.markup import html_table as table
from keirules.render.outline import outline_html_body

__all__ = ["Cell", "esc", "html_sections", "page", "render_html", "table"]


def render_html(document: Any) -> str:
    """A report, matrix, timeline, diff or route document as one self-contained HTML page."""
    return page(*html_sections(document))


@singledispatch
def html_sections(document: object) -> tuple[str, list[str]]:
    """A document's title and the HTML of its sections, for a page of one's own: its outline
    (``render/documents.py`` picks it), unless a renderer was registered for its class."""
    return document_title(document), outline_html_body(document_outline(document))
