"""``timeline``: one vehicle against every dated version of a family, and when it qualified.

Exit status: 0 if the vehicle qualified in at least one period, 1 if it never did, 3 if it
never passed but some period could not be decided (missing data), 2 for bad input.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, NO_HEIGHT, examples
from conftest import run_cli as cli
from hypothesis import given, settings
from hypothesis import strategies as st

import keirules
from keirules import Catalog, Period, Timeline, UnknownRuleSetError, timeline

Write = Callable[[str, str], Path]

BEAT = EXAMPLES / "honda-beat-pp1.yaml"
KIA = EXAMPLES / "kia-morning-ta.yaml"
N360 = EXAMPLES / "honda-n360.yaml"
VERSIONS = ["1949", "1950", "1951", "1955", "1960", "1976", "1990", "1998"]


#: A two-wheeler that fits the 1949 rules; from 1950 kei meant three or four wheels.
TWO_WHEELER = """\
name: Small two-wheeler
wheels: 2
length: 1.9 m
width: 0.7 m
height: 1.1 m
powertrain: combustion
engine_cycle: two_stroke
displacement: 90 cc
"""


# -- the Honda Beat (1991, 656 cc): kei from 1990 on --------------------------------------------


def test_beat_fails_before_1990_on_displacement_and_length(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "timeline", str(BEAT), "--family", "jp-kei", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["family"] == "jp-kei"
    periods = {p["ruleset"]: p for p in data["periods"]}
    assert list(periods) == [f"jp-kei@{v}" for v in VERSIONS]
    for version in VERSIONS[:6]:
        period = periods[f"jp-kei@{version}"]
        assert period["verdict"] == "fail", version
        assert "length" in period["failed"], version
        assert any(rule.startswith("displacement") for rule in period["failed"]), version
    assert periods["jp-kei@1976"]["failed"] == ["length", "displacement"]
    for version in ("1990", "1998"):
        assert periods[f"jp-kei@{version}"]["verdict"] == "pass"
        assert periods[f"jp-kei@{version}"]["failed"] == []
    assert data["qualified"] == [{"from": "1990-01-01", "until": None}]


def test_beat_failures_carry_their_margins(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "timeline", str(BEAT), "-f", "json")
    p1976 = next(p for p in json.loads(out)["periods"] if p["ruleset"] == "jp-kei@1976")
    by_rule = {f["rule"]: f for f in p1976["failures"]}
    assert by_rule["length"]["margin"] == {"value": "-0.095", "unit": "m", "percent": "-2.969"}
    assert by_rule["displacement"]["measured"] == {"value": "656", "unit": "cc"}
    assert by_rule["displacement"]["limit"] == {"op": "<=", "value": "550", "unit": "cc"}


def test_beat_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "timeline", str(BEAT), "--family", "jp-kei")
    assert code == 0
    assert out.startswith("Honda Beat (PP1) qualified: 1990-01-01 to today.")
    assert "length -0.095 m (-3%)" in out
    assert "displacement -106 cc (-19.3%)" in out
    assert "jp-kei@1998   1998-10-01   today" in out


# -- JSON shape and periods ---------------------------------------------------------------------


def test_json_shape_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "timeline", str(N360), "-f", "json")
    data = json.loads(out)
    assert {"family", "periods"} <= set(data)
    assert data["vehicle"] == {"name": "Honda N360", "source": str(N360)}
    for period in data["periods"]:
        assert {"ruleset", "from", "until", "verdict", "failed"} <= set(period)
    # Oldest first, back to back, the last one open-ended.
    periods = data["periods"]
    for earlier, later in itertools.pairwise(periods):
        until = dt.date.fromisoformat(earlier["until"])
        assert until + dt.timedelta(days=1) == dt.date.fromisoformat(later["from"])
    assert periods[0]["from"] == "1949-07-08"
    assert periods[-1]["until"] is None
    assert data["qualified"] == [{"from": "1951-08-16", "until": None}]


def test_each_version_is_checked_on_its_first_day() -> None:
    result = timeline(N360)
    assert isinstance(result, Timeline)
    for period in result.periods:
        assert isinstance(period, Period)
        assert period.report.on == period.start == period.ruleset.effective_from
        assert period.end == period.ruleset.effective_until
    assert [p.ruleset.sha256 for p in result.periods] == \
        [keirules.load_ruleset(f"jp-kei@{v}").sha256 for v in VERSIONS]


def test_library_and_command_line_agree(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "timeline", str(KIA), "-f", "json")
    assert json.loads(out) == json.loads(json.dumps(timeline(KIA).as_dict()))


# -- exit status -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "code", "qualified"),
    [
        (BEAT, 0, [("1990-01-01", None)]),
        (KIA, 1, []),  # never kei: too long, too wide, 998 cc
        ("NO_HEIGHT", 3, []),  # only 1998 could pass, and it cannot be decided
        ("TWO_WHEELER", 0, [("1949-07-08", "1950-07-25")]),  # kei only under the 1949 rules
    ],
)
def test_exit_status(capsys: pytest.CaptureFixture[str], write: Write, spec: Path | str,
                     code: int, qualified: list[tuple[str, str | None]]) -> None:
    texts = {"NO_HEIGHT": NO_HEIGHT, "TWO_WHEELER": TWO_WHEELER}
    path = write(f"{spec}.yaml", texts[spec]) if isinstance(spec, str) else spec
    result = timeline(path)
    assert result.exit_code == code
    assert [(a.isoformat(), b.isoformat() if b else None) for a, b in result.qualified()] == \
        qualified
    assert cli(capsys, "timeline", str(path))[0] == code


def test_never_qualified_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "timeline", str(KIA))
    assert code == 1
    assert out.startswith("Kia Morning (TA) never qualified under jp-kei.")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["nope.yaml"], "nope.yaml"),
        ([str(BEAT), "--family", "jp-kay"], "Did you mean 'jp-kei'?"),
        ([str(BEAT), "--family", "jp-kei@1998"], "jp-kei@1998"),
        ([str(BEAT), "--format", "csv"], "invalid choice"),
    ],
)
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], args: list[str],
                           needle: str) -> None:
    code, out, err = cli(capsys, "timeline", *args)
    assert code == 2
    assert out == ""
    assert err.startswith("keirules: error: ") and err.count("\n") == 1
    assert needle in err


# -- separate spans: qualified, then not, then again --------------------------------------------

TOY = """\
family: toy-kei
version: "{version}"
title: Toy {version}
jurisdiction: JP
status: {status}
effective_from: {version}-01-01
sources: {{law: {{title: Toy Act}}}}
rules:
  - {{id: length, field: length, max: {limit}}}
"""


def _toy(folder: Path, versions: list[tuple[str, str, str]]) -> Catalog:
    """A toy family, one version per (version, status, length limit); 'none' as the limit
    makes a version whose one rule reads the width instead (which the vehicles lack)."""
    for version, status, limit in versions:
        path = folder / "toy-kei" / f"{version}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = TOY.format(version=version, status=status, limit=limit)
        if limit == "none":
            text = TOY.format(version=version, status=status, limit="1.5 m").replace(
                "field: length", "field: width")
        path.write_text(text, encoding="utf-8")
    return Catalog([folder])


def test_qualified_then_not_then_again_is_two_spans(tmp_path: Path) -> None:
    catalog = _toy(tmp_path, [
        ("2000", "historical", "3.0 m"),
        ("2005", "historical", "3.1 m"),
        ("2010", "historical", "2.9 m"),  # the vehicle (3.0 m) is too long here
        ("2015", "historical", "3.0 m"),
        ("2018", "draft", "2.0 m"),  # never part of the timeline
        ("2020", "in_force", "3.2 m"),
    ])
    result = timeline({"name": "Three metres", "length": "3000 mm"}, "toy-kei", catalog=catalog)
    assert [p.ruleset.name for p in result.periods] == [
        "toy-kei@2000", "toy-kei@2005", "toy-kei@2010", "toy-kei@2015", "toy-kei@2020"]
    assert [p.verdict for p in result.periods] == ["pass", "pass", "fail", "pass", "pass"]
    assert result.qualified() == [
        (dt.date(2000, 1, 1), dt.date(2009, 12, 31)),
        (dt.date(2015, 1, 1), None),
    ]
    assert result.as_dict()["qualified"] == [
        {"from": "2000-01-01", "until": "2009-12-31"},
        {"from": "2015-01-01", "until": None},
    ]
    assert result.exit_code == 0


def test_an_undecided_period_also_separates_spans(tmp_path: Path) -> None:
    catalog = _toy(tmp_path, [("2000", "historical", "3.0 m"), ("2010", "historical", "none"),
                              ("2020", "in_force", "3.0 m")])
    result = timeline({"name": "No width", "length": "3 m"}, "toy-kei", catalog=catalog)
    assert [p.verdict for p in result.periods] == ["pass", "incomplete", "pass"]
    assert result.qualified() == [(dt.date(2000, 1, 1), dt.date(2009, 12, 31)),
                                  (dt.date(2020, 1, 1), None)]


def test_a_family_without_dated_versions_has_no_timeline(tmp_path: Path) -> None:
    catalog = _toy(tmp_path, [("2000", "what_if", "3 m"), ("2010", "draft", "3 m")])
    with pytest.raises(UnknownRuleSetError) as info:
        timeline({"name": "x", "length": "3 m"}, "toy-kei", catalog=catalog)
    assert info.value.field == "family"
    assert "no dated versions" in str(info.value)


@settings(max_examples=examples(40), deadline=None)
@given(limits=st.lists(st.sampled_from(["2.9 m", "3.0 m", "3.1 m", "none"]), min_size=1,
                       max_size=7))
def test_spans_are_the_runs_of_passing_versions(tmp_path_factory: pytest.TempPathFactory,
                                                limits: list[str]) -> None:
    """A vehicle 3.0 m long under versions 2000, 2001 ... with random limits (or none)."""
    versions = [(str(2000 + i), "historical", limit) for i, limit in enumerate(limits)]
    catalog = _toy(tmp_path_factory.mktemp("toy"), versions)
    result = timeline({"name": "Three metres", "length": "3 m"}, "toy-kei", catalog=catalog)
    passing = [limit in ("3.0 m", "3.1 m") for limit in limits]
    expected: list[tuple[dt.date, dt.date | None]] = []
    for i, ok in enumerate(passing):
        if not ok:
            continue
        end = dt.date(2000 + i, 12, 31) if i + 1 < len(limits) else None
        if i and passing[i - 1]:
            expected[-1] = (expected[-1][0], end)
        else:
            expected.append((dt.date(2000 + i, 1, 1), end))
    assert result.qualified() == expected
    verdicts = {p.verdict for p in result.periods}
    assert result.exit_code == (0 if "pass" in verdicts else 3 if "incomplete" in verdicts
                                else 1)
    assert result.exit_code == (0 if any(passing) else 3 if "none" in limits else 1)


def test_help_documents_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "timeline", "--help")
    assert code == 0
    assert "Exit status: 0 if it qualified under some version, 1 if under none, 3 if" in \
        " ".join(out.split())
