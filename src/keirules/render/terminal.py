"""The terminal's renderer of each document, picked by its class: ``rich_renderable``.

Every document is drawn from its outline by the outline's rich backend (``outline_rich``), the
same outline Markdown and HTML render. A report is registered at once; the analysis and route
documents the first time one is rendered, so ``keirules check`` loads none of their modules.
The outlines never import it.
"""

from __future__ import annotations

from functools import singledispatch
from typing import TYPE_CHECKING

from keirules.render.documents import document_outline
from keirules.render.rich_outline import outline_rich
from keirules.report import Report

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = ["rich_renderable"]


@singledispatch
def rich_renderable(document: object) -> RenderableType:
    """A document for the terminal, laid out for the console's width: picked by the document's
    class (``register`` adds one)."""
    if _register_more():
        return rich_renderable(document)
    from keirules.errors import UsageError

    raise UsageError(f"no terminal renderer for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline, Diff or route document")


def _outlined(document: object) -> RenderableType:
    return outline_rich(document_outline(document))


def _register_more() -> bool:
    """Register the renderers of the documents beyond a report the first time one is asked
    for (``keirules check`` never loads their modules); False once they are."""
    from keirules.analysis import Diff, Matrix, Timeline
    from keirules.batch.results import CatalogSummary
    from keirules.routing import MarketsReport, RegionsReport, RouteReport

    if Matrix in rich_renderable.registry:
        return False
    import keirules.render.outlines  # noqa: F401  (registers the analysis outlines)
    from keirules.render.catalog_outline import catalog_outline
    from keirules.render.routes_outline import routes_outline

    for kind in (Matrix, Timeline, Diff):
        rich_renderable.register(kind, _outlined)
    rich_renderable.register(CatalogSummary, lambda summary: outline_rich(catalog_outline(summary)))
    for route_kind in (RouteReport, RegionsReport, MarketsReport):
        rich_renderable.register(route_kind,
                                 lambda document: outline_rich(routes_outline(document)))
    return True


rich_renderable.register(Report, _outlined)
