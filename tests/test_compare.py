"""``compare``: every vehicle against every rule set, the matrix JSON and its exit status.

Also the package's analysis exports: ``from keirules import compare`` is the function, and
``import keirules`` does not pay for loading it.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, NO_HEIGHT
from conftest import run_cli as cli

import keirules
from keirules import Matrix, UsageError, compare

Write = Callable[[str, str], Path]

N_BOX = EXAMPLES / "honda-n-box-jf5.yaml"
SMART = EXAMPLES / "smart-fortwo-w450.yaml"
N360 = EXAMPLES / "honda-n360.yaml"
US_WIDTH = EXAMPLES / "whatif" / "us-kei-1600-width.yaml"
ON = "2026-06-01"



# -- JSON shape (command line contract) --------------------------------------------------------


def test_json_shape_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "compare", str(N_BOX), str(SMART), "-r", "jp-kei@1990",
                         "-r", "jp-kei@1998", "--on", ON, "-f", "json")
    assert code == 1, err
    data = json.loads(out)
    assert {"report_version", "rulesets", "vehicles", "cells"} <= set(data)
    assert data["report_version"] == 1
    assert data["on"] == ON
    assert [r["name"] for r in data["rulesets"]] == ["jp-kei@1990", "jp-kei@1998"]
    for ref in data["rulesets"]:
        assert {"name", "title", "status", "effective_from", "effective_until", "extends",
                "file", "sha256"} <= set(ref)
    assert data["vehicles"] == [
        {"name": "Honda N-Box (JF5)", "source": str(N_BOX)},
        {"name": "smart fortwo (W450)", "source": str(SMART)},
    ]
    # One cell per vehicle and rule set, vehicle by vehicle.
    cells = data["cells"]
    assert [(c["vehicle"], c["ruleset"]) for c in cells] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    for cell in cells:
        assert {"vehicle", "ruleset", "verdict", "failed"} <= set(cell)
        assert cell["verdict"] in ("pass", "fail", "incomplete")
    verdicts = {(c["vehicle"], c["ruleset"]): (c["verdict"], c["failed"]) for c in cells}
    assert verdicts == {
        (0, 0): ("fail", ["length", "width"]),
        (0, 1): ("pass", []),
        (1, 0): ("fail", ["width"]),
        (1, 1): ("fail", ["width"]),
    }


def test_cells_carry_the_failures_margins(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "compare", str(SMART), "-r", "jp-kei@1998", "-f", "json")
    [cell] = json.loads(out)["cells"]
    [failure] = cell["failures"]
    assert failure["rule"] == "width"
    assert failure["measured"] == {"value": "1.515", "unit": "m"}
    assert failure["limit"] == {"op": "<=", "value": "1.48", "unit": "m"}
    assert failure["margin"] == {"value": "-0.035", "unit": "m", "percent": "-2.365"}


def test_library_matrix_gives_the_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    matrix = compare([N_BOX, SMART], ["jp-kei@1990", "jp-kei@1998"], on=ON)
    assert isinstance(matrix, Matrix)
    assert matrix.cell(1, 0).ruleset.name == "jp-kei@1990"
    assert matrix.cell(1, 0).vehicle.name == "smart fortwo (W450)"
    _, out, _ = cli(capsys, "compare", str(N_BOX), str(SMART), "-r", "jp-kei@1990",
                    "-r", "jp-kei@1998", "--on", ON, "-f", "json")
    assert json.loads(out) == json.loads(json.dumps(matrix.as_dict()))


# -- exit status -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("specs", "rulesets", "code"),
    [
        ([N_BOX], ["jp-kei@1998"], 0),
        ([N_BOX, N360], ["jp-kei@1998"], 0),
        ([N_BOX], ["jp-kei@1990"], 1),
        ([N_BOX, SMART], ["jp-kei@1998"], 1),  # one failing cell is enough
        (["NO_HEIGHT"], ["jp-kei@1998"], 3),
        (["NO_HEIGHT", N_BOX], ["jp-kei@1998"], 3),
        (["NO_HEIGHT", SMART], ["jp-kei@1998"], 1),  # a failure outranks missing data
        (["NO_HEIGHT"], ["jp-kei@1998", str(US_WIDTH)], 3),
        (["NO_HEIGHT"], ["jp-kei@1990", "jp-kei@1998"], 1),  # 1.47 m is too wide in 1990
    ],
)
def test_exit_status(capsys: pytest.CaptureFixture[str], write: Write,
                     specs: list[Path | str], rulesets: list[str], code: int) -> None:
    paths = [str(write("no-height.yaml", NO_HEIGHT)) if s == "NO_HEIGHT" else str(s)
             for s in specs]
    args = [a for name in rulesets for a in ("-r", name)]
    assert cli(capsys, "compare", *paths, *args, "--on", ON)[0] == code
    assert compare(paths, rulesets, on=ON).exit_code == code


def test_exit_status_in_a_real_process() -> None:
    done = subprocess.run([sys.executable, "-m", "keirules", "compare", str(N_BOX), str(SMART),
                           "-r", "jp-kei"], capture_output=True, text=True, check=False,
                          timeout=60)
    assert done.returncode == 1
    assert "FAIL" in done.stdout and "width" in done.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["nope.yaml", "-r", "jp-kei"], "nope.yaml"),
        ([str(N_BOX), "-r", "jp-kay"], "Did you mean 'jp-kei'?"),
        ([str(N_BOX), "-r", "jp-kei@1999"], "has no version '1999'"),
        ([str(N_BOX), "-r", "missing/rules.yaml"], "rules.yaml"),
        ([str(N_BOX), "-r", "jp-kei", "--on", "manufactured", "-f", "pdf"], "pdf"),
        ([str(N_BOX), "-r", "jp-kei", "--on", "1998-02-30"], "evaluation date"),
        ([str(N_BOX), "-r", "jp-kei", "--on", "1900-01-01"], "no version of 'jp-kei'"),
        ([str(N_BOX)], "--ruleset"),
    ],
)
def test_bad_input_exits_2_with_one_paragraph(capsys: pytest.CaptureFixture[str],
                                              args: list[str], needle: str) -> None:
    code, out, err = cli(capsys, "compare", *args)
    assert code == 2
    assert out == ""
    assert err.startswith("keirules: error: ") and err.count("\n") == 1
    assert needle in err


def test_manufactured_checks_each_vehicle_as_built_and_needs_its_date() -> None:
    matrix = compare([N_BOX], ["jp-kei"], on="manufactured")
    assert matrix.on is None and matrix.as_dict()["on"] == "manufactured"
    assert matrix.cell(0, 0).on == dt.date(2023, 10, 1)
    with pytest.raises(UsageError):
        compare([{"name": "Undated"}], ["jp-kei"], on="manufactured")


# -- naming rule sets ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [("1958-06-01", "jp-kei@1955"), ("1998-09-30", "jp-kei@1990"),
     ("1998-10-01", "jp-kei@1998"), ("1976-01-01", "jp-kei@1976")],
)
def test_family_names_resolve_on_the_date(capsys: pytest.CaptureFixture[str], on: str,
                                          expected: str) -> None:
    _, out, _ = cli(capsys, "compare", str(N360), "-r", "jp-kei", "--on", on, "-f", "json")
    data = json.loads(out)
    assert [r["name"] for r in data["rulesets"]] == [expected]
    assert data["on"] == on


def test_family_defaults_to_today() -> None:
    assert compare([N360], ["jp-kei"]).on == dt.date.today()
    assert compare([N360], ["jp-kei"]).rulesets[0].name == \
        keirules.load_ruleset("jp-kei", dt.date.today()).name


def test_family_versions_and_files_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "compare", str(SMART), "-r", "jp-kei", "-r", "jp-kei@1955",
                       "-r", str(US_WIDTH), "--on", "1958-06-01", "-f", "json")
    data = json.loads(out)
    assert [(r["name"], r["file"]) for r in data["rulesets"]] == [
        ("jp-kei@1955", None), ("jp-kei@1955", None),
        ("us-kei-whatif@2026", str(US_WIDTH)),
    ]
    # The same version named two ways is the same rule set, with the same hash.
    assert data["rulesets"][0]["sha256"] == data["rulesets"][1]["sha256"]
    assert [c["verdict"] for c in data["cells"]] == ["fail", "fail", "pass"]
    assert code == 1


def test_library_accepts_rule_set_objects_paths_and_mappings() -> None:
    ruleset = keirules.load_ruleset("jp-kei@1998")
    matrix = compare([{"name": "Inline", "length": "3.5 m"}, N_BOX],
                     [ruleset, US_WIDTH], on=dt.date(2026, 6, 1))
    assert [v.name for v in matrix.vehicles] == ["Inline", "Honda N-Box (JF5)"]
    assert matrix.cell(0, 0).verdict == "fail"
    assert matrix.cell(1, 1).ruleset.name == "us-kei-whatif@2026"


# -- table ---------------------------------------------------------------------------------------


def test_table_lists_verdicts_and_failed_rules(capsys: pytest.CaptureFixture[str],
                                               write: Write) -> None:
    no_height = write("no-height.yaml", NO_HEIGHT)
    code, out, _ = cli(capsys, "compare", str(SMART), str(no_height), "-r", "jp-kei@1998",
                       "--on", ON)
    assert code == 1
    assert "Verdicts on 2026-06-01" in out
    assert "smart fortwo (W450)" in out and "FAIL" in out and "width" in out
    assert "incomplete" in out and "? height" in out
    assert "jp-kei@1998 = Japan light motor vehicle (kei), 1998" in " ".join(out.split())


# -- the package exports ------------------------------------------------------------------------

ANALYSIS = ("Diff", "Matrix", "Period", "RuleChange", "Timeline", "compare", "diff", "timeline")


@pytest.mark.parametrize("name", ANALYSIS)
def test_analysis_names_are_exported(name: str) -> None:
    from keirules import analysis

    assert name in keirules.__all__
    assert name in dir(keirules)
    assert getattr(keirules, name) is getattr(analysis, name)


def test_compare_is_the_function_not_a_module() -> None:
    assert inspect.isfunction(keirules.compare)
    assert inspect.isfunction(compare)
    assert inspect.signature(compare).return_annotation in ("Matrix", Matrix)


@pytest.mark.parametrize(
    "first",
    [
        "import keirules",
        "import keirules.analysis",
        "from keirules.render.documents import document_outline",  # the CLI's table path
        "from keirules.cli import main; main(['compare', {spec!r}, '-r', 'jp-kei@1998'])",
    ],
)
def test_compare_stays_the_function_whatever_was_imported_first(first: str) -> None:
    code = (
        first.format(spec=str(N_BOX)) + "\n"
        "import inspect, sys, keirules\n"
        "from keirules import compare, timeline, diff, Matrix\n"
        "assert inspect.isfunction(compare) and compare is keirules.compare, compare\n"
        "assert inspect.isfunction(timeline) and inspect.isfunction(diff)\n"
        "assert compare([], ['jp-kei@1998']).rulesets[0].name == 'jp-kei@1998'\n"
        "assert type(compare([], ['jp-kei@1998'])) is Matrix\n"
        "assert 'keirules.compare' not in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("ok\n")


def test_importing_keirules_does_not_load_the_analysis() -> None:
    code = ("import sys, keirules\n"
            "print(sorted(m for m in ('keirules.analysis', 'rich', 'pint', 'pydantic')"
            " if m in sys.modules))\n"
            "keirules.timeline\n"
            "print('keirules.analysis' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.split("\n")[:2] == ["[]", "True"]


def test_unknown_attribute_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'comapre'"):
        keirules.comapre  # type: ignore[attr-defined]  # noqa: B018
