"""``keirules check CATALOG``: stream a catalog's results to a file or stdout, exit by verdicts.

Exit status: 2 if any row was bad, else 1 if any failed, else 3 if any was incomplete, else 0.
The output is opened only once the catalog's header has been read, so a file error leaves no
half-written output behind.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final, TextIO

from keirules.batch.progress import Progress
from keirules.batch.results import CatalogSummary
from keirules.batch.stream import CatalogStream
from keirules.batch.writers import CsvWriter, JsonlWriter, RowWriter
from keirules.errors import InputFileError, UsageError

__all__ = ["CATALOG_FORMATS", "run_catalog"]

CATALOG_FORMATS: Final = ("table", "csv", "jsonl")


def run_catalog(path: str, ruleset: str, on: str | None, fmt: str,
                output: str | None) -> int:
    """Check a catalog file, write its rows (or summary table), return the exit status."""
    if fmt not in CATALOG_FORMATS:
        raise UsageError(f"--format {fmt} is for a single spec; a catalog is written as "
                         + ", ".join(CATALOG_FORMATS) + ".", field="format", value=fmt,
                         expected="--format table, csv or jsonl")
    summary = CatalogSummary()
    with CatalogStream(path, ruleset, on) as stream, _opened(output) as out:
        writer: RowWriter | None = (CsvWriter(out) if fmt == "csv" else
                                    JsonlWriter(out) if fmt == "jsonl" else None)
        progress = Progress(stream.total_bytes, sys.stderr)
        try:
            with paused_gc():
                for block in stream:
                    if writer is not None:
                        writer.write(block)
                    summary.add(block)
                    progress.update(stream.bytes_read)
        finally:
            progress.close()
        if writer is None:
            from rich.console import Console

            from keirules.batch.table import summary_table

            console = Console(file=out, highlight=False, soft_wrap=False)
            console.print(summary_table(summary, title=f"{path}: {summary.rows:,} rows"))
    return summary.exit_code


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


@contextmanager
def _opened(output: str | None) -> Iterator[TextIO]:
    if output is None or output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        stream = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise InputFileError(f"cannot be written: {exc.strerror}.", file=output,
                             field="output") from None
    with stream:
        yield stream
