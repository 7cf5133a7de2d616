"""A frame checked chunk by chunk through the batch engine's columnar seam.

Each column of a frame gets a :data:`Reader`, which writes the cells of rows ``start`` to
``stop`` as text (see :mod:`keirules.frames.values`); the driver hands a chunk's columns to
:meth:`CatalogChecker.check_columns <keirules.batch.check.checker.CatalogChecker.check_columns>` and
gathers the results column by column, so that memory beyond the input and the output is one
chunk's cells. A cell no catalog cell can hold (a list, an object) spoils only its row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

from keirules.batch.write.writers import COLUMNS
from keirules.errors import KeirulesError, SpecError

if TYPE_CHECKING:
    from keirules.batch.check.checker import CatalogChecker
    from keirules.batch.read.header import ColumnSpec
    from keirules.batch.results import BlockResult

__all__ = ["RESULT_COLUMNS", "Cells", "Reader", "Results", "check_chunks", "column_error"]

#: The result columns, in order: those of ``keirules check CATALOG --format csv``.
RESULT_COLUMNS: tuple[str, ...] = tuple(COLUMNS)

#: A chunk of one column: its cell texts (None where missing), and row index -> the error of a
#: value that no cell can hold.
Cells = tuple[list[str | None], dict[int, KeirulesError]]
Reader = Callable[[int, int], Cells]


def column_error(spec: ColumnSpec, type_name: str) -> KeirulesError:
    """A column whose type no spec field takes (durations, lists, binary): refused whole."""
    from keirules.errors import UsageError

    return UsageError(f"holds values of type {type_name}, which no spec field takes.",
                      field=spec.header, expected="text, numbers, dates or true/false "
                      "(for 'features.NAME' columns)")


@dataclass
class Results:
    """The result columns of a whole frame, as plain lists (in the CSV output's order).

    ``failed``, ``unknown`` and ``warnings`` hold rule ids separated by spaces ("" for none),
    as in ``keirules check CATALOG --format csv``; ``error`` the bad row's message or None.
    """

    row: list[int] = field(default_factory=list)
    name: list[str | None] = field(default_factory=list)
    verdict: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    error: list[str | None] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ruleset: list[str | None] = field(default_factory=list)

    def add(self, block: BlockResult) -> None:
        size = block.size
        self.row.extend(range(block.first_row, block.first_row + size))
        self.name.extend(block.names)
        self.verdict.extend(block.verdicts)
        self.failed.extend(_joined(size, block.failed))
        self.unknown.extend(_joined(size, block.unknown))
        messages = block.messages()
        self.error.extend(map(messages.get, range(size)) if messages else repeat(None, size))
        self.warnings.extend(_joined(size, block.warnings))
        self.ruleset.extend(block.rulesets)


def _joined(size: int, sparse: Mapping[int, Sequence[str]]) -> list[str]:
    column = [""] * size
    for i, ids in sparse.items():
        column[i] = " ".join(ids)
    return column


def check_chunks(checker: CatalogChecker, readers: Sequence[Reader], size: int,
                 first_row: int = 1) -> Results:
    """Check ``size`` rows, one chunk of the batch engine's size at a time (with cyclic
    garbage collection paused, as ``keirules check`` does: rows make no cycles, and each
    collection would walk the growing results in vain).

    With pyarrow installed, a chunk goes through the columnar engine
    (:mod:`keirules.batch.check.columnar`); a chunk it finds unusual (a bad cell, contradicting
    figures), and every chunk of a header it cannot take, goes through the row-wise engine.
    """
    from keirules.batch.check import checker as engine
    from keirules.batch.memory import paused_gc

    results = Results()
    step = engine.CHUNK_ROWS
    columnar = _columnar(checker)
    with paused_gc():
        for start in range(0, size, step):
            stop = min(start + step, size)
            block = _columnar_chunk(columnar, readers, start, stop, first_row)
            if block is None:
                block = _check_chunk(checker, readers, start, stop, first_row)
            results.add(block)
    return results


def _columnar(checker: CatalogChecker) -> Any:
    import os

    from keirules.batch.read import arrow as arrow_read
    from keirules.batch.read.lines import ENGINE_VARIABLE

    if os.environ.get(ENGINE_VARIABLE) == "rows" or not arrow_read.available():
        return None
    from keirules.batch.check.columnar import ColumnarChecker, Unusual

    try:
        return ColumnarChecker(checker)
    except Unusual:
        return None


def _columnar_chunk(columnar: Any, readers: Sequence[Reader], start: int, stop: int,
                    first_row: int) -> BlockResult | None:
    """A chunk through the columnar engine, or None if the row-wise engine must check it."""
    if columnar is None:
        return None
    import pyarrow as pa

    from keirules.batch.check.columnar import Unusual

    arrays = []
    for reader in readers:
        cells, errors = reader(start, stop)
        if errors:
            return None
        arrays.append(pa.array(cells, pa.string()))
    try:
        return columnar.check(arrays, first_row + start).block()  # type: ignore[no-any-return]
    except Unusual:
        return None


def _check_chunk(checker: CatalogChecker, readers: Sequence[Reader], start: int, stop: int,
                 first_row: int) -> BlockResult:
    columns: list[list[str | None]] = []
    bad: dict[int, KeirulesError] = {}
    for reader, spec in zip(readers, checker.specs, strict=True):
        cells, errors = reader(start, stop)
        columns.append(cells)
        for i, error in errors.items():
            bad.setdefault(i, _placed(error, spec.header))
    if bad:  # rare: row-major, so that the engine can take the known-bad rows as such
        records = list(zip(*columns, strict=True))
        return checker.check_records(records, first_row + start, errors=bad)
    return checker.check_columns(columns, first_row + start)


def _placed(error: KeirulesError, header: str) -> KeirulesError:
    return SpecError(error.message, field=header, value=error.value, expected=error.expected)
