"""Dates of manufacture as periods: the cases of the dates issue, and properties over them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import examples, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import keirules
from keirules.rulesets.catalog import Catalog
from keirules.rulesets.model import RuleSet

D = dt.date
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BEAT = EXAMPLES / "honda-beat-pp1.yaml"
AGES = """\
format: keirules-ruleset/1
family: ages-test
version: "1"
title: Age rules counted every way (test fixture, not a regulation)
jurisdiction: US
status: what_if
effective_from: 1900-01-01
sources: {fixture: {title: Test fixture}}
rules:
  - {id: old-day, field: manufactured, min_age: 25 years}
  - {id: old-month, field: manufactured, min_age: 25 years, count: month}
  - {id: old-year, field: manufactured, min_age: 21 years, count: calendar_year}
  - {id: young-day, field: manufactured, max_age: 6 months}
  - {id: young-month, field: manufactured, max_age: 18 months, count: month}
  - {id: young-year, field: manufactured, max_age: 1 year, count: calendar_year}
  - {id: zero, field: manufactured, min_age: 0 months}
"""


@pytest.fixture(scope="module")
def ages(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    path = tmp_path_factory.mktemp("ages") / "ages.yaml"
    path.write_text(AGES, encoding="utf-8")
    return Catalog([]).load_file(path)


def write_spec(tmp_path: Path, **fields: Any) -> str:
    path = tmp_path / "car.yaml"
    path.write_text("\n".join(f"{k}: {v}" for k, v in {"name": "Car", **fields}.items()) + "\n",
                    encoding="utf-8")
    return str(path)


# -- the cases of the issue --------------------------------------------------------------------


def test_a_year_of_manufacture_is_not_a_pass(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, manufactured=2001)
    code, out, _ = run_cli(capsys, "check", spec, "-r", "us-import", "--on", "2026-06-01",
                           "-f", "json")
    assert code == 3
    report = json.loads(out)
    assert report["verdict"] == "incomplete"
    nhtsa = next(r for r in report["results"] if r["rule"] == "nhtsa-25-year")
    assert nhtsa["status"] == "unknown"
    assert nhtsa["reason"] == ("25 years are reached between 2026-01-01 and 2026-12-31: the "
                               "date of manufacture is known only to the year")


def test_a_year_of_manufacture_leaves_the_import_route_undetermined(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, manufactured=2001, features="{original_configuration: true}")
    code, out, _ = run_cli(capsys, "routes", spec, "--market", "US", "--on", "2026-06-01",
                           "-f", "json")
    route = next(r for r in json.loads(out)["routes"] if r["route"] == "import-25-year")
    assert route["status"] == "undetermined"
    assert (route["opens_on"], route["possibly_from"]) == ("2026-12-31", "2026-01-01")
    assert "known only to the year" in route["reason"]
    assert code == 3
    later = keirules.routes(spec, "US", "2026-12-31").route("import-25-year")
    assert later.status == "open"


def test_a_car_built_on_a_known_day_qualifies_from_its_25th_birthday(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, manufactured="1991-05-15",
                      features="{original_configuration: true}")
    code, out, _ = run_cli(capsys, "timeline", spec, "--family", "us-import", "-f", "json")
    data = json.loads(out)
    assert code == 0
    assert data["qualified"] == [{"from": "2016-05-15", "until": None}]
    before = [p for p in data["periods"] if p["until"] == "2016-05-14"]
    assert before and before[0]["verdict"] == "fail"
    assert set(data["periods"][0]) >= {"ruleset", "from", "until", "verdict", "failed"}


def test_the_beat_timeline_qualifies_and_shows_no_negative_age(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "timeline", str(BEAT), "--family", "us-import", "-f", "json")
    data = json.loads(out)
    assert code in (0, 3)  # 3 while the Beat's spec does not declare its configuration
    verdicts = [p["verdict"] for p in data["periods"]]
    assert "fail" in verdicts and verdicts[-1] in ("pass", "incomplete")
    for period in data["periods"]:
        for failure in period["failures"]:
            assert not (failure["measured"] or {}).get("value", "").startswith("-")


def test_epa_counts_calendar_years() -> None:
    report = keirules.check({"name": "Dec 2005", "manufactured": "2005-12-15"}, "us-import",
                            "2026-01-02")
    epa = next(r for r in report.results if r.rule.id == "epa-21-year")
    assert epa.status == "pass"
    assert "calendar years" in epa.reason


def test_a_future_date_of_manufacture_is_not_yet_manufactured(tmp_path: Path) -> None:
    report = keirules.check({"name": "Future", "manufactured": "2031-05"}, "us-import",
                            "2026-06-01")
    nhtsa = next(r for r in report.results if r.rule.id == "nhtsa-25-year")
    assert nhtsa.status == "fail"
    assert nhtsa.reason == "not yet manufactured on 2026-06-01 (manufactured 2031-05)"
    assert nhtsa.measured is None and nhtsa.margin is None
    text = json.dumps(report.as_dict())
    assert '"-' not in text


def test_contradictory_displacement_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, displacement="656 cc", bore="80 mm", stroke="80 mm",
                      cylinders=3)
    code, _, err = run_cli(capsys, "check", spec)
    assert code == 2
    assert "656 cc" in err and "bore 80 mm" in err and "1206.4 cc" in err


@pytest.mark.parametrize(("fields", "ok"), [
    ({"displacement": "657 cc", "bore": "65.0 mm", "stroke": "66.0 mm", "cylinders": 3}, True),
    ({"displacement": "656 cc", "bore": "65.0 mm", "stroke": "66.0 mm", "cylinders": 3}, True),
    ({"displacement": "650 cc", "bore": "65.0 mm", "stroke": "66.0 mm", "cylinders": 3}, False),
    ({"displacement": "650 cc", "bore": "65 mm", "stroke": "66 mm", "cylinders": 3}, True),
    ({"wheelbase": "2.52 m", "length": "3.395 m"}, True),
    ({"wheelbase": "3.50 m", "length": "3.40 m"}, False),
    ({"track_front": "1.50 m", "width": "1.48 m"}, False),
    ({"curb_mass": "1000 kg", "gross_mass": "900 kg"}, False),
    ({"curb_mass": "700 kg", "max_payload": "350 kg", "gross_mass": "1000 kg"}, False),
    ({"curb_mass": "700 kg", "max_payload": "350 kg", "gross_mass": "1160 kg"}, True),
    ({"rated_power": "50 kW", "max_power": "47 kW"}, False),
])
def test_figures_that_contradict_each_other(fields: dict[str, Any], ok: bool) -> None:
    spec = {"name": "Car", **fields}
    if ok:
        keirules.to_vehicle(spec)
    else:
        with pytest.raises(keirules.SpecError):
            keirules.to_vehicle(spec)
        rows = list(keirules.check_catalog([spec, {"name": "fine"}], "jp-kei", "2020-01-01"))
        assert [r.verdict for r in rows] == ["error", "incomplete"]


def test_compare_as_built(capsys: pytest.CaptureFixture[str]) -> None:
    alto = EXAMPLES / "suzuki-alto-ss30v.yaml"
    code, out, _ = run_cli(capsys, "compare", str(BEAT), str(alto), "-r", "jp-kei",
                           "--on", "manufactured", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["on"] == "manufactured"
    cells = {c["vehicle"]: c for c in data["cells"]}
    assert cells[0]["ruleset_name"] == "jp-kei@1990" and cells[0]["on"] == "1991-05-01"
    assert cells[1]["ruleset_name"] == "jp-kei@1976"
    _, out, _ = run_cli(capsys, "compare", str(BEAT), "-r", "jp-kei", "--on", "manufactured")
    assert "as built" in out and "jp-kei@1990 on 1991-05-01" in out


def test_as_built_across_a_change_of_version() -> None:
    car = {"name": "1998 car", "manufactured": "1998", "length": "3.35 m", "width": "1.45 m",
           "height": "1.6 m", "displacement": "660 cc", "powertrain": "combustion",
           "category": "passenger", "max_power": "47 kW", "seats": 4, "wheels": 4}
    report = keirules.check(car, "jp-kei", "manufactured")
    assert report.verdict == "incomplete"
    length = next(r for r in report.results if r.rule.id == "length")
    assert length.status == "unknown"
    assert "jp-kei@1990" in length.reason and "jp-kei@1998" in length.reason
    assert any("jp-kei@1990 and jp-kei@1998" in note for note in report.notes)
    late = keirules.check({**car, "manufactured": "1998-11"}, "jp-kei", "manufactured")
    assert late.verdict == "pass" and late.ruleset.name == "jp-kei@1998"


# -- properties ---------------------------------------------------------------------------------


@st.composite
def partial_dates(draw: st.DrawFn) -> tuple[str, dt.date, dt.date]:
    """A date of manufacture as text, with the first and last day of its period."""
    day = draw(st.dates(D(1960, 1, 1), D(2030, 12, 31)))
    precision = draw(st.sampled_from([4, 7, 10]))
    text = day.isoformat()[:precision]
    made = keirules.to_vehicle({"name": "x", "manufactured": text}).manufactured
    assert made is not None
    return text, made.first, made.last


def _outcome(report: keirules.Report) -> tuple[str, list[str]]:
    return report.verdict, [r.rule.id for r in report.failures]


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(made=partial_dates(), on=st.dates(D(1960, 1, 1), D(2060, 12, 31)),
       inside=st.floats(0, 1), which=st.sampled_from(["ages", "us-import"]))
def test_a_partial_date_agrees_with_every_day_of_its_period_or_is_incomplete(
        ages: RuleSet, made: tuple[str, dt.date, dt.date], on: dt.date, inside: float,
        which: str) -> None:
    text, first, last = made
    ruleset: Any = ages if which == "ages" else "us-import@2010"
    partial = keirules.check({"name": "x", "manufactured": text}, ruleset, on)
    middle = first + dt.timedelta(days=round((last - first).days * inside))
    days = {first, last, middle, min(max(on, first), last)}
    full = {d: keirules.check({"name": "x", "manufactured": d.isoformat()}, ruleset, on)
            for d in days}
    by_rule = {r.rule.id: r.status for r in partial.results}
    for report in full.values():
        for result in report.results:
            assert by_rule[result.rule.id] in (result.status, "unknown")
    if partial.verdict != "incomplete":
        for report in full.values():
            assert report.verdict == partial.verdict
    assert all(r.rule.id in by_rule for r in partial.results)
    if len({report.verdict for report in full.values()}) > 1:
        assert partial.verdict == "incomplete"
    _no_negative_age(partial)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(made=partial_dates(), family=st.sampled_from(["jp-kei", "us-import"]))
def test_as_built_agrees_with_every_day_of_its_period_or_is_incomplete(
        made: tuple[str, dt.date, dt.date], family: str) -> None:
    text, first, last = made
    car = {"name": "x", "manufactured": text, "length": "3.30 m", "width": "1.40 m",
           "height": "1.5 m", "displacement": "550 cc", "powertrain": "combustion",
           "category": "passenger", "max_power": "47 kW", "seats": 4, "wheels": 4}
    try:
        partial = keirules.check(car, family, "manufactured")
    except keirules.KeirulesError:
        return  # before the family's first version
    for day in {first, last, first + (last - first) / 2}:
        try:
            full = keirules.check({**car, "manufactured": day.isoformat()}, family,
                                  "manufactured")
        except keirules.KeirulesError:
            continue
        if partial.verdict != "incomplete":
            assert full.verdict == partial.verdict


def _no_negative_age(report: keirules.Report) -> None:
    for result in report.as_dict()["results"]:
        if result["limit"]["op"].startswith("age"):
            assert not (result["measured"] or {}).get("value", "0").startswith("-")


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(made=partial_dates(), on=st.dates(D(1960, 1, 1), D(2060, 12, 31)))
def test_ages_are_never_negative_in_reports_and_exports(
        ages: RuleSet, made: tuple[str, dt.date, dt.date], on: dt.date) -> None:
    spec = {"name": "x", "manufactured": made[0]}
    report = keirules.check(spec, ages, on)
    _no_negative_age(report)
    assert "-" not in "".join(str(r.measured) for r in report.results if r.measured is not None)
    matrix = keirules.compare([spec], [ages], on).as_dict()
    for cell in matrix["cells"]:
        for failure in cell["failures"]:
            assert not (failure["measured"] or {}).get("value", "0").startswith("-")
