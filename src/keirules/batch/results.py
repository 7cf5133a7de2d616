"""What a catalog check gives back: one result per row, a chunk of them, and the totals.

A :class:`BlockResult` is column-major (one list per output column, sparse dicts for the rule
ids) so that writers can emit a chunk of rows without building an object per row; iterate it
(:meth:`BlockResult.results`) for :class:`RowResult` objects. :class:`CatalogSummary` adds up
chunks into the counts, the most common failing rules and the exit status.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from keirules.errors import KeirulesError
from keirules.report import EXIT_CODES
from keirules.serialize import catalog_summary_json, to_json
from keirules.vocabulary import ROW_VERDICTS

__all__ = ["VERDICTS", "BlockResult", "CatalogSummary", "RowResult", "row_message"]

#: Every verdict a catalog row can have: a report's three, and ``error`` for a bad row.
VERDICTS: Final = ROW_VERDICTS
EXIT_BAD_ROW: Final = 2


def row_message(row: int, error: KeirulesError) -> str:
    """The one-line message of a bad row: its number, line, column, problem and value.

    The file name is left out: it is the same on every row of a catalog.
    """
    bare = KeirulesError(error.message, line=error.line, field=error.field, value=error.value,
                         expected=error.expected)
    return f"row {row}, {bare}" if (error.line or error.field) else f"row {row}: {bare}"


@dataclass(frozen=True, slots=True)
class RowResult:
    """One catalog row: its verdict and the ids of the rules that failed or lacked data.

    ``failed`` lists failed legal rules, ``warnings`` failed voluntary or advisory ones and
    ``unknown`` every rule that could not be checked, each in rule set order, as a
    :class:`~keirules.report.Report` of the same vehicle would. A bad row has the verdict
    ``error`` and its :class:`~keirules.errors.KeirulesError` in ``error``.
    """

    row: int
    name: str | None
    verdict: str
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    ruleset: str | None = None
    error: KeirulesError | None = None
    line: int | None = None

    @property
    def message(self) -> str | None:
        """The bad row's message (row, line, column, problem), or None for a good row."""
        return None if self.error is None else row_message(self.row, self.error)

    @property
    def exit_code(self) -> int:
        return EXIT_BAD_ROW if self.verdict == "error" else EXIT_CODES[self.verdict]


@dataclass
class BlockResult:
    """Results of consecutive rows, column-major; indices in the dicts count from 0."""

    first_row: int
    names: Sequence[str | None]
    verdicts: list[str]
    rulesets: Sequence[str | None]
    failed: Mapping[int, Sequence[str]] = field(default_factory=dict)
    unknown: Mapping[int, Sequence[str]] = field(default_factory=dict)
    warnings: Mapping[int, Sequence[str]] = field(default_factory=dict)
    errors: Mapping[int, KeirulesError] = field(default_factory=dict)
    lines: Sequence[int] | None = None
    #: Rule id -> number of rows of this block it failed on (legal rules; others apart).
    fail_counts: Mapping[str, int] = field(default_factory=dict)
    warning_counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.verdicts)

    def messages(self) -> dict[int, str]:
        """Index -> message of every bad row."""
        first = self.first_row
        return {i: row_message(first + i, error) for i, error in self.errors.items()}

    def results(self) -> Iterator[RowResult]:
        """One :class:`RowResult` per row, in order."""
        for i in range(self.size):
            yield self.result(i)

    def result(self, i: int) -> RowResult:
        return RowResult(
            row=self.first_row + i,
            name=self.names[i],
            verdict=self.verdicts[i],
            failed=tuple(self.failed.get(i, ())),
            unknown=tuple(self.unknown.get(i, ())),
            warnings=tuple(self.warnings.get(i, ())),
            ruleset=self.rulesets[i],
            error=self.errors.get(i),
            line=None if self.lines is None else self.lines[i],
        )


class CatalogSummary:
    """Running totals over a catalog: rows by verdict, failing rules, the first bad rows.

    ``catalog`` names the catalog in its JSON form and outline (``to_json(summary)``).
    """

    def __init__(self, keep: int = 10, *, catalog: str | None = None) -> None:
        self.catalog = catalog
        self.verdicts: Counter[str] = Counter()
        self.failing_rules: Counter[str] = Counter()
        self.warning_rules: Counter[str] = Counter()
        self.rulesets: Counter[str] = Counter()
        #: The first ``keep`` rows that failed or were bad, in order.
        self.first_failures: list[RowResult] = []
        self._keep = keep

    def add(self, block: BlockResult) -> None:
        for verdict in VERDICTS:  # list.count is far cheaper than hashing every row
            self.verdicts[verdict] += block.verdicts.count(verdict)
        for name in set(block.rulesets):
            if name is not None:
                self.rulesets[name] += block.rulesets.count(name)
        self.failing_rules.update(block.fail_counts)
        self.warning_rules.update(block.warning_counts)
        if len(self.first_failures) < self._keep and (block.failed or block.errors):
            bad = sorted({*block.errors, *block.failed})  # failed: legal failures only
            room = self._keep - len(self.first_failures)
            self.first_failures.extend(block.result(i) for i in bad[:room])

    def merge(self, other: CatalogSummary) -> None:
        """Add the totals of a later part of the same catalog."""
        self.verdicts.update(other.verdicts)
        self.failing_rules.update(other.failing_rules)
        self.warning_rules.update(other.warning_rules)
        self.rulesets.update(other.rulesets)
        room = self._keep - len(self.first_failures)
        self.first_failures.extend(other.first_failures[:max(room, 0)])

    @property
    def rows(self) -> int:
        return sum(self.verdicts.values())

    @property
    def exit_code(self) -> int:
        """2 if any row was bad, else 1 if any failed, else 3 if any was incomplete, else 0."""
        if self.verdicts["error"]:
            return EXIT_BAD_ROW
        if self.verdicts["fail"]:
            return EXIT_CODES["fail"]
        if self.verdicts["incomplete"]:
            return EXIT_CODES["incomplete"]
        return EXIT_CODES["pass"]


to_json.register(CatalogSummary, catalog_summary_json)
