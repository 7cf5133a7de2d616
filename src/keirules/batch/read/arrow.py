"""Catalog files read in bulk by pyarrow (``keirules[arrow]``): CSV and Parquet, batch by batch.

pyarrow's CSV reader parses in C++ on every core, straight into columns, without a Python
object per cell; it is asked for every column as text (so a cell is read exactly as the
row-wise path reads it: ``3.40`` stays ``3.40``), empty cells as nulls (the other
missing-value spellings are a column's business: :mod:`keirules.batch.check.text_cells`).
Anything it cannot read raises, and the caller goes back to the row-wise path, which says
what is wrong and where.

Parquet files hold typed columns; :func:`parquet_batches` gives each batch as a pyarrow Table
for :mod:`keirules.frames.arrow_table` to write as cells, exactly as ``check_frame`` does.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, Final

__all__ = ["BATCH_BYTES", "available", "csv_batches", "parquet_batches", "require"]

#: Bytes of CSV parsed per batch: large enough for the threads, small enough for flat memory.
BATCH_BYTES: Final = 2 << 20
_BOM: Final = b"\xef\xbb\xbf"
_QUOTE: Final = b'"'
PARQUET_ROWS: Final = 65_536


def available() -> bool:
    """Whether pyarrow and numpy are installed (the ``arrow`` extra)."""
    return all(importlib.util.find_spec(name) is not None for name in ("pyarrow", "numpy"))


def require(what: str) -> None:
    """Refuse ``what`` (a format, a kind of catalog) in one line with the install command when
    the ``arrow`` extra is missing."""
    if not available():
        from keirules.errors import UsageError
        from keirules.extras import install_hint

        raise UsageError(f"{what} needs pyarrow: {install_hint('arrow')}.",
                         expected="pyarrow installed")


def csv_batches(path: str, header: Sequence[str], delimiter: str = ",", *,
                plain: Sequence[int] | None = None) -> Iterator[list[Any]]:
    """The rows after the header, one list of string arrays (in header order) per batch,
    dictionary-encoded but for the columns ``plain`` names (all if it is None).

    The file is cut into blocks of whole records here (at a line end after an even number of
    quotes, so never inside a quoted cell) and each block parsed by pyarrow on every core:
    memory is bounded by the block, as pyarrow's own streaming reader (which reads ahead)
    does not bound it.
    """
    import pyarrow as pa
    from pyarrow import csv

    read = csv.ReadOptions(column_names=list(header), use_threads=False,
                           block_size=BATCH_BYTES)
    parse = csv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
    convert = csv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()), null_values=[""],
        strings_can_be_null=True, quoted_strings_can_be_null=True)
    def parsed(block: bytes) -> list[Any]:
        table = csv.read_csv(io.BytesIO(block), read_options=read, parse_options=parse,
                             convert_options=convert)
        columns = [table.column(j).combine_chunks() for j in range(len(header))]
        if plain is None:
            return columns
        return [array if j in plain else array.dictionary_encode()
                for j, array in enumerate(columns)]

    # The next block is parsed in a thread (pyarrow lets go of the GIL) while this one is
    # checked: two cores busy, and one block more in memory.
    from concurrent.futures import Future, ThreadPoolExecutor

    with open(path, "rb") as handle, ThreadPoolExecutor(1) as pool:
        pending: Future[list[Any]] | None = None
        for block in _blocks(handle):
            following = pool.submit(parsed, block)
            if pending is not None:
                yield _nonempty(pending.result())
            pending = following
        if pending is not None:
            yield _nonempty(pending.result())


def _nonempty(arrays: list[Any]) -> list[Any]:
    return arrays


def _blocks(handle: BinaryIO) -> Iterator[bytes]:
    """The bytes after the header line, in blocks of whole records (about BATCH_BYTES each)."""
    first = handle.readline()
    if first.startswith(_BOM):
        first = first[len(_BOM):]
    if first.count(_QUOTE) % 2:
        raise ValueError("a header across lines")  # the row-wise path reads it
    pending = b""
    while data := handle.read(BATCH_BYTES):
        buffer = pending + data
        cut = buffer.rfind(b"\n") + 1
        quotes = buffer.count(_QUOTE, 0, cut)
        while cut and quotes % 2:  # the line end is inside a quoted cell: cut earlier
            earlier = buffer.rfind(b"\n", 0, cut - 1) + 1
            quotes -= buffer.count(_QUOTE, earlier, cut)
            cut = earlier
        if not cut:
            pending = buffer
            continue
        pending = buffer[cut:]
        yield buffer[:cut]
    if pending:
        yield pending


def parquet_batches(path: str) -> tuple[list[str], Iterator[Any]]:
    """A Parquet file's column names, and its rows as pyarrow Tables of bounded size; a file
    that is missing or is not Parquet is an :class:`~keirules.errors.InputFileError`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from keirules.errors import InputFileError

    try:
        handle = pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputFileError("no such file.", file=path) from None
    except Exception as exc:  # pyarrow's errors: not a Parquet file, a damaged one
        raise InputFileError(f"cannot be read as Parquet: {exc}.", file=path) from None
    names = list(handle.schema_arrow.names)

    def batches() -> Iterator[Any]:
        with handle:
            for batch in handle.iter_batches(batch_size=PARQUET_ROWS):
                yield pa.Table.from_batches([batch])

    return names, batches()
