"""Catalog results as CSV or JSON Lines text, one chunk at a time.

Columns: ``row``, ``name``, ``verdict``, ``failed``, ``unknown``, ``error`` (the contract's),
then ``warnings`` (failed voluntary or advisory rules) and ``ruleset`` (the version each row
was checked against). In CSV, rule ids are separated by spaces (ids never contain one), and
lines end in ``\\n``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from typing import Final

from keirules.batch.results import BlockResult

__all__ = ["COLUMNS", "HEADERS", "ROWS", "csv_rows", "jsonl_rows"]

COLUMNS: Final = ("row", "name", "verdict", "failed", "unknown", "error", "warnings", "ruleset")


def csv_rows(block: BlockResult) -> str:
    """A chunk's rows as CSV lines, quoted only where needed (as the csv module quotes: a
    field holding a comma, a quote or a line break), built column by column in C."""
    size = block.size
    if not size:
        return ""
    errors = [""] * size
    for i, message in block.messages().items():
        errors[i] = _quoted(message)
    first = block.first_row
    fields = zip(map(str, range(first, first + size)), _texts(block.names), block.verdicts,
                 _ids(size, block.failed), _ids(size, block.unknown), errors,
                 _ids(size, block.warnings), _names(block.rulesets), strict=True)
    return "\n".join(map(",".join, fields)) + "\n"


def jsonl_rows(block: BlockResult) -> str:
    """A chunk's rows as JSON objects, one a line, keys in the order of :data:`COLUMNS`."""
    messages = block.messages()
    empty: list[str] = []
    first = block.first_row
    return "".join(
        json.dumps({"row": first + i, "name": block.names[i], "verdict": block.verdicts[i],
                    "failed": block.failed.get(i, empty), "unknown": block.unknown.get(i, empty),
                    "error": messages.get(i), "warnings": block.warnings.get(i, empty),
                    "ruleset": block.rulesets[i]}, ensure_ascii=False) + "\n"
        for i in range(block.size))


#: Format -> the text written before the first row, and the text of each chunk's rows.
HEADERS: Final = {"csv": ",".join(COLUMNS) + "\n", "jsonl": ""}
ROWS: Final[dict[str, Callable[[BlockResult], str]]] = {"csv": csv_rows, "jsonl": jsonl_rows}


def _ids(size: int, sparse: Mapping[int, Sequence[str]]) -> Sequence[str]:
    """Rule ids of every row, space-separated ("" where none)."""
    if not sparse:
        return [""] * size
    texts = dict(zip(sparse.keys(), map(" ".join, sparse.values()), strict=True))
    return list(map(texts.get, range(size), repeat("")))


def _special(text: str) -> bool:
    """Whether CSV must quote this text (four scans in C beat one regular expression)."""
    return '"' in text or "," in text or "\n" in text or "\r" in text


def _quoted(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if _special(text) else text


def _texts(cells: Sequence[str | None]) -> Sequence[str]:
    """A column of texts for CSV: None as empty, quoted where needed (checked in bulk)."""
    if None not in cells and not _special("".join(cells)):  # type: ignore[arg-type]
        return cells  # type: ignore[return-value]
    return [_quoted(cell) if cell else "" for cell in cells]


def _names(rulesets: Sequence[str | None]) -> Sequence[str]:
    """Rule set names never need quoting (FAMILY@VERSION allows no comma, quote or break)."""
    if None not in rulesets:
        return rulesets  # type: ignore[return-value]
    return [name or "" for name in rulesets]
