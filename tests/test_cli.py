"""The command line as scripts use it: real processes, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import keirules
from keirules.schema import REPORT_MODEL
from keirules.vehicle import FIELDS

EDGE = """\
name: Boundary check
category: passenger
wheels: 4
seats: 4
powertrain: combustion
engine_cycle: four_stroke
manufactured: 2020-05-01
length: 3400 mm
width: 1.48 m
height: 2000 mm
displacement: 0.66 L
max_power: 64 PS
"""

Write = Callable[[str, str], Path]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m keirules`` (the installed package) as a user's script would."""
    return subprocess.run(
        [sys.executable, "-m", "keirules", *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
        check=False,
    )


def assert_bad_input(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("keirules: error: ")
    assert result.stderr.count("\n") == 1, "one paragraph, one line"
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def test_edge_spec_passes_exactly_at_every_limit(write: Write) -> None:
    spec = write("edge.yaml", EDGE)
    result = run("check", str(spec), "--ruleset", "jp-kei", "--on", "2026-01-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS" in result.stdout
    assert "jp-kei@1998" in result.stdout


def test_table_is_plain_text_when_piped_or_no_color(write: Write) -> None:
    spec = write("edge.yaml", EDGE)
    for env in ({}, {"NO_COLOR": "1", "FORCE_COLOR": ""}):
        result = run("check", str(spec), env=env)
        assert "\x1b[" not in result.stdout
        for word in ("PASS", "length", "3.40 m", "pass", "n/a", "sha256"):
            assert word in result.stdout


def test_json_report_follows_the_contract(write: Write) -> None:
    spec = write("edge.yaml", EDGE)
    result = run("check", str(spec), "--format", "json", "--on", "2026-01-01")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    REPORT_MODEL.model_validate(report)
    assert report["report_version"] == 1
    assert report["verdict"] == "pass"
    assert report["ruleset"]["name"] == "jp-kei@1998"
    assert report["vehicle"] == {"name": "Boundary check", "source": str(spec)}
    length = next(r for r in report["results"] if r["rule"] == "length")
    assert length["limit"] == {"op": "<=", "value": "3.40", "unit": "m"}
    assert length["measured"] == {"value": "3.4", "unit": "m"}
    assert length["margin"] == {"value": "0", "unit": "m", "percent": "0"}
    assert report["summary"] == {"pass": 7, "fail": 0, "unknown": 0, "not_applicable": 1,
                                 "warnings": 0}


def test_failing_spec_exits_1_and_names_the_rule(write: Write) -> None:
    spec = write("wide.yaml", EDGE.replace("width: 1.48 m", "width: 1515 mm"))
    result = run("check", str(spec))
    assert result.returncode == 1
    assert "FAIL" in result.stdout
    assert "width" in result.stdout
    data = json.loads(run("check", str(spec), "-f", "json").stdout)
    width = next(r for r in data["results"] if r["rule"] == "width")
    assert width["status"] == "fail"
    assert width["margin"] == {"value": "-0.035", "unit": "m", "percent": "-2.365"}


def test_voluntary_failure_is_a_warning_not_a_failure(write: Write) -> None:
    spec = write("hot.yaml", EDGE.replace("max_power: 64 PS", "max_power: 70 PS"))
    result = run("check", str(spec))
    assert result.returncode == 0
    assert "WARN" in result.stdout
    assert "Warnings" in result.stdout


def test_missing_height_exits_3(write: Write) -> None:
    spec = write("noheight.yaml", EDGE.replace("height: 2000 mm\n", ""))
    result = run("check", str(spec))
    assert result.returncode == 3
    assert "INCOMPLETE" in result.stdout
    data = json.loads(run("check", str(spec), "--format", "json").stdout)
    height = next(r for r in data["results"] if r["rule"] == "height")
    assert height["status"] == "unknown"
    assert height["measured"] is None and height["margin"] is None
    assert data["verdict"] == "incomplete"


@pytest.mark.parametrize(
    ("on", "version"),
    [("1958-06-01", "1955"), ("1998-09-30", "1990"), ("1998-10-01", "1998"),
     ("1955-03-31", "1951"), ("1955-04-01", "1955"), ("1990-01-01", "1990")],
)
def test_on_picks_the_version_in_force(write: Write, on: str, version: str) -> None:
    spec = write("edge.yaml", EDGE)
    data = json.loads(run("check", str(spec), "--on", on, "--format", "json").stdout)
    assert data["ruleset"]["name"] == f"jp-kei@{version}"
    assert data["on"] == on


def test_on_manufactured_uses_the_date_of_manufacture(write: Write) -> None:
    spec = write("edge.yaml", EDGE.replace("2020-05-01", "1991-11"))
    data = json.loads(run("check", str(spec), "--on", "manufactured", "-f", "json").stdout)
    assert data["on"] == "1991-11-01"
    assert data["ruleset"]["name"] == "jp-kei@1990"


def test_on_manufactured_notes_a_period_spanning_a_change(write: Write) -> None:
    spec = write("edge.yaml", EDGE.replace("2020-05-01", "1998"))
    data = json.loads(run("check", str(spec), "--on", "manufactured", "-f", "json").stdout)
    assert data["ruleset"]["name"] == "jp-kei@1990"
    assert any("jp-kei@1998" in note for note in data["notes"])


def test_ruleset_by_path(write: Write) -> None:
    ruleset = write("whatif.yaml", """\
format: keirules-ruleset/1
family: us-kei-whatif
version: "2026"
title: What if the US took the kei box with a 1.6 m width
jurisdiction: US
status: what_if
effective_from: 2026-01-01
extends: jp-kei@1998
sources:
  idea: {title: An analyst's what-if}
rules:
  - {id: width, field: width, max: 1.60 m, source: idea}
""")
    spec = write("wide.yaml", EDGE.replace("width: 1.48 m", "width: 1515 mm"))
    data = json.loads(run("check", str(spec), "-r", str(ruleset), "-f", "json").stdout)
    assert data["verdict"] == "pass"
    assert data["ruleset"]["status"] == "what_if"
    assert data["ruleset"]["extends"] == "jp-kei@1998"


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("length: '9**9**9 m'", ("line 12", "field 'length'", "expression")),
        ("length: 3395", ("field 'length'", "which unit")),
        ("length: 660 cc", ("field 'length'", "volume")),
        ("length: 3,4 m", ("field 'length'", "comma")),
        ("lenght: 3395 mm", ("field 'lenght'", "Did you mean 'length'")),
        ("length: [1, 2]", ("field 'length'",)),
        ("length: &a 3395 mm\nwidth: *a", ("alias",)),
        ("length: 3395 mm\nlength: 3396 mm", ("line 13", "repeats the key 'length'")),
        ("length: !!python/object:os.system x", ("tag",)),
    ],
)
def test_bad_spec_exits_2_with_one_paragraph(write: Write, text: str,
                                             needles: tuple[str, ...]) -> None:
    body = "\n".join(line for line in EDGE.splitlines() if not line.startswith("length"))
    spec = write("bad.yaml", body + "\n" + text + "\n")
    assert_bad_input(run("check", str(spec)), str(spec), *needles)


@pytest.mark.parametrize(
    ("replace", "needles"),
    [
        (("category: passenger", "category: truck"), ("'passenger' or 'cargo'",)),
        (("2020-05-01", "2023-02-30"), ("manufactured", "no day 30")),
        (("wheels: 4", "wheels: 4.5"), ("wheels", "whole number")),
    ],
)
def test_bad_values_exit_2(
    write: Write, replace: tuple[str, str], needles: tuple[str, ...]
) -> None:
    spec = write("bad.yaml", EDGE.replace(*replace))
    assert_bad_input(run("check", str(spec)), *needles)


def test_binary_and_missing_files_exit_2(tmp_path: Path) -> None:
    binary = tmp_path / "photo.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    assert_bad_input(run("check", str(binary)), str(binary))
    assert_bad_input(run("check", str(tmp_path / "nope.yaml")), "no such file")


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--ruleset", "jp-kie"), ("jp-kie", "Did you mean 'jp-kei'")),
        (("--ruleset", "jp-kei@1997"), ("jp-kei@1998",)),
        (("--on", "1948-01-01"), ("1949-07-08",)),
        (("--on", "2023-02-30"), ("evaluation date",)),
        (("--on", "yesterday"), ("evaluation date",)),
        (("--format", "pdf"), ("invalid choice",)),
    ],
)
def test_bad_options_exit_2(write: Write, args: tuple[str, ...], needles: tuple[str, ...]) -> None:
    spec = write("edge.yaml", EDGE)
    assert_bad_input(run("check", str(spec), *args), *needles)


def test_on_manufactured_without_a_date_exits_2(write: Write) -> None:
    spec = write("undated.yaml", EDGE.replace("manufactured: 2020-05-01\n", ""))
    assert_bad_input(run("check", str(spec), "--on", "manufactured"), "manufactured")


def test_no_command_is_a_usage_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_list_json_matches_the_contract() -> None:
    result = run("list", "--format", "json")
    assert result.returncode == 0
    entries = json.loads(result.stdout)
    jp = [entry for entry in entries if entry["family"] == "jp-kei"]
    assert [entry["name"] for entry in jp] == [f"jp-kei@{v}" for v in
                         ("1949", "1950", "1951", "1955", "1960", "1976", "1990", "1998")]
    keys = {"name", "family", "version", "title", "status", "effective_from", "effective_until",
            "jurisdiction", "provider"}  # provider: an extension (built-in or a plugin)
    assert all(set(entry) == keys for entry in entries)
    assert jp[7]["effective_until"] is None
    assert jp[6]["effective_until"] == "1998-09-30"
    table = run("list").stdout
    assert "jp-kei@1955" in table and "historical" in table


def test_show_prints_sources_and_disagreements() -> None:
    result = run("show", "jp-kei@1955")
    assert result.returncode == 0
    for needle in ("1954-10-01", "1955-04-04", "Sources", "hobbyist", "360 cc"):
        assert needle in result.stdout
    data = json.loads(run("show", "jp-kei", "--on", "1958-06-01", "-f", "json").stdout)
    assert data["version"] == "1955"
    assert {r["id"] for r in data["rules"]} >= {"length", "width", "height", "displacement"}
    yaml_text = run("show", "jp-kei@1998", "--format", "yaml").stdout
    assert "max: 3.40 m" in yaml_text


def test_validate(write: Write) -> None:
    good = write("good.yaml", EDGE)
    bad = write("bad.yaml", EDGE.replace("length: 3400 mm", "length: 3400"))
    ruleset = write("rs.yaml", "family: x\nversion: '1'\ntitle: t\njurisdiction: JP\n"
                    "status: draft\neffective_from: 2026-01-01\nsources: {a: {title: A}}\n"
                    "rules: [{id: l, field: length, max: 3 m}]\n")
    ok = run("validate", str(good), str(ruleset))
    assert ok.returncode == 0, ok.stderr
    assert "ok:" in ok.stdout and "rule set x@1" in ok.stdout
    mixed = run("validate", str(good), str(bad))
    assert mixed.returncode == 2
    assert "ok:" in mixed.stdout and str(bad) in mixed.stderr


@pytest.mark.parametrize("kind", ["vehicle", "ruleset", "report"])
def test_schema_prints_json_schema(kind: str) -> None:
    result = run("schema", kind)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    if kind == "vehicle":
        assert set(schema["properties"]) == set(FIELDS)
        assert schema["required"] == ["name"]


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert keirules.__version__ in result.stdout


def test_check_loads_only_what_one_vehicle_needs() -> None:
    """Cold start: `keirules check` on a spec in table form loads none of the other commands'
    modules, nor pint (the common units are built in), pydantic or any optional extra."""
    heavy = ("keirules.analysis", "keirules.routing", "keirules.rulesets.plugins",
             "keirules.batch.checker", "keirules.plot", "keirules.frames", "pint", "pydantic",
             "matplotlib", "pandas", "pyarrow", "importlib.metadata")
    code = ("import sys\nfrom keirules.cli import main\nmain(['check', sys.argv[1]])\n"
            f"print([m for m in {heavy!r} if m in sys.modules], file=sys.stderr)")
    spec = str(Path(__file__).resolve().parent.parent / "examples" / "honda-n-box-jf5.yaml")
    done = subprocess.run([sys.executable, "-c", code, spec], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"
