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
from keirules.batch.check.checker import CHUNK_ROWS, CatalogChecker
from keirules.batch.check.specs import SpecChecker
from keirules.batch.read.csvfile import CsvChunk, PlainLines, csv_chunks
from keirules.batch.read.jsonl import JsonLines, jsonl_chunks
from keirules.batch.read.lines import LineSource, catalog_kind
from keirules.batch.results import BlockResult
from keirules.errors import UsageError
from keirules.rulesets.registry import RuleSetRegistry
from keirules.yamlload import open_input

__all__ = ["CatalogStream", "check_item"]


#: One chunk of a catalog as read, before it is checked.
Item = CsvChunk | PlainLines | JsonLines
Checker = CatalogChecker | SpecChecker


class CatalogStream:
    """An open catalog: its header read, its rows checked as it is iterated (BlockResults).

    :meth:`items` gives the chunks as read, numbered, for :func:`check_item` to check
    (possibly in another process); iterating the stream does both in this process.
    """

    def __init__(self, path: str | Path, ruleset: RuleSetLike = "jp-kei", on: OnLike = None,
                 *, catalog: RuleSetRegistry | None = None, rows: int = CHUNK_ROWS,
                 delimiter: str = ",") -> None:
        self.path = str(path)
        kind = catalog_kind(path)
        if kind == "parquet":
            raise UsageError("is a Parquet catalog: check it with keirules check, or read it "
                             "with pyarrow and pass the table to keirules.check_frame.",
                             file=self.path)
        if kind is None:
            raise UsageError("is not a catalog file name.", file=self.path,
                             expected="a name ending in .csv or .jsonl")
        handle = open_input(path)
        try:
            self.total_bytes = os.fstat(handle.fileno()).st_size
            self._source = LineSource(handle)
            self.checker: Checker
            self._items: Iterator[Item]
            if kind == "csv":
                header, self._items = csv_chunks(self._source, file=self.path, rows=rows,
                                                 delimiter=delimiter)
                self.checker = CatalogChecker(header, ruleset, on, file=self.path,
                                              catalog=catalog)
            else:
                # a chunk of vehicles holds far more objects than a chunk of CSV cells
                self._items = jsonl_chunks(self._source, rows=max(1, rows // 4))
                self.checker = SpecChecker(ruleset, on, file=self.path, catalog=catalog)
        except BaseException:
            handle.close()
            raise
        self._handle = handle

    @property
    def bytes_read(self) -> int:
        return self._source.bytes_read

    def items(self) -> Iterator[tuple[int, Item]]:
        """(first row number, chunk) for every chunk, in order."""
        first = 1
        for item in self._items:
            yield first, item
            first += item.size

    def __iter__(self) -> Iterator[BlockResult]:
        return (check_item(self.checker, first, item) for first, item in self.items())

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> CatalogStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def check_item(checker: Checker, first_row: int, item: Item) -> BlockResult:
    """Check one chunk as read (split, parsed, validated, evaluated)."""
    if isinstance(item, JsonLines):
        assert isinstance(checker, SpecChecker)
        return checker.check_lines(item, first_row)
    assert isinstance(checker, CatalogChecker)
    chunk = item.split(len(checker.specs)) if isinstance(item, PlainLines) else item
    if chunk.columns is not None:
        return checker.check_columns(chunk.columns, first_row, lines=chunk.lines)
    assert chunk.records is not None
    return checker.check_records(chunk.records, first_row, lines=chunk.lines,
                                 errors=chunk.errors)
