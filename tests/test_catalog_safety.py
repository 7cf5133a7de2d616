"""Catalogs lose nothing: outputs never over an input, never half-written; an unclosed quote,
another delimiter and the usual "no value" spellings are handled as documented. Formats:
Parquet in and out, the summary as JSON. Each case with both engines where both apply."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from keirules.batch import check_catalog
from keirules.batch import command as command_module
from keirules.batch.command import ENGINE_VARIABLE, run_catalog
from keirules.errors import KeirulesError, UsageError

HEADER = "name,length [mm],width [mm],height [mm]\n"
ENGINES = ["auto", "rows"]


def cli(*args: str, engine: str = "auto") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, ENGINE_VARIABLE: engine}
    return subprocess.run([sys.executable, "-m", "keirules", "check", *args],
                          capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def cars(tmp_path: Path) -> Path:
    path = tmp_path / "cars.csv"
    path.write_text(HEADER + "Alto,3395,1475,1500\nWide,3395,1490,1500\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "table"])
def test_output_equal_to_the_input_is_refused(cars: Path, fmt: str) -> None:
    before = cars.read_bytes()
    done = cli(str(cars), "-r", "jp-kei@1998", "-f", fmt, "-o", str(cars))
    assert done.returncode == 2
    assert "one of the inputs" in done.stderr and "Traceback" not in done.stderr
    assert cars.read_bytes() == before
    other = cars.parent / "same.csv"
    other.symlink_to(cars)
    assert cli(str(other), "-f", fmt, "-o", str(cars)).returncode == 2
    assert cars.read_bytes() == before


@pytest.mark.parametrize("engine", ENGINES)
def test_an_interrupted_run_leaves_no_partial_file(cars: Path, engine: str,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = cars.parent / "out.csv"
    out.write_text("an earlier result\n", encoding="utf-8")
    monkeypatch.setenv(ENGINE_VARIABLE, engine)

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(command_module._Sink, "table", interrupted)
    monkeypatch.setattr(command_module._Sink, "text", interrupted)
    code = run_catalog(str(cars), "jp-kei@1998", None, "csv", str(out), 1)
    assert code == 130
    assert "interrupted" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "an earlier result\n"
    assert sorted(p.name for p in cars.parent.iterdir()) == ["cars.csv", "out.csv"]


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import batch as bench
    finally:
        sys.path.pop(0)
    catalog = tmp_path / "big.csv"
    bench.generate(catalog, 400_000, distinct=True)
    out = tmp_path / "out.csv"
    child = subprocess.Popen([sys.executable, "-m", "keirules", "check", str(catalog), "-f",
                              "csv", "-o", str(out)], stderr=subprocess.PIPE, text=True)
    import signal
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            p.name.endswith(".part") for p in tmp_path.iterdir()):
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)
    _out, err = child.communicate(timeout=120)
    if child.returncode != 130:
        pytest.skip("the run ended before it could be interrupted")
    assert "Traceback" not in err and "interrupted" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["big.csv"]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unclosed_quote_is_reported_where_it_opened(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "cars.csv"
    path.write_text(HEADER + 'Alto,3395,1475,1500\nWide,"3395,1490,1500\nLast,3300,1400,1400\n'
                    "Later,3300,1400,1400\n", encoding="utf-8")
    done = cli(str(path), "-r", "jp-kei@1998", "-f", "jsonl", engine=engine)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 2
    assert rows[0]["verdict"] == "incomplete" and rows[0]["name"] == "Alto"
    assert rows[1]["verdict"] == "error"
    assert "never closed" in rows[1]["error"] and "line 3" in rows[1]["error"]
    assert len(rows) == 2


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("delimiter", "option"), [(";", None), ("\t", None), ("\t", "tab"),
                                                   (";", ";"), ("|", "|")])
def test_other_delimiters_are_read(tmp_path: Path, engine: str, delimiter: str,
                                   option: str | None) -> None:
    path = tmp_path / "cars.csv"
    text = HEADER + "Alto,3395,1475,1500\nWide,3395,1490,1500\n"
    path.write_text(text.replace(",", delimiter), encoding="utf-8")
    args = ["--delimiter", option] if option else []
    done = cli(str(path), "-r", "jp-kei@1998", "-f", "csv", *args, engine=engine)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].startswith("1,Alto,incomplete,,") and lines[2].startswith("2,Wide,fail,width")


def test_another_delimiter_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "cars.csv"
    path.write_text(HEADER.replace(",", ";") + "Alto;3395;1475;1500\n", encoding="utf-8")
    with pytest.raises(KeirulesError) as caught:
        list(check_catalog(path, "jp-kei@1998"))
    assert "--delimiter ';'" in str(caught.value) and "semicolon" in str(caught.value)
    done = cli(str(path), "--delimiter", ",", "-f", "csv")
    assert done.returncode == 2 and "--delimiter ';'" in done.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_missing_spellings_give_unknown(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "cars.csv"
    spellings = ["", "-", "N/A", "NA", "n/a", '""']
    path.write_text(HEADER + "".join(f"Car {i},3395,{cell},1500\n"
                                     for i, cell in enumerate(spellings)), encoding="utf-8")
    done = cli(str(path), "-r", "jp-kei@1998", "-f", "jsonl", engine=engine)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 3, done.stderr
    assert [row["verdict"] for row in rows] == ["incomplete"] * len(spellings)
    assert all("width" in row["unknown"] and row["error"] is None for row in rows)


def test_summary_as_json(cars: Path) -> None:
    done = cli(str(cars), "-r", "jp-kei@1998", "-f", "json")
    summary = json.loads(done.stdout)
    assert done.returncode == 1
    assert summary["rows"] == 2
    assert summary["verdicts"] == {"pass": 0, "fail": 1, "incomplete": 1, "error": 0}
    assert summary["failed_rules"] == {"width": 1}
    assert summary["rulesets"] == {"jp-kei@1998": 2}
    assert summary["first_failures"][0]["name"] == "Wide"
    assert json.loads(cli(str(cars), "-r", "jp-kei@1998", "-f", "json",
                          engine="rows").stdout) == summary


@pytest.mark.parametrize("engine", ENGINES)
def test_parquet_in_and_out(tmp_path: Path, engine: str) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from pyarrow import csv

    example = Path(__file__).resolve().parent.parent / "examples" / "catalog.csv"
    table = csv.read_csv(example)  # typed: integers, floats, dates as Arrow reads them
    source = tmp_path / "catalog.parquet"
    pq.write_table(table, source)
    as_csv = cli(str(example), "-r", "jp-kei@1998", "--on", "2026-01-01", "-f", "csv",
                 engine=engine)
    from_parquet = cli(str(source), "-r", "jp-kei@1998", "--on", "2026-01-01", "-f", "csv",
                       engine=engine)
    assert from_parquet.returncode == as_csv.returncode
    assert from_parquet.stdout == as_csv.stdout
    out = tmp_path / "results.parquet"
    done = cli(str(example), "-r", "jp-kei@1998", "--on", "2026-01-01", "-f", "parquet",
               "-o", str(out), engine=engine)
    assert done.returncode == as_csv.returncode, done.stderr
    written = pq.read_table(out)
    back = csv.read_csv(pa.py_buffer(as_csv.stdout.encode()), convert_options=csv.ConvertOptions(
        column_types={name: pa.string() for name in written.column_names if name != "row"},
        strings_can_be_null=True))
    assert written.to_pylist() == back.to_pylist()


def test_parquet_output_needs_a_file(cars: Path) -> None:
    pytest.importorskip("pyarrow")
    done = cli(str(cars), "-f", "parquet")
    assert done.returncode == 2 and "--output" in done.stderr


def test_library_refuses_a_parquet_path_with_a_pointer(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="check_frame"):
        list(check_catalog(tmp_path / "x.parquet"))


def test_inventories_read_other_delimiters_and_missing_values_alike(tmp_path: Path) -> None:
    from keirules.inventory import read_vehicles

    path = tmp_path / "stock.csv"
    path.write_text("name;market;length [mm];width [mm]\nNA;NA;3295;N/A\n", encoding="utf-8")
    [(row, vehicle)] = list(read_vehicles(path))
    assert row == 1 and not isinstance(vehicle, KeirulesError)
    assert vehicle.name == "NA" and vehicle.market == "NA" and vehicle.width is None
    assert vehicle.length is not None


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "table", "json"])
def test_a_text_only_stdout_gets_the_rows(tmp_path: Path, fmt: str) -> None:
    """An embedding program's stdout may have no binary buffer: the rows still arrive."""
    import contextlib
    import io

    from keirules.cli import main

    path = tmp_path / "in.csv"
    path.write_text("name,length [mm]\nEdge,3400\nLong,3401\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", str(path), "-r", "jp-kei@1998", "-f", fmt])
    assert code == 1  # Long is 1 mm over the length
    text = out.getvalue()
    if fmt == "json":
        assert json.loads(text)["rows"] == 2
    else:
        assert "Long" in text
