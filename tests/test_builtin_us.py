"""The built-in US rule sets (us-import, us-lsv, us-fmvss-considerations) against the reference.

Every rule of every version is listed here by hand from the regulations reference (section 4),
so a slip in a YAML file fails a test; then ages to the day, the change-over dates of the
low-speed vehicle definition, and limits met exactly in another unit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builtin_reference import (
    ELECTRIC,
    ENGINE,
    Row,
    advisory,
    assert_matches,
    assert_show_prints_sources_and_notes,
    builtin,
    feature,
    legal,
    statuses,
)
from hypothesis import given
from hypothesis import strategies as st

import keirules
from keirules import UnknownRuleSetError, default_catalog
from keirules.dates import add_years

D = dt.date
DAY = dt.timedelta(days=1)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

LSV_EQUIPMENT: dict[str, Row] = {
    "headlamps": feature("headlamps"),
    "turn-signal-lamps": feature("turn_signal_lamps"),
    "tail-lamps": feature("tail_lamps"),
    "stop-lamps": feature("stop_lamps"),
    "reflex-reflectors": feature("reflex_reflectors"),
    "mirrors": feature("mirrors"),
    "parking-brake": feature("parking_brake"),
    "windshield": feature("windshield"),
    "vin": feature("vin"),
    "seat-belts": feature("seat_belts"),
}
LSV_1998: dict[str, Row] = {
    "wheels": legal("wheels", "equals", 4),
    "not-a-truck": legal("category", "equals", "passenger"),
    "top-speed-min": legal("top_speed", "greater_than", "20 mph"),
    "top-speed-max": legal("top_speed", "max", "25 mph"),
    "top-speed-metric": advisory("top_speed", "max", "40 km/h"),
    **LSV_EQUIPMENT,
}
LSV_2005 = {
    **{k: v for k, v in LSV_1998.items() if k != "not-a-truck"},
    "gvwr": legal("gross_mass", "less_than", "2500 lb"),
}
LSV_2006 = {
    **LSV_2005,
    "gvwr": legal("gross_mass", "less_than", "3000 lb"),
    "rear-visibility": feature("rear_visibility", "advisory"),
}
FMVSS = {
    "frontal-airbags": feature("frontal_airbags", "advisory"),
    "advanced-airbags": feature("advanced_airbags", "advisory"),
    "side-impact": feature("side_impact_protection", "advisory"),
    "side-pole": feature("side_pole_protection", "advisory"),
    "roof-crush": feature("roof_crush_resistance", "advisory"),
    "rear-visibility": feature("rear_visibility", "advisory"),
    "lighting": feature("fmvss_108_lighting", "advisory"),
    "esc": feature("esc", "advisory"),
    "tpms": feature("tpms", "advisory"),
    "bumpers": feature("part_581_bumpers", "advisory"),
    "fuel-system-integrity": feature("fuel_system_integrity", "advisory", ENGINE),
    "ev-electrical-safety": feature("ev_electrical_safety", "advisory", ELECTRIC),
}
REFERENCE: dict[str, dict[str, Row]] = {
    "us-import@1990": {
        "nhtsa-25-year": legal("manufactured", "min_age", "25 years"),
        "epa-21-year": advisory("manufactured", "min_age", "21 years"),
    },
    "us-import@2010": {
        "nhtsa-25-year": legal("manufactured", "min_age", "25 years"),
        "epa-21-year": legal("manufactured", "min_age", "21 years"),
    },
    "us-lsv@1998": LSV_1998,
    "us-lsv@2005": LSV_2005,
    "us-lsv@2006": LSV_2006,
    "us-fmvss-considerations@2025": FMVSS,
}
# name -> (effective from, status, extends)
DATES = {
    "us-import@1990": (D(1990, 1, 31), "historical", None),
    "us-import@2010": (D(2010, 7, 1), "in_force", "us-import@1990"),
    "us-lsv@1998": (D(1998, 6, 17), "historical", None),
    "us-lsv@2005": (D(2005, 10, 3), "historical", "us-lsv@1998"),
    "us-lsv@2006": (D(2006, 6, 5), "in_force", "us-lsv@2005"),
    "us-fmvss-considerations@2025": (D(2025, 12, 3), "draft", None),
}
NAMES = list(REFERENCE)


def test_the_us_families_and_versions_are_the_reference_ones() -> None:
    catalog = default_catalog()
    us = [name for name in catalog.names() if name.startswith("us-")]
    assert sorted(us) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_matches_the_reference(name: str) -> None:
    assert_matches(builtin(name), REFERENCE[name])


@pytest.mark.parametrize("name", NAMES)
def test_dates_status_and_lineage(name: str) -> None:
    ruleset = builtin(name)
    effective_from, status, extends = DATES[name]
    assert (ruleset.effective_from, ruleset.status, ruleset.extends) == (
        effective_from, status, extends)
    assert ruleset.jurisdiction == "US"
    assert ruleset.builtin


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_cites_a_titled_source(name: str) -> None:
    for rule in builtin(name).rules:
        assert rule.source.title.strip(), rule.id
        assert rule.source.url is None or rule.source.url.startswith(("https://", "http://"))


@pytest.mark.parametrize("name", NAMES)
def test_show_prints_sources_and_notes(name: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert_show_prints_sources_and_notes(name, capsys, monkeypatch)


# -- change-over dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "on", "expected"),
    [
        ("us-import", D(1990, 1, 31), "us-import@1990"),
        ("us-import", D(2010, 6, 30), "us-import@1990"),
        ("us-import", D(2010, 7, 1), "us-import@2010"),
        ("us-import", D(2026, 11, 25), "us-import@2010"),
        ("us-lsv", D(1998, 6, 17), "us-lsv@1998"),
        ("us-lsv", D(2005, 10, 2), "us-lsv@1998"),
        ("us-lsv", D(2005, 10, 3), "us-lsv@2005"),
        ("us-lsv", D(2006, 6, 4), "us-lsv@2005"),
        ("us-lsv", D(2006, 6, 5), "us-lsv@2006"),
        ("us-lsv", D(2026, 11, 25), "us-lsv@2006"),
    ],
)
def test_the_version_in_force_changes_on_the_effective_day(
    family: str, on: dt.date, expected: str
) -> None:
    assert default_catalog().get(family, on).name == expected


@pytest.mark.parametrize(("family", "first"), [("us-import", D(1990, 1, 31)),
                                               ("us-lsv", D(1998, 6, 17))])
def test_nothing_is_in_force_before_the_first_version(family: str, first: dt.date) -> None:
    with pytest.raises(UnknownRuleSetError) as info:
        default_catalog().get(family, first - DAY)
    assert first.isoformat() in str(info.value)


def test_the_fmvss_checklist_is_a_draft_never_picked_by_date() -> None:
    with pytest.raises(UnknownRuleSetError):
        default_catalog().get("us-fmvss-considerations", D(2026, 11, 25))
    assert builtin("us-fmvss-considerations@2025").status == "draft"


# -- ages: to the month, to the day -----------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "on", "status"),
    [
        # Counted by day: a month of manufacture is a period, decided at both ends.
        ("2001-11", "2026-11-01", "unknown"),    # 25 years for a car made on 1 November only
        ("2001-11", "2026-11-30", "pass"),       # 25 years whatever day of November it was made
        ("2001-11", "2026-10-31", "fail"),
        ("2001-11-15", "2026-11-14", "fail"),    # a precise day counts from that day
        ("2001-11-15", "2026-11-15", "pass"),
        ("2000-02-29", "2025-02-28", "fail"),    # 29 February counts from 1 March
        ("2000-02-29", "2025-03-01", "pass"),
        ("2001", "2026-01-01", "unknown"),       # a year alone is the whole year
        ("2001", "2026-12-31", "pass"),
        ("2001", "2025-12-31", "fail"),
    ],
)
def test_nhtsa_age_to_the_day(made: str, on: str, status: str) -> None:
    report = keirules.check({"name": "Import", "manufactured": made}, "us-import@2010", on=on)
    result = next(r for r in report.results if r.rule.id == "nhtsa-25-year")
    assert result.status == status
    assert report.verdict == {"pass": "pass", "fail": "fail", "unknown": "incomplete"}[status]


def test_threshold_date_and_partial_date_note() -> None:
    report = keirules.check({"name": "Import", "manufactured": "2001-11"}, "us-import",
                            on="2026-10-31")
    assert report.ruleset.name == "us-import@2010"
    by_id = {r.rule.id: r for r in report.results}
    # the day from which 25 years are certainly reached, and the first day they may be
    assert by_id["nhtsa-25-year"].threshold_date == D(2026, 11, 30)
    assert by_id["nhtsa-25-year"].earliest_date == D(2026, 11, 1)
    assert by_id["nhtsa-25-year"].reason == "reaches 25 years between 2026-11-01 and 2026-11-30"
    assert by_id["epa-21-year"].threshold_date == D(2022, 1, 1)  # counted in calendar years
    assert by_id["epa-21-year"].status == "pass"
    assert any("known only to the month" in note for note in by_id["nhtsa-25-year"].notes)
    first = report.as_dict()["results"][0]
    assert (first["threshold_date"], first["earliest_date"]) == ("2026-11-30", "2026-11-01")


@given(made=st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)),
       offset=st.integers(min_value=-3, max_value=3))
def test_nhtsa_rule_passes_exactly_from_the_25th_anniversary(made: dt.date, offset: int) -> None:
    anniversary = add_years(made, 25)
    on = anniversary + dt.timedelta(days=offset)
    report = keirules.check({"name": "Import", "manufactured": made.isoformat()},
                            "us-import@2010", on=on)
    result = next(r for r in report.results if r.rule.id == "nhtsa-25-year")
    assert result.status == ("pass" if on >= anniversary else "fail")
    assert result.threshold_date == anniversary


def test_epa_rule_is_a_warning_before_2010_and_a_failure_after() -> None:
    old = keirules.check({"name": "Made in 1975", "manufactured": "1975-06"}, "us-import",
                         on="2000-07-01")  # over 25 years old: both exemptions hold
    assert old.ruleset.name == "us-import@1990"
    assert (old.verdict, old.warnings) == ("pass", [])
    young = {"name": "Made in 1985", "manufactured": "1985-06"}
    before = keirules.check(young, "us-import@1990", on="2005-01-01")
    assert [r.rule.id for r in before.failures] == ["nhtsa-25-year"]
    assert [r.rule.id for r in before.warnings] == ["epa-21-year"]
    after = keirules.check({"name": "Made in 1995", "manufactured": "1995-06"},
                           "us-import@2010", on="2015-01-01")
    assert {r.rule.id for r in after.failures} == {"nhtsa-25-year", "epa-21-year"}


def test_missing_date_of_manufacture_is_unknown_never_pass() -> None:
    report = keirules.check({"name": "Undated"}, "us-import", on="2026-11-25")
    assert report.verdict == "incomplete"
    assert {r.rule.id for r in report.unknown} == {"nhtsa-25-year", "epa-21-year"}


# -- low-speed vehicles: speed and GVWR at the limits, in other units ------------------------

EQUIPPED = {"features": dict.fromkeys(
    ["headlamps", "turn_signal_lamps", "tail_lamps", "stop_lamps", "reflex_reflectors",
     "mirrors", "parking_brake", "windshield", "vin", "seat_belts"], True)}
LSV = {"wheels": 4, "category": "passenger", **EQUIPPED}


@pytest.mark.parametrize(
    ("top_speed", "minimum", "maximum", "metric"),
    [
        ("25 mph", "pass", "pass", "fail"),
        ("40.2336 km/h", "pass", "pass", "fail"),       # exactly 25 mph
        ("40.23361 km/h", "pass", "fail", "fail"),      # a hair over 25 mph
        ("40 km/h", "pass", "pass", "pass"),
        ("32.18688 km/h", "fail", "pass", "pass"),      # exactly 20 mph: must be more
        ("32.18689 km/h", "pass", "pass", "pass"),
    ],
)
def test_lsv_top_speed_limits_in_another_unit(top_speed: str, minimum: str, maximum: str,
                                              metric: str) -> None:
    got = statuses({**LSV, "top_speed": top_speed, "gross_mass": "1000 kg"}, "us-lsv@2006",
                   "2026-11-25")
    assert (got["top-speed-min"], got["top-speed-max"], got["top-speed-metric"]) == (
        minimum, maximum, metric)


def test_the_metric_speed_figure_only_warns() -> None:
    report = keirules.check({"name": "GEM-like", **LSV, "top_speed": "25 mph",
                             "gross_mass": "2000 lb"}, "us-lsv@2006", on="2026-11-25")
    assert report.verdict == "pass"  # the unknown rear-visibility rule is advisory too
    assert [r.rule.id for r in report.warnings] == ["top-speed-metric"]
    assert [r.rule.id for r in report.unknown] == ["rear-visibility"]


@pytest.mark.parametrize(
    ("name", "gross_mass", "status"),
    [
        ("us-lsv@2006", "1360.77711 kg", "fail"),   # exactly 3,000 lb: must be under
        ("us-lsv@2006", "1360.777 kg", "pass"),
        ("us-lsv@2006", "3000.001 lb", "fail"),
        ("us-lsv@2006", "2999.999 lb", "pass"),
        ("us-lsv@2005", "1133.980925 kg", "fail"),  # exactly 2,500 lb
        ("us-lsv@2005", "1133.98 kg", "pass"),
        ("us-lsv@2005", "2600 lb", "fail"),         # allowed again from June 2006
        ("us-lsv@2006", "2600 lb", "pass"),
    ],
)
def test_lsv_gvwr_is_strictly_under_the_cap(name: str, gross_mass: str, status: str) -> None:
    got = statuses({**LSV, "top_speed": "25 mph", "gross_mass": gross_mass}, name, "2026-11-25")
    assert got["gvwr"] == status


def test_lsv_gvwr_did_not_exist_in_1998_and_trucks_were_excluded() -> None:
    truck = {**LSV, "category": "cargo", "top_speed": "25 mph", "gross_mass": "5000 lb"}
    assert statuses(truck, "us-lsv@1998", "1999-01-01")["not-a-truck"] == "fail"
    assert "gvwr" not in statuses(truck, "us-lsv@1998", "1999-01-01")
    assert "not-a-truck" not in statuses(truck, "us-lsv@2005", "2005-10-03")
    undeclared = statuses({"wheels": 4, "top_speed": "25 mph"}, "us-lsv@1998", "1999-01-01")
    assert undeclared["not-a-truck"] == "unknown"


def test_lsv_equipment_missing_or_false() -> None:
    got = statuses({"wheels": 4, "category": "passenger", "top_speed": "25 mph",
                    "gross_mass": "2000 lb", "features": {"mirrors": False, "headlamps": True}},
                   "us-lsv@2006", "2026-11-25")
    assert got["mirrors"] == "fail"
    assert got["headlamps"] == "pass"
    assert got["vin"] == "unknown"
    assert got["rear-visibility"] == "unknown"


def test_gem_e2_example_under_the_lsv_rules() -> None:
    report = keirules.check(EXAMPLES / "gem-e2.yaml", "us-lsv", on="2026-11-25")
    assert report.ruleset.name == "us-lsv@2006"
    assert report.verdict == "incomplete"
    assert report.failures == []
    assert {r.rule.id for r in report.unknown if r.rule.severity == "legal"} == {
        "turn-signal-lamps", "tail-lamps", "stop-lamps", "reflex-reflectors", "mirrors"}
    assert [r.rule.id for r in report.warnings] == ["top-speed-metric"]


def test_a_kei_car_is_no_lsv_unless_governed() -> None:
    report = keirules.check(EXAMPLES / "nissan-sakura-b6aw.yaml", "us-lsv", on="2026-11-25")
    assert [r.rule.id for r in report.failures] == ["top-speed-max"]


# -- the FMVSS checklist ---------------------------------------------------------------------


def test_the_fmvss_checklist_never_fails_and_warns_for_each_missing_item() -> None:
    nothing = dict.fromkeys(
        ["frontal_airbags", "advanced_airbags", "side_impact_protection",
         "side_pole_protection", "roof_crush_resistance", "rear_visibility",
         "fmvss_108_lighting", "esc", "tpms", "part_581_bumpers", "fuel_system_integrity",
         "ev_electrical_safety"], False)
    report = keirules.check({"name": "Bare kei", "powertrain": "combustion",
                             "features": nothing}, "us-fmvss-considerations@2025",
                            on="2026-11-25")
    assert report.verdict == "pass"
    assert len(report.warnings) == 11
    statuses_by_id = {r.rule.id: r.status for r in report.results}
    assert statuses_by_id["ev-electrical-safety"] == "not_applicable"
    assert statuses_by_id["fuel-system-integrity"] == "fail"


def test_the_fmvss_checklist_conditions_on_the_powertrain() -> None:
    electric = statuses({"powertrain": "electric"}, "us-fmvss-considerations@2025", "2026-01-01")
    assert electric["fuel-system-integrity"] == "not_applicable"
    assert electric["ev-electrical-safety"] == "unknown"
    unknown = statuses({}, "us-fmvss-considerations@2025", "2026-01-01")
    assert unknown["ev-electrical-safety"] == "unknown"


def test_every_checklist_rule_cites_its_standard() -> None:
    for rule in builtin("us-fmvss-considerations@2025").rules:
        assert rule.citation and ("FMVSS No." in rule.citation or "Part 581" in rule.citation)
        assert rule.note, rule.id


def test_the_checklist_says_no_kei_rule_was_issued_and_gives_the_exemption_caps() -> None:
    notes = " ".join((builtin("us-fmvss-considerations@2025").notes or "").split())
    for fragment in ("no kei-specific rule", "49 CFR Part 555", "10,000 vehicles",
                     "up to 3 years", "2,500 vehicles per manufacturer in any 12-month period",
                     "up to 2 years", "1999"):
        assert fragment in notes, fragment


def test_us_notes_record_disagreements() -> None:
    assert "30112(b)(3)" in (builtin("us-import@1990").notes or "")
    assert "original configuration" in (builtin("us-import@2010").notes or "")
    assert "40.2336 km/h" in (builtin("us-lsv@1998").notes or "")
    assert "unverified" in (builtin("us-lsv@2006").notes or "")
