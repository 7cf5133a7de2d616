"""GitHub-flavoured Markdown for pasting reports, matrices, timelines, diffs and route
documents into documents: each document's outline (``render/outlines.py``,
``render/routes_outline.py``) rendered by the outline's Markdown backend.

Every piece of text that comes from a spec or a rule set is escaped, so a vehicle called
``A|B *x*`` cannot break a table or turn into emphasis; cells never hold a raw newline.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from keirules.analysis import Diff, Matrix, Timeline
from keirules.render.documents import document_outline
from keirules.render.markup import escape
from keirules.render.markup import md_table as table
from keirules.render.outline import outline_markdown
from keirules.report import Report

__all__ = ["escape", "markdown_lines", "render_markdown", "table"]


def render_markdown(document: Any) -> str:
    """A report, matrix, timeline, diff or route document as Markdown."""
    return "\n".join(markdown_lines(document)).rstrip("\n") + "\n"


@singledispatch
def markdown_lines(document: object) -> list[str]:
    """A document's Markdown lines: picked by the document's class (``register`` adds one)."""
    if _register_routes():
        return markdown_lines(document)
    from keirules.errors import UsageError

    raise UsageError(f"no Markdown renderer for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline, Diff or RouteReport")


def _register_routes() -> bool:
    """Register the route documents' renderers the first time one is asked for (the route
    modules stay unloaded for every other document); False once they are."""
    from keirules.routing import MarketsReport, RegionsReport, RouteReport

    if RouteReport in markdown_lines.registry:
        return False
    from keirules.render.outline import outline_markdown
    from keirules.render.routes_outline import routes_outline

    for kind in (RouteReport, RegionsReport, MarketsReport):
        markdown_lines.register(
            kind, lambda report: outline_markdown(routes_outline(report)).split("\n"))
    return True


def _outlined(document: object) -> list[str]:
    return outline_markdown(document_outline(document)).split("\n")


for _kind in (Report, Matrix, Timeline, Diff):
    markdown_lines.register(_kind, _outlined)
