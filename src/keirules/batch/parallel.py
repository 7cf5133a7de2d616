"""Checking a catalog with worker processes: the parent reads and keeps order, workers check.

The parent reads the file and cuts it into chunks exactly as a single process does (the cut
needs the csv reader's state, so it stays in one place), numbers their rows, and hands each
chunk to a worker. Workers are forked after the header and the rule set were read, so they
inherit the compiled checker; each splits, checks and formats its chunk and sends back the
text to write and the chunk's totals. At most two chunks per worker are in flight, so memory
stays bounded, and results are written in the order of the input.

Only where ``fork`` exists (Linux and most Unix systems); elsewhere one process does it all.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from multiprocessing.pool import AsyncResult
from typing import Final

from keirules.batch.results import CatalogSummary
from keirules.batch.stream import CatalogStream, Checker, Item, check_item
from keirules.batch.write.writers import ROWS

__all__ = ["AUTO_MIN_BYTES", "MAX_AUTO_JOBS", "auto_jobs", "checked_in_workers"]

#: Catalogs smaller than this are checked in one process (workers would not pay for starting).
AUTO_MIN_BYTES: Final = 16 << 20
MAX_AUTO_JOBS: Final = 4
_IN_FLIGHT: Final = 2  # chunks per worker

# What a worker checks with: set in the parent just before the workers are forked.
_checker: Checker | None = None
_format: str = "table"


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def auto_jobs(total_bytes: int) -> int:
    """Workers to use by default: one per core (at most 4) for a large file when at least
    one core is idle; otherwise none (workers on busy cores only add their overhead)."""
    cores = os.cpu_count() or 1
    if total_bytes < AUTO_MIN_BYTES or cores < 2 or not can_fork():
        return 1
    try:
        idle = cores - os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this system
        idle = cores
    return min(cores, MAX_AUTO_JOBS) if idle >= 1 else 1


def checked_in_workers(stream: CatalogStream, fmt: str,
                       jobs: int) -> Iterator[tuple[str, CatalogSummary]]:
    """(text to write, totals) for each chunk of the stream, in order, from ``jobs`` workers."""
    global _checker, _format
    _checker, _format = stream.checker, fmt
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker) as pool:
        pending: deque[AsyncResult[tuple[str, CatalogSummary]]] = deque()
        for task in stream.items():
            pending.append(pool.apply_async(_work, task))
            if len(pending) >= _IN_FLIGHT * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _start_worker() -> None:
    """A worker collects no cycles, and leaves Ctrl-C to the parent (which stops the pool
    and says so once, without a traceback from every worker)."""
    import signal

    gc.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(first_row: int, item: Item) -> tuple[str, CatalogSummary]:
    """In a worker: check one chunk, format its rows, add up its totals."""
    assert _checker is not None
    block = check_item(_checker, first_row, item)
    summary = CatalogSummary()
    summary.add(block)
    rows = ROWS.get(_format)
    return (rows(block) if rows else ""), summary
