"""The columnar engine gives the row-wise engine's rows, on every row (differential and property
tests over generated catalogs with figures at, above and below every limit)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

from keirules.batch import check_catalog
from keirules.batch.arrow_read import csv_batches
from keirules.batch.columnar import ColumnarChecker, Unusual
from keirules.batch.command import ENGINE_VARIABLE, run_catalog
from keirules.batch.stream import CatalogStream

ROOT = Path(__file__).resolve().parent.parent
MISSING = ["", "-", "N/A", "NA", "n/a"]
#: Header column -> cells at, just above and just below the limits of jp-kei@1998 and @1955
#: (in other units than the rule sets' where that makes the comparison harder), and missing.
CELLS: dict[str, list[str]] = {
    "length [mm]": ["3400", "3400.0", "3399.999", "3400.001", "3401", "3000", "3000.0001",
                    "2999.9999", "3395"],
    "width [m]": ["1.48", "1.4800", "1.479999", "1.480001", "1.30", "1.3000001", "1.2999999"],
    "height [in]": ["78.740157480314960629921259842519", "78.740157480314960",
                    "78.7401574803149", "78.74015748031497", "78.75", "78.73", "60"],
    "displacement [cc]": ["660", "660.0", "659.9999999", "660.0000001", "661", "360",
                          "360.00000000001", "359.99999999999"],
    "powertrain": ["combustion", "hybrid", "electric"],
    "category": ["cargo", "passenger"],
    "max_power [kW]": ["47.07192", "47.071919", "47.071921", "47.0719200000000001", "30"],
    "seats": ["3", "4", "5"],
    "wheels": ["2", "3", "4"],
    "max_payload [kg]": ["350", "350.0", "349.999", "350.001", "351"],
    "manufactured": ["1998-10", "2001", "1990-01-01"],
}
HEADER = ["name", *CELLS]
RULESETS = ["jp-kei@1998", "jp-kei@1955"]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def columnar(path: Path, ruleset: str) -> list[tuple[object, ...]]:
    with CatalogStream(path, ruleset, "2026-01-01") as stream:
        checker = stream.checker
    engine = ColumnarChecker(checker)  # type: ignore[arg-type]
    rows, first = [], 1
    for arrays in csv_batches(str(path), checker.columns):
        result = engine.check(arrays, first)
        first += result.size
        rows.extend(_plain(r) for r in result.block().results())
    return rows


def row_wise(path: Path, ruleset: str) -> list[tuple[object, ...]]:
    return [_plain(r) for r in check_catalog(path, ruleset, "2026-01-01")]


def _plain(result: object) -> tuple[object, ...]:
    return tuple(getattr(result, name) for name in (
        "row", "name", "verdict", "failed", "unknown", "warnings", "ruleset"))


def _cells(column: str) -> st.SearchStrategy[str]:
    return st.sampled_from(CELLS[column] + MISSING)


catalogs = st.lists(st.tuples(*(_cells(column) for column in CELLS)), min_size=1,
                    max_size=60)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=catalogs, ruleset=st.sampled_from(RULESETS))
def test_columnar_equals_row_wise(tmp_path: Path, rows: list[tuple[str, ...]],
                                  ruleset: str) -> None:
    path = write(tmp_path / "cars.csv", HEADER,
                 [[f"Car {i}", *row] for i, row in enumerate(rows)])
    assert columnar(path, ruleset) == row_wise(path, ruleset)


def test_every_value_at_every_limit(tmp_path: Path) -> None:
    """Every cell of every column at least once, next to every other column's cells."""
    width = max(len(cells) for cells in CELLS.values()) + len(MISSING)
    rows = []
    for shift in range(width):
        for i in range(width):
            rows.append([f"Car {shift}-{i}", *(
                (CELLS[c] + MISSING)[(i + shift * (j + 1)) % len(CELLS[c] + MISSING)]
                for j, c in enumerate(CELLS))])
    path = write(tmp_path / "cars.csv", HEADER, rows)
    for ruleset in RULESETS:
        found = columnar(path, ruleset)
        assert found == row_wise(path, ruleset)
        assert {"fail", "incomplete"} <= {row[2] for row in found}


def test_missing_spellings_are_unknown_not_errors_namibia_stays(tmp_path: Path) -> None:
    rows = [[f"Car {i}", "3395", spelled, "1400"] for i, spelled in enumerate(MISSING)]
    path = write(tmp_path / "cars.csv", ["name", "length [mm]", "width [mm]", "height [mm]"],
                 rows)
    for found in (columnar(path, "jp-kei@1998"), row_wise(path, "jp-kei@1998")):
        assert [row[2] for row in found] == ["incomplete"] * len(MISSING)
        assert all("width" in row[4] for row in found)
    named = write(tmp_path / "names.csv", ["name", "market", "length [mm]"],
                  [["NA", "NA", "3395"], ["-", "n/a", "3401"]])
    assert columnar(named, "jp-kei@1998") == row_wise(named, "jp-kei@1998")
    from keirules.batch import check_rows

    first, second = check_rows(["name", "market"], [["NA", "NA"], ["x", "N/A"]])
    assert first.name == "NA" and first.error is None and second.error is None


def _cli(path: Path, out: Path, engine: str, monkeypatch: pytest.MonkeyPatch,
         *args: str) -> tuple[int, bytes]:
    monkeypatch.setenv(ENGINE_VARIABLE, engine)
    code = run_catalog(str(path), "jp-kei@1998", "2026-01-01", "csv", str(out), 1, *args)
    return code, out.read_bytes()


@pytest.mark.parametrize("distinct", [False, True])
def test_cli_bytes_equal_on_the_benchmark_catalog(tmp_path: Path, distinct: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import batch as bench
    finally:
        sys.path.pop(0)
    path = tmp_path / "bench.csv"
    bench.generate(path, 3000, distinct=distinct)
    fast = _cli(path, tmp_path / "a.csv", "auto", monkeypatch)
    slow = _cli(path, tmp_path / "b.csv", "rows", monkeypatch)
    assert fast == slow


def test_cli_bytes_equal_on_the_example_catalog(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / "examples" / "catalog.csv"
    assert _cli(path, tmp_path / "a.csv", "auto", monkeypatch) == _cli(
        path, tmp_path / "b.csv", "rows", monkeypatch)
    with CatalogStream(path, "jp-kei@1998", "2026-01-01") as stream:
        ColumnarChecker(stream.checker)  # type: ignore[arg-type]  # not sent row-wise


def test_names_to_quote_and_bad_rows_give_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["Car, with comma", "3395"], ['Car "quoted"', "3401"], ["Plain", "abc"],
            ["", "3300"], ["Multi\nline", "3300"]]
    path = write(tmp_path / "cars.csv", ["name", "length [mm]"], rows)
    assert _cli(path, tmp_path / "a.csv", "auto", monkeypatch) == _cli(
        path, tmp_path / "b.csv", "rows", monkeypatch)


def test_unusual_headers_go_row_wise(tmp_path: Path) -> None:
    path = write(tmp_path / "cars.csv", ["name", "bore [mm]", "stroke [mm]", "cylinders"],
                 [["A", "66", "64", "3"]])
    with CatalogStream(path, "jp-kei@1998", "2026-01-01") as stream, \
            pytest.raises(Unusual):
        ColumnarChecker(stream.checker)  # type: ignore[arg-type]
    with CatalogStream(path, "jp-kei", "manufactured") as stream, pytest.raises(Unusual):
        ColumnarChecker(stream.checker)  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]),
                              max_size=4), min_size=1, max_size=8))
def test_any_names_give_the_same_bytes(tmp_path: Path, names: list[str]) -> None:
    """Blank, spaced, quoted, control-character and non-ASCII names: the same output."""
    import os

    path = write(tmp_path / "cars.csv", ["name", "length [mm]"],
                 [[name, "3395"] for name in names])
    outputs = []
    for engine in ("auto", "rows"):
        os.environ[ENGINE_VARIABLE] = engine
        try:
            code = run_catalog(str(path), "jp-kei@1998", "2026-01-01", "csv",
                               str(tmp_path / f"{engine}.csv"), 1)
        finally:
            del os.environ[ENGINE_VARIABLE]
        outputs.append((code, (tmp_path / f"{engine}.csv").read_bytes()))
    assert outputs[0] == outputs[1]
