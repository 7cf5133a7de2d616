"""Data frames and the pyarrow CSV reader: ``check_frame`` throughput, and whether reading a
catalog with pyarrow makes ``keirules check CATALOG.csv`` faster end to end.

Needs ``keirules[pandas,arrow]``. Catalogs are generated as in ``benchmarks/batch.py`` (same
rows, same rule set and date). Printed, in one run:

1. ``check_frame`` throughput (rows per second, median of ``--runs``), the frame already in
   memory: pandas read as the README recommends (``dtype=str, keep_default_na=False``) and
   with pandas' own types; pyarrow read with its own types and as text;
2. end to end, in fresh processes, runs alternating: ``keirules check X.csv --format csv
   --output Y.csv`` (default workers, ``--jobs 1`` and ``--jobs`` one per CPU) against the
   same check reading the file with pyarrow's CSV parser in one process (a scan that the file
   is plain, then ``pyarrow.csv.open_csv`` with every column as text; defined below, not used
   by ``keirules check``). The outputs must be byte for byte the same. Wall and CPU seconds
   (median; CPU includes worker processes), and the ratio standard / pyarrow.

Usage::

    python benchmarks/frames.py [--sizes 100000,1000000] [--runs 3] [--dir DIR]
"""

from __future__ import annotations

import argparse
import filecmp
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import repeat
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import ON, RULESET, generate  # the catalogs of benchmarks/batch.py

FAST_RUN = "--fast-run"

# -- the pyarrow reader measured here ---------------------------------------------------------
# Only a *plain* file may be read this way, because only there does pyarrow's reading agree
# with the standard reader row for row and line for line: UTF-8, every line one record with
# exactly the header's number of fields, no quote, carriage return, NUL or blank line.
# plain_header() makes sure of that first, in one pass of byte scans, and returns None for any
# other file (which the standard reader must read: it reports each odd line as that row's
# error). Every column is read as text, so the cells, and hence the answers, are the standard
# reader's; row i is on line i + 1.

BLOCK = 1 << 20
#: Lines longer than this are left to the standard reader (which refuses lines over 1 MiB).
LONGEST = 1 << 18
_BOM = b"\xef\xbb\xbf"
_ODD = (b'"', b"\r", b"\x00")


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


def arrow_blocks(path: str | Path, width: int, checker: Any) -> Iterator[Any]:
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
    from keirules.frames.arrow_table import arrow_reader

    first = 1
    for batch in reader:  # text columns read as check_frame reads them (repeated texts shared)
        size = batch.num_rows
        columns = [arrow_reader(batch.column(j), spec)(0, size)[0]
                   for j, spec in enumerate(checker.specs)]
        yield checker.check_columns(columns, first,
                                    lines=list(range(first + 1, first + size + 1)))
        first += size


def timed(work: Callable[[], Any], runs: int) -> float:
    """Median wall seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def frame_throughput(catalog: Path, rows: int, runs: int) -> None:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pcsv

    import keirules

    header = catalog.open(encoding="utf-8").readline().rstrip("\n").split(",")
    frames = {
        "pandas, text (dtype=str)": pd.read_csv(catalog, dtype=str, keep_default_na=False),
        "pandas, typed": pd.read_csv(catalog),
        "pyarrow, typed": pcsv.read_csv(catalog),
        "pyarrow, text": pcsv.read_csv(catalog, convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()))),
    }
    for label, frame in frames.items():
        seconds = timed(lambda frame=frame: keirules.check_frame(frame, RULESET, ON), runs)
        print(f"check_frame  {label:<26} {rows:>9,} rows  {seconds:6.2f} s  "
              f"{rows / seconds:>9,.0f} rows/s")


def run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the process and the workers it waited for) of a command."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 3):
        stderr = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"{command} failed ({code}): {stderr[:500]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def end_to_end(catalog: Path, folder: Path, rows: int, runs: int) -> None:
    base = [sys.executable, "-m", "keirules", "check", str(catalog), "--ruleset", RULESET,
            "--on", ON, "--format", "csv", "--output"]
    cpus = os.cpu_count() or 1
    outputs = {name: folder / f"{catalog.stem}-{name}.csv"
               for name in ("standard", "jobs1", "jobsN", "pyarrow")}
    commands = {
        "standard": [*base, str(outputs["standard"])],
        "jobs1": [*base, str(outputs["jobs1"]), "--jobs", "1"],
        "jobsN": [*base, str(outputs["jobsN"]), "--jobs", str(cpus)],
        "pyarrow": [sys.executable, __file__, FAST_RUN, str(catalog), str(outputs["pyarrow"])],
    }
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):  # alternating, so that a busy moment does not favour one
        for name, command in commands.items():
            measured[name].append(run(command))
    same = all(filecmp.cmp(outputs["standard"], path, shallow=False)
               for path in outputs.values())
    medians = {name: (statistics.median(w for w, _c in times),
                      statistics.median(c for _w, c in times))
               for name, times in measured.items()}
    labels = {"standard": "keirules check (default)", "jobs1": "keirules check --jobs 1",
              "jobsN": f"keirules check --jobs {cpus}", "pyarrow": "pyarrow reader, 1 process"}
    for name, (wall, cpu) in medians.items():
        print(f"end to end   {labels[name]:<26} {rows:>9,} rows  wall {wall:6.2f} s "
              f"({rows / wall:>9,.0f} rows/s)  CPU {cpu:6.2f} s")
    fast_wall, fast_cpu = medians["pyarrow"]
    for name in ("standard", "jobs1", "jobsN"):
        wall, cpu = medians[name]
        print(f"ratio {labels[name]} / pyarrow at {rows:,} rows: wall "
              f"{wall / fast_wall:.2f}x, CPU {cpu / fast_cpu:.2f}x")
    print(f"outputs identical: {'yes' if same else 'NO'}")


def fast_run(catalog: str, output: str) -> int:
    """``keirules check CATALOG --format csv --output OUTPUT`` with the pyarrow reader."""
    from keirules.batch.check.checker import CatalogChecker
    from keirules.batch.memory import paused_gc
    from keirules.batch.results import CatalogSummary
    from keirules.batch.write.writers import HEADERS, ROWS
    header = plain_header(catalog)
    if header is None:
        raise SystemExit("not a plain catalog: the standard reader must read it")
    checker = CatalogChecker(header, RULESET, ON, file=catalog)
    summary = CatalogSummary()
    with open(output, "w", encoding="utf-8", newline="") as out, paused_gc():
        out.write(HEADERS["csv"])
        for block in arrow_blocks(catalog, len(header), checker):
            out.write(ROWS["csv"](block))
            summary.add(block)
    return summary.exit_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="comma-separated row counts (default: 100000,1000000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default: 3)")
    parser.add_argument("--dir", help="where to write the catalogs (default: a temp folder)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(args.dir or temp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"rule set {RULESET} on {ON}; {os.cpu_count()} CPU(s); Python "
              f"{sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f}")
        for rows in sizes:
            catalog = folder / f"catalog-{rows}.csv"
            generate(catalog, rows, distinct=False)
            frame_throughput(catalog, rows, args.runs)
            end_to_end(catalog, folder, rows, args.runs)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == FAST_RUN:
        sys.exit(fast_run(sys.argv[2], sys.argv[3]))
    main()
