"""Catalogs of whole specs: JSON Lines files (one spec object a line) and mappings in memory.

Each line is read as a ``.json`` spec file is (exact decimals, no repeated keys, no NaN) and
validated by the spec loader; the vehicles of a chunk are then checked by the same compiled
rule set as a CSV catalog, with their typed values as keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from keirules.api import OnLike, RuleSetLike
from keirules.batch.block import Block, Column, Keys, TypedColumn
from keirules.batch.checker import CHUNK_ROWS
from keirules.batch.evaluator import Evaluator, block_result
from keirules.batch.reading import LineSource
from keirules.batch.results import BlockResult
from keirules.errors import KeirulesError, SpecError
from keirules.rulesets.catalog import Catalog
from keirules.vehicle import Vehicle, vehicle_from_mapping
from keirules.yamlload import _load_json

__all__ = ["SpecChecker", "jsonl_specs"]

_TYPED = TypedColumn()


class SpecChecker:
    """Checks specs (mappings as in a spec file, or :class:`Vehicle` values) in chunks."""

    def __init__(self, ruleset: RuleSetLike = "jp-kei", on: OnLike = None, *,
                 file: str | None = None, catalog: Catalog | None = None) -> None:
        self.evaluator = Evaluator(ruleset, on, catalog=catalog)
        self.file = file

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
        outcome = self.evaluator.evaluate(_block(vehicles))
        return block_result(outcome, len(specs), first_row, kept, bad, names, lines)

    def check_all(self, specs: Iterable[Any], first_row: int = 1) -> Iterator[BlockResult]:
        iterator = iter(specs)
        while chunk := list(islice(iterator, CHUNK_ROWS)):
            yield self.check_specs(chunk, first_row)
            first_row += len(chunk)


def _block(vehicles: list[Vehicle]) -> Block:
    def source(name: str) -> tuple[Keys, Column]:
        return [vehicle.value(name) for vehicle in vehicles], _TYPED

    return Block(len(vehicles), source)


def _name(spec: Any) -> str | None:
    if isinstance(spec, Vehicle):
        return spec.name
    name = spec.get("name") if isinstance(spec, Mapping) else None
    return name if isinstance(name, str) else None


def jsonl_specs(source: LineSource, *, file: str,
                rows: int = CHUNK_ROWS) -> Iterator[tuple[list[Any], list[int],
                                                          dict[int, KeirulesError]]]:
    """Chunks of (parsed objects, their lines, index -> error for lines that are not JSON)."""
    specs: list[Any] = []
    lines: list[int] = []
    errors: dict[int, KeirulesError] = {}
    for number, text in enumerate(source.lines(), start=1):
        if not text.strip():
            if number not in source.problems:
                continue
        problem = source.problems.pop(number, None)
        if problem is not None:
            errors[len(specs)] = SpecError(f"cannot be read: line {number} {problem}.")
            specs.append(None)
        else:
            try:
                specs.append(_load_json(text, file))
            except KeirulesError as exc:
                errors[len(specs)] = exc
                specs.append(None)
        lines.append(number)
        if len(specs) >= rows:
            yield specs, lines, errors
            specs, lines, errors = [], [], {}
    if specs:
        yield specs, lines, errors
