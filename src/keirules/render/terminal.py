"""The terminal's renderer of each document, picked by its class: ``rich_renderable``.

A report is registered at once; the analysis and route documents the first time one is
rendered, so ``keirules check`` loads none of their modules. It sits above ``render/table.py``
and the outlines, which never import it.
"""

from __future__ import annotations

from functools import singledispatch

from rich.console import RenderableType

from keirules.render.table import (
    diff_table,
    matrix_table,
    report_table,
    routes_table,
    timeline_table,
)
from keirules.report import Report

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


def _register_more() -> bool:
    """Register the renderers of the documents beyond a report the first time one is asked
    for (``keirules check`` never loads their modules); False once they are."""
    from keirules.analysis import Diff, Matrix, Timeline
    from keirules.batch.results import CatalogSummary
    from keirules.routing import MarketsReport, RegionsReport, RouteReport

    if Matrix in rich_renderable.registry:
        return False
    from keirules.render.outline import outline_rich
    from keirules.render.routes_outline import routes_outline

    rich_renderable.register(Matrix, matrix_table)
    rich_renderable.register(Timeline, timeline_table)
    rich_renderable.register(Diff, diff_table)
    rich_renderable.register(RouteReport, routes_table)
    from keirules.render.catalog_outline import catalog_outline

    rich_renderable.register(CatalogSummary, lambda summary: outline_rich(catalog_outline(summary)))
    for kind in (RegionsReport, MarketsReport):
        rich_renderable.register(kind, lambda document: outline_rich(routes_outline(document)))
    return True


rich_renderable.register(Report, report_table)
