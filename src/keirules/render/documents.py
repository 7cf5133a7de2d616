"""The outline and the plain title of every document people read, picked by its class
(``functools.singledispatch``): the one place a document kind is tied to its outline, so the
terminal, Markdown and HTML cannot disagree on which documents they render.

A report is registered at once; the compare matrix, timeline, diff, the route documents and a
catalog's summary the first time one is asked for, so ``keirules check`` loads none of their
modules. It sits above the outline modules, which never import it.
"""

from __future__ import annotations

from functools import singledispatch

from keirules.render.outline import Outline
from keirules.render.report_outline import report_outline, report_title
from keirules.report import Report

__all__ = ["document_outline", "document_title"]

_EXPECTED = "a Report, Matrix, Timeline, Diff, route document or catalog summary"


@singledispatch
def document_outline(document: object) -> Outline:
    """A document as an outline."""
    if _register_more():
        return document_outline(document)
    from keirules.errors import UsageError

    raise UsageError(f"no renderer for {type(document).__name__} (no outline is registered "
                     "for its class).", field="document", expected=_EXPECTED)


@singledispatch
def document_title(document: object) -> str:
    """The plain title of a document (an HTML page's)."""
    if _register_more():
        return document_title(document)
    from keirules.errors import UsageError

    raise UsageError(f"no renderer for {type(document).__name__} (no title is registered "
                     "for its class).", field="document", expected=_EXPECTED)


def _register_more() -> bool:
    """Register the documents beyond a report the first time one is asked for; False once
    they are."""
    from keirules.analysis import Diff, Matrix, Timeline

    if Matrix in document_outline.registry:
        return False
    from keirules.batch.results import CatalogSummary
    from keirules.render import outlines, routes_outline
    from keirules.render.catalog_outline import catalog_outline
    from keirules.routing import MarketsReport, RegionsReport, RouteReport

    for kind, outline, title in ((Matrix, outlines.matrix_outline, outlines.matrix_title),
                                 (Timeline, outlines.timeline_outline, outlines.timeline_title),
                                 (Diff, outlines.diff_outline, outlines.diff_title)):
        document_outline.register(kind, outline)
        document_title.register(kind, title)
    for route_kind in (RouteReport, RegionsReport, MarketsReport):
        document_outline.register(route_kind, routes_outline.routes_outline)
        document_title.register(route_kind, routes_outline.document_title)
    document_outline.register(CatalogSummary, catalog_outline)
    document_title.register(CatalogSummary, lambda summary: summary.catalog or "Catalog")
    return True


document_outline.register(Report, report_outline)
document_title.register(Report, report_title)
