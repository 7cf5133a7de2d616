"""Library work run for a request: on a worker thread, abandoned (503) when it takes longer
than :data:`REQUEST_SECONDS`. Shared by the JSON endpoints (``app.py``) and the page's forms
(``forms.py``), which therefore need not import each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import anyio
from starlette.exceptions import HTTPException

__all__ = ["REQUEST_SECONDS", "run_bounded"]

#: The longest any request may take before it is answered 503.
REQUEST_SECONDS: Final = 10.0


async def run_bounded(work: Callable[[], Any]) -> Any:
    """Run library code on a worker thread, abandoned (503) if it takes too long."""
    try:
        with anyio.fail_after(REQUEST_SECONDS):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        raise HTTPException(503, f"the answer took longer than {REQUEST_SECONDS:g} s") from None
