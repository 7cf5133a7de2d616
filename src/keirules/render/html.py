"""One self-contained HTML page per document: inline styles, no scripts, nothing fetched.

The page reads on screen and on paper (a print style drops the backgrounds but keeps the
verdict words), every text from a spec or rule set is escaped, and only ``http(s)`` source
addresses become links.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from keirules.analysis import Diff, Matrix, Timeline
from keirules.render.documents import document_outline, document_title
from keirules.render.markup import HtmlCell as Cell
from keirules.render.markup import esc, page
from keirules.render.markup import html_table as table
from keirules.render.outline import outline_html_body
from keirules.report import Report

__all__ = ["Cell", "esc", "html_sections", "page", "render_html", "table"]


def render_html(document: Any) -> str:
    """A report, matrix, timeline, diff or route document as one self-contained HTML page."""
    return page(*html_sections(document))


@singledispatch
def html_sections(document: object) -> tuple[str, list[str]]:
    """A document's title and the HTML of its sections, for a page of one's own: picked by
    the document's class (``register`` adds one)."""
    if _register_routes():
        return html_sections(document)
    from keirules.errors import UsageError

    raise UsageError(f"no HTML renderer for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline, Diff or RouteReport")


def _register_routes() -> bool:
    """Register the route documents' renderer the first time one is asked for (the route
    modules stay unloaded for every other document); False once it is."""
    from keirules.routing import MarketsReport, RegionsReport, RouteReport

    if RouteReport in html_sections.registry:
        return False
    from keirules.render.outline import outline_html_body
    from keirules.render.routes_outline import document_title, routes_outline

    for kind in (RouteReport, RegionsReport, MarketsReport):
        html_sections.register(
            kind, lambda document: (document_title(document),
                                    outline_html_body(routes_outline(document))))
    return True


def _outlined(document: object) -> tuple[str, list[str]]:
    return document_title(document), outline_html_body(document_outline(document))


for _kind in (Report, Matrix, Timeline, Diff):
    html_sections.register(_kind, _outlined)
