"""Reading a catalog file: bounded blocks of whole lines, each line checked for UTF-8.

A catalog may be larger than memory, so it is read in blocks of 1 MiB and decoded block by
block. A line that is not UTF-8 or is longer than 1 MiB does not stop the file: it is
recorded in :attr:`LineSource.problems` (line number -> what is wrong), replaced by a harmless
line, and the record it belongs to becomes a bad row. Lines are split at ``\\n`` only, so line
numbers are the ones an editor shows.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

__all__ = ["CATALOG_SUFFIXES", "ENGINE_VARIABLE", "MAX_LINE", "LineSource", "catalog_kind",
           "sniff_delimiter"]

#: A catalog file's suffix -> its format (any other file is a spec).
CATALOG_SUFFIXES: Final = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
                            ".parquet": "parquet"}


def catalog_kind(path: str | Path) -> str | None:
    """``csv``, ``jsonl`` or ``parquet`` for a catalog file name; None for a spec file."""
    return CATALOG_SUFFIXES.get(Path(path).suffix.lower())


#: ``rows`` forces the row-wise engine for every catalog (``keirules check``, data frames).
ENGINE_VARIABLE: Final = "KEIRULES_CATALOG_ENGINE"
_DELIMITERS: Final = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


def sniff_delimiter(path: str, given: str | None) -> str:
    """The delimiter of a CSV catalog: ``given`` (checked), or the one its header line uses
    (comma unless the line has no comma but semicolons, tabs or vertical bars)."""
    if given is not None:
        given = {"\\t": "\t", "tab": "\t"}.get(given, given)
        if len(given) != 1 or given in '"\r\n' or given.isalnum():
            from keirules.errors import UsageError

            raise UsageError("--delimiter is one character, such as ';' or 'tab'.",
                             field="delimiter", value=given)
        return given
    from keirules.yamlload import open_input

    with open_input(path) as handle:
        first = handle.readline(1 << 16).decode("utf-8", errors="replace").lstrip("\ufeff")
    if "," in first:
        return ","
    counts = {char: first.count(char) for char in _DELIMITERS if char != ","}
    best = max(counts, key=lambda char: counts[char])
    return best if counts[best] else ","


BLOCK: Final = 1 << 20
MAX_LINE: Final = 1 << 20
_BOM: Final = b"\xef\xbb\xbf"


class LineSource:
    """A binary stream as UTF-8 text, read in blocks of whole lines."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        #: Line number (from 1) -> what is wrong with that line.
        self.problems: dict[int, str] = {}
        #: Bytes read so far (for a progress bar).
        self.bytes_read = 0

    def lines(self) -> Iterator[str]:
        """Every line, ending in ``\\n`` (but perhaps the last)."""
        for text in self.texts():
            yield from io.StringIO(text, newline="\n")

    def texts(self) -> Iterator[str]:
        """The file as text, in blocks of whole lines (the last may lack its ``\\n``)."""
        pending = b""
        line = 0  # lines handed out so far
        while data := self._read():
            buffer = pending + data if pending else data
            cut = buffer.rfind(b"\n") + 1
            body, carried, pending = buffer[:cut], bool(pending), buffer[cut:]
            if carried and body.find(b"\n") > MAX_LINE:  # only a carried line can be that long
                line += 1
                self.problems[line] = f"is longer than {MAX_LINE >> 10} KiB"
                body = body[body.find(b"\n") + 1:]
                yield "\n"
            if body:
                yield self._decode(body, line)
                line += body.count(b"\n")
            if len(pending) > MAX_LINE:
                line += 1
                self.problems[line] = f"is longer than {MAX_LINE >> 10} KiB"
                pending = self._skip_line()
                yield "\n"
        if pending:
            yield self._decode(pending, line)

    def _read(self) -> bytes:
        data = self._handle.read(BLOCK)
        if not self.bytes_read and data.startswith(_BOM):
            data = data[len(_BOM):]
            self.bytes_read += len(_BOM)
        self.bytes_read += len(data)
        return data

    def _skip_line(self) -> bytes:
        """Discard the rest of an over-long line; return what follows its end."""
        while data := self._read():
            end = data.find(b"\n")
            if end >= 0:
                return data[end + 1:]
        return b""

    def _decode(self, body: bytes, before: int) -> str:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        lines = []
        for number, piece in enumerate(body.split(b"\n"), start=before + 1):
            try:
                lines.append(piece.decode("utf-8"))
            except UnicodeDecodeError as exc:
                self.problems[number] = (f"is not UTF-8 text (byte 0x{piece[exc.start]:02x} at "
                                         f"column {exc.start + 1})")
                lines.append(piece.decode("utf-8", errors="replace"))
        return "\n".join(lines)
