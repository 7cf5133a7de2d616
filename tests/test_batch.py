"""Catalogs: streaming CSV and JSON Lines, per-row errors, file errors, outputs, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import keirules
from keirules.batch import CatalogChecker, CatalogStream, check_catalog, check_rows
from keirules.cli import main
from keirules.errors import KeirulesError
from keirules.render.progress import Progress

Write = Callable[[str, str], Path]

HEADER = ("name,category,wheels,seats,length [mm],width [m],height [mm],powertrain,"
          "displacement [L],max_power [PS],max_payload [kg]")
AT_LIMITS = "At limits,cargo,4,4,3400,1.48,2000,combustion,0.66,64,350"
WIDE = "Wide,passenger,4,4,3395,1.481,1500,combustion,0.658,65,"
ELECTRIC = "Electric,passenger,4,4,3395,1.475,1650,electric,,47,"
PARTIAL = "Partial,passenger,,,3395,,,,,,"
ON = ("--ruleset", "jp-kei", "--on", "2026-01-01")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m keirules`` as a script runs it: stdout and stderr are pipes."""
    return subprocess.run([sys.executable, "-m", "keirules", *args], capture_output=True,
                          text=True, timeout=120, check=False, env={**os.environ})


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def catalog(write: Write, *rows: str, header: str = HEADER, name: str = "cars.csv") -> Path:
    return write(name, "\n".join([header, *rows]) + "\n")


# -- outputs and exit codes -------------------------------------------------------------------

def test_csv_output_one_row_per_input_row(write: Write,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog(write, AT_LIMITS, WIDE, ELECTRIC, PARTIAL)
    code, out, err = cli(capsys, "check", str(path), *ON, "--format", "csv")
    assert code == 1, err
    assert out.splitlines()[0] == "row,name,verdict,failed,unknown,error,warnings,ruleset"
    rows = rows_of(out)
    assert [(r["row"], r["name"], r["verdict"]) for r in rows] == [
        ("1", "At limits", "pass"), ("2", "Wide", "fail"), ("3", "Electric", "pass"),
        ("4", "Partial", "incomplete")]
    assert rows[1]["failed"] == "width" and rows[1]["warnings"] == "power-agreement"
    assert rows[3]["unknown"] == "width height wheels displacement power-agreement seats"
    assert {r["ruleset"] for r in rows} == {"jp-kei@1998"}
    assert all(r["error"] == "" for r in rows)


def test_jsonl_output(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog(write, WIDE, "Bad,lorry,4,4,3395,1.4,1500,combustion,0.6,60,")
    code, out, _err = cli(capsys, "check", str(path), *ON, "--format", "jsonl")
    assert code == 2
    first, second = (json.loads(line) for line in out.splitlines())
    assert list(first) == ["row", "name", "verdict", "failed", "unknown", "error", "warnings",
                           "ruleset"]
    assert first["failed"] == ["width"] and first["error"] is None
    assert second["verdict"] == "error" and second["ruleset"] is None
    assert second["error"].startswith("row 2, line 3, field 'category': is not one of")


@pytest.mark.parametrize(("rows", "expected"), [
    ((AT_LIMITS, ELECTRIC), 0),
    ((AT_LIMITS, PARTIAL), 3),
    ((AT_LIMITS, PARTIAL, WIDE), 1),
    ((WIDE, PARTIAL, "Broken,passenger,4"), 2),
])
def test_exit_status_is_the_worst_row(rows: tuple[str, ...], expected: int, write: Write,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog(write, *rows)
    for fmt in ("csv", "jsonl", "table"):
        assert cli(capsys, "check", str(path), *ON, "--format", fmt)[0] == expected


def test_table_summarises_counts_rules_and_first_failures(
        write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog(write, AT_LIMITS, WIDE, WIDE.replace("Wide", "Wider"), PARTIAL,
                   "Short,passenger,4")
    code, out, _err = cli(capsys, "check", str(path), *ON)
    assert code == 2
    lines = [line.split() for line in out.splitlines()]
    assert ["pass", "1", "20.0%"] in lines and ["fail", "2", "40.0%"] in lines
    assert ["incomplete", "1", "20.0%"] in lines and ["error", "1", "20.0%"] in lines
    assert ["total", "5"] in lines
    assert "Most common failing rules" in out and ["width", "2"] in lines
    assert ["power-agreement", "2"] in lines  # under the warnings
    assert "First failing or bad rows" in out
    assert "has 3 cells, but the header names 11" in out  # a bad row says why


def test_output_file(write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog(write, AT_LIMITS, WIDE)
    target = tmp_path / "out" / "results.csv"
    target.parent.mkdir()
    code, out, _err = cli(capsys, "check", str(path), *ON, "-f", "csv", "--output", str(target))
    assert (code, out) == (1, "")
    assert [r["verdict"] for r in rows_of(target.read_text(encoding="utf-8"))] == ["pass", "fail"]
    summary = tmp_path / "summary.txt"
    assert cli(capsys, "check", str(path), *ON, "-o", str(summary))[1] == ""
    assert "Verdict" in summary.read_text(encoding="utf-8")


def test_output_is_not_opened_when_the_file_cannot_be_read(
        write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("bad.csv", "name,lenght [mm]\nA,3000\n")
    target = tmp_path / "results.csv"
    code, _out, err = cli(capsys, "check", str(path), "-f", "csv", "-o", str(target))
    assert code == 2 and "Did you mean 'length'?" in err
    assert not target.exists()


def test_real_process_pipes_rows_and_shows_no_progress(write: Write) -> None:
    path = catalog(write, *([WIDE] * 3000))
    done = run("check", str(path), *ON, "-f", "csv")
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""  # no progress bar when stderr is not a terminal
    assert len(done.stdout.splitlines()) == 3001


@pytest.mark.slow
def test_worker_processes_write_what_one_process_writes(write: Write, tmp_path: Path) -> None:
    """Chunks checked in workers come back in order, with the same rows and totals."""
    varied = [WIDE, AT_LIMITS, ELECTRIC, PARTIAL, "Short,passenger,4", "",
              '"Comma, car",passenger,4,4,3395,1.475,1500,combustion,0.6,60,',
              '"Two\nlines",passenger,4,4,3395,1.475,1500,combustion,0.6,60,']
    path = catalog(write, *(varied * 3000))  # 24,000 lines: several chunks, every path
    jsonl = write("cars.jsonl", "".join(json.dumps({"name": f"Car {i}", "width": f"{i} mm"})
                                        + "\n" for i in range(1400, 1500)) * 100)
    for source, fmt in ((path, "csv"), (path, "table"), (jsonl, "jsonl")):
        outputs = []
        for jobs in ("1", "2"):
            done = run("check", str(source), *ON, "-f", fmt, "--jobs", jobs)
            outputs.append((done.returncode, done.stdout, done.stderr))
        assert outputs[0] == outputs[1]
        assert outputs[0][0] == (2 if source == path else 1)
    assert outputs[0][1].count("\n") == 10_000


def test_workers_by_default_only_for_large_files_and_idle_cores(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from keirules.batch import parallel

    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (0.3, 0.3, 0.3))
    assert parallel.auto_jobs(1 << 20) == 1
    assert parallel.auto_jobs(64 << 20) == (2 if parallel.can_fork() else 1)
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (1.5, 1.5, 1.5))
    assert parallel.auto_jobs(64 << 20) == 1


def test_jobs_must_be_positive(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog(write, WIDE)
    code, _out, err = cli(capsys, "check", str(path), "--jobs", "0")
    assert code == 2 and "--jobs must be at least 1" in err


# -- format and option combinations -----------------------------------------------------------

@pytest.mark.parametrize(("target", "args", "needle"), [
    ("car.yaml", ("--format", "csv"), "--format csv is for catalogs"),
    ("car.yaml", ("--jobs", "2"), "--jobs is for catalogs"),
    ("cars.csv", ("--format", "markdown"), "--format markdown is for a single spec"),
    ("cars.jsonl", ("--format", "html"), "--format html is for a single spec"),
])
def test_format_must_suit_the_input(target: str, args: tuple[str, ...], needle: str,
                                    write: Write) -> None:
    spec = write("car.yaml", "name: Car\nlength: 3395 mm\n")
    catalog(write, AT_LIMITS)
    write("cars.jsonl", '{"name": "Car"}\n')
    done = run("check", str(spec.parent / target), *args)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.startswith("keirules: error: ") and done.stderr.count("\n") == 1
    assert needle in done.stderr


# -- bad rows: each gets the verdict error, the others go on ----------------------------------

@pytest.mark.parametrize(("row", "needles"), [
    ("Spaced,passenger,4,4,33 95,1.4,1500,combustion,0.6,60,",
     ("field 'length [mm]'", "groups digits with spaces", "'33 95'")),
    ("Negative,passenger,4,4,-3395,1.4,1500,combustion,0.6,60,",
     ("field 'length [mm]'", "is negative")),
    ("Unit in cell,passenger,4,4,3395 mm,1.4,1500,combustion,0.6,60,",
     ("field 'length [mm]'", "has a unit, but this column's unit is in its header ('mm')")),
    ("Huge,passenger,4,4,1e999,1.4,1500,combustion,0.6,60,",
     ("field 'length [mm]'", "exponent too large")),
    ("Comma,passenger,4,4,3395,\"1,4\",1500,combustion,0.6,60,",
     ("field 'width [m]'", "uses a comma")),
    ("Enum,pasenger,4,4,3395,1.4,1500,combustion,0.6,60,",
     ("field 'category'", "Did you mean 'passenger'?")),
    ("Fraction,passenger,4.0,4,3395,1.4,1500,combustion,0.6,60,",
     ("field 'wheels'", "is not a whole number", "'4.0'")),
    ("Range,passenger,40,4,3395,1.4,1500,combustion,0.6,60,",
     ("field 'wheels'", "out of range")),
    (",passenger,4,4,3395,1.4,1500,combustion,0.6,60,", ("field 'name'", "is empty")),
    ("Few,passenger,4", ("has 3 cells, but the header names 11 columns",)),
    ("Many,passenger,4,4,3395,1.4,1500,combustion,0.6,60,,extra",
     ("has 12 cells, but the header names 11 columns",)),
    ("Two problems,lorry,4,4,-1,1.4,1500,combustion,0.6,60,",
     ("field 'category'", "1 more problem(s), in 'length [mm]'")),
])
def test_a_bad_row_is_an_error_and_the_others_are_checked(
        row: str, needles: tuple[str, ...], write: Write,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog(write, WIDE, row, AT_LIMITS)
    code, out, _err = cli(capsys, "check", str(path), *ON, "-f", "csv")
    assert code == 2
    first, bad, last = rows_of(out)
    assert (first["verdict"], last["verdict"]) == ("fail", "pass")
    assert bad["verdict"] == "error" and bad["failed"] == bad["unknown"] == ""
    assert bad["error"].startswith("row 2, line 3")
    for needle in needles:
        assert needle in bad["error"], (needle, bad["error"])


def test_bad_rows_in_columns_of_every_kind(write: Write) -> None:
    header = "name,manufactured,market,features.frontal_airbags,seats"
    path = catalog(write, "Date,1994-13,JP,true,4", "Country,1994,jp,true,4",
                   "Feature,1994,JP,yes,4", "Good,1994-05,JP,FALSE,2", header=header)
    results = list(check_catalog(path, "jp-kei", "2026-01-01"))
    assert [r.verdict for r in results] == ["error", "error", "error", "incomplete"]
    assert [r.error.field if r.error else None for r in results] == [
        "manufactured", "market", "features.frontal_airbags", None]
    assert "has no month 13" in (results[0].message or "")
    assert "is neither true nor false" in (results[2].message or "")


def test_bytes_that_are_not_utf8_spoil_only_their_row(write: Write, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(f"{HEADER}\n{WIDE}\nCitro\xebn,passenger,4,4,3000,1.4,1500,combustion,0.6,"
                     f"60,\n{AT_LIMITS}\n".encode("latin-1"))
    results = list(check_catalog(path, "jp-kei", "2026-01-01"))
    assert [r.verdict for r in results] == ["fail", "error", "pass"]
    assert results[1].message == ("row 2, line 3, field 'name': cannot be read: line 3 is not "
                                  "UTF-8 text (byte 0xeb at column 6).")
    assert results[1].line == 3


def test_a_line_longer_than_a_mebibyte_spoils_only_its_row(write: Write, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f"{HEADER}\n{WIDE}\nLong{'x' * (1 << 20)},passenger\n{AT_LIMITS}\n",
                    encoding="utf-8")
    results = list(check_catalog(path, "jp-kei", "2026-01-01"))
    assert [r.verdict for r in results] == ["fail", "error", "pass"]
    assert "line 3 is longer than 1024 KiB" in (results[1].message or "")


def test_a_cell_the_csv_reader_refuses(write: Write, tmp_path: Path) -> None:
    path = tmp_path / "unclosed.csv"
    unclosed = '"' + ("x" * 1000 + "\n") * 1100  # a quoted cell that runs past 1 MiB
    path.write_text(f"{HEADER}\n{WIDE}\n{unclosed}{AT_LIMITS}\n", encoding="utf-8")
    results = list(check_catalog(path, "jp-kei", "2026-01-01"))
    assert results[0].verdict == "fail"
    assert results[1].verdict == "error" and results[1].line == 3
    assert "cannot be read as CSV: field larger than field limit" in (results[1].message or "")
    assert results[-1].verdict == "pass"  # reading goes on after the bad record


def test_jsonl_rows(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        json.dumps({"name": "Wide", "width": "1.481 m", "length": {"value": 3395, "unit": "mm"}}),
        "",
        '{"name": "Broken", "width": ',
        json.dumps({"name": "Misspelt", "lenght": "3 m"}),
        json.dumps(["not", "a", "spec"]),
        '{"name": "Repeated", "width": "1 m", "width": "2 m"}',
        json.dumps({"name": "Edge", "width": "1480 mm", "length": "3.4 m"}),
    ]
    path = write("cars.jsonl", "\n".join(lines) + "\n")
    code, out, _err = cli(capsys, "check", str(path), *ON, "-f", "csv")
    assert code == 2
    rows = rows_of(out)
    assert [(r["row"], r["name"], r["verdict"]) for r in rows] == [
        ("1", "Wide", "fail"), ("2", "", "error"), ("3", "Misspelt", "error"),
        ("4", "", "error"), ("5", "", "error"), ("6", "Edge", "incomplete")]
    assert rows[1]["error"].startswith("row 2, line 3: is not valid JSON")
    assert rows[2]["error"].startswith("row 3, line 4, field 'lenght'")
    assert "Did you mean 'length'?" in rows[2]["error"]
    assert "is not a vehicle spec" in rows[3]["error"]
    assert "repeats the key 'width'" in rows[4]["error"]


def test_jsonl_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cars.jsonl"
    path.write_bytes(b'{"name": "Caf\xe9"}\n{"name": "Fine", "length": "3 m"}\n')
    results = list(check_catalog(path, "jp-kei", "2026-01-01"))
    assert [r.verdict for r in results] == ["error", "incomplete"]
    assert "line 1 is not UTF-8 text" in (results[0].message or "")


# -- whole-file errors: exit 2, one paragraph, line 1 and the column --------------------------

@pytest.mark.parametrize(("header", "needles"), [
    ("name,lenght [mm]", ("line 1, field 'lenght [mm]'", "is not a field of a vehicle spec",
                          "(column 2)", "Did you mean 'length'?")),
    ("name,length [cc]", ("line 1, field 'length [cc]'", "is a volume ('cc'), but this field "
                          "is a length", "Expected: a length unit in brackets")),
    ("name,length [furlongs2]", ("field 'length [furlongs2]'", "has an unknown unit")),
    ("name,length", ("line 1, field 'length'", "has no unit", "'length [mm]'")),
    ("name,wheels [mm]", ("field 'wheels [mm]'", "is not a quantity", "takes no unit")),
    ("name,length [mm],length [m]", ("field 'length [m]'", "same field as column 2")),
    ("length [mm],width [mm]", ("line 1", "has no 'name' column")),
    ("name,features", ("field 'features'", "give each feature its own column")),
    ("name,,length [mm]", ("line 1", "is empty (column 2)")),
    ("name,length [mm", ("field 'length [mm'", "is not a column name")),
])
def test_a_header_that_keeps_every_row_from_being_read(header: str, needles: tuple[str, ...],
                                                       write: Write) -> None:
    path = write("cars.csv", f"{header}\nA,3000\n")
    done = run("check", str(path), "-f", "csv")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"keirules: error: {path}, line 1")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    for needle in needles:
        assert needle in done.stderr, (needle, done.stderr)


@pytest.mark.parametrize(("content", "needle"), [
    (b"", "is empty; a catalog starts with a header"),
    (b"na\xffme,length [mm]\nA,3\n", "line 1: has a header that is not UTF-8 text"),
])
def test_files_that_cannot_be_read(content: bytes, needle: str, tmp_path: Path) -> None:
    path = tmp_path / "cars.csv"
    path.write_bytes(content)
    with pytest.raises(KeirulesError) as caught:
        check_catalog(path)
    assert needle in str(caught.value)
    with pytest.raises(KeirulesError, match="no such file"):
        check_catalog(tmp_path / "missing.csv")


def test_unknown_rule_set_is_a_file_error(write: Write) -> None:
    path = catalog(write, WIDE)
    with pytest.raises(KeirulesError, match="no rule set family 'jp-kie'"):
        check_catalog(path, "jp-kie", "manufactured")


# -- CSV dialect: quotes, CRLF, BOM, blank lines, cells across lines --------------------------

def test_csv_dialect_and_line_numbers(tmp_path: Path) -> None:
    text = (f"\ufeff{HEADER}\r\n{WIDE}\r\n\r\n\"Comma, \"\"quoted\"\"\",passenger,4,4,3395,1.475,"
            f"1500,combustion,0.6,60,\r\n\"Two\nlines\",passenger,4,4,3401,1.475,1500,"
            f"combustion,0.6,60,\r\n{AT_LIMITS}\r\nBad,lorry,4\r\n")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8"))
    results = list(check_catalog(path, "jp-kei", "2026-01-01"))
    assert [(r.row, r.line, r.name, r.verdict) for r in results] == [
        (1, 2, "Wide", "fail"), (2, 4, 'Comma, "quoted"', "pass"),
        (3, 5, "Two\nlines", "fail"), (4, 7, "At limits", "pass"), (5, 8, "Bad", "error")]
    assert "line 8" in (results[4].message or "")


def test_plain_and_quoted_lines_read_alike(tmp_path: Path) -> None:
    """Every line quoted (the csv reader's path) or none (split in bulk): the same rows."""
    rows = [[f"Car {i}", "passenger", "4", "4", str(3300 + i), "1.475", "1500", "combustion",
             "0.66", "64", ""] for i in range(200)]
    results = []
    for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL):
        path = tmp_path / f"q{quoting}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, quoting=quoting).writerows([HEADER.split(","), *rows])
        results.append(list(check_catalog(path, "jp-kei", "2026-01-01")))
    assert results[0] == results[1]
    assert [r.verdict for r in results[0]].count("fail") == 99


# -- streaming ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_rows_are_checked_as_the_file_is_read(write: Write) -> None:
    """The first results arrive after reading a few MiB, not the whole file."""
    path = catalog(write, *([WIDE] * 120_000))
    size = path.stat().st_size
    with CatalogStream(path, "jp-kei", "2026-01-01") as stream:
        first = next(iter(stream))
        assert first.size <= 8192 and first.verdicts[0] == "fail"
        assert stream.bytes_read < size / 2
        total = first.size + sum(block.size for block in stream)
    assert total == 120_000


@pytest.mark.slow
def test_memory_does_not_grow_with_the_catalog(tmp_path: Path) -> None:
    """Four times the rows, about the same peak of allocated memory: rows are not kept."""
    import tracemalloc

    peaks = []
    for rows in (20_000, 80_000):
        path = tmp_path / f"cars-{rows}.csv"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(HEADER + "\n")
            for i in range(rows):
                handle.write(f"Car {i},passenger,4,4,{3000 + i % 500},1.4{i % 9},1500,"
                             f"combustion,0.6{i % 7},{50 + i % 20},\n")
        tracemalloc.start()
        with CatalogStream(path, "jp-kei", "2026-01-01") as stream:
            verdicts = sum(block.size for block in stream)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert verdicts == rows
    assert peaks[1] < peaks[0] * 1.5, peaks


def test_on_manufactured_picks_the_version_per_row(write: Write,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    header = "name,manufactured,length [mm],width [mm]"
    path = catalog(write, "Old,1975-06,3100,1300", "Newer,1992,3295,1395",
                   "Today,2020-01-01,3395,1475", "Undated,,3000,1300", "Too old,1930,2000,900",
                   header=header)
    code, out, _err = cli(capsys, "check", str(path), "--on", "manufactured", "-f", "csv")
    assert code == 2
    rows = rows_of(out)
    assert [r["ruleset"] for r in rows] == ["jp-kei@1960", "jp-kei@1990", "jp-kei@1998", "", ""]
    assert rows[3]["error"].startswith("row 4, line 5, field 'manufactured': is missing")
    assert "no version of 'jp-kei' was in force on 1930-01-01" in rows[4]["error"]


def test_age_rules_count_from_each_rows_date(write: Write, tmp_path: Path) -> None:
    rules = tmp_path / "import.yaml"
    rules.write_text("format: keirules-ruleset/1\nfamily: age-test\nversion: '1'\n"
                     "title: Age test fixture\njurisdiction: US\nstatus: what_if\n"
                     "effective_from: 1900-01-01\nsources: {fixture: {title: Fixture}}\n"
                     "rules:\n  - {id: old, field: manufactured, min_age: 25 years}\n",
                     encoding="utf-8")
    header = "name,manufactured"
    rows = [["Exactly", "2001-01-01"], ["A day short", "2001-01-02"], ["Leap", "2000-02-29"]]
    got = [r.verdict for r in check_rows(header.split(","), rows, rules, "2026-01-01")]
    expected = [keirules.check({"name": n, "manufactured": m}, rules, "2026-01-01").verdict
                for n, m in rows]
    assert got == expected == ["pass", "fail", "pass"]


# -- the library API and the columnar seam ----------------------------------------------------

def test_check_catalog_of_mappings_and_vehicles() -> None:
    car = keirules.vehicle_from_mapping({"name": "Kei", "width": "1.48 m"})
    results = list(check_catalog([{"name": "Wide", "width": "1.5 m"}, car, {"lenght": 1}],
                                 "jp-kei@1998", "2026-01-01"))
    assert [(r.row, r.name, r.verdict) for r in results] == [
        (1, "Wide", "fail"), (2, "Kei", "incomplete"), (3, None, "error")]
    assert results[2].error is not None and results[2].error.field == "lenght"


def test_columnar_seam_takes_text_cells_and_none() -> None:
    checker = CatalogChecker(["name", "width [m]", "seats"], "jp-kei@1998", "2026-01-01")
    block = checker.check_columns([["A", "B", "C", "D"], ["1.48", "1.481", None, repr(1.5)],
                                   ["4", None, "4", "five"]], first_row=101)
    assert block.verdicts == ["incomplete", "fail", "incomplete", "error"]
    assert block.failed == {1: ["width"]}
    assert block.unknown[2][:2] == ["length", "width"]
    assert [r.row for r in block.results()] == [101, 102, 103, 104]
    assert "row 104, field 'seats': is not a whole number" in block.messages()[3]
    with pytest.raises(KeirulesError, match="columns of different lengths"):
        checker.check_columns([["A"], ["1"], []])


def test_displacement_derived_from_bore_stroke_and_cylinders() -> None:
    header = ["name", "powertrain", "bore [mm]", "stroke [mm]", "cylinders", "displacement [cc]"]
    rows = [["Derived over", "combustion", "68", "61", "3", ""],  # 664.6 cc
            ["Stated", "combustion", "68", "61", "3", "670"],       # 664.6 cc, 670 stated
            ["Derived", "combustion", "66", "64.2", "3", ""]]       # 658.9 cc
    got = [(r.failed, r.unknown[:1]) for r in check_rows(header, rows, "jp-kei@1998")]
    expected = []
    for row in rows:
        spec = {"name": row[0], "powertrain": row[1], "bore": f"{row[2]} mm",
                "stroke": f"{row[3]} mm", "cylinders": int(row[4])}
        if row[5]:
            spec["displacement"] = f"{row[5]} cc"
        report = keirules.check(spec, "jp-kei@1998")
        expected.append((tuple(r.rule.id for r in report.failures),
                         tuple(r.rule.id for r in report.unknown)[:1]))
    assert got == expected
    assert [failed for failed, _unknown in got] == [("displacement",), ("displacement",), ()]


def test_lazy_exports_and_the_documented_example() -> None:
    import doctest

    import keirules.batch

    assert keirules.check_catalog is check_catalog
    assert keirules.check_rows is check_rows
    assert doctest.testmod(keirules.batch).failed == 0


# -- progress ----------------------------------------------------------------------------------

class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_only_when_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    bar = Progress(100, piped)
    bar.update(50)
    bar.close()
    assert piped.getvalue() == ""
    quick = _Terminal()
    bar = Progress(100, quick)
    bar.update(50)  # within the first second: nothing yet
    bar.close()
    assert quick.getvalue() == ""
    monkeypatch.setattr("keirules.render.progress.DELAY", 0.0)
    slow = _Terminal()
    bar = Progress(100, slow)
    bar.update(50)
    bar.close()
    assert "checking" in slow.getvalue()
