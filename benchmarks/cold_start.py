"""Cold start of ``keirules check`` on an example, next to building pint's unit registry.

Both commands run as fresh processes, alternately (A B A B ...) after a warm-up, so that drift
in the machine's speed affects both alike. Prints the median wall time of each, and the median
of the per-pair ratios A/B. Goal: 0.60 or less. Usage:

    python benchmarks/cold_start.py [--runs N] [--spec examples/honda-n-box-jf5.yaml]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.60


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"{command} failed ({done.returncode}): {done.stderr.decode()[:300]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--spec", default=str(ROOT / "examples" / "honda-n-box-jf5.yaml"))
    args = parser.parse_args()
    script = Path(sys.executable).with_name("keirules")
    keirules = [str(script)] if script.exists() else [sys.executable, "-m", "keirules"]
    check = [*keirules, "check", args.spec]
    registry = [sys.executable, "-c", "import pint; pint.UnitRegistry()"]
    for command in (check, registry):  # warm-up: file cache, bytecode
        _time(command)
    a_times, b_times = [], []
    for _ in range(args.runs):
        a_times.append(_time(check))
        b_times.append(_time(registry))
    ratios = [a / b for a, b in zip(a_times, b_times, strict=True)]
    ratio = statistics.median(ratios)
    print(f"keirules check (cold)       median {statistics.median(a_times) * 1000:7.1f} ms "
          f"(min {min(a_times) * 1000:.1f}, max {max(a_times) * 1000:.1f}) over {args.runs} runs")
    print(f"pint.UnitRegistry() (cold)  median {statistics.median(b_times) * 1000:7.1f} ms "
          f"(min {min(b_times) * 1000:.1f}, max {max(b_times) * 1000:.1f})")
    print(f"ratio check / registry      median {ratio:.3f} "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f}); goal <= {GOAL:.2f}: "
          f"{'met' if ratio <= GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()
