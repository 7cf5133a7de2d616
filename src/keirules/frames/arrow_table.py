"""pyarrow columns as catalog cells, and results as a pyarrow Table (``keirules[arrow]``).

Arrow's own casts write most types as text in C: integers, booleans (``true``/``false``),
decimals exactly as stored (``3.400``), dates (``1998-10-01``), and floats as the shortest text
that reads back as the same float (the same number ``repr`` writes, tested against it). NaN is a
missing value, as in pandas. Timestamps, whose time of day must be looked at, go through Python;
dictionary-encoded columns are decoded first. A column of a type no spec field takes (binary,
lists, durations) is refused as a whole.

Each distinct value of a chunk is written once and its rows share the text: catalogs repeat
their figures, and the engine then hashes each text once (and finds it faster in memory).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from keirules.frames.chunks import RESULT_COLUMNS, Cells, Reader, Results, column_error
from keirules.frames.values import cells_of

if TYPE_CHECKING:
    from keirules.batch.read.header import ColumnSpec

__all__ = ["arrow_reader", "arrow_result", "index_columns"]

_PANDAS: Final = b"pandas"


def arrow_reader(column: Any, spec: ColumnSpec) -> Reader:
    """A reader of one pyarrow ChunkedArray (or Array) of a column whose field ``spec`` says."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = spec.spec.kind
    kinds = pa.types
    if isinstance(column, pa.Array):  # a RecordBatch's column
        column = pa.chunked_array([column], column.type)
    if kinds.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    arrow_type = column.type
    string = pa.string()

    if (kinds.is_string(arrow_type) or kinds.is_large_string(arrow_type)
            or kinds.is_string_view(arrow_type)):
        def texts(start: int, stop: int) -> Cells:
            """Text as it is; a column that repeats its values gives each distinct text once,
            shared by its rows (the engine then hashes it once)."""
            part = column.slice(start, stop - start).combine_chunks()
            encoded = part.dictionary_encode()
            if len(encoded.dictionary) * 2 > len(part):
                return part.to_pylist(), {}
            return _taken([*encoded.dictionary.to_pylist(), None], encoded.indices), {}
        return texts
    if kinds.is_null(arrow_type):
        return lambda start, stop: ([None] * (stop - start), {})
    if kinds.is_float16(arrow_type):  # numpy writes each by its own shortest text
        return lambda start, stop: cells_of(
            list(column.slice(start, stop - start).to_numpy(zero_copy_only=False)), kind)
    if kinds.is_floating(arrow_type):
        missing = pa.scalar(None, arrow_type)

        def floats(start: int, stop: int) -> Cells:
            """As integers are read, but one by one where a negative zero would be merged
            with zero; NaN is missing, as in pandas."""
            import numpy as np

            part = column.slice(start, stop - start).combine_chunks()
            part = pc.if_else(pc.is_nan(part), missing, part)
            values = part.to_numpy(zero_copy_only=False)
            if np.signbit(values[values == 0]).any():
                return pc.cast(part, string).to_pylist(), {}
            return _shared(part, string), {}
        return floats
    if (kinds.is_integer(arrow_type) or kinds.is_boolean(arrow_type)
            or kinds.is_decimal(arrow_type) or kinds.is_date(arrow_type)):
        def cast(start: int, stop: int) -> Cells:
            return _shared(column.slice(start, stop - start).combine_chunks(), string), {}
        return cast
    if kinds.is_timestamp(arrow_type):
        return _python_reader(column, kind)
    raise column_error(spec, str(arrow_type))


def _python_reader(column: Any, kind: str) -> Reader:
    """Cells written by :func:`cell_text`, once per distinct value of a chunk."""

    def read(start: int, stop: int) -> Cells:
        encoded = column.slice(start, stop - start).combine_chunks().dictionary_encode()
        table, problems = cells_of(encoded.dictionary.to_pylist(), kind)
        table.append(None)  # for nulls
        cells = _taken(table, encoded.indices)
        if not problems:
            return cells, {}
        codes = encoded.indices.fill_null(len(table) - 1).to_pylist()
        return cells, {i: problems[code] for i, code in enumerate(codes) if code in problems}
    return read


def _shared(part: Any, string: Any) -> list[str | None]:
    """Each distinct value of a chunk cast to text once, in C; the rows share the texts
    (so the engine hashes each once), taken by index."""
    import pyarrow.compute as pc

    encoded = part.dictionary_encode()
    return _taken([*pc.cast(encoded.dictionary, string).to_pylist(), None], encoded.indices)


def _taken(table: list[str | None], indices: Any) -> list[str | None]:
    """``table[i]`` for each index (a null index takes the last entry), in C."""
    import numpy as np

    codes = indices.fill_null(len(table) - 1).to_numpy(zero_copy_only=False)
    taken: list[str | None] = np.array(table, dtype=object)[codes].tolist()
    return taken


def index_columns(table: Any) -> list[str]:
    """The columns that pandas wrote for its index (``pa.Table.from_pandas``), kept apart."""
    metadata = table.schema.pandas_metadata if table.schema.metadata else None
    if not metadata:
        return []
    return [name for name in metadata.get("index_columns", ()) if isinstance(name, str)]


def arrow_result(results: Results, like: Any, index: list[str]) -> Any:
    """The results as a Table (or RecordBatch, like ``like``), with the index columns kept
    and pandas' index metadata carried over, so that ``to_pandas()`` restores the index."""
    import pyarrow as pa

    string = pa.string()
    arrays = [pa.array(results.row, pa.int64()), pa.array(results.name, string),
              pa.array(results.verdict, string), pa.array(results.failed, string),
              pa.array(results.unknown, string), pa.array(results.error, string),
              pa.array(results.warnings, string), pa.array(results.ruleset, string)]
    fields = [pa.field(name, array.type)
              for name, array in zip(RESULT_COLUMNS, arrays, strict=True)]
    metadata = None
    if like.schema.metadata and _PANDAS in like.schema.metadata:
        arrays += [like.column(name) for name in index]
        fields += [like.schema.field(name) for name in index]
        metadata = {_PANDAS: _index_metadata(like.schema.pandas_metadata, index)}
    schema = pa.schema(fields, metadata=metadata)
    if isinstance(like, pa.RecordBatch):
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
    return pa.Table.from_arrays(arrays, schema=schema)


def _index_metadata(metadata: dict[str, Any], index: list[str]) -> bytes:
    """pandas' metadata cut down to the index (the result columns need none)."""
    kept = dict(metadata)
    kept["columns"] = [entry for entry in metadata.get("columns", ())
                       if entry.get("field_name") in index]
    kept["column_indexes"] = []
    return json.dumps(kept).encode()
