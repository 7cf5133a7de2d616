"""Data frames checked as catalogs: a pandas DataFrame or a pyarrow Table in, the same kind out.

``check_frame(frame, ruleset, on)`` reads a frame whose column names follow the catalog
contract (``name``, ``length [mm]``, ``features.headlamps`` ...) and returns one result row per
input row, in order, as a frame of the same kind: pandas keeps the input's index; a pyarrow
Table made by ``pa.Table.from_pandas`` keeps its index columns (so ``to_pandas()`` restores
it).

The result columns are those of ``keirules check CATALOG --format csv``, with the same values:
``row`` (int64, counting from ``first_row``), ``name``, ``verdict`` (``pass``, ``fail``,
``incomplete`` or ``error``), ``failed``, ``unknown``, ``error`` (a bad row's message, else
missing), ``warnings`` and ``ruleset`` (the version the row was checked against). ``failed``,
``unknown`` and ``warnings`` hold rule ids separated by spaces, ``""`` when there are none
(``result["failed"].str.split()`` gives lists). pandas text columns have the ``string`` dtype.

Typed columns are written as the text a CSV cell would hold (see :mod:`keirules.frames.values`:
a float by ``repr``, so 3.4 is read as exactly 3.4; NaN, None and ``pd.NA`` are missing), then
checked by the batch engine, a chunk of rows at a time, so a frame, a CSV file and a spec file
give the same answers. A cell the spec contract refuses makes its row an ``error`` row; the
others are checked as usual. A column that names no spec field raises the same error as in a
CSV header (with a suggestion); so does a column of a type no field takes.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from keirules.errors import UsageError
from keirules.extras import install_hint
from keirules.frames.chunks import RESULT_COLUMNS, Reader, Results, check_chunks

if TYPE_CHECKING:
    from keirules.api import OnLike, RuleSetLike
    from keirules.batch.check.checker import CatalogChecker
    from keirules.rulesets.registry import RuleSetRegistry

__all__ = ["RESULT_COLUMNS", "check_frame", "frame_meta"]

_INSTALL = install_hint("pandas")  # worded for how keirules was installed


def check_frame(frame: Any, ruleset: RuleSetLike = "jp-kei", on: OnLike = None, *,
                first_row: int = 1, catalog: RuleSetRegistry | None = None) -> Any:
    """Check every row of a pandas DataFrame or pyarrow Table (or RecordBatch) as a catalog.

    ``ruleset`` and ``on`` are as for :func:`keirules.check`; ``on="manufactured"`` checks
    each row on its own date of manufacture. ``first_row`` is the number of the frame's first
    row (in results and messages). Returns a frame of the same kind (see the module
    documentation for its columns).
    """
    if isinstance(first_row, bool) or not isinstance(first_row, int) or first_row < 1:
        raise UsageError("first_row is the number of the frame's first row, from 1.",
                         field="first_row", value=first_row, expected="a whole number >= 1")
    library = _library_of(frame)
    if library == "pandas":
        from keirules.frames.pandas_frame import pandas_reader, pandas_result

        columns = _names(list(frame.columns))
        checker = _checker(columns, ruleset, on, catalog)
        series = [pandas_reader(frame.iloc[:, j], spec) for j, spec in enumerate(checker.specs)]
        results = check_chunks(checker, series, len(frame), first_row)
        return pandas_result(results, frame.index)
    from keirules.frames.arrow_table import arrow_reader, arrow_result, index_columns

    index = index_columns(frame)
    positions = [j for j, name in enumerate(frame.schema.names) if name not in index]
    columns = _names([frame.schema.names[j] for j in positions])
    checker = _checker(columns, ruleset, on, catalog)
    readers: list[Reader] = [arrow_reader(frame.column(j), spec)
                             for j, spec in zip(positions, checker.specs, strict=True)]
    results = check_chunks(checker, readers, frame.num_rows, first_row)
    return arrow_result(results, frame, index)


def frame_meta() -> Any:
    """An empty pandas DataFrame with the result columns and dtypes: the ``meta`` that Dask's
    ``map_partitions(keirules.check_frame, ..., meta=keirules.frame_meta())`` needs."""
    try:
        import pandas as pd
    except ImportError:
        raise UsageError(f"frame_meta needs pandas, which is not installed; {_INSTALL}.",
                         expected=_INSTALL) from None
    from keirules.frames.pandas_frame import pandas_result

    return pandas_result(Results(), pd.RangeIndex(0))


def _library_of(frame: Any) -> str:
    """``pandas`` or ``arrow``, judged without importing either (a frame's library is loaded)."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(frame, pandas.DataFrame):
        return "pandas"
    arrow = sys.modules.get("pyarrow")
    if arrow is not None and isinstance(frame, arrow.Table | arrow.RecordBatch):
        return "arrow"
    kind = type(frame)
    module = kind.__module__.split(".")[0]
    hint = {
        "dask": "; check each partition: ddf.map_partitions(keirules.check_frame, RULESET, "
                "meta=keirules.frame_meta())",
        "polars": "; convert it with frame.to_arrow() or frame.to_pandas()",
        "pandas": "; a Series is one column, and a catalog needs a DataFrame",
        "builtins": "; for a catalog file use keirules.check_catalog(path)",
        "pathlib": "; for a catalog file use keirules.check_catalog(path)",
    }.get(module, "")
    raise UsageError(f"check_frame takes a pandas DataFrame or a pyarrow Table, not a "
                     f"{module}.{kind.__name__}{hint}.", field="frame",
                     expected="a pandas DataFrame or a pyarrow Table (or RecordBatch)")


def _names(labels: list[Any]) -> list[str]:
    for position, label in enumerate(labels, start=1):
        if not isinstance(label, str):
            raise UsageError(f"column {position} is named {label!r}; catalog columns are named "
                             "by text.", field=str(label),
                             expected="names such as 'name' and 'length [mm]'")
    return labels


def _checker(columns: list[str], ruleset: RuleSetLike, on: OnLike,
             catalog: RuleSetRegistry | None) -> CatalogChecker:
    from keirules.batch.check.checker import CatalogChecker
    from keirules.batch.read.header import parse_header

    parse_header(columns, line=None)  # a frame has no lines: its header errors name none
    return CatalogChecker(columns, ruleset, on, catalog=catalog)
