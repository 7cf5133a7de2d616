"""Opening a catalog file by its suffix and streaming its results, chunk by chunk.

The header (or the first line's absence) is read when the stream is opened, so a file that
cannot be read at all raises before any output is written; rows are read, checked and handed
on one chunk at a time, so memory stays flat whatever the size of the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from keirules.api import OnLike, RuleSetLike
from keirules.batch import catalog_kind
from keirules.batch.checker import CHUNK_ROWS, CatalogChecker
from keirules.batch.reading import LineSource, csv_chunks, open_catalog
from keirules.batch.results import BlockResult
from keirules.batch.specs import SpecChecker, jsonl_specs
from keirules.errors import UsageError
from keirules.rulesets.catalog import Catalog

__all__ = ["CatalogStream"]


class CatalogStream:
    """An open catalog: its header read, its rows checked as it is iterated (BlockResults)."""

    def __init__(self, path: str | Path, ruleset: RuleSetLike = "jp-kei", on: OnLike = None,
                 *, catalog: Catalog | None = None, rows: int = CHUNK_ROWS) -> None:
        self.path = str(path)
        kind = catalog_kind(path)
        if kind is None:
            raise UsageError("is not a catalog file name.", file=self.path,
                             expected="a name ending in .csv or .jsonl")
        handle = open_catalog(path)
        try:
            self.total_bytes = os.fstat(handle.fileno()).st_size
            self._source = LineSource(handle)
            self._blocks = (self._csv(ruleset, on, catalog, rows) if kind == "csv"
                            else self._jsonl(ruleset, on, catalog, rows))
        except BaseException:
            handle.close()
            raise
        self._handle = handle

    @property
    def bytes_read(self) -> int:
        return self._source.bytes_read

    def __iter__(self) -> Iterator[BlockResult]:
        return self._blocks

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> CatalogStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _csv(self, ruleset: RuleSetLike, on: OnLike, catalog: Catalog | None,
             rows: int) -> Iterator[BlockResult]:
        header, chunks = csv_chunks(self._source, file=self.path, rows=rows)
        checker = CatalogChecker(header, ruleset, on, file=self.path, catalog=catalog)

        def blocks() -> Iterator[BlockResult]:
            first = 1
            for chunk in chunks:
                yield checker.check_records(chunk.records, first, lines=chunk.lines,
                                            errors=chunk.errors)
                first += len(chunk.records)

        return blocks()

    def _jsonl(self, ruleset: RuleSetLike, on: OnLike, catalog: Catalog | None,
               rows: int) -> Iterator[BlockResult]:
        checker = SpecChecker(ruleset, on, file=self.path, catalog=catalog)

        def blocks() -> Iterator[BlockResult]:
            first = 1
            for specs, lines, errors in jsonl_specs(self._source, file=self.path, rows=rows):
                yield checker.check_specs(specs, first, lines=lines, errors=errors)
                first += len(specs)

        return blocks()
