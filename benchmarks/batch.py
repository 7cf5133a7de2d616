"""Catalogs at scale: ``keirules check CATALOG.csv`` end to end, against a naive pint loop.

For each size (default 10k, 100k and 1M rows; ``--quick`` runs 10k and 100k) a reproducible
catalog is generated and checked by ``keirules check X.csv --format csv --output Y.csv`` in a
subprocess. Printed, in one run:

- vehicle checks per second, end to end (CSV in, CSV out, process start included);
- a naive loop that reads the same CSV and, for every rule, builds a pint quantity from the
  cell and compares it with the limit (``ureg.Quantity(float(cell), unit) <= limit``): timed on
  a sample of rows and extrapolated, as it would take hours on the largest catalogs;
- the ratio of the two, the peak memory (max RSS) of the keirules process, and time per row
  at each size (linear time means a flat time per row).

Usage::

    python benchmarks/batch.py [--sizes 10000,100000,1000000] [--quick] [--dir DIR]
                               [--sample 2000] [--distinct]

Goals on a 2-core machine: at least 100x the naive loop, at most 200 MiB peak RSS at 1M rows,
time linear in rows. ``--distinct`` makes every figure unique (a worst case for caching).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GOAL_RATIO = 100
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


def run_keirules(catalog: Path, output: Path) -> tuple[float, float, int]:
    """Seconds, peak RSS in MiB and exit status of ``keirules check`` in a child process."""
    command = [sys.executable, "-m", "keirules", "check", str(catalog), "--ruleset", RULESET,
               "--on", ON, "--format", "csv", "--output", str(output)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = child.stderr.read().decode() if child.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code  # reaped by wait4 above
    if code not in (0, 1, 3):
        raise SystemExit(f"keirules failed ({code}): {stderr[:500]}")
    return elapsed, usage.ru_maxrss / 1024, code  # ru_maxrss is in KiB on Linux


def naive_rules() -> list[tuple[str, str, Any, dict[str, set[str]]]]:
    """(column, comparison, limit, conditions) for each rule of the rule set, read via keirules."""
    import keirules

    columns = {h.split(" [")[0]: h for h in HEADER}
    rules = []
    for rule in keirules.load_ruleset(RULESET).rules:
        limit = rule.limit
        value: Any = (str(limit.quantity) if limit.quantity is not None else limit.value)
        when = {c.field: {str(a) for a in c.allowed} for c in rule.when}
        rules.append((columns[rule.field], limit.comparison, value, when))
    return rules


def naive_loop(catalog: Path, sample: int) -> tuple[float, int]:
    """Seconds per row of the naive pint loop, on the first ``sample`` rows (after setup)."""
    import pint

    ureg = pint.UnitRegistry()
    spelling = {"PS": "metric_horsepower"}  # pint's own PS is petasiemens
    rules = []
    for column, comparison, limit, when in naive_rules():
        if " [" in column:
            unit = column.split(" [")[1].rstrip("]")
            number, limit_unit = limit.split()
            limit_q = ureg.Quantity(float(number), spelling.get(limit_unit, limit_unit))
            rules.append((column, comparison, limit_q, when, spelling.get(unit, unit)))
        else:
            rules.append((column, comparison, limit, when, None))
    with open(catalog, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        start = time.perf_counter()
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
                value = ureg.Quantity(float(cell), unit) if unit else int(cell)
                ok = value <= limit if comparison == "max" else value >= limit
                if not ok:
                    verdict = "fail"
            checked += 1
            if checked >= sample:
                break
        elapsed = time.perf_counter() - start
    return elapsed / checked, checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated row counts (default: 10000,100000,1000000)")
    parser.add_argument("--quick", action="store_true", help="only 10k and 100k rows")
    parser.add_argument("--sample", type=int, default=2000,
                        help="rows timed for the naive loop (default: 2000)")
    parser.add_argument("--dir", help="where to write the catalogs (default: a temp folder)")
    parser.add_argument("--distinct", action="store_true",
                        help="every figure different (6 decimals): the worst case for caching")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(args.dir or temp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"rule set {RULESET} on {ON}; {os.cpu_count()} CPU(s); Python "
              f"{sys.version.split()[0]}; figures {'distinct' if args.distinct else 'repeating'}")
        measured = []
        for rows in sizes:
            catalog = folder / f"catalog-{rows}.csv"
            generate(catalog, rows, distinct=args.distinct)
            elapsed, rss, code = run_keirules(catalog, folder / f"results-{rows}.csv")
            measured.append((rows, elapsed, rss))
            print(f"keirules check  {rows:>9,} rows  {elapsed:8.2f} s  "
                  f"{rows / elapsed:>10,.0f} checks/s  {elapsed / rows * 1e6:6.2f} us/row  "
                  f"peak RSS {rss:6.1f} MiB  exit {code}")
        per_row, sampled = naive_loop(folder / f"catalog-{sizes[0]}.csv", args.sample)
        print(f"naive pint loop {sampled:>9,} rows sampled: {1 / per_row:10,.0f} checks/s  "
              f"{per_row * 1e6:8.1f} us/row (extrapolated: "
              + ", ".join(f"{rows:,} rows {per_row * rows:,.0f} s" for rows, _e, _r in measured)
              + ")")
        largest, elapsed, rss = measured[-1]
        ratio = per_row * largest / elapsed
        print(f"ratio keirules / naive at {largest:,} rows: {ratio:,.0f}x "
              f"(goal >= {GOAL_RATIO}x: {'met' if ratio >= GOAL_RATIO else 'NOT met'})")
        print(f"peak RSS at {largest:,} rows: {rss:.1f} MiB (goal <= {GOAL_RSS_MIB} MiB: "
              f"{'met' if rss <= GOAL_RSS_MIB else 'NOT met'})")
        if len(measured) > 1:
            first_rows, first_time, _ = measured[0]
            scale = (elapsed / largest) / (first_time / first_rows)
            print("time per row, largest / smallest catalog: "
                  f"{scale:.2f} (1.00 is linear; below 1 the start-up cost is being amortised)")


if __name__ == "__main__":
    main()
