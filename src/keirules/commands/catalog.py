"""``keirules check CATALOG``: a catalog's results to a file or stdout, exit by verdicts.

Exit status: 2 if any row was bad, else 1 if any failed, else 3 if any was incomplete, else 0
(130 if interrupted). Nothing is lost: an output that is one of the inputs is refused before
anything is read; an output file is written to a temporary file beside it and renamed only
when complete, so an error or Ctrl-C leaves no partial file (and any earlier file as it was).

Two engines give the same rows. With pyarrow installed, a CSV catalog goes through the
columnar engine (:mod:`keirules.batch.check.columnar`: read, decided and written in bulk); a catalog
it finds unusual (a bad row, ``--on manufactured``, cross-checked figures) is checked again
from the start by the row-wise engine, whose output replaces everything written so far. The
row-wise engine (:class:`~keirules.batch.stream.CatalogStream`, with worker processes for large
files) reads everything else. ``KEIRULES_CATALOG_ENGINE=rows`` forces it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, Final

from keirules.batch.memory import paused_gc
from keirules.batch.read import arrow as arrow_read
from keirules.batch.read.lines import ENGINE_VARIABLE, sniff_delimiter
from keirules.batch.results import BlockResult, CatalogSummary
from keirules.batch.write.writers import HEADERS, ROWS
from keirules.errors import InputFileError, UsageError
from keirules.render.progress import Progress
from keirules.serialize import catalog_summary_json

__all__ = ["CATALOG_FORMATS", "ENGINE_VARIABLE", "run_catalog", "summary_json"]

CATALOG_FORMATS: Final = ("table", "csv", "jsonl", "json", "parquet")


def run_catalog(path: str, ruleset: str, on: str | None, fmt: str, output: str | None,
                jobs: int | None = None, delimiter: str | None = None) -> int:
    """Check a catalog file, write its rows (or summary), return the exit status.

    ``jobs``: worker processes of the row-wise engine (None: automatic; 1: none).
    ``delimiter``: of a CSV catalog (None: sniffed from the header line).
    """
    if fmt not in CATALOG_FORMATS:
        raise UsageError(f"--format {fmt} is for a single spec; a catalog is written as "
                         + ", ".join(CATALOG_FORMATS) + ".", field="format", value=fmt,
                         expected="--format table, csv, jsonl, json or parquet")
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1.", field="jobs", value=jobs)
    to_file = output is not None and output != "-"
    if to_file:
        from keirules.atomic import refuse_overwriting_inputs

        refuse_overwriting_inputs(str(output), [path])
    if fmt == "parquet":
        arrow_read.require("--format parquet")
        if not to_file:
            raise UsageError("--format parquet is binary: it needs --output FILE.",
                             field="output", expected="--output results.parquet")
    kind = _kind(path)
    if kind == "parquet":
        arrow_read.require("a Parquet catalog")
    if kind == "csv":
        delimiter = sniff_delimiter(path, delimiter)
    elif delimiter is not None:
        raise UsageError("--delimiter is for CSV catalogs.", field="delimiter")
    try:
        with _output(output, fmt) as out:
            summary = _check(path, kind, ruleset, on, fmt, out, jobs, delimiter or ",")
    except KeyboardInterrupt:
        where = f"; {output} was not written (no partial file)" if to_file else ""
        print(f"keirules: interrupted{where}.", file=sys.stderr)
        return 130
    return summary.exit_code


def _kind(path: str) -> str:
    from keirules.batch import catalog_kind

    kind = catalog_kind(path)
    if kind is None:
        raise UsageError("is not a catalog file name.", file=path,
                         expected="a name ending in .csv, .jsonl or .parquet")
    return kind


@contextmanager
def _output(output: str | None, fmt: str) -> Iterator[BinaryIO]:
    """The binary stream results go to: a temporary file renamed into place when complete, or
    stdout (rows spooled through a temporary file, so that the columnar engine may start over).
    """
    if output is not None and output != "-":
        from keirules.atomic import atomic_output

        try:
            with atomic_output(output) as handle:
                yield handle.buffer
                handle.flush()
        except UsageError as exc:
            raise InputFileError(exc.message, file=output, field="output") from None
        return
    binary: BinaryIO | None = getattr(sys.stdout, "buffer", None)
    if fmt in ("table", "json") and binary is not None:
        yield binary
        sys.stdout.flush()
        return
    with tempfile.TemporaryFile() as spool:
        yield spool
        spool.flush()
        spool.seek(0)
        sys.stdout.flush()
        if binary is None:  # a text-only stdout (an embedding program's, a test's)
            sys.stdout.write(spool.read().decode("utf-8", errors="replace"))
            sys.stdout.flush()
            return
        shutil.copyfileobj(spool, binary)
        binary.flush()


class _Sink:
    """Writes one format's rows, chunk by chunk, from either engine."""

    def __init__(self, out: BinaryIO, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self._parquet: Any = None
        self._start = out.tell() if out.seekable() else 0
        self.begin()

    def begin(self) -> None:
        header = HEADERS.get(self.fmt, "")
        if header:
            self.out.write(header.encode())

    def rows(self, block: BlockResult) -> None:
        if self.fmt == "parquet":
            from keirules.batch.write.parquet import block_table

            self.table(block_table(block))
            return
        rows = ROWS.get(self.fmt)
        if rows is not None:
            self.out.write(rows(block).encode("utf-8", errors="backslashreplace"))

    def text(self, text: str) -> None:
        self.out.write(text.encode("utf-8", errors="backslashreplace"))

    def table(self, table: Any) -> None:
        """A pyarrow Table of result rows (the columns of the CSV output)."""
        if self.fmt == "csv":
            from pyarrow import csv

            csv.write_csv(table, self.out, csv.WriteOptions(include_header=False,
                                                           quoting_style="none"))
        elif self.fmt == "parquet":
            import pyarrow.parquet as pq

            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.out, table.schema)
            self._parquet.write_table(table)

    def finish(self, summary: CatalogSummary, title: str) -> None:
        if self.fmt == "parquet":
            if self._parquet is None:
                from keirules.batch.write.parquet import block_table

                self.table(block_table(BlockResult(1, [], [], [])))
            self._parquet.close()
        elif self.fmt == "table":
            from rich.console import Console

            from keirules.render.catalog_outline import catalog_outline
            from keirules.render.rich_outline import outline_rich

            text = io.StringIO()
            console = Console(file=text, highlight=False, soft_wrap=False)
            console.print(outline_rich(catalog_outline(summary, title=title)))
            self.text(text.getvalue())
        elif self.fmt == "json":
            self.text(json.dumps(summary_json(summary, title), indent=2,
                                 ensure_ascii=False) + "\n")

    def restart(self) -> None:
        """Forget everything written (the row-wise engine starts over)."""
        self._parquet = None
        self.out.flush()
        self.out.seek(self._start)
        self.out.truncate()
        self.begin()


def summary_json(summary: CatalogSummary, catalog: str) -> dict[str, Any]:
    """A catalog's totals as JSON: rows by verdict, by failing rule, by rule set."""
    return catalog_summary_json(summary, catalog)


def _check(path: str, kind: str, ruleset: str, on: str | None, fmt: str, out: BinaryIO,
           jobs: int | None, delimiter: str) -> CatalogSummary:
    sink = _Sink(out, fmt)
    with paused_gc():
        if kind == "csv" and _columnar_wanted(out):
            summary = _columnar(path, ruleset, on, sink, delimiter)
            if summary is not None:
                sink.finish(summary, f"{path}: {summary.rows:,} rows")
                return summary
            sink.restart()
        if kind == "parquet":
            summary = _parquet(path, ruleset, on, sink)
        else:
            summary = _rows(path, ruleset, on, sink, jobs, delimiter)
    sink.finish(summary, f"{path}: {summary.rows:,} rows")
    return summary


def _columnar_wanted(out: BinaryIO) -> bool:
    engine = os.environ.get(ENGINE_VARIABLE, "auto")
    return engine != "rows" and out.seekable() and arrow_read.available()


def _columnar(path: str, ruleset: str, on: str | None, sink: _Sink,
              delimiter: str) -> CatalogSummary | None:
    """The catalog through the columnar engine, or None if the row-wise engine must check it
    (a header problem raises here, as it would there)."""
    from keirules.batch.stream import CatalogStream

    with CatalogStream(path, ruleset, on, delimiter=delimiter) as stream:
        checker = stream.checker
        total = stream.total_bytes
    from keirules.batch.check.checker import CatalogChecker

    assert isinstance(checker, CatalogChecker)
    import pyarrow as pa

    from keirules.batch.check.columnar import ColumnarChecker, Unusual
    from keirules.batch.read.arrow import csv_batches

    summary = CatalogSummary()
    progress = Progress(total, sys.stderr)
    first = 1
    try:
        engine = ColumnarChecker(checker)
        for arrays in csv_batches(path, checker.columns, delimiter,
                                  plain=[engine.name_column]):
            result = engine.check(arrays, first)
            first += result.size
            if sink.fmt == "csv" and not result.plain_names():
                sink.rows(result.block())  # names to quote: as the row-wise writer quotes
            elif sink.fmt in ("csv", "parquet"):
                sink.table(result.table())
            elif sink.fmt == "jsonl":
                sink.rows(result.block())
            summary.merge(result.summary())
    except (Unusual, pa.ArrowException, ValueError, OSError):
        return None
    finally:
        progress.close()
    return summary


def _rows(path: str, ruleset: str, on: str | None, sink: _Sink, jobs: int | None,
          delimiter: str) -> CatalogSummary:
    from keirules.batch.stream import CatalogStream

    summary = CatalogSummary()
    with CatalogStream(path, ruleset, on, delimiter=delimiter) as stream:
        progress = Progress(stream.total_bytes, sys.stderr)
        try:
            if sink.fmt == "parquet":  # tables are built here, from the blocks
                for block in stream:
                    sink.rows(block)
                    summary.add(block)
                    progress.update(stream.bytes_read)
                return summary
            for text, part in _checked(stream, sink.fmt, jobs):
                sink.text(text)
                summary.merge(part)
                progress.update(stream.bytes_read)
        finally:
            progress.close()
    return summary


def _parquet(path: str, ruleset: str, on: str | None, sink: _Sink) -> CatalogSummary:
    """A Parquet catalog: its typed columns written as cells as ``check_frame`` writes them,
    checked by the columnar engine chunk by chunk (as ``check_frame``)."""
    from keirules.batch.check.checker import CatalogChecker
    from keirules.batch.read.arrow import parquet_batches
    from keirules.frames.arrow_table import arrow_reader
    from keirules.frames.chunks import _check_chunk, _columnar, _columnar_chunk

    names, tables = parquet_batches(path)
    checker = CatalogChecker(names, ruleset, on, file=path)
    columnar = _columnar(checker)  # chunk by chunk, the unusual ones row-wise
    summary = CatalogSummary()
    first = 1
    from keirules.batch.check.checker import CHUNK_ROWS

    for table in tables:
        readers = [arrow_reader(table.column(j), spec) for j, spec in enumerate(checker.specs)]
        for start in range(0, table.num_rows, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, table.num_rows)
            block = (_columnar_chunk(columnar, readers, start, stop, first)
                     or _check_chunk(checker, readers, start, stop, first))
            part = CatalogSummary()
            part.add(block)
            sink.rows(block)
            summary.merge(part)
        first += table.num_rows
    return summary


def _checked(stream: Any, fmt: str, jobs: int | None) -> Iterator[tuple[str, CatalogSummary]]:
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
