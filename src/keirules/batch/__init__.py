"""Catalogs at scale: many vehicles against one rule set, streamed, exact, fast.

>>> import keirules
>>> rows = [["Edge", "3400", "1.48"], ["Wide", "3395", "1.481"], ["No data", "", ""]]
>>> for result in keirules.check_rows(["name", "length [mm]", "width [m]"], rows,
...                                   "jp-kei@1998"):
...     print(result.row, result.verdict, result.failed, len(result.unknown))
1 incomplete () 6
2 fail ('width',) 6
3 incomplete () 8

Entry points, from the outside in:

- :func:`check_catalog` takes a catalog file (``.csv`` or ``.jsonl``, by suffix) or an
  iterable of spec mappings / :class:`~keirules.vehicle.Vehicle` values, and yields one
  :class:`RowResult` per row. A file that cannot be read at all (no header, an unknown column,
  a unit of the wrong dimension) raises a :class:`~keirules.errors.KeirulesError` at once; a
  bad row becomes a result with the verdict ``error`` and the others go on.
- :func:`check_rows` takes column names and rows of text cells (the CSV reading without the
  file).
- :class:`CatalogChecker` is the seam for columnar sources (data frames, Arrow tables). It
  is built once per header (units looked up, rule set compiled, limits in base units) and
  then fed blocks of at most :data:`CHUNK_ROWS` rows: :meth:`~CatalogChecker.check_columns`
  column-major, or :meth:`~CatalogChecker.check_records` row-major (which also takes rows
  already known to be bad, by index, with their errors). Both return a column-major
  :class:`BlockResult`: ``names``, ``verdicts`` and ``rulesets`` lists, sparse ``failed`` /
  ``unknown`` / ``warnings`` / ``errors`` dicts by index, ``messages()``. The contract of the
  seam is *text cells*: per chunk, one list per header column of ``str`` cells, ``None``
  where a value is missing, a quantity cell a plain number in the header's unit. A frames
  layer writes a float with ``repr`` (the shortest text that reads back as the same float,
  which is how the spec loader reads a float), an integer with ``str``, a date as
  ``YYYY-MM-DD`` and a boolean as ``true``/``false``; cells are then read exactly as CSV
  cells are, so a frame, a CSV file and one spec file give the same verdicts.

How it is fast without giving up exactness: a column's unit is looked up once; each distinct
cell text is validated once (the spec grammar, the spec loader's checks) and each rule
decides its status once per distinct value (see :mod:`keirules.batch.check.compiled`: floats where
their order is provably the exact order, the engine itself everywhere else); the rows that do
not pass are then found in C, column by column, with ``itertools.compress``. Memory is bounded
by the chunk size and the caches' bound, not by the file. ``keirules check CATALOG`` also
spreads chunks over worker processes (:mod:`keirules.batch.parallel`); the library API runs
in the calling process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from keirules.batch.read.lines import CATALOG_SUFFIXES, catalog_kind

if TYPE_CHECKING:
    from keirules.api import OnLike, RuleSetLike
    from keirules.batch.check.checker import CHUNK_ROWS, CatalogChecker
    from keirules.batch.results import BlockResult, CatalogSummary, RowResult
    from keirules.batch.stream import CatalogStream
    from keirules.rulesets.registry import RuleSetRegistry
    from keirules.vehicle import Vehicle

__all__ = [
    "CATALOG_SUFFIXES",
    "CHUNK_ROWS",
    "BlockResult",
    "CatalogChecker",
    "CatalogStream",
    "CatalogSummary",
    "RowResult",
    "catalog_kind",
    "check_catalog",
    "check_rows",
]

def check_catalog(source: str | Path | Iterable[Mapping[str, Any] | Vehicle],
                  ruleset: RuleSetLike = "jp-kei", on: OnLike = None, *,
                  catalog: RuleSetRegistry | None = None) -> Iterator[RowResult]:
    """Check every vehicle of a catalog; one :class:`RowResult` per row, in order.

    ``source`` is a ``.csv`` or ``.jsonl`` path, or an iterable of spec mappings or vehicles.
    ``ruleset`` and ``on`` are as for :func:`keirules.check`; ``on="manufactured"`` checks
    each row on its own date of manufacture (a bare family picks the version per row).
    """
    if isinstance(source, bytes | Mapping) or not isinstance(source, str | Path | Iterable):
        from keirules.errors import UsageError

        raise UsageError(f"is not a catalog (got {type(source).__name__}).", field="source",
                         expected="a .csv or .jsonl path, or a list of spec mappings or "
                         "vehicles")
    if isinstance(source, str | Path):
        from keirules.batch.stream import CatalogStream

        return _rows_of(CatalogStream(source, ruleset, on, catalog=catalog))
    from keirules.batch.check.specs import SpecChecker

    checker = SpecChecker(ruleset, on, catalog=catalog)
    return (result for block in checker.check_all(source) for result in block.results())


def check_rows(columns: Sequence[str], rows: Iterable[Sequence[str | None]],
               ruleset: RuleSetLike = "jp-kei", on: OnLike = None, *,
               catalog: RuleSetRegistry | None = None) -> Iterator[RowResult]:
    """Check rows of text cells under a header, as the rows of a CSV catalog are checked."""
    from keirules.batch.check.checker import CatalogChecker
    from keirules.errors import UsageError

    if isinstance(columns, str | bytes) or not isinstance(columns, Sequence) or not all(
            isinstance(column, str) for column in columns):
        raise UsageError("is not a header: expected a list of column names.", field="columns",
                         expected="e.g. ['name', 'length [mm]']")
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
        raise UsageError(f"is not a list of rows (got {type(rows).__name__}).", field="rows",
                         expected="a list of rows, each a list of cell texts")
    return CatalogChecker(columns, ruleset, on, catalog=catalog).check_rows(_checked_rows(rows))


def _checked_rows(rows: Iterable[Sequence[str | None]]) -> Iterator[Sequence[str | None]]:
    from keirules.errors import UsageError

    for number, row in enumerate(rows, start=1):
        if isinstance(row, str | bytes) or not isinstance(row, Sequence) or not all(
                cell is None or isinstance(cell, str) for cell in row):
            raise UsageError(f"row {number} is not a list of cell texts.", field="rows",
                             expected="each row a list of strings (or None for empty cells)")
        yield row


def _rows_of(stream: CatalogStream) -> Iterator[RowResult]:
    with stream:
        for block in stream:
            yield from block.results()


#: Where the lazily loaded names live (importing this package stays cheap for the CLI).
_LAZY: Final = {
    "CHUNK_ROWS": "keirules.batch.check.checker",
    "CatalogChecker": "keirules.batch.check.checker",
    "BlockResult": "keirules.batch.results",
    "CatalogSummary": "keirules.batch.results",
    "RowResult": "keirules.batch.results",
    "CatalogStream": "keirules.batch.stream",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'keirules.batch' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
