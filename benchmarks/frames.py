"""Data frames and the pyarrow CSV reader: ``check_frame`` throughput, and whether reading a
catalog with pyarrow makes ``keirules check CATALOG.csv`` faster end to end.

Needs ``keirules[pandas,arrow]``. Catalogs are generated as in ``benchmarks/batch.py`` (same
rows, same rule set and date). Printed, in one run:

1. ``check_frame`` throughput (rows per second, median of ``--runs``), the frame already in
   memory: pandas read as the README recommends (``dtype=str, keep_default_na=False``) and
   with pandas' own types; pyarrow read with its own types and as text;
2. end to end, in fresh processes, runs alternating: ``keirules check X.csv --format csv
   --output Y.csv`` (default workers, and ``--jobs 1``) against the same command reading the
   file with pyarrow's CSV parser (``keirules.frames.fastcsv``: a scan that the file is plain,
   then ``pyarrow.csv.open_csv`` with every column as text, checked and written in one
   process). The outputs must be byte for byte the same. Wall and CPU seconds (median), and
   the ratio standard / pyarrow.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import ON, RULESET, generate  # the catalogs of benchmarks/batch.py

FAST_RUN = "--fast-run"


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
    outputs = {name: folder / f"{catalog.stem}-{name}.csv"
               for name in ("standard", "jobs1", "pyarrow")}
    commands = {
        "standard": [*base, str(outputs["standard"])],
        "jobs1": [*base, str(outputs["jobs1"]), "--jobs", "1"],
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
              "pyarrow": "pyarrow CSV reader"}
    for name, (wall, cpu) in medians.items():
        print(f"end to end   {labels[name]:<26} {rows:>9,} rows  wall {wall:6.2f} s "
              f"({rows / wall:>9,.0f} rows/s)  CPU {cpu:6.2f} s")
    fast_wall, fast_cpu = medians["pyarrow"]
    for name in ("standard", "jobs1"):
        wall, cpu = medians[name]
        print(f"ratio {labels[name]} / pyarrow reader at {rows:,} rows: wall "
              f"{wall / fast_wall:.2f}x, CPU {cpu / fast_cpu:.2f}x")
    print(f"outputs identical: {'yes' if same else 'NO'}")


def fast_run(catalog: str, output: str) -> int:
    """``keirules check CATALOG --format csv --output OUTPUT`` with the pyarrow reader."""
    from keirules.batch.checker import CatalogChecker
    from keirules.batch.command import paused_gc
    from keirules.batch.results import CatalogSummary
    from keirules.batch.writers import HEADERS, ROWS
    from keirules.frames.fastcsv import arrow_blocks, plain_header

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
