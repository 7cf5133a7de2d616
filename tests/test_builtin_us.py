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
}
LSV_2014 = {
    **LSV_2006,
    "rear-visibility": feature("rear_visibility"),
    "rear-visibility-phase-in": feature("rear_visibility", "advisory"),
}
HYBRID_OR_ELECTRIC = {"powertrain": ("electric", "hybrid")}
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
    "aeb": feature("aeb", "advisory"),
    "ejection-mitigation": feature("ejection_mitigation", "advisory"),
    "brakes": feature("fmvss_135_brakes", "advisory"),
    "theft-rollaway": feature("fmvss_114_theft_rollaway", "advisory"),
    "minimum-sound": feature("minimum_sound", "advisory", HYBRID_OR_ELECTRIC),
    "mirrors": feature("fmvss_111_mirrors", "advisory"),
    "belt-reminder": feature("seat_belt_reminder", "advisory"),
    "vin": feature("vin", "advisory"),
    "certification-label": feature("certification_label", "advisory"),
    "emissions-certificate": feature("emissions_certificate", "advisory"),
}
REFERENCE: dict[str, dict[str, Row]] = {
    "us-import@1990": {
        "nhtsa-25-year": legal("manufactured", "min_age", "25 years"),
        "epa-21-year": advisory("manufactured", "min_age", "21 years"),
        "epa-original-configuration": feature("original_configuration", "advisory"),
    },
    "us-import@2010": {
        "nhtsa-25-year": legal("manufactured", "min_age", "25 years"),
        "epa-21-year": legal("manufactured", "min_age", "21 years"),
        "epa-original-configuration": feature("original_configuration", "legal"),
    },
    "us-lsv@1998": LSV_1998,
    "us-lsv@2005": LSV_2005,
    "us-lsv@2006": LSV_2006,
    "us-lsv@2014": LSV_2014,
    "us-fmvss-considerations@2025": FMVSS,
    "us-show-or-display@1999": {
        "show-or-display-approved": feature("show_or_display_approved"),
    },
    "us-registered-importer@1990": {
        "eligibility-determined": feature("import_eligibility_determined"),
    },
    "us-off-road-import@1990": {
        "not-for-road-use": feature("not_manufactured_for_road_use"),
    },
}
# name -> (effective from, status, extends)
DATES = {
    "us-import@1990": (D(1990, 1, 31), "historical", None),
    "us-import@2010": (D(2010, 7, 1), "in_force", "us-import@1990"),
    "us-lsv@1998": (D(1998, 6, 17), "historical", None),
    "us-lsv@2005": (D(2005, 10, 3), "historical", "us-lsv@1998"),
    "us-lsv@2006": (D(2006, 6, 5), "historical", "us-lsv@2005"),
    "us-lsv@2014": (D(2014, 6, 6), "in_force", "us-lsv@2006"),
    "us-fmvss-considerations@2025": (D(2025, 12, 3), "draft", None),
    "us-show-or-display@1999": (D(1999, 8, 13), "in_force", None),
    "us-registered-importer@1990": (D(1990, 1, 31), "in_force", None),
    "us-off-road-import@1990": (D(1990, 1, 31), "in_force", None),
}
NAMES = list(REFERENCE)


def test_the_us_families_and_versions_are_the_reference_ones() -> None:
    catalog = default_catalog()
    # Federal rule sets only: the states' own definitions (jurisdiction US-XX) have their tests.
    us = [header.name for family in catalog.families() if family.startswith("us-")
          for header in catalog.headers(family) if header.jurisdiction == "US"]
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
        ("us-lsv", D(2014, 6, 5), "us-lsv@2006"),
        ("us-lsv", D(2014, 6, 6), "us-lsv@2014"),
        ("us-lsv", D(2026, 11, 25), "us-lsv@2014"),
        ("us-show-or-display", D(1999, 8, 13), "us-show-or-display@1999"),
        ("us-registered-importer", D(1990, 1, 31), "us-registered-importer@1990"),
        ("us-off-road-import", D(1990, 1, 31), "us-off-road-import@1990"),
    ],
)
def test_the_version_in_force_changes_on_the_effective_day(
    family: str, on: dt.date, expected: str
) -> None:
    assert default_catalog().get(family, on).name == expected


@pytest.mark.parametrize(("family", "first"), [("us-import", D(1990, 1, 31)),
                                               ("us-lsv", D(1998, 6, 17)),
                                               ("us-show-or-display", D(1999, 8, 13)),
                                               ("us-registered-importer", D(1990, 1, 31)),
                                               ("us-off-road-import", D(1990, 1, 31))])
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
    report = keirules.check({"name": "Import", "manufactured": made,
                             "features": {"original_configuration": True}},
                            "us-import@2010", on=on)
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
    old = keirules.check({"name": "Made in 1975", "manufactured": "1975-06",
                          "features": {"original_configuration": True}}, "us-import",
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
    assert {r.rule.id for r in report.unknown} == {"nhtsa-25-year", "epa-21-year",
                                                   "epa-original-configuration"}


def test_counts_recorded_in_the_rule_set() -> None:
    ruleset = keirules.load_ruleset("us-import@2010")
    assert ruleset.rule("nhtsa-25-year").limit.count == "day"
    assert ruleset.rule("epa-21-year").limit.count == "calendar_year"
    modified = {"name": "Modified", "manufactured": "1995-06",
                "features": {"original_configuration": False}}
    report = keirules.check(modified, ruleset, "2026-11-30")
    assert [r.rule.id for r in report.failures] == ["epa-original-configuration"]


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
                             "gross_mass": "2000 lb"}, "us-lsv@2006", on="2010-01-01")
    assert report.verdict == "pass"
    assert [r.rule.id for r in report.warnings] == ["top-speed-metric"]
    assert report.unknown == []


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
                   "us-lsv@2014", "2026-11-25")
    assert got["mirrors"] == "fail"
    assert got["headlamps"] == "pass"
    assert got["vin"] == "unknown"
    assert got["rear-visibility"] == "unknown"  # legal since 1 May 2018


def test_gem_e2_example_under_the_lsv_rules() -> None:
    report = keirules.check(EXAMPLES / "gem-e2.yaml", "us-lsv", on="2026-11-25")
    assert report.ruleset.name == "us-lsv@2014"
    assert report.verdict == "incomplete"
    assert report.failures == []
    assert {r.rule.id for r in report.unknown if r.rule.severity == "legal"} == {
        "turn-signal-lamps", "tail-lamps", "stop-lamps", "reflex-reflectors", "mirrors",
        "rear-visibility"}
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
        assert rule.citation and any(
            name in rule.citation for name in ("FMVSS No.", "49 CFR Part 5", "42 U.S.C. 7525")
        ), rule.id
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
    assert "not verified" in (builtin("us-lsv@2006").notes or "")
    assert "An earlier version of keirules had this as an advisory rule" in " ".join(
        (builtin("us-lsv@2014").notes or "").split())


# -- corrections: LSV rear visibility, State equipment rules ------------------------------------

CAMERA_LESS_LSV = {**LSV, "top_speed": "25 mph", "gross_mass": "2999 lb",
                   "features": {**EQUIPPED["features"], "rear_visibility": False}}


@pytest.mark.parametrize(
    ("on", "legal_rule", "phase_in", "verdict"),
    [
        ("2016-04-30", "not_applicable", "not_applicable", "pass"),
        ("2016-05-01", "not_applicable", "fail", "pass"),     # phase-in: a warning only
        ("2018-04-30", "not_applicable", "fail", "pass"),
        ("2018-05-01", "fail", "not_applicable", "fail"),     # full compliance: legal
        ("2026-11-25", "fail", "not_applicable", "fail"),
    ],
)
def test_lsv_rear_visibility_is_legal_from_full_compliance(
        on: str, legal_rule: str, phase_in: str, verdict: str) -> None:
    report = keirules.check({"name": "No camera", **CAMERA_LESS_LSV}, "us-lsv", on=on)
    by_id = {r.rule.id: r for r in report.results}
    assert (by_id["rear-visibility"].status, by_id["rear-visibility-phase-in"].status) == (
        legal_rule, phase_in)
    assert report.verdict == verdict
    if legal_rule == "not_applicable" and on >= "2014-06-06":
        assert "2018-05-01" in " ".join(by_id["rear-visibility"].reason.split())


def test_lsv_rear_visibility_before_the_2014_rule_does_not_exist() -> None:
    got = statuses(CAMERA_LESS_LSV, "us-lsv", "2014-06-05")
    assert "rear-visibility" not in got and "rear-visibility-phase-in" not in got


def test_an_lsv_is_judged_by_the_rules_of_its_date_of_manufacture_with_on_manufactured(
) -> None:
    built = {"name": "Built June 2017", **CAMERA_LESS_LSV, "manufactured": "2017-06"}
    then = keirules.check(built, "us-lsv", on="manufactured")
    assert then.ruleset.name == "us-lsv@2014" and then.verdict == "pass"
    assert [r.rule.id for r in then.warnings] == ["top-speed-metric",
                                                   "rear-visibility-phase-in"]
    now = keirules.check(built, "us-lsv", on="2026-11-25")  # today's rules, as if built now
    assert [r.rule.id for r in now.failures] == ["rear-visibility"]
    notes = " ".join((builtin("us-lsv@2014").notes or "").split())
    assert "--on manufactured" in notes and "date of manufacture" in notes


def test_lsv_notes_say_states_may_set_their_own_equipment_rules() -> None:
    notes = " ".join((builtin("us-lsv@1998").notes or "").split())
    assert "65 FR 53219" in notes and "004718as" in notes
    assert "States may establish or maintain their own" in notes
    assert "weak source" not in notes
    sources = builtin("us-lsv@1998").sources
    assert sources["reconsideration-2000"].instrument == "65 FR 53219 (1 September 2000)"


# -- the new-vehicle checklist: dated AEB, powertrain-conditioned minimum sound -----------------


@pytest.mark.parametrize(("on", "status"), [("2029-08-31", "not_applicable"),
                                            ("2029-09-01", "fail")])
def test_aeb_applies_from_its_compliance_date(on: str, status: str) -> None:
    report = keirules.check({"name": "No AEB", "features": {"aeb": False}},
                            "us-fmvss-considerations@2025", on=on)
    aeb = next(r for r in report.results if r.rule.id == "aeb")
    assert aeb.status == status
    assert report.verdict == "pass"  # advisory: a warning at most
    if status == "not_applicable":
        assert "2029-09-01" in aeb.reason


@pytest.mark.parametrize(("powertrain", "status"), [("electric", "fail"), ("hybrid", "fail"),
                                                    ("combustion", "not_applicable")])
def test_minimum_sound_only_for_hybrid_and_electric(powertrain: str, status: str) -> None:
    got = statuses({"powertrain": powertrain, "features": {"minimum_sound": False}},
                   "us-fmvss-considerations@2025", "2026-11-25")
    assert got["minimum-sound"] == status


def test_the_checklist_notes_part_555_streamlining_and_the_pending_bill() -> None:
    ruleset = builtin("us-fmvss-considerations@2025")
    notes = " ".join((ruleset.notes or "").split())
    assert "13 June 2025" in notes and "stays at 2,500 vehicles a year" in notes
    assert "H.R. 7389" in notes and "not law" in notes and "90,000" in notes
    assert "not law" in ruleset.sources["hr-7389"].title
    assert ruleset.sources["hr-7389"].verified == "secondary"
    assert ruleset.sources["aeb"].instrument.startswith("89 FR 39686")


# -- the federal import routes decided from a declared fact ------------------------------------


@pytest.mark.parametrize(("name", "feature_name", "rule_id"), [
    ("us-show-or-display", "show_or_display_approved", "show-or-display-approved"),
    ("us-registered-importer", "import_eligibility_determined", "eligibility-determined"),
    ("us-off-road-import", "not_manufactured_for_road_use", "not-for-road-use"),
])
def test_route_rule_sets_decide_from_a_declared_fact_and_never_pass_undeclared(
        name: str, feature_name: str, rule_id: str) -> None:
    on = "2026-11-25"
    assert statuses({"features": {feature_name: True}}, name, on)[rule_id] == "pass"
    assert statuses({"features": {feature_name: False}}, name, on)[rule_id] == "fail"
    undeclared = keirules.check(EXAMPLES / "honda-n-box-jf5.yaml", name, on=on)
    assert undeclared.verdict == "incomplete"
    assert [r.rule.id for r in undeclared.unknown] == [rule_id]


def test_show_or_display_did_not_exist_before_1999() -> None:
    with pytest.raises(UnknownRuleSetError):
        default_catalog().get("us-show-or-display", D(1999, 8, 12))


def test_off_road_import_says_it_is_never_registrable() -> None:
    notes = " ".join((builtin("us-off-road-import@1990").notes or "").split())
    assert "never registrable" in notes and "not a motor vehicle" in notes


# -- sources: a legal basis for every rule, no mirrors ----------------------------------------

MIRRORS = ("elaws.us", "justia.com", "starelectriccars", "ecfr.io", "mydoc123", "scribd",
           "adivasidom", "laws9.com", "readkong", "swartzcpa", "autodocbox", "casetext",
           "vlex.com", "pdfslide", "getpocketlaw", "govregs.com", "jollibeefood")


#: The rule sets whose sources are in the new format (us-import is reworked separately).
SOURCED = [name for name in NAMES if not name.startswith("us-import@")]


@pytest.mark.parametrize("name", SOURCED)
def test_every_source_names_its_instrument_and_verification_and_no_mirror(name: str) -> None:
    ruleset = builtin(name)
    for rule in ruleset.rules:
        assert rule.source.has_legal_basis, (rule.id, rule.source.key)
    for source in ruleset.sources.values():
        assert source.has_legal_basis, source.key
        urls = [source.url, *(e.url for e in source.evidence)]
        for url in filter(None, urls):
            assert not any(m in url for m in MIRRORS), (source.key, url)
        for evidence in source.evidence:
            assert evidence.kind and evidence.title.strip()


def test_the_us_market_names_no_mirror() -> None:
    text = (Path(__file__).resolve().parent.parent / "markets" / "us.yaml").read_text()
    assert not any(m in text for m in MIRRORS)
