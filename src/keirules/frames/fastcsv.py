"""A plain CSV catalog read by pyarrow's CSV parser: the measured alternative to the standard
reader (``benchmarks/frames.py``), not used by ``keirules check``.

Only a *plain* file may be read this way, because only there does pyarrow's reading agree with
the standard reader row for row, line for line: UTF-8, every line one record with exactly the
header's number of fields, and no quote, carriage return, NUL or blank line. :func:`plain_header`
makes sure of that first, in one pass of byte scans, and returns None for any other file, which
the standard reader must then read (it reports each odd line as that row's error). Every column
is read as text, so the cells, and hence the answers, are the standard reader's; row ``i`` is on
line ``i + 1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from keirules.batch.checker import CatalogChecker
    from keirules.batch.results import BlockResult

__all__ = ["arrow_blocks", "plain_header"]

BLOCK: Final = 1 << 20
#: Lines longer than this are left to the standard reader (which refuses lines over 1 MiB).
LONGEST: Final = 1 << 18
_BOM: Final = b"\xef\xbb\xbf"
_ODD: Final = (b'"', b"\r", b"\x00")


def plain_header(path: str | Path) -> list[str] | None:
    """The header of a plain catalog with at least one row; None for any other file."""
    with open(path, "rb") as handle:
        first = handle.readline(LONGEST + 1)
        first = first.removeprefix(_BOM)
        if not first.endswith(b"\n") or any(odd in first for odd in _ODD):
            return None
        try:
            header = first[:-1].decode("utf-8").split(",")
        except UnicodeDecodeError:
            return None
        commas = len(header) - 1
        rows = 0
        pending = b""
        while block := handle.read(BLOCK):
            data = pending + block if pending else block
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                if len(data) > LONGEST:
                    return None
                pending = data
                continue
            body, pending = data[:cut], data[cut:]
            lines = body[:-1].split(b"\n")
            if not _plain(body, lines, commas):
                return None
            rows += len(lines)
        if pending:
            if not _plain(pending, [pending], commas):
                return None
            rows += 1
    return header if rows else None


def _plain(body: bytes, lines: list[bytes], commas: int) -> bool:
    """Whether whole lines are plain records of ``commas + 1`` fields (scans in C)."""
    if any(odd in body for odd in _ODD) or b"" in lines:
        return False
    if max(map(len, lines)) > LONGEST:
        return False
    if body.count(b",") != commas * len(lines) or set(
            map(bytes.count, lines, repeat(b","))) != {commas}:
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def arrow_blocks(path: str | Path, width: int,
                 checker: CatalogChecker) -> Iterator[BlockResult]:
    """The checked rows of a file that :func:`plain_header` accepted, a pyarrow batch at a
    time (every column read as text: empty cells are empty strings, as in the standard
    reader)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    names = [f"c{j}" for j in range(width)]
    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK),
        parse_options=pcsv.ParseOptions(quote_char=False, double_quote=False,
                                        escape_char=False, newlines_in_values=False,
                                        ignore_empty_lines=False),
        convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                            strings_can_be_null=False, check_utf8=False))
    first = 1
    for batch in reader:
        size = batch.num_rows
        columns = [batch.column(j).to_pylist() for j in range(width)]
        yield checker.check_columns(columns, first,
                                    lines=list(range(first + 1, first + size + 1)))
        first += size
