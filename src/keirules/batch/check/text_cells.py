"""Cells of one catalog column: validated once per distinct text, with the spec's own checks.

A cell is read as the spec contract reads the same value in a spec file: a quantity cell is a
plain number in the column's unit (the grammar of :data:`keirules.quantity.NUMBER_PATTERN`,
exactly), an integer cell is ASCII digits, and choices, dates, country codes and texts go
through :func:`keirules.vehicle.parse_field`. An empty cell is a missing value. Each distinct
text is parsed once and remembered (up to a bound), so repeated figures cost a set lookup.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from fractions import Fraction
from itertools import compress
from typing import Any, Final

from keirules.batch.read.header import ColumnSpec
from keirules.errors import KeirulesError, QuantityError, SpecError
from keirules.quantity import (
    NUMBER_PATTERN,
    PLAUSIBLE,
    QUANTITY_PATTERN,
    SMALLEST,
    Quantity,
    check_plausible,
    parse_number,
)
from keirules.vehicle import parse_field
from keirules.yamlload import text_problem

__all__ = ["MISSING_CELLS", "TextColumn", "missing_spellings", "without_missing_spellings"]

#: Distinct cell texts remembered per column; beyond this the memory is cleared.
MEMORY: Final = 16_384
_BOOLEANS: Final = {"true": True, "True": True, "TRUE": True,
                    "false": False, "False": False, "FALSE": False}
_MISSING: Final = frozenset({"", None})
#: Cells that mean "no value" in a catalog (outside the name column): the empty cell and the
#: usual spellings of "not available". Such a cell is a missing value: its rules are unknown.
#: In a country column ``NA`` stays Namibia's code.
MISSING_CELLS: Final = frozenset({"", "-", "N/A", "NA", "n/a"})
_SPELLED_MISSING: Final = MISSING_CELLS - {""}
_SPELLED_BY_KIND: Final = {"country": _SPELLED_MISSING - {"NA"}}


def missing_spellings(field: str, kind: str) -> frozenset[str]:
    """The texts other than the empty cell that are a missing value in this field's column."""
    if field == "name":
        return frozenset()
    return _SPELLED_BY_KIND.get(kind, _SPELLED_MISSING)
_MAX_INTEGER_DIGITS: Final = 9
MAX_TEXT: Final = 10_000  # as keirules.vehicle accepts


class TextColumn:
    """One column of text cells: checks them, and tells a compiled rule what each one means."""

    def __init__(self, spec: ColumnSpec) -> None:
        self.spec = spec
        self.field = spec.field
        self.factor = spec.unit.factor if spec.unit else Fraction(1)
        self._kind = spec.spec.kind
        #: Texts that are a missing value here, besides the empty cell.
        self.spelled_missing = missing_spellings(spec.field, self._kind)
        dimension = spec.unit.dimension if spec.unit else None
        #: Cells of at least this many units are checked exactly against the plausible range.
        self._large = (float(PLAUSIBLE[dimension] / self.factor) / 2 if dimension else math.inf)
        self._small = float(SMALLEST / self.factor) * 2
        self._values: dict[Hashable, Any] = {}  # good cell -> value (quantities: float)
        self._bad: dict[Hashable, KeirulesError] = {}

    def check(self, cells: Sequence[Hashable]) -> tuple[set[Hashable] | None,
                                                        dict[int, KeirulesError]]:
        """The distinct cells of a chunk (None if not gathered), and index -> error for every
        bad cell (an empty dict when all are good)."""
        if self._kind == "text" and _plain_texts(cells, required=self.field == "name"):
            return None, {}  # names are all different: no point remembering them
        if len(self._values) + len(self._bad) > MEMORY:
            self._values.clear()
            self._bad.clear()
        distinct = set(cells)
        new = distinct.difference(self._values)  # one argument: iterates the smaller set
        if self._bad:
            new.difference_update(self._bad)
        if self._kind == "quantity" and new:
            new = self._numbers(new)
        for cell in new:
            try:
                self._values[cell] = self._parse(cell)
            except KeirulesError as exc:
                self._bad[cell] = exc
        bad = distinct.intersection(self._bad)
        if not bad:
            return distinct, {}
        rows = compress(range(len(cells)), map(bad.__contains__, cells))
        return distinct, {i: self._bad[cells[i]] for i in rows}

    # -- what a checked cell means (the Column protocol of keirules.batch.check.block) -----------
    def value(self, key: Hashable) -> Any:
        if isinstance(key, Quantity):  # a displacement derived from bore, stroke, cylinders
            return key
        if key in _MISSING:
            return None
        if self._kind == "text":
            return key
        if self._kind == "quantity":
            assert isinstance(key, str) and self.spec.unit is not None
            return Quantity(parse_number(key, field=self.field), self.spec.unit,
                            f"{key} {self.spec.unit.symbol}", key)
        return self._values[key]

    def approx_many(self, keys: list[Hashable]) -> list[float]:
        try:
            return list(map(self._values.__getitem__, keys))  # checked cells: in C
        except KeyError:  # a derived displacement, or a cell no longer remembered
            return [self.approx(key) for key in keys]

    def approx(self, key: Hashable) -> float:
        if isinstance(key, Quantity):
            return float(key.base / self.factor)
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = self._parse(key)
        assert isinstance(found, float)
        return found

    # -- parsing -----------------------------------------------------------------------------
    def _parse(self, cell: Hashable) -> Any:
        if cell in _MISSING:
            if self.field == "name":
                raise SpecError("is empty; every vehicle needs a name.",
                                expected="a name such as 'Honda N-Box (JF5)'")
            return None
        if not isinstance(cell, str):
            raise SpecError(f"is a {type(cell).__name__}, not text.", value=cell,
                            expected="the text of a cell")
        kind = self._kind
        if kind == "quantity":
            return self._number(cell)
        if kind == "integer":
            if not (cell.isascii() and cell.isdigit() and len(cell) <= _MAX_INTEGER_DIGITS):
                raise SpecError("is not a whole number.", value=cell,
                                expected="a whole number such as 4")
            return parse_field(self.field, int(cell))
        if kind == "feature":
            present = _BOOLEANS.get(cell)
            if present is None:
                raise SpecError("is neither true nor false.", value=cell,
                                expected="true or false (or an empty cell if not known)")
            return present
        if self.field == "name" and not cell.strip():
            raise SpecError("is blank; every vehicle needs a name.", value=cell)
        return parse_field(self.field, cell)

    def _numbers(self, cells: set[Hashable]) -> set[Hashable]:
        """Remember the cells that are plain numbers, in bulk (in C); return the others."""
        texts = [cell for cell in cells if isinstance(cell, str) and cell]
        plain = list(compress(texts, map(NUMBER_PATTERN.fullmatch, texts)))
        values = list(map(float, plain))
        small = self._small
        if values and (max(values) >= self._large
                       or min(filter(None, values), default=small) < small):
            # near or past the ends of the plausible range: checked exactly, one by one
            pairs = [(text, value) for text, value in zip(plain, values, strict=True)
                     if value < self._large and not 0 < value < small]
            plain = [text for text, _value in pairs]
            values = [value for _text, value in pairs]
        self._values.update(zip(plain, values, strict=True))
        return cells.difference(plain)

    def _number(self, cell: str) -> float:
        unit = self.spec.unit
        assert unit is not None
        if NUMBER_PATTERN.fullmatch(cell):
            check_plausible(parse_number(cell) * unit.factor, unit.dimension, value=cell)
            return float(cell)
        if QUANTITY_PATTERN.fullmatch(cell):
            raise QuantityError(
                f"has a unit, but this column's unit is in its header ('{unit.symbol}').",
                value=cell, expected=f"a plain number of {unit.symbol}, e.g. '3395'")
        parse_number(cell, field=self.field)  # raises, saying what is wrong
        raise AssertionError("unreachable")  # pragma: no cover


def _plain_texts(cells: Sequence[Hashable], *, required: bool) -> bool:
    """Whether every cell is text of acceptable length (and, if required, not blank): the
    checks that parse_field makes of a text, done for a whole column at once, in C."""
    if None in cells:
        return False
    texts: Sequence[str] = cells  # type: ignore[assignment]
    try:
        joined = "".join(texts)  # raises TypeError unless every cell is a str
    except TypeError:
        return False
    if texts and max(map(len, texts)) > MAX_TEXT:
        return False
    if text_problem(joined) is not None:  # each bad cell is then found on its own
        return False
    return not required or ("" not in texts and not any(map(str.isspace, texts)))


def without_missing_spellings(cells: Sequence[str | None],
                              spelled: frozenset[str]) -> Sequence[str | None]:
    """The cells with the missing-value spellings as None (the same list if none is)."""
    if not spelled or spelled.isdisjoint(cells):
        return cells
    return [None if cell in spelled else cell for cell in cells]
