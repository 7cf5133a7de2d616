"""Memory settings for streaming catalogs, shared by every path that streams rows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while streaming: rows make only acyclic objects (freed by
    reference counting), and each collection would walk a whole chunk's records in vain."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
