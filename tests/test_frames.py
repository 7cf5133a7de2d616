"""Data frames as catalogs: pandas and pyarrow give, row by row, what the CSV path gives.

Random catalogs (random columns, units and column types, values at a limit written in another
unit or a hair either side of it, missing cells, bad cells) are written once as a CSV file and
once as typed frames; ``check_frame`` on the pandas DataFrame and on the pyarrow Table must
agree with ``check_catalog`` on the file, verdicts, rule ids and error messages alike. Tests that
need neither library run everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import decimal_cut, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import keirules
from keirules.batch import check_catalog, check_rows
from keirules.batch.writers import COLUMNS
from keirules.errors import KeirulesError, SpecError, UsageError
from keirules.frames import RESULT_COLUMNS, check_frame
from keirules.frames.chunks import Results
from keirules.frames.values import cell_text
from keirules.units import lookup_unit

ON = "2026-01-01"
HAS_PANDAS = importlib.util.find_spec("pandas") is not None
HAS_ARROW = importlib.util.find_spec("pyarrow") is not None
ROOT = Path(__file__).resolve().parent.parent
README_MARKER = "<!-- keirules.check_frame example -->"

# -- tests that need neither pandas nor pyarrow -----------------------------------------------


def test_result_columns_are_the_csv_outputs() -> None:
    assert tuple(COLUMNS) == RESULT_COLUMNS
    assert tuple(Results.__dataclass_fields__) == RESULT_COLUMNS


@pytest.mark.parametrize(("value", "kind", "text"), [
    (3.4, "quantity", "3.4"),                    # not 3.399999999999999911182158029987...
    (1480.0, "quantity", "1480.0"),
    (0.1 + 0.2, "quantity", "0.30000000000000004"),
    (1e16, "quantity", "1e+16"),
    (float("nan"), "quantity", None),
    (4.0, "integer", "4"),                       # whole numbers with gaps are floats in pandas
    (4.5, "integer", "4.5"),                     # refused by the engine: not a whole number
    (1998.0, "date", "1998"),
    (Decimal("3.400"), "quantity", "3.400"),     # exactly as stored
    (Decimal("1.2E+3"), "quantity", "1200"),
    (Decimal("NaN"), "quantity", None),
    (7, "integer", "7"),
    (True, "feature", "true"),
    (False, "feature", "false"),
    (dt.date(1998, 10, 1), "date", "1998-10-01"),
    (dt.datetime(1998, 10, 1), "date", "1998-10-01"),
    (dt.datetime(1998, 10, 1, 12, 30), "date", "1998-10-01T12:30:00"),  # refused as a date
    (None, "text", None),
    ("Honda", "text", "Honda"),
])
def test_cell_text(value: Any, kind: str, text: str | None) -> None:
    assert cell_text(value, kind) == text


def test_numpy_scalars_in_object_columns() -> None:
    np = pytest.importorskip("numpy")
    assert cell_text(np.float64(3.4), "quantity") == "3.4"   # not 'np.float64(3.4)'
    assert cell_text(np.float32(3.4), "quantity") == "3.4"   # its own shortest text
    assert cell_text(np.float32(4.0), "integer") == "4"
    assert cell_text(np.float16("nan"), "quantity") is None
    assert cell_text(np.int64(7), "integer") == "7"
    assert cell_text(np.bool_(True), "feature") == "true"
    with pytest.raises(SpecError, match="timedelta64"):
        cell_text(np.timedelta64(1, "D"), "quantity")


def test_a_value_no_cell_can_hold() -> None:
    with pytest.raises(SpecError, match="is a list, which a catalog cell cannot hold"):
        cell_text([1, 2], "quantity")


class _Foreign:
    """Stands for another library's frame."""


@pytest.mark.parametrize(("frame", "needle"), [
    ([{"name": "A"}], "not a builtins.list; for a catalog file use keirules.check_catalog"),
    ("cars.csv", "for a catalog file use keirules.check_catalog"),
    (_Foreign(), "not a test_frames._Foreign."),
])
def test_anything_but_a_frame_is_a_usage_error(frame: Any, needle: str) -> None:
    with pytest.raises(UsageError, match=re.escape(needle)):
        check_frame(frame, "jp-kei@1998")


def test_foreign_frames_get_a_hint() -> None:
    polars = type("DataFrame", (), {"__module__": "polars.dataframe.frame"})
    with pytest.raises(UsageError, match=r"frame.to_arrow\(\)"):
        check_frame(polars(), "jp-kei@1998")
    dask = type("DataFrame", (), {"__module__": "dask.dataframe.core"})
    with pytest.raises(UsageError, match=r"map_partitions\(keirules.check_frame"):
        check_frame(dask(), "jp-kei@1998")


@pytest.mark.parametrize("first_row", [0, -1, True, 1.0])
def test_first_row_counts_from_one(first_row: Any) -> None:
    with pytest.raises(UsageError, match="first_row"):
        check_frame(None, first_row=first_row)


def test_frame_meta_without_pandas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    from keirules.extras import install_hint

    with pytest.raises(UsageError) as caught:
        keirules.frame_meta()
    assert install_hint("pandas") in str(caught.value)
    assert "[pandas]'" in str(caught.value)


def test_importing_keirules_loads_no_frame_library() -> None:
    import subprocess

    code = ("import sys, keirules; keirules.check_frame; "
            "print(sorted({'pandas', 'pyarrow', 'numpy'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_lazy_exports() -> None:
    from keirules import frames

    assert keirules.check_frame is frames.check_frame
    assert keirules.frame_meta is frames.frame_meta


# -- random catalogs: CSV, pandas and pyarrow agree -------------------------------------------

UNITS = {"length": ["mm", "m", "cm", "in"], "volume": ["cc", "L", "cu_in"],
         "power": ["PS", "kW", "hp"], "mass": ["kg", "lb", "t"], "speed": ["km/h", "mph", "m/s"]}
QUANTITIES = {"length": "length", "width": "length", "height": "length",
              "displacement": "volume", "max_power": "power", "max_payload": "mass",
              "gross_mass": "mass", "top_speed": "speed"}
# Limits in SI base units of the rule sets below: values are drawn at them, or a hair off.
LIMITS = {
    "length": ["3.00", "3.30", "3.40"], "width": ["1.30", "1.40", "1.48"], "height": ["2.00"],
    "displacement": ["0.000360", "0.000550", "0.000660"], "max_power": ["47071.92"],
    "max_payload": ["350"], "gross_mass": ["1360.77711"], "top_speed": ["11.176", "8.9408"],
}
CHOICES = {"category": ["passenger", "cargo"], "powertrain": ["combustion", "hybrid", "electric"],
           "engine_cycle": ["four_stroke", "two_stroke"]}
INTEGERS = {"wheels": (2, 5), "seats": (1, 6)}
FEATURES = ["features.headlamps", "features.seat_belts"]
RULESETS = ["jp-kei", "jp-kei@1955", "jp-kei@1990", "jp-kei@1998", "us-lsv@2006"]
# Column types a frame may give each kind of field.
KINDS = {"quantity": ["text", "float", "decimal"], "choice": ["text", "category"],
         "integer": ["text", "int", "nullable", "float"], "date": ["text", "datetime", "date"],
         "feature": ["text", "boolean"]}
BAD = {"quantity": ["-1", "3 m", "1,5", "abc"], "integer": ["4.5", "five"],
       "choice": ["lorry"], "date": ["1998-13", "soon"], "feature": ["yes"]}




@st.composite
def quantity_text(draw: st.DrawFn, field: str, unit: str) -> str:
    """A number in ``unit``: at a limit exactly, a hair either side of it, or anywhere."""
    limit = Fraction(draw(st.sampled_from(LIMITS[field]))) / lookup_unit(unit).factor
    kind = draw(st.sampled_from(["limit", "near", "any"]))
    if kind == "any":
        return decimal_cut(limit * Fraction(draw(st.integers(50, 150)), 100),
                        draw(st.integers(0, 4)), False)
    places = draw(st.integers(0, 14))
    text = decimal_cut(limit, places, draw(st.booleans()))
    if kind == "near":
        step = Fraction(1, 10 ** draw(st.integers(places + 1, places + 8)))
        shifted = Fraction(text) + (step if draw(st.booleans()) else -step)
        text = decimal_cut(max(shifted, Fraction(0)), 22, False).rstrip("0").rstrip(".") or "0"
    return text


@st.composite
def catalogs(draw: st.DrawFn) -> dict[str, Any]:
    """Columns as (header, field kind, column type, values), the rule set and the date."""
    ruleset = draw(st.sampled_from(RULESETS))
    on: Any = (draw(st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)))
               if draw(st.integers(0, 4)) else "manufactured")
    pool = [*QUANTITIES, *CHOICES, *INTEGERS, "manufactured", *FEATURES]
    fields = draw(st.lists(st.sampled_from(pool), unique=True, max_size=len(pool)))
    size = draw(st.integers(0, 10))
    columns = [("name", "text", "text", [f"car {i}" for i in range(size)])]
    for field in fields:
        kind = ("quantity" if field in QUANTITIES else "choice" if field in CHOICES
                else "integer" if field in INTEGERS else "date" if field == "manufactured"
                else "feature")
        column_type = draw(st.sampled_from(KINDS[kind]))
        header = field
        if kind == "quantity":
            unit = draw(st.sampled_from(UNITS[QUANTITIES[field]]))
            header = f"{field} [{unit}]"
        values: list[Any] = []
        for _ in range(size):
            roll = draw(st.integers(0, 29))
            if roll < 3:
                values.append(None)
            elif roll == 3 and column_type == "text":
                values.append(draw(st.sampled_from(BAD[kind])))
            elif kind == "quantity":
                values.append(draw(quantity_text(field, unit)))
            elif kind == "choice":
                values.append(draw(st.sampled_from(CHOICES[field])))
            elif kind == "integer":
                values.append(draw(st.integers(*INTEGERS[field])))
            elif kind == "date":
                day = draw(st.dates(dt.date(1945, 1, 1), dt.date(2030, 12, 31)))
                values.append(day.isoformat()[:draw(st.sampled_from([4, 7, 10]))]
                              if column_type == "text" else day)
            else:
                values.append(draw(st.booleans()))
        columns.append((header, kind, column_type, values))
    index = draw(st.sampled_from(["range", "shifted", "text"]))
    return {"columns": columns, "ruleset": ruleset, "on": on, "size": size, "index": index}


def _typed(kind: str, column_type: str, value: Any) -> Any:
    """A value as the frame holds it (None where missing)."""
    if value is None or column_type in ("text", "category", "boolean", "int", "nullable"):
        return value
    if column_type == "float":
        return float(value)
    if column_type == "decimal":
        return Decimal(value)
    if column_type in ("datetime", "date"):
        return value
    raise AssertionError(column_type)


def _csv_cell(kind: str, column_type: str, value: Any) -> str:
    """The cell a CSV catalog holds for that value: what the frame's value is written as."""
    if value is None:
        return ""
    if column_type == "float":  # the float nearest the text; whole numbers plain
        return str(value) if kind == "integer" else repr(float(value))
    if column_type == "decimal":
        return format(Decimal(value), "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _pandas_frame(catalog: dict[str, Any]) -> Any:
    import pandas as pd

    size = catalog["size"]
    index = {"range": pd.RangeIndex(size), "shifted": pd.RangeIndex(100, 100 + 3 * size, 3),
             "text": pd.Index([f"id-{i}" for i in range(size)])}[catalog["index"]]
    data: dict[str, Any] = {}
    for header, kind, column_type, values in catalog["columns"]:
        typed = [_typed(kind, column_type, value) for value in values]
        if column_type == "category":
            series = pd.Series(pd.Categorical(typed), index=index)
        elif column_type == "boolean":
            series = pd.Series(pd.array(typed, dtype="boolean"), index=index)
        elif column_type == "nullable":
            series = pd.Series(pd.array(typed, dtype="Int64"), index=index)
        elif column_type == "int" and None not in typed:
            series = pd.Series(typed, index=index, dtype="int64")
        elif column_type in ("float", "int"):
            series = pd.Series([float("nan") if v is None else float(v) for v in typed],
                               index=index, dtype="float64")
        elif column_type == "datetime":
            series = pd.Series(pd.to_datetime(typed), index=index)
        else:
            series = pd.Series(typed, index=index, dtype=object if column_type in (
                "decimal", "date") else "str")
        data[header] = series
    return pd.DataFrame(data, index=index)


def _csv_rows(catalog: dict[str, Any], path: Path) -> list[tuple[Any, ...]]:
    columns = catalog["columns"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([header for header, *_ in columns])
        for i in range(catalog["size"]):
            row = [_csv_cell(kind, column_type, values[i])
                   for _h, kind, column_type, values in columns]
            writer.writerow(["" if cell == "" else cell for cell in row])
    return [_from_result(r) for r in check_catalog(path, catalog["ruleset"], catalog["on"])]


def _from_result(result: keirules.RowResult) -> tuple[Any, ...]:
    message = result.message
    if message is not None:
        message = re.sub(r", line \d+", "", message)  # a frame has rows, not lines
    return (result.row, result.name, result.verdict, " ".join(result.failed),
            " ".join(result.unknown), message, " ".join(result.warnings), result.ruleset)


def _from_records(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    def text(value: Any) -> Any:
        return None if value is None or value != value else value  # NaN, NA -> None

    return [tuple(text(record[name]) if name != "row" else record[name]
                  for name in RESULT_COLUMNS) for record in records]


@pytest.mark.skipif(not HAS_PANDAS, reason="needs pandas (keirules[pandas])")
@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), small=st.booleans())
def test_frames_agree_with_the_csv_path(catalog: dict[str, Any], small: bool,
                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    import pandas as pd

    expected = _csv_rows(catalog, tmp_path_factory.mktemp("csv") / "catalog.csv")
    frame = _pandas_frame(catalog)
    with mock.patch("keirules.batch.checker.CHUNK_ROWS", 3 if small else 8192):
        result = check_frame(frame, catalog["ruleset"], catalog["on"])
    assert list(result.columns) == list(RESULT_COLUMNS)
    assert result.index.equals(frame.index)
    got = _from_records(result.astype(object).where(result.notna(), None).to_dict("records"))
    assert got == expected
    assert dict(result.dtypes) == dict(keirules.frame_meta().dtypes)
    assert isinstance(result, pd.DataFrame)
    if not HAS_ARROW:
        return

    import pyarrow as pa

    table = pa.Table.from_pandas(frame)
    with mock.patch("keirules.batch.checker.CHUNK_ROWS", 3 if small else 8192):
        arrow = check_frame(table, catalog["ruleset"], catalog["on"])
    assert arrow.column_names[:len(RESULT_COLUMNS)] == list(RESULT_COLUMNS)
    assert _from_records(arrow.select(list(RESULT_COLUMNS)).to_pylist()) == expected
    assert arrow.to_pandas().index.equals(frame.index)


# -- hand-picked cases ---------------------------------------------------------------------

def _verdicts(result: Any) -> list[tuple[str, str]]:
    return list(zip(result["verdict"], result["failed"], strict=True))


def test_floats_read_as_their_shortest_text() -> None:
    """1.48 m passes; the next float up does not; 3400 mm is exactly 3.40 m."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"name": ["at", "over", "float32"],
                          "width [m]": [1.48, 1.4800000000000002, 1.48],
                          "length [mm]": [3400.0, 3400.0000000000005, 3400.0]})
    frame = frame.astype({"width [m]": "float64"})
    result = check_frame(frame, "jp-kei@1998", ON)
    assert _verdicts(result)[:2] == [("incomplete", ""), ("fail", "length width")]
    narrow = frame.astype({"width [m]": "float32", "length [mm]": "float32"})
    assert _verdicts(check_frame(narrow, "jp-kei@1998", ON))[0] == ("incomplete", "")
    zeros = pd.DataFrame({"name": ["zero", "minus zero"], "length [mm]": [0.0, -0.0]})
    signed = check_frame(zeros, "jp-kei@1998", ON)  # not merged by hashing: -0.0 == 0.0
    expected = [r.verdict for r in check_rows(["name", "length [mm]"],
                                              [["zero", "0.0"], ["minus zero", "-0.0"]],
                                              "jp-kei@1998", ON)]
    assert list(signed["verdict"]) == expected == ["incomplete", "error"]
    if HAS_ARROW:
        import pyarrow as pa

        table = pa.table({"name": ["zero", "minus zero"], "length [mm]": [0.0, -0.0]})
        assert check_frame(table, "jp-kei@1998", ON).column("verdict").to_pylist() == expected


def test_bad_cells_spoil_only_their_rows() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "name": ["ok", "half seat", "list", "lorry", "wide"],
        "seats": [4.0, 4.5, 4.0, float("nan"), 4.0],
        "width [mm]": pd.Series([1480, 1480, [1], 1480, 1490], dtype=object),
        "category": ["cargo", "cargo", "cargo", "lorry", "passenger"],
    }).set_axis(list("abcde"))
    with mock.patch("keirules.batch.checker.CHUNK_ROWS", 2):
        result = check_frame(frame, "jp-kei@1998", ON)
    assert list(result.index) == list("abcde")
    assert list(result["verdict"]) == ["incomplete", "error", "error", "error", "fail"]
    assert list(result["name"]) == ["ok", "half seat", "list", "lorry", "wide"]
    errors = list(result["error"])
    assert errors[0] is pd.NA and errors[4] is pd.NA
    assert errors[1].startswith("row 2, field 'seats': is not a whole number. Got: '4.5'.")
    assert errors[2].startswith("row 3, field 'width [mm]': is a list, which a catalog cell")
    assert errors[3].startswith("row 4, field 'category': is not one of the allowed values.")
    assert result["failed"].iloc[4] == "width"


def test_every_pandas_column_type() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    frame = pd.DataFrame({
        "name": pd.Series(["A", "B", "C"], dtype="string"),
        "category": pd.Categorical(["cargo", "passenger", None]),
        "wheels": pd.array([4, None, 4], dtype="Int64"),
        "seats": pd.array([2, 4, 4], dtype="uint8"),
        "length [mm]": pd.array([3395.0, None, 3401.0], dtype="Float64"),
        "width [m]": pd.Series([Decimal("1.480"), Decimal("1.481"), None],
                               dtype=pd.ArrowDtype(pa.decimal128(6, 3))),
        "displacement [L]": [Decimal("0.660"), None, Decimal("0.6601")],
        "manufactured": pd.to_datetime(["1998-10-01", "2000-01-01", None]).tz_localize("UTC"),
        "features.headlamps": [True, False, True],
        "market": pd.Series(["JP", "NA", None], dtype=pd.ArrowDtype(pa.string())),
    })
    result = check_frame(frame, "jp-kei", "manufactured")
    assert list(result["verdict"]) == ["incomplete", "fail", "error"]
    assert list(result["failed"][:2]) == ["", "width"]
    assert list(result["ruleset"][:2]) == ["jp-kei@1998", "jp-kei@1998"]
    assert "manufactured" in result["error"].iloc[2]
    rows = [["A", "cargo", "4", "2", "3395.0", "1.480", "0.660", "1998-10-01", "true", "JP"],
            ["B", "passenger", "", "4", "", "1.481", "", "2000-01-01", "false", "NA"],
            ["C", "", "4", "4", "3401.0", "", "0.6601", "", "true", ""]]
    expected = [(r.verdict, " ".join(r.failed), " ".join(r.unknown))
                for r in check_rows(list(frame.columns), rows, "jp-kei", "manufactured")]
    assert list(zip(result["verdict"], result["failed"], result["unknown"],
                    strict=True)) == expected


def test_time_of_day_and_periods() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"name": ["noon", "month"],
                          "manufactured": pd.to_datetime(["1998-10-01 12:00", "1998-10-01"],
                                                         format="ISO8601")})
    result = check_frame(frame, "jp-kei", "manufactured")
    assert list(result["verdict"]) == ["error", "incomplete"]
    assert "Got: '1998-10-01T12:00:00'" in result["error"].iloc[0]
    periods = pd.DataFrame({"name": ["P"],
                            "manufactured": pd.period_range("1998-09", periods=1, freq="M")})
    assert check_frame(periods, "jp-kei", "manufactured")["ruleset"].iloc[0] == "jp-kei@1990"


def test_every_arrow_column_type() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({
        "name": pa.array(["A", "B", "C"], pa.large_string()),
        "category": pa.array(["cargo", "passenger", None]).dictionary_encode(),
        "wheels": pa.array([4, None, 4], pa.int16()),
        "length [m]": pa.array([3.4, float("nan"), 3.4000000000000004], pa.float64()),
        "width [mm]": pa.array([1480.0, 1481.0, None], pa.float32()),
        "height [m]": pa.array([2, 2, 2], pa.float16()),
        "displacement [L]": pa.array([Decimal("0.660"), None, Decimal("0.661")],
                                     pa.decimal128(4, 3)),
        "manufactured": pa.array([dt.date(1998, 10, 1), dt.date(1990, 1, 1), None], pa.date32()),
        "features.headlamps": pa.array([True, None, False]),
        "notes": pa.array([None, None, None], pa.null()),
        "powertrain": pa.array(["combustion"] * 3, pa.string_view()),
    })
    result = check_frame(table, "jp-kei", ON)
    # Row A gives no seat count, but the kei seating cap is advisory: it passes.
    assert result.column("verdict").to_pylist() == ["pass", "fail", "fail"]
    assert result.column("failed").to_pylist() == ["", "width", "length displacement"]
    batch = check_frame(table.to_batches()[0], "jp-kei", ON)
    assert isinstance(batch, pa.RecordBatch)
    assert batch.to_pylist() == result.to_pylist()


def test_arrow_float_text_is_the_shortest_round_trip() -> None:
    """pyarrow's float-to-text cast names the same number as ``repr``, float by float."""
    pa = pytest.importorskip("pyarrow")
    pc = pytest.importorskip("pyarrow.compute")

    @settings(max_examples=examples(300), deadline=None)
    @given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=50))
    def agree(values: list[float]) -> None:
        texts = pc.cast(pa.array(values, pa.float64()), pa.string()).to_pylist()
        assert [Decimal(text) for text in texts] == [Decimal(repr(v)) for v in values]

    agree()


def test_index_survives_arrow() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"name": ["A", "B"], "width [m]": [1.48, 1.49]},
                         index=pd.Index(["x", "y"], name="id"))
    result = check_frame(pa.Table.from_pandas(frame), "jp-kei@1998", ON).to_pandas()
    assert list(result.index) == ["x", "y"] and result.index.name == "id"
    assert list(result.columns) == list(RESULT_COLUMNS)


def test_empty_frames() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"name": pd.Series([], dtype="str"),
                          "length [mm]": pd.Series([], dtype="float64")})
    result = check_frame(frame, "jp-kei@1998", ON)
    assert result.empty and list(result.columns) == list(RESULT_COLUMNS)
    assert dict(result.dtypes) == dict(keirules.frame_meta().dtypes)
    pa = pytest.importorskip("pyarrow")
    table = check_frame(pa.Table.from_pandas(frame), "jp-kei@1998", ON)
    assert table.num_rows == 0 and table.column_names == list(RESULT_COLUMNS)


def test_first_row_numbers_the_rows() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"name": ["A", "B"], "seats": ["4", "x"]})
    result = check_frame(frame, "jp-kei@1998", ON, first_row=1001)
    assert list(result["row"]) == [1001, 1002]
    assert result["error"].iloc[1].startswith("row 1002, field 'seats'")


@pytest.mark.parametrize(("columns", "error", "needle"), [
    (["name", "lenght [mm]"], SpecError, "Did you mean 'length'?"),
    (["name", "length"], KeirulesError, "has no unit"),
    (["length [mm]"], SpecError, "has no 'name' column"),
    (["name", 3], UsageError, "column 2 is named 3"),
    (["name", "name"], SpecError, "names the same field as column 1"),
])
def test_header_problems_are_errors_for_the_whole_frame(columns: list[Any],
                                                        error: type[Exception],
                                                        needle: str) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([["A", "1"][:len(columns)]], columns=columns)
    with pytest.raises(error, match=re.escape(needle)) as raised:
        check_frame(frame, "jp-kei@1998", ON)
    assert "line" not in str(raised.value)


def test_a_column_type_no_field_takes() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"name": ["A"], "top_speed [km/h]": pd.to_timedelta(["1h"])})
    with pytest.raises(UsageError, match=r"field 'top_speed \[km/h\]': holds values of type"):
        check_frame(frame, "jp-kei@1998", ON)
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"name": ["A"], "seats": pa.array([[1, 2]])})
    with pytest.raises(UsageError, match="list<item: int64>"):
        check_frame(table, "jp-kei@1998", ON)


def test_a_series_is_not_a_frame() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(UsageError, match="a Series is one column"):
        check_frame(pd.Series(["A"]), "jp-kei@1998")


def test_unknown_rule_set() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(KeirulesError, match="jp-kie"):
        check_frame(pd.DataFrame({"name": ["A"]}), "jp-kie")


def test_readme_example() -> None:
    """The README's data frame example (a ``py`` block after its marker) runs as shown."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if README_MARKER not in readme:
        pytest.skip("the README does not show the data frame example")
    pytest.importorskip("pandas")
    block = re.search(re.escape(README_MARKER) + r"\s*```py\n(.*?)```", readme, flags=re.S)
    assert block is not None, "a ```py block follows the marker"
    namespace: dict[str, Any] = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)
    results = namespace["results"]
    assert list(results["verdict"]) == ["pass", "fail", "incomplete"]
    assert list(results["failed"]) == ["", "width", ""]
    assert list(results.index) == list(namespace["cars"].index)
