"""The outline and the plain title of each checking document, picked by its class
(``functools.singledispatch``): a report at once, a compare matrix, a timeline and a diff the
first time one is asked for, so ``keirules check`` loads no analysis module.

It sits above ``render/report_outline.py`` and ``render/outlines.py``, which never import it.
"""

from __future__ import annotations

from functools import singledispatch

from keirules.render.outline import Outline
from keirules.render.report_outline import report_outline, report_title
from keirules.report import Report

__all__ = ["document_outline", "document_title"]


@singledispatch
def document_outline(document: object) -> Outline:
    """A report, matrix, timeline or diff as an outline."""
    if _register_analysis():
        return document_outline(document)
    from keirules.errors import UsageError

    raise UsageError(f"no outline for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline or Diff")


@singledispatch
def document_title(document: object) -> str:
    """The plain title of a document (an HTML page's)."""
    if _register_analysis():
        return document_title(document)
    raise TypeError(type(document).__name__)


def _register_analysis() -> bool:
    """Register the analysis documents the first time one is asked for; False once they are."""
    from keirules.analysis import Diff, Matrix, Timeline

    if Matrix in document_outline.registry:
        return False
    from keirules.render import outlines

    for kind, outline, title in ((Matrix, outlines.matrix_outline, outlines.matrix_title),
                                 (Timeline, outlines.timeline_outline, outlines.timeline_title),
                                 (Diff, outlines.diff_outline, outlines.diff_title)):
        document_outline.register(kind, outline)
        document_title.register(kind, title)
    return True


document_outline.register(Report, report_outline)
document_title.register(Report, report_title)
