"""keirules over HTTP: a JSON API under ``/v1`` and a page for people at ``/``.

``keirules serve`` runs it with uvicorn; any ASGI server can run ``keirules.web:app`` on more
cores or machines (``uvicorn keirules.web:app --workers 4``). Needs the ``serve`` extra.
"""

from keirules.web.app import create_app

__all__ = ["app", "create_app"]

app = create_app()
