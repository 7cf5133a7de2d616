"""The Dask example (examples/dask_catalog.py, shown in the README) runs and gives the CSV path's
answers, on Dask's synchronous and threaded local schedulers."""

from __future__ import annotations

import csv
import re
import runpy
from pathlib import Path
from typing import Any

import pytest

from keirules.batch import check_catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dask_catalog.py"
README_MARKER = "<!-- examples/dask_catalog.py -->"

HEADER = ["name", "category", "wheels", "seats", "length [mm]", "width [m]", "height [mm]",
          "powertrain", "displacement [L]", "max_power [PS]", "max_payload [kg]", "market",
          "manufactured"]
ROWS = [
    ["At limits", "cargo", "4", "4", "3400", "1.48", "2000", "combustion", "0.66", "64", "350",
     "JP", "1999-04"],
    ["Wide, quoted", "passenger", "4", "4", "3395", "1.481", "1500", "combustion", "0.658",
     "65", "", "NA", "2001"],                       # 'NA' is Namibia, not a missing value
    ["Electric", "passenger", "4", "4", "3395", "1.475", "1650", "electric", "", "47", "", "",
     ""],
    ["Bad seats", "passenger", "4", "four", "3395", "1.475", "1650", "combustion", "0.6", "",
     "", "", ""],
    ["Partial", "", "", "", "3400.0000000000000001", "", "", "", "", "", "", "", ""],
]


def example_code() -> str:
    """The lines of the example between its markers."""
    text = EXAMPLE.read_text(encoding="utf-8")
    return text.split("# --- example ---\n", 1)[1].split("# --- end of example ---", 1)[0]


def test_readme_shows_the_example_as_it_is() -> None:
    """The README's copy (a ``py`` block after the marker) is the example's code, verbatim."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if README_MARKER not in readme:
        pytest.skip("the README does not show the Dask example")
    block = re.search(re.escape(README_MARKER) + r"\s*```py\n(.*?)```", readme, flags=re.S)
    assert block is not None, "a ```py block follows the marker"
    assert block.group(1) == example_code()


def write_catalog(folder: Path) -> list[Path]:
    """Two files (two partitions), with the rows split between them."""
    paths = []
    for number, rows in enumerate((ROWS[:3], ROWS[3:]), start=1):
        path = folder / f"catalog-{number}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows([HEADER, *rows])
        paths.append(path)
    return paths


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_dask_example_gives_the_csv_answers(scheduler: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("pandas")
    paths = write_catalog(tmp_path)
    output = tmp_path / "results"
    monkeypatch.chdir(tmp_path)
    with dask.config.set(scheduler=scheduler):
        namespace = runpy.run_path(str(EXAMPLE), run_name="__main__")
    printed = capsys.readouterr().out
    assert re.search(r"pass\s+2", printed) and re.search(r"error\s+1", printed), printed

    expected: list[dict[str, Any]] = []
    for path in paths:  # each file is one partition, whose rows count from 1
        for result in check_catalog(path, "jp-kei@1998"):
            expected.append({"row": str(result.row), "name": result.name or "",
                             "verdict": result.verdict, "failed": " ".join(result.failed),
                             "unknown": " ".join(result.unknown),
                             "warnings": " ".join(result.warnings),
                             "ruleset": result.ruleset or "",
                             "error": re.sub(r", line \d+", "", result.message or "")})
    got = []
    for part in sorted(output.glob("part-*.csv")):
        with open(part, newline="", encoding="utf-8") as handle:
            got.extend({key: row[key] for key in expected[0]} for row in csv.DictReader(handle))
    assert got == expected
    assert [row["verdict"] for row in got] == ["pass", "fail", "pass", "error", "fail"]
    assert dict(namespace["verdicts"].compute()) == {"pass": 2, "fail": 2, "error": 1}


PARQUET_EXAMPLE = ROOT / "examples" / "dask_parquet.py"
PARQUET_MARKER = "<!-- examples/dask_parquet.py -->"


def test_readme_shows_the_parquet_example_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(re.escape(PARQUET_MARKER) + r"\s*```py\n(.*?)```", readme, flags=re.S)
    assert block is not None, "the README shows examples/dask_parquet.py after its marker"
    text = PARQUET_EXAMPLE.read_text(encoding="utf-8")
    code = text.split("# --- example ---\n", 1)[1].split("# --- end of example ---", 1)[0]
    assert block.group(1) == code


def test_dask_distributed_over_parquet_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The distributed example on a local cluster: the counts of the CSV path."""
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("dask.distributed")
    pq = pytest.importorskip("pyarrow.parquet")
    from pyarrow import csv as arrow_csv

    folder = tmp_path / "catalog"
    folder.mkdir()
    expected: dict[str, int] = {}
    # typed columns cannot hold 'four', and a float64 is not 3400.0000000000000001
    rows = [row for row in ROWS if row[0] not in ("Bad seats", "Partial")]
    for number, part in enumerate((rows[:2], rows[2:]), start=1):
        path = tmp_path / f"part-{number}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows([HEADER, *part])
        pq.write_table(arrow_csv.read_csv(path), folder / f"part-{number}.parquet")
        for result in check_catalog(path, "jp-kei@1998", "2026-01-01"):
            expected[result.verdict] = expected.get(result.verdict, 0) + 1
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(PARQUET_EXAMPLE), run_name="__main__")
    printed = capsys.readouterr().out
    for verdict, count in expected.items():
        assert re.search(rf"{verdict}\s+{count}\b", printed), printed
