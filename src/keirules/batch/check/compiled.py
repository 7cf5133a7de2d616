"""A rule set compiled for catalogs: statuses decided per distinct value, rows found in bulk.

For each rule and each distinct key of its field, the status is decided once and cached:

- a quantity is compared as a float first. Both the cell (``float(text)``) and the limit in
  the column's unit (``float(Fraction)``) are correctly rounded, and rounding is monotonic,
  so when the two floats differ their order is the order of the exact values. Only when they
  are equal, at the limit to within a float, is the exact value built and compared;
- every other decision (equality at a limit, integers, choices, ages, features) is made by
  :func:`keirules.engine.evaluate_rule` itself, on a vehicle holding that one value.

So a batch gives exactly the statuses that :func:`keirules.engine.evaluate` gives, and the
rows that do not pass are found with ``itertools.compress`` over a chunk's keys, in C.
A ``when`` condition is handled the same way, then combined by :mod:`keirules.core`, the
engine's own rule: a condition that is false makes the rule not applicable; one that cannot be
decided turns anything but a pass into ``unknown`` (``core.with_undecided_condition``); a
row's verdict is ``Verdict.of`` its legal failures and gaps, as the report's. A row-wise loop
over the same cached statuses measured the same within noise on the benchmark catalogs; this
column-wise form is kept because its Python work grows with the rows that do not pass rather
than with rows times rules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import compress
from typing import Final, Generic, TypeVar

from keirules.batch.check.block import Block, Column, Keys
from keirules.core import ConditionState, condition_state, out_of_force, with_undecided_condition
from keirules.dates import PartialDate
from keirules.engine import evaluate_rule
from keirules.errors import KeirulesError
from keirules.rulesets.model import Condition, Rule, RuleSet
from keirules.vehicle import Vehicle
from keirules.vocabulary import Status, Verdict

__all__ = ["CompiledRule", "CompiledRuleSet", "Outcome"]

#: Distinct keys remembered per rule and column; beyond this the memory is cleared.
CACHE_LIMIT: Final = 16_384
_NO_DAY: Final = dt.date(2000, 1, 1)  # the date for rules that do not depend on one
_MISSING: Final = frozenset({None, ""})
_T = TypeVar("_T")
# The bulk moves of ``CompiledRule.rows`` for a condition that cannot be told (a failing row
# becomes unknown, an unknown one stays unknown) are the core's rule; checked here, once.
if (with_undecided_condition(Status.FAIL), with_undecided_condition(Status.UNKNOWN)) != (
        Status.UNKNOWN, Status.UNKNOWN):  # pragma: no cover
    raise ImportError("keirules.core changed how an undecided condition combines; "
                      "CompiledRule.rows must follow")


def _vehicle(field_name: str, value: object) -> Vehicle:
    """A vehicle that has only this one value: enough for the engine to check one rule."""
    if field_name.startswith("features."):
        return Vehicle(name="-", features={field_name[len("features."):]: value is True})
    return Vehicle(name="-", **{field_name: value})  # type: ignore[arg-type]


class _Memo(Generic[_T]):
    """Per-column caches of key -> outcome, cleared when they grow past CACHE_LIMIT."""

    def __init__(self) -> None:
        self._tables: dict[int, tuple[Column, dict[Hashable, _T]]] = {}

    def table(self, column: Column) -> dict[Hashable, _T]:
        entry = self._tables.get(id(column))
        if entry is None or entry[0] is not column:
            entry = self._tables[id(column)] = (column, {})
        if len(entry[1]) > CACHE_LIMIT:
            entry[1].clear()
        return entry[1]


class CompiledRule:
    """One rule, ready to find the rows of a block on which it does not pass."""

    def __init__(self, rule: Rule, on: dt.date | None, *, as_built: bool = False) -> None:
        self.rule = rule
        #: Checked as built: a date of manufacture counts as its first day, checked that day.
        self._as_built = as_built
        self.id = rule.id
        self.legal = rule.legal
        self.field = rule.field
        self._on = on
        self._check_rule = replace(rule, when=())
        quantity = rule.limit.quantity
        self._limit_base: Fraction | None = None if quantity is None else quantity.base
        self._thresholds: dict[int, tuple[Column, float]] = {}
        self._statuses: _Memo[str] = _Memo()
        self._conditions: tuple[tuple[Condition, _Memo[ConditionState]], ...] = tuple(
            (condition, _Memo()) for condition in rule.when)

    def rows(self, block: Block) -> tuple[list[int], list[int]]:
        """The indices of the rows on which this rule fails, and of those where it is unknown."""
        if self._on is not None and out_of_force(self.rule, self._on) is not None:
            return [], []  # outside the rule's own dates: not applicable on every row
        entry = block.field(self.field)
        if entry is None:
            fails, unknowns = [], list(range(block.size))
        else:
            keys, column = entry
            failing, missing = self._odd_keys(block, column)
            if failing and missing:  # one pass over the block, then one over the few found
                odd = _rows_with(failing | missing, keys, range(block.size))
                fails, unknowns = _rows_with(failing, keys, odd), _rows_with(missing, keys, odd)
            else:
                fails = _rows_with(failing, keys, range(block.size))
                unknowns = _rows_with(missing, keys, range(block.size))
        for condition, memo in self._conditions:
            if not (fails or unknowns):
                break
            entry = block.field(condition.field)
            if entry is None:  # cannot be told anywhere: anything but a pass is unknown
                fails, unknowns = [], unknowns + fails
                continue
            keys, column = entry
            holds, undecided = self._condition_keys(condition, memo, block, column)
            applies = holds | undecided  # rows with any other key are not applicable
            unknowns = _rows_with(applies, keys, unknowns) + _rows_with(undecided, keys, fails)
            fails = _rows_with(holds, keys, fails)
        return fails, unknowns

    def _odd_keys(self, block: Block, column: Column) -> tuple[set[Hashable], set[Hashable]]:
        """The distinct keys of this block on which the check fails, and those it cannot tell."""
        table = self._statuses.table(column)
        unique = block.unique(self.field)
        unseen = unique.difference(table)
        if unseen:
            if self._limit_base is not None:
                self._decide_quantities(column, unseen, table)
            else:
                for key in unseen:
                    table[key] = self._status(column, key)
        failing: set[Hashable] = set()
        missing: set[Hashable] = set()
        for key in unique:
            status = table[key]
            if status == "fail":
                failing.add(key)
            elif status == "unknown":
                missing.add(key)
        return failing, missing

    def _decide_quantities(self, column: Column, keys: set[Hashable],
                           table: dict[Hashable, str]) -> None:
        """Statuses of new quantity keys, compared as floats in bulk (in C); only the keys
        equal to the limit as floats go to the engine, with their exact values."""
        for key in keys & _MISSING:
            table[key] = "unknown"
        present = list(keys - _MISSING)
        approx = column.approx_many(present)
        limit = self._threshold(column)
        comparison = self.rule.limit.comparison
        table.update(dict.fromkeys(present, "pass" if comparison.bounds_above or
                                   comparison.bounds_below else "fail"))
        if comparison.bounds_above:
            table.update(dict.fromkeys(compress(present, map(limit.__lt__, approx)), "fail"))
        elif comparison.bounds_below:
            table.update(dict.fromkeys(compress(present, map(limit.__gt__, approx)), "fail"))
        for key in compress(present, map(limit.__eq__, approx)):
            table[key] = self._status(column, key)

    def _status(self, column: Column, key: Hashable) -> str:
        """The engine's status for one key (for a quantity: one equal to the limit as floats)."""
        if key in _MISSING:
            return "unknown"
        value = column.value(key)
        if value is None:
            return "unknown"
        if self._as_built and isinstance(value, PartialDate) and not value.precise:
            value = PartialDate(value.first, value.first, value.first.isoformat())
        day = self._on or (value.first if isinstance(value, PartialDate) else _NO_DAY)
        return evaluate_rule(_vehicle(self.field, value), self._check_rule, day).status

    def _threshold(self, column: Column) -> float:
        """The limit in the column's unit, correctly rounded (computed once per column)."""
        found = self._thresholds.get(id(column))
        if found is None or found[0] is not column:
            assert self._limit_base is not None
            found = self._thresholds[id(column)] = (column,
                                                    float(self._limit_base / column.factor))
        return found[1]

    # -- conditions ------------------------------------------------------------------------
    def _condition_keys(self, condition: Condition, memo: _Memo[ConditionState], block: Block,
                        column: Column) -> tuple[set[Hashable], set[Hashable]]:
        """The distinct keys on which a condition holds, and those on which it cannot be told."""
        table = memo.table(column)
        holds: set[Hashable] = set()
        undecided: set[Hashable] = set()
        for key in block.unique(condition.field):
            outcome = table.get(key)
            if outcome is None:
                value = None if key in _MISSING else column.value(key)
                outcome = table[key] = condition_state(condition, value)
            if outcome is ConditionState.HOLDS:
                holds.add(key)
            elif outcome is ConditionState.UNDECIDED:
                undecided.add(key)
        return holds, undecided


def _rows_with(wanted: set[Hashable], keys: Keys, rows: Sequence[int]) -> list[int]:
    """Those of ``rows`` whose key is in ``wanted``, found in C."""
    if not wanted or not rows:
        return []
    if isinstance(rows, range):
        return list(compress(rows, map(wanted.__contains__, keys)))
    return list(compress(rows, map(wanted.__contains__, map(keys.__getitem__, rows))))


@dataclass
class Outcome:
    """The verdicts of a block's rows and, sparsely, the ids of rules that did not pass.

    ``rulesets`` names each row's rule set; ``errors`` holds rows that could not be checked.
    """

    verdicts: list[str]
    failed: dict[int, list[str]] = field(default_factory=dict)
    unknown: dict[int, list[str]] = field(default_factory=dict)
    warnings: dict[int, list[str]] = field(default_factory=dict)
    rulesets: list[str | None] = field(default_factory=list)
    errors: dict[int, KeirulesError] = field(default_factory=dict)
    #: Rule id -> rows on which it failed (legal rules; voluntary and advisory ones apart).
    fail_counts: Counter[str] = field(default_factory=Counter)
    warning_counts: Counter[str] = field(default_factory=Counter)


class CompiledRuleSet:
    """A rule set compiled once; ``on`` None means each row's own date of manufacture.

    ``as_built``: rows are checked on their date of manufacture (its first day, the caller
    having sent rows whose period holds a change of rules to the exact engine).
    """

    def __init__(self, ruleset: RuleSet, on: dt.date | None, *, as_built: bool = False) -> None:
        self.ruleset = ruleset
        self.name = ruleset.name
        self.rules = tuple(CompiledRule(rule, on, as_built=as_built) for rule in ruleset.rules)

    def evaluate(self, block: Block) -> Outcome:
        outcome = Outcome(["pass"] * block.size, rulesets=[self.name] * block.size)
        failed, unknown, warnings = outcome.failed, outcome.unknown, outcome.warnings
        legal_unknown: set[int] = set()
        for rule in self.rules:
            fails, unknowns = rule.rows(block)
            _add_id(failed if rule.legal else warnings, fails, rule.id)
            if fails:
                (outcome.fail_counts if rule.legal else outcome.warning_counts)[rule.id] += len(
                    fails)
            _add_id(unknown, unknowns, rule.id)
            if rule.legal:
                legal_unknown.update(unknowns)
        verdicts = outcome.verdicts  # every row passes but those with a legal fail or gap
        for i in legal_unknown.union(failed):
            verdicts[i] = Verdict.of(failed=i in failed, unknown=i in legal_unknown)
        return outcome


def _add_id(ids_by_row: dict[int, list[str]], rows: list[int], rule_id: str) -> None:
    """Append ``rule_id`` to the list of each of ``rows`` (kept in rule set order)."""
    get = ids_by_row.get
    for i in rows:
        ids = get(i)
        if ids is None:
            ids_by_row[i] = [rule_id]
        else:
            ids.append(rule_id)
