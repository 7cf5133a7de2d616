"""CSV catalogs: the header, then chunks of rows, column-major where the text allows it.

Most catalogs are plain: one record a line, few quotes. A run of such lines is split into
columns directly (``str.split`` in C, no record objects), which is what makes reading cheap;
the odd line with a quote (a name with a comma) is read on its own by :mod:`csv`. A cell
across lines, many quotes, a stray carriage return or a line that is not UTF-8 send a chunk
through the csv reader, record by record. Both read the csv module's default dialect (comma,
double quote, ``\\n`` or ``\\r\\n``), and the csv reader is only ever handed whole records,
so the two take turns within one file and give the same rows.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from typing import Final

from keirules.batch.read.lines import MAX_LINE, LineSource
from keirules.errors import InputFileError, KeirulesError, SpecError

__all__ = ["CsvChunk", "PlainLines", "csv_chunks"]

_QUOTE: Final = '"'
_MOSTLY_PLAIN: Final = 8  # more than one line in 8 with a quote: let the csv reader read them


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
        self.last = ""  # the last line handed to the csv reader

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self._next >= len(self._lines) and not self._fill():
            raise StopIteration
        line = self._lines[self._next]
        self._next += 1
        self.taken += 1
        self.last = line
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


def csv_chunks(source: LineSource, *, file: str, rows: int,
               delimiter: str = ",") -> tuple[list[str], Iterator[CsvChunk | PlainLines]]:
    """The header, and the rows that follow in chunks of about ``rows`` (blank lines skipped).

    With another ``delimiter`` than a comma, every record goes through the csv reader.
    """
    csv.field_size_limit(MAX_LINE)
    feed = _Feed(source)
    reader = csv.reader(feed, delimiter=delimiter)
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
    _refuse_other_delimiter(header, delimiter, file)
    return header, _chunks(feed, reader, source.problems, header, rows, delimiter == ",")


#: Delimiters a header with a single column may really be using, and their names.
_OTHER_DELIMITERS: Final = {";": "a semicolon", "\t": "a tab", "|": "a vertical bar"}


def _refuse_other_delimiter(header: list[str], delimiter: str, file: str) -> None:
    """A header read as one column that holds another delimiter: say so, with the option."""
    if len(header) != 1:
        return
    for char, name in _OTHER_DELIMITERS.items():
        if char != delimiter and header[0].count(char):
            shown = "tab" if char == "\t" else char
            raise InputFileError(
                f"has a header that reads as one column, {header[0][:60]!r}: its columns seem "
                f"separated by {name}, not by {_OTHER_DELIMITERS.get(delimiter, 'a comma')}.",
                file=file, line=1, expected=f"--delimiter '{shown}' (or a comma-separated file)")


def _chunks(feed: _Feed, reader: Iterator[list[str]], problems: dict[int, str],
            header: list[str], rows: int, plain: bool = True) -> Iterator[CsvChunk | PlainLines]:
    while lines := feed.peek(rows):
        first = feed.taken + 1
        chunk = _plain(lines, first, len(header), problems) if plain else None
        if chunk is None:
            chunk = _records(feed, reader, problems, header, rows)
        else:
            feed.skip(len(lines))
        if chunk.size:
            yield chunk


@dataclass
class PlainLines:
    """Lines of one record each with no quote, joined by ``\\n``: split into columns by
    :meth:`split`, cheaply, in C (with worker processes, in a worker: one string travels)."""

    numbers: range | list[int]
    text: str

    @property
    def size(self) -> int:
        return len(self.numbers)

    def split(self, width: int) -> CsvChunk:
        return _columns(list(self.numbers), self.text.split("\n"), width, {})


def _plain(lines: list[str], first: int, width: int,
           problems: dict[int, str]) -> CsvChunk | PlainLines | None:
    """Lines of one record each, to be split without the csv reader; None when the csv
    reader must read them (a record across lines, many quotes, a line with a problem).

    Blank lines are skipped, as the csv reader skips them; a line with a quote is read on
    its own by the csv reader (the result is then a :class:`CsvChunk` already split).
    """
    if problems and any(first <= number < first + len(lines) for number in problems):
        return None
    text = "\n".join(lines)  # searched in C for the rare characters before any line is
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        text = "\n".join(lines)
        if "\r" in text:
            return None
    numbers: range | list[int] = range(first, first + len(lines))
    if "" in lines:
        numbers = list(compress(numbers, lines))
        lines = list(filter(None, lines))
        text = "\n".join(lines)
    if _QUOTE not in text:
        return PlainLines(numbers, text)
    quoted = list(compress(range(len(lines)), map(str.__contains__, lines, repeat(_QUOTE))))
    if len(quoted) * _MOSTLY_PLAIN > len(lines):
        return None
    parsed: dict[int, list[str]] = {}
    for i in quoted:
        record = _one_record(lines[i])
        if record is None:
            return None
        parsed[i] = record
        lines[i] = "," * (width - 1)  # a placeholder, filled in by _columns
    return _columns(list(numbers), lines, width, parsed)


def _columns(numbers: list[int], lines: list[str], width: int,
             parsed: dict[int, list[str]]) -> CsvChunk:
    """Split lines into columns (``parsed``: records read for lines with a quote)."""
    commas = list(map(str.count, lines, repeat(",")))
    if commas.count(width - 1) != len(lines) or any(len(r) != width for r in parsed.values()):
        records = [parsed.get(i) or line.split(",") for i, line in enumerate(lines)]
        return CsvChunk(numbers, records=records)  # other widths: checked row-major
    cells = ",".join(lines).split(",")
    columns = [cells[j::width] for j in range(width)]
    for i, record in parsed.items():
        for column, cell in zip(columns, record, strict=True):
            column[i] = cell
    return CsvChunk(numbers, columns=columns)


def _one_record(line: str) -> list[str] | None:
    """The record of a line with a quote, or None if the csv reader would go on to the next
    line (a quoted cell with a line break) or cannot read it."""
    reader = csv.reader((line + "\n", "\n"))
    try:
        record = next(reader)
    except (csv.Error, StopIteration):
        return None
    return record if reader.line_num == 1 else None


def _records(feed: _Feed, reader: Iterator[list[str]], problems: dict[int, str],
             header: list[str], rows: int) -> CsvChunk:
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
    unclosed = _unclosed(segment, starts, feed) if broken is None else None
    for index, (record, line) in enumerate(zip(segment, starts, strict=True)):
        if index == len(segment) - 1 and unclosed is not None:
            chunk.errors[len(records)] = SpecError(
                f"has a quote that opens on line {unclosed} and is never closed: every line "
                "after it was read into one cell.", line=unclosed, field=header[min(
                    len(record), len(header)) - 1] if record and header else None,
                expected="a closing quote after the cell's text")
        elif index in flagged:
            chunk.errors[len(records)] = SpecError(f"cannot be read: {flagged[index]}.",
                                                   line=line, field=_column_of(record, header))
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


def _unclosed(segment: list[list[str]], starts: list[int], feed: _Feed) -> int | None:
    """The line on which the last record's last cell opened a quote that the end of the file
    closed (the csv reader then reads every later line into that cell), or None."""
    if not segment or _span(segment[-1]) == 1 or _QUOTE in feed.last or feed.peek(1):
        return None  # a quote closed on the last line read, or the file goes on
    record = segment[-1]
    return starts[-1] + sum(cell.count("\n") for cell in record[:-1])


def _column_of(record: list[str], header: list[str]) -> str | None:
    """The header of the first cell holding a replaced (undecodable) character."""
    for cell, name in zip(record, header, strict=False):
        if "\ufffd" in cell:
            return name
    return None


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
