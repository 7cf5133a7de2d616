"""The columnar engine: a catalog's columns read, decided and written in bulk (``keirules[arrow]``).

A batch of rows arrives as pyarrow string arrays, one per header column (missing cells already
null). Each column is dictionary-encoded in C: its distinct texts are validated once by the
same :class:`~keirules.batch.check.text_cells.TextColumn` as the row-wise path, and each
compiled rule decides its status once per distinct text
(:mod:`keirules.batch.check.compiled`: floats where their order is provably the exact order,
the engine itself at the limit and everywhere else). The statuses are then spread over the
rows with numpy (one gather per rule), verdicts come from boolean masks, and each row's rule
ids from a bit mask per row: the distinct masks are joined
into text once and gathered. Nothing is decided here that the compiled rule set did not decide.

Whatever is unusual sends the catalog back to the row-wise path (:class:`Unusual`): a bad cell
(whose message, line and column the row-wise path gives), a name that is missing or not plain
text, a header whose figures the spec loader cross-checks (displacement from bore, stroke and
cylinders; wheelbase against length and the like), ``--on manufactured``, more than 63 rules.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from keirules.batch.check.block import Block
from keirules.batch.check.checker import CatalogChecker
from keirules.batch.check.compiled import CompiledRule, CompiledRuleSet
from keirules.batch.check.text_cells import MAX_TEXT, TextColumn
from keirules.batch.results import BlockResult, CatalogSummary

__all__ = ["ColumnarChecker", "ColumnarResult", "Unusual"]

#: Verdict codes of the masks, in this order.
_VERDICTS: Final = ("pass", "fail", "incomplete")
_MAX_RULES: Final = 63
#: Fields the spec loader checks against each other (keirules.vehicle.contradiction), in
#: groups that are only checked when every field of the group is present.
_DERIVED: Final = ("bore", "stroke", "cylinders")
_CROSS_CHECKED: Final = (
    ("wheelbase", "length"), ("track_front", "width"), ("track_rear", "width"),
    ("curb_mass", "gross_mass"), ("rated_power", "max_power"),
    ("curb_mass", "max_payload", "gross_mass"))
#: Control characters (other than tab and line breaks) that a text may not hold, in RE2.
_BAD_TEXT: Final = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}]|\r([^\n]|$)"
#: Any character of _BAD_TEXT, or one that CSV must quote.
_ODD_NAME: Final = r'[",\n\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}]'


class Unusual(Exception):
    """This catalog (or batch) needs the row-wise path; the message says why."""


@dataclass
class _Encoded:
    """A column as row codes into its distinct keys (the last key, None, is a missing cell)."""

    codes: Any  # numpy int array, one code per row
    keys: list[Hashable]
    column: TextColumn

    def block(self, field: str) -> Block:
        entry = (self.keys, self.column)
        return Block(len(self.keys), lambda name: entry if name == field else None,
                     {field: set(self.keys)})


class ColumnarChecker:
    """Checks batches of string columns under one header, exactly as :class:`CatalogChecker`.

    Raises :class:`Unusual` when the header or rule set is one the row-wise path must check.
    """

    def __init__(self, checker: CatalogChecker) -> None:
        evaluator = checker.evaluator
        compiled = evaluator._fixed
        if evaluator.per_row or compiled is None:
            raise Unusual("rows are checked on their own dates")
        fields = {spec.field for spec in checker.specs}
        if set(_DERIVED) <= fields:
            raise Unusual("a displacement is derived from (or checked against) bore and stroke")
        self._groups = [group for group in _CROSS_CHECKED if set(group) <= fields]
        if len(compiled.rules) > _MAX_RULES:
            raise Unusual("too many rules for a row's bit mask")
        self.checker = checker
        self.compiled: CompiledRuleSet = compiled
        self._columns: list[TextColumn] = checker._columns
        self._name = checker._name

    @property
    def name_column(self) -> int:
        return self._name

    def check(self, arrays: Sequence[Any], first_row: int) -> ColumnarResult:
        """Check one batch: ``arrays[j]`` the pyarrow string array of header column j (or,
        but for the name column, that array dictionary-encoded)."""
        import numpy as np

        size = len(arrays[self._name]) if arrays else 0
        quoted = False
        encoded: dict[str, _Encoded] = {}
        for j, (column, array) in enumerate(zip(self._columns, arrays, strict=True)):
            if j == self._name:
                quoted = _check_names(array)
                continue
            encoded[column.field] = self._encode(column, array)
        for group in self._groups:
            _cross_check(group, encoded)
        legal_fail = np.zeros(size, dtype=bool)
        legal_unknown = np.zeros(size, dtype=bool)
        failed = np.zeros(size, dtype=np.uint64)
        unknown = np.zeros(size, dtype=np.uint64)
        warned = np.zeros(size, dtype=np.uint64)
        fail_counts: dict[str, int] = {}
        warning_counts: dict[str, int] = {}
        for bit, rule in enumerate(self.compiled.rules):
            fails, unknowns = _rule_masks(rule, encoded, size)
            flag = np.uint64(1 << bit)
            count = int(fails.sum())
            if count:
                if rule.legal:
                    failed[fails] |= flag
                    fail_counts[rule.id] = count
                else:
                    warned[fails] |= flag
                    warning_counts[rule.id] = count
            if unknowns.any():
                unknown[unknowns] |= flag
                if rule.legal:
                    legal_unknown |= unknowns
            if rule.legal:
                legal_fail |= fails
        verdicts = np.where(legal_fail, 1, np.where(legal_unknown, 2, 0)).astype(np.int8)
        ids = [rule.id for rule in self.compiled.rules]
        return ColumnarResult(first_row, arrays[self._name], verdicts, failed, unknown, warned,
                              ids, self.compiled.name, fail_counts, warning_counts, quoted)

    def _encode(self, column: TextColumn, array: Any) -> _Encoded:
        import pyarrow as pa

        if pa.types.is_dictionary(array.type) and pa.types.is_string(array.type.value_type):
            encoded = array  # encoded by the reader, in its thread
        elif pa.types.is_string(array.type):
            encoded = array.dictionary_encode()
        else:
            raise Unusual(f"column {column.spec.header!r} is not text")
        spelled = column.spelled_missing
        keys: list[Hashable] = [None if key in spelled else key
                                for key in encoded.dictionary.to_pylist()]
        keys.append(None)
        _distinct, errors = column.check(keys)
        if errors:
            raise Unusual(f"column {column.spec.header!r} has a bad cell")
        return _Encoded(_codes(encoded.indices, len(keys) - 1), keys, column)


def _check_names(array: Any) -> bool:
    """Every name present, not blank, of acceptable length and printable (else: row-wise);
    whether some name needs quoting in CSV (a quote, a comma or a line break)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(array.type) or array.null_count:
        raise Unusual("a name is missing")
    if not len(array):
        return False
    if pc.max(pc.utf8_length(array)).as_py() > MAX_TEXT:
        raise Unusual("a name is too long")
    quoted = False
    if pc.any(pc.match_substring_regex(array, _ODD_NAME)).as_py():  # one pass for both
        if pc.any(pc.match_substring_regex(array, _BAD_TEXT)).as_py():
            raise Unusual("a name is not plain text")
        quoted = bool(pc.any(pc.match_substring_regex(array, '[",\r\n]')).as_py())
    # only a name without a visible ASCII character can be blank: those few Python decides
    suspects = array.filter(pc.invert(pc.match_substring_regex(array, "[!-~]")))
    if any(not name or name.isspace() for name in suspects.to_pylist()):
        raise Unusual("a name is blank")
    return quoted


def _cross_check(group: tuple[str, ...], encoded: dict[str, _Encoded]) -> None:
    """Each distinct combination of a group's figures, checked as the spec loader checks
    them (:func:`keirules.vehicle.contradiction`); a contradiction is a bad row: row-wise."""
    import numpy as np

    from keirules.vehicle import contradiction

    parts = [encoded[name] for name in group]
    combined = parts[0].codes.astype(np.int64)
    for part in parts[1:]:
        combined = combined * len(part.keys) + part.codes
    for code in np.unique(combined).tolist():
        values = {}
        for name, part in zip(reversed(group), reversed(parts), strict=True):
            code, index = divmod(code, len(part.keys))
            key = part.keys[index]
            if key is not None:
                values[name] = part.column.value(key)
        if len(values) > 1 and contradiction(values) is not None:
            raise Unusual("figures that contradict each other")


def _key_mask(keys: list[Hashable], wanted: set[Hashable]) -> Any:
    import numpy as np

    return np.fromiter(map(wanted.__contains__, keys), dtype=bool, count=len(keys))


def _rule_masks(rule: CompiledRule, encoded: dict[str, _Encoded], size: int) -> tuple[Any, Any]:
    """The rows on which ``rule`` fails, and those where it is unknown, as boolean masks:
    :meth:`CompiledRule.rows` spread with numpy (the same statuses, the same conditions)."""
    import numpy as np

    none = np.zeros(size, dtype=bool)
    from keirules.core import out_of_force

    if rule._on is not None and out_of_force(rule.rule, rule._on) is not None:
        return none, none  # as CompiledRule.rows: outside the rule's own dates
    entry = encoded.get(rule.field)
    if entry is None:
        fails, unknowns = none, np.ones(size, dtype=bool)
    else:
        failing, missing = rule._odd_keys(entry.block(rule.field), entry.column)
        fails = _key_mask(entry.keys, failing)[entry.codes]
        unknowns = _key_mask(entry.keys, missing)[entry.codes]
    for condition, memo in rule._conditions:
        if not (fails.any() or unknowns.any()):
            break
        found = encoded.get(condition.field)
        if found is None:  # cannot be told anywhere: anything but a pass is unknown
            fails, unknowns = none, unknowns | fails
            continue
        holds, undecided = rule._condition_keys(condition, memo, found.block(condition.field),
                                                found.column)
        held = _key_mask(found.keys, holds)[found.codes]
        open_ = _key_mask(found.keys, undecided)[found.codes]
        unknowns = (unknowns & (held | open_)) | (fails & open_)
        fails = fails & held
    return fails, unknowns


@dataclass
class ColumnarResult:
    """One batch's results as arrays: verdict codes and a bit mask of rule ids per row."""

    first_row: int
    names: Any  # pyarrow string array
    verdicts: Any  # numpy int8: index into _VERDICTS
    failed: Any  # numpy uint64 bit masks (bit i: rule i of the rule set)
    unknown: Any
    warnings: Any
    ids: list[str]
    ruleset: str
    fail_counts: dict[str, int]
    warning_counts: dict[str, int]
    quoted: bool = False  # some name needs quoting in CSV

    @property
    def size(self) -> int:
        return len(self.verdicts)

    def plain_names(self) -> bool:
        """Whether no name needs quoting in CSV (a quote, a comma or a line break)."""
        return not self.quoted

    def table(self) -> Any:
        """The rows as a pyarrow Table with the columns of
        :data:`~keirules.batch.write.writers.COLUMNS` (rule ids space-separated, as in CSV;
        empty as null)."""
        import numpy as np
        import pyarrow as pa

        size = self.size
        first = self.first_row
        return pa.table({
            "row": _numbers(np.arange(first, first + size, dtype=np.int64)),
            "name": self.names,
            "verdict": strings(_VERDICTS).take(_numbers(self.verdicts)),
            "failed": self._texts(self.failed),
            "unknown": self._texts(self.unknown),
            "error": pa.nulls(size, pa.string()),
            "warnings": self._texts(self.warnings),
            "ruleset": strings([self.ruleset]).take(_numbers(np.zeros(size, dtype=np.int8))),
        })

    def _texts(self, masks: Any) -> Any:
        """Each row's rule ids, space-separated (null where none): each distinct mask once."""
        import pyarrow as pa

        if not masks.any():
            return pa.nulls(len(masks), pa.string())
        encoded = _numbers(masks).dictionary_encode()
        texts = [" ".join(rule for bit, rule in enumerate(self.ids) if mask >> bit & 1)
                 or None for mask in encoded.dictionary.to_pylist()]
        return strings(texts).take(encoded.indices)

    def _lists(self, masks: Any) -> dict[int, list[str]]:
        import numpy as np

        rows = np.flatnonzero(masks)
        found: dict[int, list[str]] = {}
        cache: dict[int, list[str]] = {}
        for i, mask in zip(rows.tolist(), masks[rows].tolist(), strict=True):
            ids = cache.get(mask)
            if ids is None:
                ids = cache[mask] = [rule for bit, rule in enumerate(self.ids) if mask >> bit & 1]
            found[i] = ids
        return found

    def block(self) -> BlockResult:
        """The same rows as a :class:`BlockResult` (for the row-wise writers and summaries)."""
        verdicts = [_VERDICTS[code] for code in self.verdicts.tolist()]
        return BlockResult(self.first_row, self.names.to_pylist(), verdicts,
                           [self.ruleset] * self.size, self._lists(self.failed),
                           self._lists(self.unknown), self._lists(self.warnings),
                           fail_counts=self.fail_counts, warning_counts=self.warning_counts)

    def summary(self) -> CatalogSummary:
        """This batch's totals (the first failing rows included) without building every row."""
        import numpy as np

        summary = CatalogSummary()
        counts = np.bincount(self.verdicts, minlength=len(_VERDICTS)).tolist()
        for verdict, count in zip(_VERDICTS, counts, strict=True):
            summary.verdicts[verdict] += count
        summary.verdicts["error"] += 0
        if self.size:
            summary.rulesets[self.ruleset] += self.size
        summary.failing_rules.update(self.fail_counts)
        summary.warning_rules.update(self.warning_counts)
        failing = np.flatnonzero(self.failed)[:10].tolist()
        for i in failing:
            summary.first_failures.append(BlockResult(
                self.first_row + i, [self.names[i].as_py()], [_VERDICTS[self.verdicts[i]]],
                [self.ruleset], self._lists(self.failed[i:i + 1]),
                self._lists(self.unknown[i:i + 1]), self._lists(self.warnings[i:i + 1])
            ).result(0))
        return summary


# pyarrow's array constructors and its conversions to numpy look for pandas, and importing it
# costs more than checking a catalog of 100,000 rows: arrays are built from buffers instead.
_NUMPY_TYPES: Final = {"int8": "int8", "int32": "int32", "int64": "int64", "uint64": "uint64"}


def _numbers(values: Any) -> Any:
    """A pyarrow array of a 1-D numpy array of int8, int32, int64 or uint64 (no nulls)."""
    import numpy as np
    import pyarrow as pa

    values = np.ascontiguousarray(values)
    kind = getattr(pa, _NUMPY_TYPES[values.dtype.name])()
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def strings(texts: Sequence[str | None]) -> Any:
    """A pyarrow string array of a few texts (None as null)."""
    import numpy as np
    import pyarrow as pa

    data = [text.encode() if text is not None else b"" for text in texts]
    offsets = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum([len(item) for item in data], out=offsets[1:])
    valid = None
    if None in texts:
        bits = np.packbits([text is not None for text in texts], bitorder="little")
        valid = pa.py_buffer(bits)
    return pa.Array.from_buffers(pa.string(), len(data), [valid, pa.py_buffer(offsets),
                                                          pa.py_buffer(b"".join(data))])


def _codes(indices: Any, missing: int) -> Any:
    """The int32 indices of a dictionary-encoded array as numpy, nulls as ``missing``."""
    import numpy as np

    size, offset = len(indices), indices.offset
    validity, data = indices.buffers()[:2]
    codes = np.frombuffer(data, dtype=np.int32, count=size, offset=offset * 4).copy()
    if indices.null_count:
        bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8),
                             bitorder="little")[offset:offset + size]
        codes[bits == 0] = missing
    return codes
