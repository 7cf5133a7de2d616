"""Catalog results as CSV or JSON Lines rows, written chunk by chunk as they come.

Columns: ``row``, ``name``, ``verdict``, ``failed``, ``unknown``, ``error`` (the contract's),
then ``warnings`` (failed voluntary or advisory rules) and ``ruleset`` (the version each row
was checked against). In CSV, rule ids are separated by spaces (ids never contain one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Final, Protocol, TextIO

from keirules.batch.results import BlockResult

__all__ = ["COLUMNS", "CsvWriter", "JsonlWriter", "RowWriter"]

COLUMNS: Final = ("row", "name", "verdict", "failed", "unknown", "error", "warnings", "ruleset")
_SPECIAL: Final = re.compile(r'[",\r\n]')


class RowWriter(Protocol):
    def write(self, block: BlockResult) -> None: ...


def _dense(size: int, sparse: Mapping[int, Sequence[str]]) -> list[str]:
    column = [""] * size
    for i, ids in sparse.items():
        column[i] = " ".join(ids)
    return column


class CsvWriter:
    """CSV rows with a header line, ``\n`` line ends, quoted only where needed (as the csv
    module quotes: a field holding a comma, a quote or a line break)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        stream.write(",".join(COLUMNS) + "\n")

    def write(self, block: BlockResult) -> None:
        size = block.size
        if not size:
            return
        errors = [""] * size
        for i, message in block.messages().items():
            errors[i] = _quoted(message)
        first = block.first_row
        fields = zip(map(str, range(first, first + size)), _texts(block.names), block.verdicts,
                     _dense(size, block.failed), _dense(size, block.unknown), errors,
                     _dense(size, block.warnings), _texts(block.rulesets), strict=True)
        self._stream.write("\n".join(map(",".join, fields)) + "\n")


def _quoted(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if _SPECIAL.search(text) else text


def _texts(cells: Sequence[str | None]) -> Sequence[str]:
    """A column of texts for CSV: None as empty, quoted where needed (checked in bulk)."""
    if None not in cells and not _SPECIAL.search("".join(cells)):  # type: ignore[arg-type]
        return cells  # type: ignore[return-value]
    return [_quoted(cell) if cell else "" for cell in cells]


class JsonlWriter:
    """One JSON object a line, keys in the order of :data:`COLUMNS`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, block: BlockResult) -> None:
        messages = block.messages()
        empty: list[str] = []
        dumps = json.dumps
        first = block.first_row
        lines = [
            dumps({"row": first + i, "name": block.names[i], "verdict": block.verdicts[i],
                   "failed": block.failed.get(i, empty), "unknown": block.unknown.get(i, empty),
                   "error": messages.get(i), "warnings": block.warnings.get(i, empty),
                   "ruleset": block.rulesets[i]}, ensure_ascii=False)
            for i in range(block.size)]
        lines.append("")
        self._stream.write("\n".join(lines))
