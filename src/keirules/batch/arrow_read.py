"""Catalog files read in bulk by pyarrow (``keirules[arrow]``): CSV and Parquet, batch by batch.

pyarrow's CSV reader parses in C++ on every core, straight into columns, without a Python
object per cell; it is asked for every column as text (so a cell is read exactly as the
row-wise path reads it: ``3.40`` stays ``3.40``) and for the missing-cell spellings
(:data:`~keirules.batch.cells.MISSING_CELLS`) as nulls. Anything it cannot read raises, and
the caller goes back to the row-wise path, which says what is wrong and where.

Parquet files hold typed columns; :func:`parquet_batches` gives each batch as a pyarrow Table
for :mod:`keirules.frames.arrow_table` to write as cells, exactly as ``check_frame`` does.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from typing import Any, Final

from keirules.batch.cells import MISSING_CELLS

__all__ = ["BATCH_BYTES", "available", "csv_batches", "parquet_batches"]

#: Bytes of CSV parsed per batch: large enough for the threads, small enough for flat memory.
BATCH_BYTES: Final = 4 << 20
PARQUET_ROWS: Final = 65_536


def available() -> bool:
    """Whether pyarrow and numpy are installed (the ``arrow`` extra)."""
    return all(importlib.util.find_spec(name) is not None for name in ("pyarrow", "numpy"))


def csv_batches(path: str, header: Sequence[str], delimiter: str = ",") -> Iterator[list[Any]]:
    """The rows after the header, one list of string arrays (in header order) per batch."""
    import pyarrow as pa
    from pyarrow import csv

    read = csv.ReadOptions(block_size=BATCH_BYTES, use_threads=True)
    parse = csv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
    convert = csv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()), null_values=sorted(MISSING_CELLS),
        strings_can_be_null=True, quoted_strings_can_be_null=True)
    reader = csv.open_csv(path, read_options=read, parse_options=parse,
                          convert_options=convert)
    with reader:
        names = reader.schema.names
        if list(names) != list(header):
            raise ValueError("the header read differently")
        for batch in reader:
            yield [batch.column(j) for j in range(len(header))]


def parquet_batches(path: str) -> tuple[list[str], Iterator[Any]]:
    """A Parquet file's column names, and its rows as pyarrow Tables of bounded size."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    names = list(handle.schema_arrow.names)

    def batches() -> Iterator[Any]:
        with handle:
            for batch in handle.iter_batches(batch_size=PARQUET_ROWS):
                yield pa.Table.from_batches([batch])

    return names, batches()
