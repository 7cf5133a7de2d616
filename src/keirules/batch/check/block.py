"""A chunk of rows, column-major: what a compiled rule set evaluates.

Each spec field of a :class:`Block` is a sequence of *keys*, one per row, and a
:class:`Column` that says what a key means. A key is anything hashable that stands for one
value: the text of a CSV cell, or the typed value itself. Rules decide a status once per
distinct key, so a catalog that repeats its figures (as real ones do) costs a dictionary
lookup per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from typing import Any, Protocol

from keirules.quantity import Quantity

__all__ = ["Block", "Column", "Keys", "TypedColumn"]

Keys = Sequence[Hashable]


class Column(Protocol):
    """What the keys of one field mean."""

    #: For quantities: the size, in SI base units, of the unit in which :meth:`approx` counts.
    factor: Fraction

    def value(self, key: Hashable) -> Any:
        """The value as a :class:`~keirules.vehicle.Vehicle` holds it, or None if missing."""

    def approx(self, key: Hashable) -> float:
        """For quantities: the value in units of ``factor``, correctly rounded to a float."""

    def approx_many(self, keys: list[Hashable]) -> list[float]:
        """:meth:`approx` of each key (present ones only), in order."""


class TypedColumn:
    """Keys that are already typed values (``Quantity``, ``int``, ``str``, ``PartialDate``...)."""

    factor = Fraction(1)

    def value(self, key: Hashable) -> Any:
        return key

    def approx(self, key: Hashable) -> float:
        assert isinstance(key, Quantity)
        return float(key.base)

    def approx_many(self, keys: list[Hashable]) -> list[float]:
        return [self.approx(key) for key in keys]


Source = Callable[[str], "tuple[Keys, Column] | None"]


class Block:
    """Rows of one chunk, field by field; a field absent from the catalog has no keys."""

    def __init__(self, size: int, source: Source,
                 unique: dict[str, set[Hashable]] | None = None) -> None:
        self.size = size
        self._source = source
        self._fields: dict[str, tuple[Keys, Column] | None] = {}
        self._unique: dict[str, set[Hashable]] = unique or {}

    def field(self, name: str) -> tuple[Keys, Column] | None:
        """The keys and column of a spec field (``features.NAME`` for a feature), if present."""
        if name not in self._fields:
            self._fields[name] = self._source(name)
        return self._fields[name]

    def unique(self, name: str) -> set[Hashable]:
        """The distinct keys of a present field."""
        found = self._unique.get(name)
        if found is None:
            entry = self.field(name)
            found = self._unique[name] = set(entry[0]) if entry else set()
        return found

    def select(self, rows: Sequence[int]) -> Block:
        """The sub-block of the given row indices (in that order)."""

        def source(name: str) -> tuple[Keys, Column] | None:
            entry = self.field(name)
            if entry is None:
                return None
            keys = entry[0]
            return [keys[i] for i in rows], entry[1]

        return Block(len(rows), source)
