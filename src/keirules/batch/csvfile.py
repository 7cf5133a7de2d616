"""CSV catalogs: the header, then chunks of rows, column-major where the text allows it.

Most catalogs are plain: no quotes, one record a line. A run of such lines is split into
columns directly (``str.split`` in C, no record objects), which is what makes reading cheap.
Lines with a quote (a name with a comma, a cell across lines), odd line ends or problems go
through :mod:`csv` instead, record by record. Both read the same dialect (the csv module's
default: comma, double quote, ``\\n`` or ``\\r\\n``), and the csv reader is only ever handed
whole records, so the two can take turns within one file.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice, repeat
from typing import Final

from keirules.batch.reading import MAX_LINE, LineSource
from keirules.errors import InputFileError, KeirulesError, SpecError

__all__ = ["CsvChunk", "csv_chunks"]

_QUOTE: Final = '"'


@dataclass
class CsvChunk:
    """Consecutive rows: ``columns`` (column-major) or ``records`` (row-major), never both,
    with each row's first line and the rows already known to be bad."""

    lines: list[int]
    records: list[list[str]] | None = None
    columns: list[list[str]] | None = None
    errors: dict[int, KeirulesError] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.lines)


class _Feed:
    """Lines from a :class:`LineSource`, handed to the csv reader one at a time (with their
    ``\\n``) or taken in bulk (without it); ``taken`` counts the lines handed out so far."""

    def __init__(self, source: LineSource) -> None:
        self._texts = source.texts()
        self._lines: list[str] = []
        self._next = 0
        self.taken = 0

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self._next >= len(self._lines) and not self._fill():
            raise StopIteration
        line = self._lines[self._next]
        self._next += 1
        self.taken += 1
        return line + "\n"

    def peek(self, count: int) -> list[str]:
        """Up to ``count`` next lines (fewer at the end of a block), without taking them."""
        if self._next >= len(self._lines) and not self._fill():
            return []
        return self._lines[self._next:self._next + count]

    def skip(self, count: int) -> None:
        self._next += count
        self.taken += count

    def _fill(self) -> bool:
        for text in self._texts:
            lines = text.split("\n")
            if lines[-1] == "":
                lines.pop()  # the block ended with its last line's \n
            if lines:
                self._lines, self._next = lines, 0
                return True
        return False


def csv_chunks(source: LineSource, *, file: str,
               rows: int) -> tuple[list[str], Iterator[CsvChunk]]:
    """The header, and the rows that follow in chunks of about ``rows`` (blank lines skipped)."""
    csv.field_size_limit(MAX_LINE)
    feed = _Feed(source)
    reader = csv.reader(feed)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputFileError(f"has a header that cannot be read as CSV: {exc}.", file=file,
                             line=feed.taken) from None
    if header is None:
        raise InputFileError("is empty; a catalog starts with a header naming its columns.",
                             file=file, expected="a first line such as 'name,length [mm]'")
    for number in range(1, feed.taken + 1):
        if number in source.problems:
            raise InputFileError(f"has a header that {source.problems[number]}.", file=file,
                                 line=number)
    return header, _chunks(feed, reader, source.problems, len(header), rows)


def _chunks(feed: _Feed, reader: Iterator[list[str]], problems: dict[int, str], width: int,
            rows: int) -> Iterator[CsvChunk]:
    while True:
        lines = feed.peek(rows)
        if not lines:
            return
        first = feed.taken + 1
        plain = _plain(lines, first, problems)
        if plain is not None:
            feed.skip(len(lines))
            chunk = _split(plain, first, width)
        else:
            chunk = _records(feed, reader, problems, rows)
        if chunk.size:
            yield chunk


def _plain(lines: list[str], first: int, problems: dict[int, str]) -> list[str] | None:
    """The lines without ``\\r\\n`` endings, if they can be split without the csv reader."""
    text = "\n".join(lines)
    if _QUOTE in text or (problems and first <= max(problems)):
        return None
    if "\r" in text:
        if "\r" in text.replace("\r\n", "\n"):
            return None
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        if any("\r" in line for line in lines):
            return None
    return lines


def _split(lines: list[str], first: int, width: int) -> CsvChunk:
    """Quote-free lines straight into columns (blank lines skipped, as the csv reader does)."""
    numbers = list(range(first, first + len(lines)))
    if "" in lines:
        numbers = [n for n, line in zip(numbers, lines, strict=True) if line]
        lines = [line for line in lines if line]
    commas = list(map(str.count, lines, repeat(",")))
    if commas.count(width - 1) != len(lines):  # some line has another number of cells
        return CsvChunk(numbers, records=[line.split(",") for line in lines])
    cells = ",".join(lines).split(",")
    return CsvChunk(numbers, columns=[cells[j::width] for j in range(width)])


def _records(feed: _Feed, reader: Iterator[list[str]], problems: dict[int, str],
             rows: int) -> CsvChunk:
    """Up to ``rows`` records through the csv reader; a record it cannot parse becomes a bad
    row, and so does one on a line that is not UTF-8 or too long."""
    chunk = CsvChunk([], records=[])
    records = chunk.records
    assert records is not None
    segment: list[list[str]] = []
    start = feed.taken + 1
    broken: str | None = None
    try:
        segment.extend(islice(reader, rows))
    except csv.Error as exc:
        broken = str(exc)
    starts = _starts(segment, start, feed.taken)
    flagged = _flagged(segment, starts, problems)
    for index, (record, line) in enumerate(zip(segment, starts, strict=True)):
        if index in flagged:
            chunk.errors[len(records)] = SpecError(f"cannot be read: {flagged[index]}.",
                                                   line=line)
        elif not record:
            continue
        records.append(record)
        chunk.lines.append(line)
    if broken is not None:
        line = starts[-1] + _span(segment[-1]) if segment else start
        chunk.errors[len(records)] = SpecError(f"cannot be read as CSV: {broken}.", line=line)
        records.append([])
        chunk.lines.append(line)
        for number in [n for n in problems if n <= feed.taken]:
            del problems[number]  # lines of the record given up on
    return chunk


def _span(record: list[str]) -> int:
    """Lines a record covers: one, and one more for each line break inside a quoted cell."""
    return 1 + sum(cell.count("\n") for cell in record)


def _starts(segment: list[list[str]], first: int, last: int) -> list[int]:
    """The first line of each record of a segment that covered lines ``first..last``."""
    if last - first + 1 == len(segment):
        return list(range(first, last + 1))
    starts = []
    line = first
    for record in segment:
        starts.append(line)
        line += _span(record)
    return starts


def _flagged(segment: list[list[str]], starts: list[int],
             problems: dict[int, str]) -> dict[int, str]:
    """Record index -> the problem of a line it covers (taken out of ``problems``)."""
    flagged: dict[int, str] = {}
    if not problems or not starts:
        return flagged
    for number in sorted(n for n in problems if n >= starts[0]):
        index = bisect_right(starts, number) - 1
        if number < starts[index] + _span(segment[index]):
            flagged.setdefault(index, f"line {number} {problems.pop(number)}")
    return flagged
