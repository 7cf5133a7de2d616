"""The terminal's renderer of each document: ``rich_renderable``.

Every document is drawn from its outline (``render/documents.py`` picks it) by the outline's
rich backend, the same outline Markdown and HTML render. It stays a ``singledispatch``
function so that a program can ``register`` a renderer of its own for a document kind.
"""

from __future__ import annotations

from functools import singledispatch
from typing import TYPE_CHECKING

from keirules.render.documents import document_outline
from keirules.render.rich_outline import outline_rich

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = ["rich_renderable"]


@singledispatch
def rich_renderable(document: object) -> RenderableType:
    """A document for the terminal, laid out for the console's width: its outline, unless a
    renderer was registered for its class."""
    return outline_rich(document_outline(document))
