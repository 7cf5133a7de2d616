"""Checking whole specs in chunks: mappings as in a spec file, or :class:`Vehicle` values.

The vehicles of a chunk are checked by the same compiled rule set as a CSV catalog, with their
typed values as keys; JSON Lines files are read by :mod:`keirules.batch.read.jsonl` and handed
here a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, Final

from keirules.api import OnLike, RuleSetLike
from keirules.batch.check.block import Block, Column, Keys, TypedColumn
from keirules.batch.check.checker import CHUNK_ROWS
from keirules.batch.check.evaluator import Evaluator, block_result
from keirules.batch.check.text_cells import MEMORY
from keirules.batch.results import BlockResult
from keirules.errors import KeirulesError
from keirules.quantity import Quantity
from keirules.rulesets.registry import RuleSetRegistry
from keirules.vehicle import Vehicle, quantity_fields, vehicle_from_mapping

if TYPE_CHECKING:
    from keirules.batch.read.jsonl import JsonLines

__all__ = ["SpecChecker"]

_TYPED = TypedColumn()
_QUANTITIES: Final = frozenset(quantity_fields())


class SpecChecker:
    """Checks specs (mappings as in a spec file, or :class:`Vehicle` values) in chunks."""

    def __init__(self, ruleset: RuleSetLike = "jp-kei", on: OnLike = None, *,
                 file: str | None = None, catalog: RuleSetRegistry | None = None) -> None:
        self.evaluator = Evaluator(ruleset, on, catalog=catalog)
        self.file = file
        self._quantities: dict[str, _QuantityColumn] = {}

    def check_specs(self, specs: Sequence[Any], first_row: int = 1, *,
                    lines: Sequence[int] | None = None,
                    errors: Mapping[int, KeirulesError] | None = None) -> BlockResult:
        """Check one chunk; ``errors`` marks items already known bad (e.g. broken JSON)."""
        bad: dict[int, KeirulesError] = dict(errors or {})
        vehicles: list[Vehicle] = []
        kept: list[int] = []
        for i, spec in enumerate(specs):
            if i in bad:
                continue
            try:
                vehicles.append(spec if isinstance(spec, Vehicle)
                                else vehicle_from_mapping(spec, file=self.file))
                kept.append(i)
            except KeirulesError as exc:
                bad[i] = exc
        names = [_name(spec) for spec in specs]
        outcome = self.evaluator.evaluate(self._block(vehicles))
        return block_result(outcome, len(specs), first_row, kept, bad, names, lines)

    def check_lines(self, chunk: JsonLines, first_row: int = 1) -> BlockResult:
        """Check a chunk of JSON Lines: each line one spec object."""
        specs, errors = chunk.parse(self.file)
        return self.check_specs(specs, first_row, lines=chunk.numbers, errors=errors)

    def check_all(self, specs: Iterable[Any], first_row: int = 1) -> Iterator[BlockResult]:
        iterator = iter(specs)
        while chunk := list(islice(iterator, CHUNK_ROWS)):
            yield self.check_specs(chunk, first_row)
            first_row += len(chunk)


    def _block(self, vehicles: list[Vehicle]) -> Block:
        def source(name: str) -> tuple[Keys, Column]:
            values = [vehicle.value(name) for vehicle in vehicles]
            if name not in _QUANTITIES:
                return values, _TYPED
            column = self._quantities.setdefault(name, _QuantityColumn())
            return column.keys(values, vehicles, name), column

        return Block(len(vehicles), source)


class _QuantityColumn(TypedColumn):
    """Quantities keyed by their text: hashing a quantity hashes a Fraction, which is slow.

    The text stands for exactly one quantity, except for a derived one (its text is rounded),
    which is its own key.
    """

    def __init__(self) -> None:
        self._by_text: dict[str, Quantity] = {}

    def keys(self, values: list[Any], vehicles: list[Vehicle], name: str) -> Keys:
        if len(self._by_text) > MEMORY:
            self._by_text.clear()
        keys: list[Hashable] = []
        for value, vehicle in zip(values, vehicles, strict=True):
            if value is None or name in vehicle.derived:
                keys.append(value)
            else:
                self._by_text[value.text] = value
                keys.append(value.text)
        return keys

    def value(self, key: Hashable) -> Any:
        return self._by_text[key] if isinstance(key, str) else key

    def approx(self, key: Hashable) -> float:
        return super().approx(self.value(key))


def _name(spec: Any) -> str | None:
    if isinstance(spec, Vehicle):
        return spec.name
    name = spec.get("name") if isinstance(spec, Mapping) else None
    return name if isinstance(name, str) else None
