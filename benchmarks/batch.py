"""Catalogs at scale: ``keirules check CATALOG.csv`` end to end, against a naive pint loop.

For each size (default 10k, 100k and 1M rows; ``--quick`` runs 10k and 100k) a reproducible
catalog is generated and checked by ``keirules check X.csv --format csv --output Y.csv`` in a
subprocess, once with ``--jobs 1`` (one process) and once with ``--jobs 2`` (two worker
processes, the parent reading and writing; ``--workers`` to change). Printed, in one run:

- vehicle checks per second end to end (CSV in, CSV out, process start included), wall and
  CPU time, and peak memory: the largest RSS of any keirules process, and the peak of their
  sum sampled every 50 ms (workers share pages with their parent, so the sum overstates);
- two naive loops over the same CSV that check every rule with pint, timed on a sample of
  rows and extrapolated (they would take many minutes on the largest catalogs): ``text``,
  where pint parses each cell (``ureg.Quantity(f"{cell} {unit}") <= limit``), and ``float``,
  where Python parses the number and pint only builds the quantity
  (``ureg.Quantity(float(cell), unit) <= limit``);
- the ratios, and time per row at each size (linear time: a constant marginal time per row).

Usage::

    python benchmarks/batch.py [--sizes 10000,100000,1000000] [--quick] [--dir DIR]
                               [--sample 1000] [--workers 2] [--distinct]

Goals on a 2-core machine: at least 100x the naive loop, at most 200 MiB peak RSS at 1M rows,
time linear in rows. ``--distinct`` makes every figure unique (the worst case for the caches).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOAL_RATIO = 300
GOAL_RSS_MIB = 200
HEADER = ["name", "category", "wheels", "length [mm]", "width [mm]", "height [mm]",
          "powertrain", "engine_cycle", "displacement [cc]", "max_power [PS]", "seats",
          "max_payload [kg]", "manufactured"]
RULESET = "jp-kei@1998"
ON = "2026-01-01"


def generate(path: Path, rows: int, *, distinct: bool, seed: int = 1998) -> None:
    """A catalog of plausible small cars: most within the kei box, some over, some gaps."""
    rng = random.Random(seed)

    def figure(low: int, high: int) -> str:
        if distinct:
            return f"{rng.uniform(low, high):.6f}"
        return str(rng.randint(low, high))

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for i in range(rows):
            electric = rng.random() < 0.15
            cargo = rng.random() < 0.3
            writer.writerow([
                f"Model {i}",
                "cargo" if cargo else "passenger",
                "4" if rng.random() < 0.98 else "3",
                figure(3000, 3420),
                figure(1300, 1500),
                figure(1400, 2010),
                "electric" if electric else rng.choice(["combustion", "combustion", "hybrid"]),
                "" if electric else "four_stroke",
                "" if electric else figure(550, 670),
                figure(40, 70),
                rng.choice(["2", "4", "4", "4", "5"]),
                figure(200, 360) if cargo else "",
                f"{rng.randint(1999, 2025)}-{rng.randint(1, 12):02d}" if rng.random() < 0.9 else "",
            ])


@dataclass
class Run:
    rows: int
    wall: float
    cpu: float
    rss: float  # MiB, the largest of any one process
    tree_rss: float  # MiB, the peak of the sum over the process tree (sampled)
    code: int


def _tree_rss(root: int) -> int:
    """Resident KiB of a process and all its descendants, now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0")), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


PANDAS_SCRIPT = """
import sys
import pandas as pd

frame = pd.read_csv(sys.argv[1])
fails = ((frame["length [mm]"] > 3400) | (frame["width [mm]"] > 1480)
         | (frame["height [mm]"] > 2000) | (frame["displacement [cc]"] > 660))
frame["verdict"] = "pass"
frame.loc[fails, "verdict"] = "fail"
frame[["name", "verdict"]].to_csv(sys.argv[2], index_label="row")
"""


def run_keirules(catalog: Path, output: Path, *jobs: str, engine: str = "auto") -> Run:
    """Time ``keirules check`` in a child process, sampling its process tree's memory."""
    command = [sys.executable, "-m", "keirules", "check", str(catalog), "--ruleset", RULESET,
               "--on", ON, "--format", "csv", "--output", str(output), *jobs]
    return run_command(command, catalog, {"KEIRULES_CATALOG_ENGINE": engine})


def run_pandas(catalog: Path, output: Path) -> Run:
    """Time the pandas script an analyst would write (read_csv, four float comparisons for the
    size caps of jp-kei@1998, to_csv) in a child process."""
    return run_command([sys.executable, "-c", PANDAS_SCRIPT, str(catalog), str(output)],
                       catalog, {})


def run_command(command: list[str], catalog: Path, env: dict[str, str]) -> Run:
    """Time a command in a child process, sampling its process tree's memory."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env={**os.environ, **env})
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    stderr = child.stderr.read().decode() if child.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code  # reaped by wait4 above
    if code not in (0, 1, 3):
        raise SystemExit(f"{command[2]} failed ({code}): {stderr[:500]}")
    with open(catalog, "rb") as handle:
        rows = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1
    return Run(rows, elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               peak[0] / 1024, code)  # ru_maxrss and VmRSS are in KiB on Linux


def naive_rules() -> list[tuple[str, str, Any, dict[str, set[str]]]]:
    """(column, comparison, limit text, conditions) of each rule, read via keirules."""
    import keirules

    columns = {h.split(" [")[0]: h for h in HEADER}
    rules = []
    for rule in keirules.load_ruleset(RULESET).rules:
        limit = rule.limit
        value: Any = str(limit.quantity) if limit.quantity is not None else limit.value
        when = {c.field: {str(a) for a in c.allowed} for c in rule.when}
        rules.append((columns[rule.field], limit.comparison, value, when))
    return rules


def naive_loop(catalog: Path, sample: int, *, parse_text: bool) -> tuple[float, float]:
    """Wall and CPU seconds per row of a naive pint loop, on the first ``sample`` rows."""
    import pint

    ureg = pint.UnitRegistry()
    spelling = {"PS": "metric_horsepower"}  # pint's own PS is petasiemens
    rules = []
    for column, comparison, limit, when in naive_rules():
        unit = None
        if " [" in column:
            token = column.split(" [")[1].rstrip("]")
            unit = spelling.get(token, token)
            number, limit_unit = limit.split()
            limit = ureg.Quantity(float(number), spelling.get(limit_unit, limit_unit))
        rules.append((column, comparison, limit, when, unit))
    with open(catalog, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        start, start_cpu = time.perf_counter(), time.process_time()
        checked = 0
        for row in reader:
            verdict = "pass"
            for column, comparison, limit, when, unit in rules:
                if any(row.get(field) not in allowed for field, allowed in when.items()):
                    continue
                cell = row.get(column, "")
                if not cell:
                    verdict = "incomplete" if verdict == "pass" else verdict
                    continue
                if unit is None:
                    value: Any = int(cell)
                elif parse_text:
                    value = ureg.Quantity(f"{cell} {unit}")
                else:
                    value = ureg.Quantity(float(cell), unit)
                if not (value <= limit if comparison == "max" else value >= limit):
                    verdict = "fail"
            checked += 1
            if checked >= sample:
                break
    return (time.perf_counter() - start) / checked, (time.process_time() - start_cpu) / checked


def _show(label: str, run: Run) -> None:
    print(f"{label:<22} {run.rows:>9,} rows  wall {run.wall:7.2f} s "
          f"({run.rows / run.wall:>8,.0f} checks/s)  CPU {run.cpu:7.2f} s "
          f"({run.cpu / run.rows * 1e6:5.2f} us/row)  peak RSS {run.rss:5.1f} MiB "
          f"(all processes {run.tree_rss:5.1f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated row counts (default: 10000,100000,1000000)")
    parser.add_argument("--quick", action="store_true", help="only 10k and 100k rows")
    parser.add_argument("--sample", type=int, default=1000,
                        help="rows timed for the naive loops (default: 1000)")
    parser.add_argument("--dir", help="where to write the catalogs (default: a temp folder)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes for the second run of each size (default: 2)")
    parser.add_argument("--distinct", action="store_true",
                        help="every figure different (6 decimals): the worst case for caching")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs of each command per size; medians are shown (default: 1)")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas script")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(args.dir or temp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"rule set {RULESET} on {ON}; {os.cpu_count()} CPU(s); Python "
              f"{sys.version.split()[0]}; figures {'distinct' if args.distinct else 'repeating'}"
              f"; medians of {args.runs} run(s)")
        runs, singles, columnar, pandas = [], [], [], []
        for rows in sizes:
            catalog = folder / f"catalog-{rows}.csv"
            generate(catalog, rows, distinct=args.distinct)
            columnar.append(_median([run_keirules(catalog, folder / f"columnar-{rows}.csv")
                                     for _ in range(args.runs)]))
            _show("keirules (columnar)", columnar[-1])
            if not args.no_pandas:
                pandas.append(_median([run_pandas(catalog, folder / f"pandas-{rows}.csv")
                                       for _ in range(args.runs)]))
                _show("pandas script", pandas[-1])
                print(f"  keirules / pandas at {rows:,} rows: "
                      f"{pandas[-1].wall / columnar[-1].wall:.2f}x wall, "
                      f"{pandas[-1].cpu / columnar[-1].cpu:.2f}x CPU (goal >= 1.0, aim 2)")
            singles.append(_median([run_keirules(catalog, folder / f"single-{rows}.csv", "--jobs",
                                                 "1", engine="rows") for _ in range(args.runs)]))
            _show("row-wise -j 1", singles[-1])
            runs.append(_median([run_keirules(catalog, folder / f"results-{rows}.csv", "--jobs",
                                              str(args.workers), engine="rows")
                                 for _ in range(args.runs)]))
            _show(f"row-wise -j {args.workers}", runs[-1])
        largest = columnar[-1]
        sample = folder / f"catalog-{sizes[0]}.csv"
        for name, parse_text in (("text", True), ("float", False)):
            wall, cpu = naive_loop(sample, args.sample, parse_text=parse_text)
            print(f"naive pint loop ({name:5}) {args.sample:>6,} rows sampled: "
                  f"{1 / wall:7,.0f} checks/s ({wall * 1e6:6.1f} us/row wall, "
                  f"{cpu * 1e6:6.1f} us/row CPU); {largest.rows:,} rows would take "
                  f"{wall * largest.rows:,.0f} s")
            ratio = wall * largest.rows / largest.wall
            print(f"  columnar engine at {largest.rows:,} rows: {ratio:,.0f}x wall, "
                  f"{cpu * largest.rows / largest.cpu:,.0f}x CPU; row-wise: "
                  f"{wall * runs[-1].rows / runs[-1].wall:,.0f}x wall with {args.workers} "
                  f"workers; goal >= {GOAL_RATIO}x: "
                  f"{'met' if ratio >= GOAL_RATIO else 'NOT met'}")
        rss = max(largest.tree_rss, largest.rss)
        print(f"columnar peak RSS at {largest.rows:,} rows: {rss:.1f} MiB (goal <= "
              f"{GOAL_RSS_MIB} MiB: {'met' if rss <= GOAL_RSS_MIB else 'NOT met'}); row-wise, "
              f"one process: {singles[-1].rss:.1f} MiB; pandas: "
              + (f"{pandas[-1].rss:.1f} MiB" if pandas else "not run"))
        for label, series in (("columnar", columnar), ("row-wise -j 1", singles)):
            if len(series) > 1:
                small, big = series[-2], series[-1]
                factor = big.rows / small.rows
                print(f"{label}: {factor:.0f}x the rows took {big.wall / small.wall:.2f}x the "
                      f"wall time and {big.cpu / small.cpu:.2f}x the CPU time (linear: <= "
                      f"{factor * 1.1:.0f}x); wall per row " + ", ".join(
                          f"{run.rows:,}: {run.wall / run.rows * 1e6:.2f} us" for run in series))


def _median(found: list[Run]) -> Run:
    """The run of median wall time (its CPU and memory as measured in that run)."""
    return sorted(found, key=lambda run: run.wall)[len(found) // 2]


if __name__ == "__main__":
    main()
