"""``keirules check CATALOG``: stream a catalog's results to a file or stdout, exit by verdicts.

Exit status: 2 if any row was bad, else 1 if any failed, else 3 if any was incomplete, else 0.
The output is opened only once the catalog's header has been read, so a file error leaves no
half-written output behind.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final, TextIO

from keirules.batch.memory import paused_gc
from keirules.batch.progress import Progress
from keirules.batch.results import CatalogSummary
from keirules.batch.stream import CatalogStream
from keirules.batch.writers import HEADERS, ROWS
from keirules.errors import InputFileError, UsageError

__all__ = ["CATALOG_FORMATS", "run_catalog"]

CATALOG_FORMATS: Final = ("table", "csv", "jsonl")


def run_catalog(path: str, ruleset: str, on: str | None, fmt: str, output: str | None,
                jobs: int | None = None) -> int:
    """Check a catalog file, write its rows (or summary table), return the exit status.

    ``jobs``: worker processes (None: :func:`~keirules.batch.parallel.auto_jobs`; 1: none).
    """
    if fmt not in CATALOG_FORMATS:
        raise UsageError(f"--format {fmt} is for a single spec; a catalog is written as "
                         + ", ".join(CATALOG_FORMATS) + ".", field="format", value=fmt,
                         expected="--format table, csv or jsonl")
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1.", field="jobs", value=jobs)
    summary = CatalogSummary()
    with CatalogStream(path, ruleset, on) as stream, _opened(output) as out:
        out.write(HEADERS.get(fmt, ""))
        progress = Progress(stream.total_bytes, sys.stderr)
        try:
            with paused_gc():
                for text, part in _checked(stream, fmt, jobs):
                    out.write(text)
                    summary.merge(part)
                    progress.update(stream.bytes_read)
        finally:
            progress.close()
        if fmt == "table":
            from rich.console import Console

            from keirules.batch.table import summary_table

            console = Console(file=out, highlight=False, soft_wrap=False)
            console.print(summary_table(summary, title=f"{path}: {summary.rows:,} rows"))
    return summary.exit_code


def _checked(stream: CatalogStream, fmt: str,
             jobs: int | None) -> Iterator[tuple[str, CatalogSummary]]:
    """(text to write, totals) per chunk: in worker processes, or here."""
    from keirules.batch import parallel

    jobs = parallel.auto_jobs(stream.total_bytes) if jobs is None else jobs
    if jobs > 1 and parallel.can_fork():
        yield from parallel.checked_in_workers(stream, fmt, jobs)
        return
    rows = ROWS.get(fmt)
    for block in stream:
        summary = CatalogSummary()
        summary.add(block)
        yield (rows(block) if rows else ""), summary


@contextmanager
def _opened(output: str | None) -> Iterator[TextIO]:
    if output is None or output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        stream = open(output, "w", encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                      newline="")
    except OSError as exc:
        raise InputFileError(f"cannot be written: {exc.strerror}.", file=output,
                             field="output") from None
    with stream:
        yield stream
