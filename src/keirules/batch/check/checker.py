"""Rows of text cells under a header, checked chunk by chunk: the seam every catalog goes through.

:class:`CatalogChecker` is built once per header (units looked up, rule set compiled) and then
fed rows, row-major (:meth:`~CatalogChecker.check_rows`, :meth:`~CatalogChecker.check_records`)
or column-major (:meth:`~CatalogChecker.check_columns`). A bad row (a wrong number of cells, a
cell the spec contract refuses) becomes that row's error; the others are checked as usual.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import compress, islice
from typing import Any, Final

from keirules.api import OnLike, RuleSetLike
from keirules.batch.check.block import Block, Column, Keys, TypedColumn
from keirules.batch.check.evaluator import Evaluator, block_result, relocated
from keirules.batch.check.text_cells import MEMORY, TextColumn, without_missing_spellings
from keirules.batch.read.header import parse_header
from keirules.batch.results import BlockResult, RowResult
from keirules.errors import KeirulesError, SpecError, more_problems
from keirules.quantity import Quantity
from keirules.rulesets.registry import RuleSetRegistry
from keirules.vehicle import contradiction, vehicle_from_mapping

__all__ = ["CHUNK_ROWS", "CatalogChecker"]

#: Rows checked together: large enough that per-chunk work is negligible, small enough that
#: memory stays flat (a chunk of a typical catalog is a few MiB).
CHUNK_ROWS: Final = 8192
_DERIVED_FROM: Final = ("bore", "stroke", "cylinders")
_DISPLACEMENT: Final = "displacement"
#: The fields that :func:`keirules.vehicle.contradiction` compares.
_CONSISTENCY: Final = frozenset({
    "displacement", "bore", "stroke", "cylinders", "wheelbase", "length", "track_front",
    "track_rear", "width", "curb_mass", "gross_mass", "max_payload", "rated_power",
    "max_power"})
_MISSING: Final = frozenset({None, ""})


class CatalogChecker:
    """Checks rows of text cells (CSV records, or columns from a data frame) under one header.

    ``columns`` is the header (``["name", "length [mm]", ...]``); ``ruleset`` and ``on`` are
    as for :func:`keirules.check`, and ``on="manufactured"`` checks each row on its own date
    of manufacture. A header problem raises a :class:`~keirules.errors.KeirulesError`.
    """

    def __init__(self, columns: Sequence[str | None], ruleset: RuleSetLike = "jp-kei",
                 on: OnLike = None, *, file: str | None = None,
                 catalog: RuleSetRegistry | None = None) -> None:
        self.specs = parse_header(columns, file=file)
        self.evaluator = Evaluator(ruleset, on, catalog=catalog)
        self.file = file
        self._columns = [TextColumn(spec) for spec in self.specs]
        self._by_field = {spec.field: spec.index for spec in self.specs}
        self._name = self._by_field["name"]
        self._width = len(self.specs)
        self._typed = TypedColumn()
        self._derived_memo: dict[tuple[Hashable, ...], Hashable] = {}

    @property
    def columns(self) -> list[str]:
        return [spec.header for spec in self.specs]

    def check_rows(self, rows: Iterable[Sequence[str | None]],
                   first_row: int = 1) -> Iterator[RowResult]:
        """Check rows of cells (one sequence per row, in header order), in chunks."""
        iterator = iter(rows)
        while chunk := list(islice(iterator, CHUNK_ROWS)):
            yield from self.check_records(chunk, first_row).results()
            first_row += len(chunk)

    def check_columns(self, data: Sequence[Sequence[str | None]], first_row: int = 1, *,
                      lines: Sequence[int] | None = None) -> BlockResult:
        """Check one block given column-major: ``data[j][i]`` is row i's cell of column j.

        This is the entry for columnar sources: each column a list of text cells (or None
        for a missing value), all of one length. Results come back column-major too.
        """
        if len(data) != self._width:
            raise SpecError(f"has {len(data)} columns, but the header names {self._width}.",
                            file=self.file)
        sizes = {len(column) for column in data}
        if len(sizes) > 1:
            raise SpecError("has columns of different lengths: "
                            + ", ".join(str(size) for size in sorted(sizes)) + ".",
                            file=self.file)
        size = sizes.pop() if sizes else 0
        return self._check(list(data), size, first_row, lines, {})

    def check_records(self, records: Sequence[Sequence[str | None]], first_row: int = 1, *,
                      lines: Sequence[int] | None = None,
                      errors: Mapping[int, KeirulesError] | None = None) -> BlockResult:
        """Check one block given row-major; ``errors`` marks records already known bad."""
        bad: dict[int, KeirulesError] = dict(errors or {})
        width = self._width
        lengths = list(map(len, records))
        if lengths.count(width) != len(records):
            for i, length in enumerate(lengths):
                if length != width and i not in bad:
                    bad[i] = SpecError(f"has {length} cells, but the header names {width} "
                                       "columns.", expected=f"{width} cells, empty where a "
                                       "value is missing")
        good = records if not bad else [r for i, r in enumerate(records) if i not in bad]
        data: list[Sequence[str | None]] = (
            list(zip(*good, strict=True)) if good else [() for _ in range(width)])
        names = [r[self._name] if len(r) > self._name else None for r in records] if bad else None
        return self._check(data, len(records), first_row, lines, bad, names)

    # -- one block -------------------------------------------------------------------------
    def _check(self, data: list[Sequence[str | None]], size: int, first_row: int,
               lines: Sequence[int] | None, bad: dict[int, KeirulesError],
               names: Sequence[str | None] | None = None) -> BlockResult:
        """``data`` holds the columns of the rows not in ``bad`` (all rows if it is empty)."""
        kept = [i for i in range(size) if i not in bad] if bad else None
        data = [without_missing_spellings(cells, column.spelled_missing)
                for column, cells in zip(self._columns, data, strict=True)]
        found: dict[int, list[KeirulesError]] = {}
        unique: dict[str, set[Hashable]] = {}
        for column, cells in zip(self._columns, data, strict=True):
            distinct, errors = column.check(cells)
            if distinct is not None:
                unique[column.field] = distinct
            for i, error in errors.items():
                found.setdefault(i, []).append(
                    relocated(error, line=None, field=column.spec.header))
        self._contradictions(data, found)
        problems = {i: _first_of(errors) for i, errors in found.items()}
        if names is None:
            names = data[self._name]
        if problems:
            for i, error in problems.items():
                bad[kept[i] if kept is not None else i] = error
            keep = [i for i in range(len(data[0])) if i not in problems]
            data = [[cells[i] for i in keep] for cells in data]
            kept = [kept[i] for i in keep] if kept is not None else keep
            unique = {}  # the distinct cells included bad ones
        outcome = self.evaluator.evaluate(self._block(data, unique))
        return block_result(outcome, size, first_row, kept, bad, names, lines)

    def _contradictions(self, data: list[Sequence[str | None]],
                        found: dict[int, list[KeirulesError]]) -> None:
        """Rows whose figures contradict each other (as the spec loader refuses them)."""
        columns = [(column, cells) for column, cells in zip(self._columns, data, strict=True)
                   if column.field in _CONSISTENCY]
        if len(columns) < 2:
            return
        headers = {column.field: column.spec.header for column, _cells in columns}
        for i in range(len(data[0]) if data else 0):
            if i in found:
                continue
            values = {column.field: column.value(cells[i]) for column, cells in columns
                      if cells[i] not in _MISSING}
            problem = contradiction(values) if len(values) > 1 else None
            if problem is not None:
                found[i] = [relocated(problem, line=None,
                                      field=headers.get(problem.field or "", problem.field))]

    def _block(self, data: list[Sequence[str | None]],
               unique: dict[str, set[Hashable]]) -> Block:
        size = len(data[0]) if data else 0
        fields: dict[str, tuple[Keys, Column]] = {
            column.field: (cells, column) for column, cells in zip(self._columns, data,
                                                                   strict=True)}
        if (all(name in fields for name in _DERIVED_FROM)
                and self._derive_displacement(fields, size)):
            unique.pop(_DISPLACEMENT, None)
        return Block(size, fields.get, unique)

    def _derive_displacement(self, fields: dict[str, tuple[Keys, Column]], size: int) -> bool:
        """Where displacement is missing, put the one derived from bore, stroke and cylinders
        (exactly as the spec loader derives it); True if any row got one."""
        stated = fields.get(_DISPLACEMENT)
        keys: list[Hashable] = list(stated[0]) if stated else [None] * size
        sources = [fields[name] for name in _DERIVED_FROM]
        changed = False
        for i in compress(range(size), map(_MISSING.__contains__, keys)):
            parts = tuple(cells[i] for cells, _column in sources)
            if not any(part in _MISSING for part in parts):
                keys[i] = self._derived(parts, sources)
                changed = True
        if changed:
            fields[_DISPLACEMENT] = (keys, stated[1] if stated else self._typed)
        return changed

    def _derived(self, parts: tuple[Hashable, ...],
                 sources: list[tuple[Keys, Column]]) -> Hashable:
        found = self._derived_memo.get(parts)
        if found is None:
            spec: dict[str, Any] = {"name": "-"}
            for name, (_cells, column), part in zip(_DERIVED_FROM, sources, parts, strict=True):
                value = column.value(part)
                spec[name] = ({"value": value.number, "unit": value.unit.symbol}
                              if isinstance(value, Quantity) else value)
            if len(self._derived_memo) > MEMORY:
                self._derived_memo.clear()
            found = self._derived_memo[parts] = vehicle_from_mapping(spec).displacement
        return found


def _first_of(errors: list[KeirulesError]) -> KeirulesError:
    """A row's first problem, saying how many more it has and in which columns (the row's
    line and file are put on it later)."""
    first = errors[0]
    if len(errors) > 1:
        first = type(first)(first.message + more_problems(errors, "row"), field=first.field,
                            value=first.value, expected=first.expected)
    return first
