"""keirules over HTTP: a JSON API under ``/v1`` and a page for people at ``/``.

``keirules serve`` runs it with uvicorn; any ASGI server can run ``keirules.web:app`` on more
cores or machines (``uvicorn keirules.web:app --workers 4``). Needs the ``serve`` extra.

The application is built on first use, so the request handlers
(:mod:`keirules.web.handlers`, plain library calls) can be imported and tested without the
ASGI stack installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["app", "create_app"]


def create_app() -> Starlette:
    """The keirules web application (see :func:`keirules.web.app.create_app`)."""
    from keirules.web.app import create_app as build

    return build()


def __getattr__(name: str) -> Any:
    if name == "app":
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(f"module 'keirules.web' has no attribute {name!r}")
