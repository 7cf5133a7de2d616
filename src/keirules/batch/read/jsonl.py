"""Reading JSON Lines catalogs: one spec object a line, in chunks.

Each line is read as a ``.json`` spec file is (exact decimals, no repeated keys, no NaN); a
line that cannot be read is kept as its own error, so it costs only itself. The chunks are
checked by :class:`keirules.batch.check.specs.SpecChecker`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from keirules.batch.check.checker import CHUNK_ROWS
from keirules.batch.read.lines import LineSource
from keirules.errors import KeirulesError, SpecError
from keirules.yamlload import load_json_text

__all__ = ["JsonLines", "jsonl_chunks"]

_JSON_SPACE: Final = " \t\r\n"


@dataclass
class JsonLines:
    """Lines of a JSON Lines file (blank ones left out), parsed when checked."""

    texts: list[str]
    numbers: list[int]
    #: Index -> the problem of a line that could not be read (not UTF-8, too long).
    problems: dict[int, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.numbers)

    def parse(self, file: str | None) -> tuple[list[Any], dict[int, KeirulesError]]:
        """The objects of the lines (None for a bad one), and index -> error."""
        specs: list[Any] = []
        errors: dict[int, KeirulesError] = {}
        for i, text in enumerate(self.texts):
            problem = self.problems.get(i)
            try:
                if problem is not None:
                    raise SpecError(f"cannot be read: line {self.numbers[i]} {problem}.")
                specs.append(load_json_text(text, file or "<catalog>"))
            except KeirulesError as exc:
                errors[i] = exc
                specs.append(None)
        return specs, errors


def jsonl_chunks(source: LineSource, *, rows: int = CHUNK_ROWS) -> Iterator[JsonLines]:
    """The lines of a JSON Lines file in chunks of ``rows`` (blank lines skipped)."""
    chunk = JsonLines([], [])
    for number, text in enumerate(source.lines(), start=1):
        problem = source.problems.pop(number, None)
        if problem is None and not text.strip(_JSON_SPACE):
            continue  # blank: only JSON's own white space (U+00A0 or U+001C is a bad line)
        if problem is not None:
            chunk.problems[chunk.size] = problem
        chunk.texts.append(text)
        chunk.numbers.append(number)
        if chunk.size >= rows:
            yield chunk
            chunk = JsonLines([], [])
    if chunk.size:
        yield chunk
