"""``keirules serve``: uvicorn on ``keirules.web:app``, one process or several.

With several worker processes uvicorn binds the listening socket itself with ``proto`` 0, and
asyncio turns Nagle's algorithm off (``TCP_NODELAY``) only on connections accepted from a socket
that says ``IPPROTO_TCP``. Left so, every answer after the first on a keep-alive connection
waits on the client's delayed ACK (about 40 ms on Linux; uvicorn issue 3149): a check that
takes a millisecond is answered in forty. So the listener is bound here, saying TCP, and handed
to uvicorn (its supervisor, with workers); every connection then gets ``TCP_NODELAY``. A port
that cannot be bound raises :class:`OSError` before anything starts.
"""

from __future__ import annotations

import inspect
import socket
from collections.abc import Callable
from typing import Any

__all__ = ["listener", "serve"]


def listener(host: str, port: int) -> socket.socket:
    """A listening TCP socket that its accepted connections inherit ``IPPROTO_TCP`` from."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, *,
          http: str = "auto", loop: str = "auto", log_level: str = "warning",
          access_log: bool = True, started: Callable[[], None] | None = None) -> None:
    """Serve ``keirules.web:app`` until interrupted; ``started`` is called once the port is
    bound."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("keirules.web:app", host=host, port=port, workers=workers,
                            http=http, loop=loop, log_level=log_level, access_log=access_log)
    server = uvicorn.Server(config)
    sock = listener(host, port)
    if started is not None:
        started()
    try:
        if workers == 1:
            server.run(sockets=[sock])
            return
        options: dict[str, Any] = {"sockets": [sock]}
        if "target" in inspect.signature(Multiprocess.__init__).parameters:  # uvicorn < 0.30
            options["target"] = server.run
        Multiprocess(config, **options).run()
    finally:
        sock.close()
