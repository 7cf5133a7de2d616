"""Which rule set each row is checked against, and on which date; then the compiled check.

With a date (or none: today) every row meets the same rule set, compiled once. With
``on="manufactured"`` each row is checked on its own date of manufacture, and a bare family
name picks, row by row, the version in force on that date ("was it kei when built?"); each
version is compiled once, on first use. A row without a usable date becomes a bad row.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Final

from keirules.api import (
    OnLike,
    RuleSetLike,
    breakpoints,
    check_as_built,
    load_ruleset,
    resolve_on,
)
from keirules.batch.check.block import Block
from keirules.batch.check.compiled import CACHE_LIMIT, CompiledRuleSet, Outcome
from keirules.batch.results import BlockResult
from keirules.dates import PartialDate
from keirules.errors import UNPRINTABLE, KeirulesError, SpecError, UsageError, show_name
from keirules.features import FEATURES
from keirules.rulesets.model import RuleSet
from keirules.rulesets.registry import RuleSetRegistry, default_catalog, looks_like_path
from keirules.vehicle import FIELDS, Vehicle

__all__ = ["Evaluator", "block_result", "relocated"]

MANUFACTURED: Final = "manufactured"


class Evaluator:
    """Resolves the rule set (once, or per date of manufacture) and evaluates blocks."""

    def __init__(self, ruleset: RuleSetLike = "jp-kei", on: OnLike = None, *,
                 catalog: RuleSetRegistry | None = None) -> None:
        self._catalog = catalog or default_catalog()
        self._fixed: CompiledRuleSet | None = None
        self._family: str | None = None
        self._by_date: dict[Hashable, CompiledRuleSet | KeirulesError | _Exact] = {}
        self._compiled: dict[str, CompiledRuleSet] = {}
        self.per_row = on == MANUFACTURED
        self._ruleset: RuleSetLike = ruleset
        self._fixed_ruleset: RuleSet | None = None
        if not self.per_row:
            day = resolve_on(on)
            self._fixed = CompiledRuleSet(load_ruleset(ruleset, day, self._catalog), day)
        elif isinstance(ruleset, str) and not looks_like_path(ruleset) and "@" not in ruleset:
            self._catalog.headers(ruleset)  # an unknown family is an error for the whole file
            self._family = ruleset
        else:
            self._fixed_ruleset = load_ruleset(ruleset, None, self._catalog)
            self._ruleset = self._fixed_ruleset
            self._fixed = CompiledRuleSet(self._fixed_ruleset, None, as_built=True)

    def evaluate(self, block: Block) -> Outcome:
        """Verdicts and rule ids of every row; rows without a usable rule set in ``errors``.

        Should the block fail as a whole, its rows are evaluated one by one, so that a row
        that cannot be evaluated costs only itself and becomes that row's error.
        """
        try:
            return self._evaluate(block)
        except Exception:
            if not block.size:
                raise
        result = Outcome(["error"] * block.size, rulesets=[None] * block.size)
        for i in range(block.size):
            try:
                one = self._evaluate(block.select([i]))
            except KeirulesError as exc:
                result.errors[i] = exc
                continue
            except Exception as exc:  # a bug; the row says so, the others are still checked
                result.errors[i] = SpecError(
                    f"could not be checked: internal error ({type(exc).__name__}). This is a "
                    "bug in keirules; please report it with this row.")
                continue
            _merge(result, i, one)
        return result

    def _evaluate(self, block: Block) -> Outcome:
        if self._fixed is not None and not self.per_row:
            return self._fixed.evaluate(block)
        size = block.size
        entry = block.field(MANUFACTURED)
        keys = entry[0] if entry else [None] * size
        targets = {key: self._target(entry[1].value(key) if entry and key not in (None, "")
                                     else None) for key in set(keys)}
        groups: dict[int, list[int]] = {}
        compiled: dict[int, CompiledRuleSet] = {}
        result = Outcome(["error"] * size, rulesets=[None] * size)
        for i, key in enumerate(keys):
            target = targets[key]
            if isinstance(target, KeirulesError):
                result.errors[i] = target
            elif isinstance(target, _Exact):
                self._exact(block, i, result)
            else:
                groups.setdefault(id(target), []).append(i)
                compiled[id(target)] = target
        for group, rows in groups.items():
            target = compiled[group]
            outcome = target.evaluate(block.select(rows))
            for j, i in enumerate(rows):
                result.verdicts[i] = outcome.verdicts[j]
                result.rulesets[i] = target.name
            for part, whole in ((outcome.failed, result.failed),
                                (outcome.unknown, result.unknown),
                                (outcome.warnings, result.warnings)):
                for j, ids in part.items():
                    whole[rows[j]] = ids
            result.fail_counts.update(outcome.fail_counts)
            result.warning_counts.update(outcome.warning_counts)
        return result

    def _exact(self, block: Block, i: int, result: Outcome) -> None:
        """Row ``i`` through the single-vehicle path: its period of manufacture holds a
        change of rules, so it is checked on each side of it (as :func:`check_as_built`)."""
        try:
            report = check_as_built(_row_vehicle(block, i), self._ruleset, self._catalog)
        except KeirulesError as exc:
            result.errors[i] = exc
            return
        result.verdicts[i] = report.verdict
        result.rulesets[i] = report.ruleset.name
        for ids, found in ((result.failed, report.failures), (result.unknown, report.unknown),
                           (result.warnings, report.warnings)):
            if found:
                ids[i] = [r.rule.id for r in found]
        result.fail_counts.update(r.rule.id for r in report.failures)
        result.warning_counts.update(r.rule.id for r in report.warnings)

    def _target(self, made: object) -> CompiledRuleSet | KeirulesError | _Exact:
        """The compiled rule set for a date of manufacture, or the error that stops the row."""
        if not isinstance(made, PartialDate):
            return UsageError(
                "is missing, and --on manufactured checks each row on its date of manufacture.",
                field=MANUFACTURED, expected="a date such as 1994, 1994-05 or 1994-05-17")
        found = self._by_date.get(made)
        if found is None:
            if len(self._by_date) > CACHE_LIMIT:
                self._by_date.clear()
            found = self._by_date[made] = self._resolve(made)
        return found

    def _resolve(self, made: PartialDate) -> CompiledRuleSet | KeirulesError | _Exact:
        try:
            if len(breakpoints(made, self._ruleset, self._catalog)) > 1:
                return EXACT
            ruleset = self._fixed_ruleset or self._catalog.get(str(self._family), made.first)
        except KeirulesError as exc:
            return type(exc)(exc.message, field=MANUFACTURED, value=made.text,
                             expected=exc.expected)
        dated = any(r.effective_from or r.effective_until for r in ruleset.rules)
        if not dated and self._fixed is not None:
            return self._fixed
        key = f"{ruleset.name} {made.first.isoformat()}" if dated else ruleset.name
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) > CACHE_LIMIT:
                self._compiled.clear()
            compiled = self._compiled[key] = CompiledRuleSet(
                ruleset, made.first if dated else None, as_built=True)
        return compiled


class _Exact:
    """Marks a row to check through the single-vehicle path (see :meth:`Evaluator._exact`)."""


EXACT: Final = _Exact()


def _row_vehicle(block: Block, i: int) -> Vehicle:
    """The vehicle of one row, from the typed values of its block."""
    values: dict[str, Any] = {}
    for name, spec in FIELDS.items():
        if spec.kind in ("features", "text_list") or name == "name":
            continue
        entry = block.field(name)
        if entry is not None and entry[0][i] not in (None, ""):
            values[name] = entry[1].value(entry[0][i])
    features: dict[str, bool] = {}
    for feature in FEATURES:
        entry = block.field(f"features.{feature}")
        if entry is not None and entry[0][i] not in (None, ""):
            present = entry[1].value(entry[0][i])
            if present is not None:
                features[feature] = bool(present)
    return Vehicle(name="-", features=features, **values)


def _merge(result: Outcome, i: int, one: Outcome) -> None:
    """Put the outcome of a block of one row in place as row ``i`` of ``result``."""
    result.verdicts[i] = one.verdicts[0]
    result.rulesets[i] = one.rulesets[0] if one.rulesets else None
    for part, whole in ((one.failed, result.failed), (one.unknown, result.unknown),
                        (one.warnings, result.warnings)):
        if 0 in part:
            whole[i] = part[0]
    if 0 in one.errors:
        result.errors[i] = one.errors[0]
    result.fail_counts.update(one.fail_counts)
    result.warning_counts.update(one.warning_counts)


def _shown_names(names: Sequence[str | None],
                 bad: dict[int, KeirulesError]) -> Sequence[str | None]:
    """The names of bad rows as outputs may show them: escaped and cut (a good row's name
    passed the spec's checks; a bad row's may hold anything, and is echoed in every output)."""
    if not bad:
        return names
    shown = list(names)
    for i in bad:
        name = shown[i]
        if isinstance(name, str) and (len(name) > _MAX_BAD_NAME or UNPRINTABLE.search(name)):
            shown[i] = show_name(name, _MAX_BAD_NAME)
    return shown


_MAX_BAD_NAME: Final = 200


def relocated(error: KeirulesError, *, line: int | None, field: str | None) -> KeirulesError:
    """A copy of ``error`` placed on a row's line and column (the original may be shared)."""
    return error.placed(line=line, field=field or error.field)


def block_result(outcome: Outcome, size: int, first_row: int, kept: list[int] | None,
                 bad: dict[int, KeirulesError], names: Sequence[str | None],
                 lines: Sequence[int] | None) -> BlockResult:
    """Put the outcome of the good rows (``kept``: their indices, None if all rows are good)
    and the errors of the bad ones back in row order, the errors placed on their lines."""
    for i, error in outcome.errors.items():
        bad[kept[i] if kept is not None else i] = error
    names = _shown_names(names, bad)
    if lines is not None:
        for i, error in bad.items():
            bad[i] = relocated(error, line=lines[i], field=error.field)
    counts = {"fail_counts": outcome.fail_counts, "warning_counts": outcome.warning_counts}
    if kept is None:
        return BlockResult(first_row, names, outcome.verdicts, outcome.rulesets,
                           outcome.failed, outcome.unknown, outcome.warnings, bad, lines,
                           **counts)
    verdicts = ["error"] * size
    rulesets: list[str | None] = [None] * size
    for j, i in enumerate(kept):
        verdicts[i] = outcome.verdicts[j]
        rulesets[i] = outcome.rulesets[j]
    return BlockResult(
        first_row, names, verdicts, rulesets,
        {kept[j]: ids for j, ids in outcome.failed.items()},
        {kept[j]: ids for j, ids in outcome.unknown.items()},
        {kept[j]: ids for j, ids in outcome.warnings.items()},
        bad, lines, **counts)
