"""The ASGI application: HTTP in, the library's answer out. Thin on purpose.

Every request is bounded: a body over 1 MiB is refused (413) before it is read in full, and an
answer that takes longer than :data:`REQUEST_SECONDS` is abandoned with a 503. Bad input gets a
4xx with the CLI's error as data; nothing a request holds can make the server read a file, and
nothing is kept between requests.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Final

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from keirules.errors import KeirulesError
from keirules.web import handlers
from keirules.web.bounded import REQUEST_SECONDS
from keirules.web.bounded import run_bounded as _run
from keirules.web.errors import error_body, plain_error, status_for
from keirules.web.inputs import MAX_BODY, BadRequest

__all__ = ["REQUEST_SECONDS", "create_app", "warm"]

def _json(data: Any, status: int = 200, request: Request | None = None) -> Response:
    """Compact JSON (the C encoder: an indented dump costs a check's worth of time); with
    ``?pretty`` in the query, indented as the command line prints it."""
    if request is not None and "pretty" in request.query_params:
        from keirules.render.jsonout import dumps

        text = dumps(data)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(text + "\n", status_code=status, media_type="application/json")


async def _answer(request: Request, work: Callable[[], Any], *,
                  in_path: bool = False) -> Response:
    try:
        return _json(await _run(work), request=request)
    except KeirulesError as exc:
        return _json(error_body(exc), status_for(exc, in_path=in_path), request)


async def _body(request: Request) -> Any:
    """The request's JSON, parsed as keirules parses JSON files (exact numbers, no repeated
    keys, no NaN)."""
    from keirules.yamlload import load_json_text

    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the request body is not UTF-8 text.") from None
    if not text.strip():
        raise BadRequest("the request body is empty.",
                         expected='a JSON object such as {"spec": {...}}')
    try:
        data = load_json_text(text, "request body")
    except KeirulesError as exc:
        raise BadRequest(exc.message, line=exc.line) from None
    if _UNPAIRED.search(text):
        _refuse_unpaired(data, "")
    return data


# A \uD800-\uDFFF escape: JSON allows one alone, UTF-8 cannot carry it.
_UNPAIRED: Final = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _refuse_unpaired(value: Any, where: str) -> None:
    """Refuse text holding a lone surrogate, naming the field it is in."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadRequest("holds a lone surrogate (an unpaired \\uD800-\\uDFFF escape), "
                             "which is not text.", field=where or None) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unpaired(key, where)
            _refuse_unpaired(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _refuse_unpaired(item, f"{where}[{i}]")


def _post(handler: Callable[[Any], dict[str, Any]]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            data = await _body(request)
        except KeirulesError as exc:
            return _json(error_body(exc), 400, request)
        return await _answer(request, lambda: handler(data))

    return endpoint


async def _rulesets(request: Request) -> Response:
    return await _answer(request, handlers.rulesets)


async def _ruleset(request: Request) -> Response:
    name = request.path_params["name"]
    on = request.query_params.get("on")
    return await _answer(request, lambda: handlers.ruleset(name, on), in_path=True)


async def _diff(request: Request) -> Response:
    query = request.query_params
    return await _answer(request, lambda: handlers.diff(query.get("from"), query.get("to"),
                                                        query.get("on")))


async def _schema(request: Request) -> Response:
    kind = request.path_params["kind"]
    try:
        return _json(handlers.schema(kind), request=request)
    except KeirulesError as exc:
        return _json(error_body(exc), 404, request)


async def _features(request: Request) -> Response:
    return _json(handlers.features(), request=request)


async def _openapi(request: Request) -> Response:
    from keirules.web.openapi import openapi

    return _json(openapi(), request=request)


async def _docs(request: Request) -> Response:
    from keirules.web.docs import docs_page

    return HTMLResponse(docs_page())


async def _healthz(request: Request) -> Response:
    from keirules.version import __version__

    return _json({"status": "ok", "version": __version__}, request=request)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "request refused"
    return _json(plain_error(detail), exc.status_code, request)


async def _internal(request: Request, exc: Exception) -> Response:
    # Never a traceback: say it is ours to fix.
    return _json(plain_error(f"internal error ({type(exc).__name__}); this is a bug in "
                             "keirules, please report it with the request"), 500)


class BodyLimit:
    """Refuse bodies over ``limit`` bytes: at once by Content-Length, else while reading."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            response = _json(plain_error(f"the request body is larger than "
                                         f"{self.limit // 1024} KiB"), 413)
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"the request body is larger than "
                                             f"{self.limit // 1024} KiB")
            return message

        await self.app(scope, limited, send)


def warm() -> None:
    """Load what every check needs (the rule set catalog, the unit registry), then move it out
    of the garbage collector's way, so that no request pays for it."""
    import gc

    from keirules.api import check
    from keirules.rulesets.catalog import default_catalog

    try:
        default_catalog().all()
        check({"name": "warm-up", "length": "3.40 m"}, "jp-kei").as_dict()
    except Exception:  # a broken plugin: each request will say so itself
        pass
    gc.collect()
    gc.freeze()  # long-lived objects: never scanned again by the collector


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    await anyio.to_thread.run_sync(warm)
    yield


def create_app() -> Starlette:
    """The keirules web application (``keirules.web:app``)."""
    from starlette.middleware import Middleware

    from keirules.web import forms

    routes = [
        Route("/", forms.home_get, methods=["GET"]),
        Route("/check", forms.check_post, methods=["POST"]),
        Route("/compare", forms.compare_get, methods=["GET"]),
        Route("/compare", forms.compare_post, methods=["POST"]),
        Route("/routes", forms.routes_get, methods=["GET"]),
        Route("/routes", forms.routes_post, methods=["POST"]),
        *(Route(path, _post(handler), methods=["POST"])
          for path, handler in handlers.HANDLERS.items()),
        Route("/v1/rulesets", _rulesets, methods=["GET"]),
        Route("/v1/rulesets/{name}", _ruleset, methods=["GET"]),
        Route("/v1/diff", _diff, methods=["GET"]),
        Route("/v1/schema/{kind}", _schema, methods=["GET"]),
        Route("/v1/features", _features, methods=["GET"]),
        Route("/openapi.json", _openapi, methods=["GET"]),
        Route("/docs", _docs, methods=["GET"]),
        Route("/healthz", _healthz, methods=["GET"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(BodyLimit)],
        exception_handlers={HTTPException: _http_error, Exception: _internal},
        lifespan=_lifespan,
    )
