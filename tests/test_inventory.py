"""Inventories: routes for every vehicle of a catalog, streamed; bad rows cost only themselves;
output written whole or not at all, never over an input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import run_cli

from keirules import inventory
from keirules.errors import UsageError

ON = "2026-12-01"
STOCK = """\
name,manufactured,category,width [mm],length [mm],features.original_configuration
Carry 1995,1995-03,cargo,1395,3295,true
Across 2019,2019-06,passenger,1475,3395,-
Bad date,2023-02-30,cargo,1395,3295,
"Quoted, name",,cargo,N/A,n/a,NA
Short row,1995
"""


@pytest.fixture
def stock(tmp_path: Path) -> Path:
    path = tmp_path / "stock.csv"
    path.write_text(STOCK, encoding="utf-8")
    return path


def test_every_row_gets_its_routes_or_its_error(stock: Path) -> None:
    summary, route_ids, rows = inventory.route_inventory(stock, "US", ON)
    results = list(rows)
    assert [r.row for r in results] == [1, 2, 3, 4, 5]
    carry, across, bad, quoted, short = results
    assert carry.statuses["import-25-year"] == "open" and carry.best == "open"
    assert across.statuses["import-25-year"] == "closed"
    assert across.opens_on["import-25-year"] == "2044-06-30"
    assert bad.error is not None and "line 4" in bad.error and "manufactured" in bad.error
    assert quoted.name == "Quoted, name" and quoted.error is None  # '-', N/A... are missing
    assert quoted.statuses["import-25-year"] == "undetermined"
    assert short.error is not None and "has 2 cells" in short.error
    assert route_ids[0] == "import-25-year"
    assert (summary.rows, summary.errors, summary.now) == (5, 2, 1)
    assert summary.exit_code == 2


def test_csv_and_jsonl_rows(stock: Path) -> None:
    _summary, route_ids, rows = inventory.route_inventory(stock, "US", ON)
    out = io.StringIO()
    inventory.write_csv(route_ids, rows, out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(table) == 5
    assert table[0]["import-25-year.status"] == "open"
    assert table[1]["import-25-year.opens_on"] == "2044-06-30"
    assert table[2]["best"] == "error" and table[2]["error"]
    jsonl = stock.with_suffix(".jsonl")
    jsonl.write_text('{"name": "A", "manufactured": "1995-03", '
                     '"features": {"original_configuration": true}}\n\n'
                     '{"name": 5, "length": "3 m"}\n{bad\n', encoding="utf-8")
    _, _, rows = inventory.route_inventory(jsonl, "US", ON)
    results = list(rows)
    assert [(r.row, r.best) for r in results] == [
        (1, "open"), (2, "undetermined"), (3, "error")]
    assert "line 4" in (results[2].error or "")


def test_within_twelve_months(tmp_path: Path) -> None:
    path = tmp_path / "soon.csv"
    path.write_text("name,manufactured\nSoon,2002-03\nLater,2010-01\n", encoding="utf-8")
    summary, _, rows = inventory.route_inventory(path, "US", ON)
    list(rows)
    assert summary.within_year == 1 and summary.now == 0


def test_cli_inventory_output_is_whole_or_absent(stock: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "routes.csv"
    code, _, err = run_cli(capsys, "routes", str(stock), "--market", "US", "--on", ON,
                           "-f", "csv", "-o", str(out))
    assert code == 2 and "row 3" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 6
    before = stock.read_bytes()
    code, _, err = run_cli(capsys, "routes", str(stock), "--market", "US", "-f", "csv",
                           "-o", str(stock))
    assert code == 2 and "is one of the inputs" in err
    assert stock.read_bytes() == before

    from keirules import routing

    real = routing.routes
    calls = {"n": 0}

    def interrupted(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(routing, "routes", interrupted)
    fresh = tmp_path / "fresh.csv"
    code, _, _ = run_cli(capsys, "routes", str(stock), "--market", "US", "-f", "csv",
                         "-o", str(fresh))
    assert code == 130
    assert not fresh.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_cli_summary_table_and_json(stock: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "routes", str(stock), "--market", "US", "--on", ON)
    assert code == 2
    words = " ".join(out.split())
    assert "can come in now (a route is open) 1" in words
    code, out, _ = run_cli(capsys, "routes", str(stock), "--market", "US", "--on", ON,
                           "-f", "json")
    data = json.loads(out)
    assert data["rows"] == 5 and data["open_now"] == 1 and data["errors"] == 2


def test_unknown_region_is_refused_before_reading(stock: Path) -> None:
    with pytest.raises(UsageError, match="no region 'ZZ'"):
        inventory.route_inventory(stock, "US", ON, region="ZZ")


# -- Parquet inventories (keirules[arrow]) ---------------------------------------------------


def _parquet(path: Path, columns: dict[str, object]) -> Path:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.table(columns), path)
    return path


def test_a_parquet_inventory_gives_the_rows_a_csv_one_gives(stock: Path, tmp_path: Path) -> None:
    """The same stock as typed columns: integers, a float32 (by its own shortest text), a
    date, booleans and nulls give the very rows the CSV gives."""
    pa = pytest.importorskip("pyarrow")
    import datetime as dt

    csv_path = tmp_path / "typed.csv"
    csv_path.write_text("name,manufactured,category,width [mm],length [m],"
                        "features.original_configuration\n"
                        "Carry 1995,1995-03-01,cargo,1395,3.295,true\n"
                        "Across 2019,2019-06-01,passenger,1475,3.395,false\n"
                        "Blank,,cargo,,,\n", encoding="utf-8")
    parquet_path = _parquet(tmp_path / "typed.parquet", {
        "name": ["Carry 1995", "Across 2019", "Blank"],
        "manufactured": pa.array([dt.date(1995, 3, 1), dt.date(2019, 6, 1), None]),
        "category": ["cargo", "passenger", "cargo"],
        "width [mm]": pa.array([1395, 1475, None], pa.int32()),
        "length [m]": pa.array([3.295, 3.395, None], pa.float32()),
        "features.original_configuration": pa.array([True, False, None]),
    })
    written = []
    for path in (csv_path, parquet_path):
        _summary, route_ids, rows = inventory.route_inventory(path, "US", ON, region="TX")
        out = io.StringIO()
        inventory.write_csv(route_ids, rows, out)
        written.append(out.getvalue())
    assert written[0] == written[1]
    table = list(csv.DictReader(io.StringIO(written[1])))
    assert [row["best"] for row in table] == ["open", "undetermined", "undetermined"]
    assert [row["import-25-year.status"] for row in table] == ["open", "closed", "undetermined"]


def test_a_bad_parquet_cell_costs_only_its_row(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = _parquet(tmp_path / "stock.parquet", {
        "name": ["good", "bad"], "manufactured": ["1995-06", "1995-13"],
        "category": ["cargo", "cargo"], "width [mm]": [1395, 1395]})
    status, out, err = run_cli(capsys, "routes", str(path), "--market", "US", "--on", ON,
                               "-f", "jsonl")
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["name"] == "good" and first["best"] != "error"
    assert second["best"] == "error" and "manufactured" in second["error"]
    assert status == 2 and "row 2" in err and "stock.parquet" in err


def test_a_file_that_is_not_parquet_is_refused_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "stock.parquet"
    path.write_bytes(b"name,manufactured\n")
    status, out, err = run_cli(capsys, "routes", str(path), "--market", "US")
    assert status == 2 and out == ""
    assert "cannot be read as Parquet" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["routes", "--market", "US"], ["check"]])
def test_a_parquet_catalog_without_pyarrow_names_the_extra(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from keirules.batch.read import arrow as arrow_read

    monkeypatch.setattr(arrow_read, "available", lambda: False)
    path = tmp_path / "stock.parquet"
    path.write_bytes(b"PAR1")
    status, out, err = run_cli(capsys, command[0], str(path), *command[1:])
    assert status == 2 and out == "" and "Traceback" not in err
    assert "Parquet catalog" in err and "needs pyarrow" in err and "[arrow]" in err
