"""pandas columns as catalog cells, and results as a pandas DataFrame (``keirules[pandas]``).

Each column is read by its dtype, a chunk at a time, and each distinct value of a chunk is
written once (``pd.factorize``), its rows sharing the text (the engine then hashes each text
once): floats by ``repr`` (NaN missing), integers, booleans, datetimes, nullable integers and
periods by :func:`keirules.frames.values.cell_text`; categoricals once per category; text as it
is. A column backed by pyarrow (``ArrowDtype``, and pyarrow-backed strings) is read as pyarrow
columns are. An object column may mix types; each value is then written on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from keirules.frames.chunks import RESULT_COLUMNS, Cells, Reader, Results, column_error
from keirules.frames.values import cells_of

if TYPE_CHECKING:
    from keirules.batch.read.header import ColumnSpec

__all__ = ["pandas_reader", "pandas_result"]

_REFUSED_KINDS: Final = "mcSUV"  # timedelta, complex, bytes, fixed-width unicode, void


def pandas_reader(series: Any, spec: ColumnSpec) -> Reader:
    """A reader of one column (a Series) of a column whose field ``spec`` says."""
    import numpy as np
    import pandas as pd

    kind = spec.spec.kind
    dtype = series.dtype
    if isinstance(dtype, pd.ArrowDtype):
        from keirules.frames.arrow_table import arrow_reader

        return arrow_reader(series.array.__arrow_array__(), spec)
    if isinstance(dtype, pd.CategoricalDtype):
        return _categorical(series, kind)
    if isinstance(dtype, np.dtype):
        if dtype.kind in _REFUSED_KINDS:
            raise column_error(spec, str(dtype))
        values = series.to_numpy()
        if dtype.kind == "f":
            return _floats(values, kind) if dtype.itemsize == 8 else _narrow(values, kind)
        if dtype.kind in "iub":
            return _distinct(values, kind)
        if dtype.kind == "M":
            return _distinct(series.array, kind)
        return _each(series.array, kind)
    if isinstance(dtype, pd.StringDtype):
        array = series.array
        if hasattr(array, "__arrow_array__") and dtype.storage == "pyarrow":
            from keirules.frames.arrow_table import arrow_reader

            return arrow_reader(array.__arrow_array__(), spec)
        return _each(array, kind)
    if isinstance(dtype, pd.IntervalDtype):
        raise column_error(spec, str(dtype))
    if getattr(dtype, "kind", "O") == "f":  # nullable Float64: NaN and pd.NA are both missing
        return _each(series.array, kind)
    return _distinct(series.array, kind)  # Int64, boolean, datetime with a zone, period...


def _floats(values: Any, kind: str) -> Reader:
    """float64: each distinct value of a chunk by ``repr`` (NaN missing); per value when the
    chunk holds a negative zero, which hashing would merge with zero."""
    import numpy as np

    distinct = _distinct(values, kind)

    def read(start: int, stop: int) -> Cells:
        part = values[start:stop]
        if np.signbit(part[part == 0]).any():
            return cells_of(part.tolist(), kind)
        return distinct(start, stop)
    return read


def _narrow(values: Any, kind: str) -> Reader:
    """float32 and float16: each value by its own shortest text (numpy scalars, not widened)."""
    return lambda start, stop: cells_of(list(values[start:stop]), kind)


def _each(array: Any, kind: str) -> Reader:
    """Text as it is (a column that repeats its texts gives each once, shared by its rows, as
    :func:`_distinct` does); any other value written by :func:`cell_text`, one at a time."""
    import numpy as np
    import pandas as pd

    plain = {str, type(None)}

    def read(start: int, stop: int) -> Cells:
        objects = array[start:stop].to_numpy(dtype=object, na_value=None)
        values = objects.tolist()
        if not set(map(type, values)) <= plain:
            return cells_of(values, kind)
        codes, uniques = pd.factorize(objects, use_na_sentinel=True)
        if len(uniques) * 2 > len(values):
            return values, {}
        table = np.array([*uniques.tolist(), None], dtype=object)  # code -1: missing
        shared: list[str | None] = table[codes].tolist()
        return shared, {}
    return read


def _distinct(array: Any, kind: str) -> Reader:
    """Each distinct value of a chunk written once (``pd.factorize``, missing values -1), then
    taken by code: the rows share the text objects, whose hashes the engine then reuses."""
    import numpy as np
    import pandas as pd

    def read(start: int, stop: int) -> Cells:
        codes, uniques = pd.factorize(array[start:stop], use_na_sentinel=True)
        table, problems = cells_of(uniques.tolist(), kind)
        table.append(None)  # code -1: a missing value
        cells: list[str | None] = np.array(table, dtype=object)[codes].tolist()
        if not problems:
            return cells, {}
        return cells, {i: problems[code] for i, code in enumerate(codes.tolist())
                       if code in problems}
    return read


def _categorical(series: Any, kind: str) -> Reader:
    """Each category written once for the whole column; rows then take theirs by code."""
    import numpy as np

    texts, problems = cells_of(series.cat.categories.tolist(), kind)
    table = np.array([*texts, None], dtype=object)  # code -1: a missing value
    codes = series.cat.codes.to_numpy()

    def read(start: int, stop: int) -> Cells:
        part = codes[start:stop]
        cells: list[str | None] = table[part].tolist()
        if not problems:
            return cells, {}
        return cells, {i: problems[code] for i, code in enumerate(part.tolist())
                       if code in problems}
    return read


def pandas_result(results: Results, index: Any) -> Any:
    """The results as a DataFrame on ``index``: ``row`` int64, every other column text
    (pandas' ``string`` dtype, missing values ``pd.NA``)."""
    import numpy as np
    import pandas as pd

    text = pd.StringDtype("python")  # the same whether or not pyarrow is installed
    data: dict[str, Any] = {"row": np.array(results.row, dtype=np.int64)}
    for name in RESULT_COLUMNS[1:]:
        data[name] = pd.array(getattr(results, name), dtype=text)
    return pd.DataFrame(data, index=index)
