"""The built-in Korean rule sets (kr-gyeongcha, kr-gyeongcha-micro) against the reference.

The displacement caps are strict ("under 800 cc", "under 1,000 cc"): a value equal to the cap,
in any unit, fails. Every figure is listed here by hand from the regulations reference
(section 2).
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
    legal,
    statuses,
)

import keirules
from keirules import UnknownRuleSetError, default_catalog

D = dt.date
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

REFERENCE: dict[str, dict[str, Row]] = {
    "kr-gyeongcha@1996": {
        "displacement": legal("displacement", "less_than", "800 cc", ENGINE),
        "length": legal("length", "max", "3.5 m"),
        "width": legal("width", "max", "1.5 m"),
        "height": advisory("height", "max", "2.0 m"),  # unverified for this era
    },
    "kr-gyeongcha@2008": {
        "displacement": legal("displacement", "less_than", "1000 cc", ENGINE),
        "length": legal("length", "max", "3.6 m"),
        "width": legal("width", "max", "1.6 m"),
        "height": legal("height", "max", "2.0 m"),
    },
    "kr-gyeongcha-micro@2018": {
        "displacement": legal("displacement", "max", "250 cc", ENGINE),
        "rated-power": legal("rated_power", "max", "15 kW", ELECTRIC),
        "length": legal("length", "max", "3.6 m"),
        "width": legal("width", "max", "1.5 m"),
        "height": legal("height", "max", "2.0 m"),
        "mass-passenger": legal("curb_mass", "max", "600 kg", {"category": ("passenger",)}),
        "mass-cargo": legal("curb_mass", "max", "750 kg", {"category": ("cargo",)}),
        "top-speed": legal("top_speed", "max", "80 km/h"),
    },
}
DATES = {
    "kr-gyeongcha@1996": (D(1996, 1, 26), D(2007, 12, 31), "historical"),
    "kr-gyeongcha@2008": (D(2008, 1, 1), None, "in_force"),
    "kr-gyeongcha-micro@2018": (D(2018, 6, 1), None, "in_force"),
}
NAMES = list(REFERENCE)


def test_the_korean_families_and_versions_are_the_reference_ones() -> None:
    names = [n for n in default_catalog().names() if n.startswith("kr-")]
    assert sorted(names) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_matches_the_reference(name: str) -> None:
    assert_matches(builtin(name), REFERENCE[name])


@pytest.mark.parametrize("name", NAMES)
def test_dates_and_status(name: str) -> None:
    ruleset = builtin(name)
    assert (ruleset.effective_from, ruleset.effective_until, ruleset.status) == DATES[name]
    assert ruleset.jurisdiction == "KR"
    assert ruleset.extends is None


@pytest.mark.parametrize("name", NAMES)
def test_show_prints_sources_and_notes(name: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert_show_prints_sources_and_notes(name, capsys, monkeypatch)


@pytest.mark.parametrize(
    ("on", "expected"),
    [(D(1996, 1, 26), "kr-gyeongcha@1996"), (D(2007, 12, 31), "kr-gyeongcha@1996"),
     (D(2008, 1, 1), "kr-gyeongcha@2008"), (D(2026, 11, 25), "kr-gyeongcha@2008")],
)
def test_change_over_on_1_january_2008(on: dt.date, expected: str) -> None:
    assert default_catalog().get("kr-gyeongcha", on).name == expected


def test_no_light_car_class_before_26_january_1996() -> None:
    with pytest.raises(UnknownRuleSetError) as info:
        default_catalog().get("kr-gyeongcha", D(1996, 1, 25))
    assert "1996-01-26" in str(info.value)


@pytest.mark.parametrize(("on", "expected"), [
    (D(2018, 6, 1), "kr-gyeongcha-micro@2018"), (D(2026, 11, 25), "kr-gyeongcha-micro@2018"),
])
def test_the_micro_sub_type_is_in_force_from_june_2018(on: dt.date, expected: str) -> None:
    assert default_catalog().get("kr-gyeongcha-micro", on).name == expected


def test_no_micro_sub_type_before_june_2018() -> None:
    with pytest.raises(UnknownRuleSetError) as info:
        default_catalog().get("kr-gyeongcha-micro", D(2018, 5, 31))
    assert "2018-06-01" in str(info.value)


def test_twizy_becomes_a_micro_light_car_in_june_2018() -> None:
    path = EXAMPLES / "renault-twizy-80.yaml"
    assert keirules.check(path, "kr-gyeongcha-micro", on="2018-06-01").verdict == "pass"
    with pytest.raises(UnknownRuleSetError):
        keirules.check(path, "kr-gyeongcha-micro", on="2018-05-31")


# -- strictly less than: equality fails, in any unit ------------------------------------------

ENGINE_CAR = {"powertrain": "combustion", "length": "3.4 m", "width": "1.4 m", "height": "1.5 m"}


@pytest.mark.parametrize(
    ("name", "displacement", "status"),
    [
        ("kr-gyeongcha@2008", "1000 cc", "fail"),
        ("kr-gyeongcha@2008", "1 L", "fail"),            # the cap, written in litres
        ("kr-gyeongcha@2008", "0.001 m^3", "fail"),      # and in cubic metres
        ("kr-gyeongcha@2008", "999.999 cc", "pass"),
        ("kr-gyeongcha@2008", "998 cc", "pass"),
        ("kr-gyeongcha@1996", "800 cc", "fail"),
        ("kr-gyeongcha@1996", "0.8 L", "fail"),
        ("kr-gyeongcha@1996", "799.9 cc", "pass"),
        ("kr-gyeongcha@1996", "796 cc", "pass"),
    ],
)
def test_displacement_is_strictly_under_the_cap(name: str, displacement: str,
                                                status: str) -> None:
    got = statuses({**ENGINE_CAR, "displacement": displacement}, name, "2026-11-25")
    assert got["displacement"] == status


def test_displacement_from_bore_and_stroke_is_judged_too() -> None:
    # 3 cylinders of 71 x 84 mm is about 997.6 cc: under the 1,000 cc cap.
    got = statuses({**ENGINE_CAR, "bore": "71 mm", "stroke": "84 mm", "cylinders": 3},
                   "kr-gyeongcha@2008", "2026-11-25")
    assert got["displacement"] == "pass"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"powertrain": "electric", "displacement": "1200 cc"}, "not_applicable"),
        ({"displacement": "1200 cc"}, "unknown"),   # a combustion engine? cannot tell
        ({"displacement": "660 cc"}, "pass"),       # passes whatever the powertrain
        ({"powertrain": "hybrid"}, "unknown"),      # no displacement given
    ],
)
def test_displacement_condition_and_gaps(data: dict[str, str], status: str) -> None:
    got = statuses({"length": "3.4 m", "width": "1.4 m", "height": "1.5 m", **data},
                   "kr-gyeongcha@2008", "2026-11-25")
    assert got["displacement"] == status


@pytest.mark.parametrize(
    ("length", "width", "height", "failed"),
    [
        ("3600 mm", "1600 mm", "2000 mm", set()),
        ("141.732283 in", "62.992125 in", "78.740157 in", set()),   # just under, in inches
        ("141.732283 in", "62.992126 in", "78.740157 in", {"width"}),  # 1.6000000004 m
        ("3600.001 mm", "1.6 m", "2 m", {"length"}),
        ("3.6 m", "1.600001 m", "2 m", {"width"}),
        ("3.6 m", "1.6 m", "2.0001 m", {"height"}),
    ],
)
def test_size_caps_of_2008(length: str, width: str, height: str, failed: set[str]) -> None:
    report = keirules.check({"name": "Box", "powertrain": "electric", "length": length,
                             "width": width, "height": height}, "kr-gyeongcha@2008",
                            on="2026-11-25")
    assert {r.rule.id for r in report.failures} == failed


def test_1996_height_only_warns() -> None:
    report = keirules.check({"name": "Tall van", "powertrain": "combustion",
                             "displacement": "796 cc", "length": "3.3 m", "width": "1.4 m",
                             "height": "2.1 m"}, "kr-gyeongcha", on="2000-01-01")
    assert report.ruleset.name == "kr-gyeongcha@1996"
    assert report.verdict == "pass"
    assert [r.rule.id for r in report.warnings] == ["height"]


# -- real vehicles ---------------------------------------------------------------------------


def test_kia_morning_is_a_gyeongcha_but_not_a_kei_car() -> None:
    path = EXAMPLES / "kia-morning-ta.yaml"
    korea = keirules.check(path, "kr-gyeongcha", on="manufactured")
    assert (korea.ruleset.name, korea.verdict) == ("kr-gyeongcha@2008", "pass")
    japan = keirules.check(path, "jp-kei@1998", on="2026-11-25")
    assert japan.verdict == "fail"
    assert {"displacement", "width"} <= {r.rule.id for r in japan.failures}


def test_daewoo_tico_was_a_gyeongcha_in_1996_and_still_fits() -> None:
    path = EXAMPLES / "daewoo-tico.yaml"
    assert keirules.check(path, "kr-gyeongcha", on="1996-01-26").verdict == "pass"
    assert keirules.check(path, "kr-gyeongcha", on="2026-11-25").verdict == "pass"
    with pytest.raises(UnknownRuleSetError):  # built in 1991, before the class existed
        keirules.check(path, "kr-gyeongcha", on="manufactured")


@pytest.mark.parametrize(
    ("data", "failed", "unknown"),
    [
        ({"category": "passenger", "powertrain": "electric", "rated_power": "15 kW",
          "curb_mass": "600 kg", "top_speed": "80 km/h"}, set(), set()),
        ({"category": "passenger", "powertrain": "electric", "rated_power": "15000.001 W",
          "curb_mass": "600.001 kg", "top_speed": "22.3 m/s"},   # 80.28 km/h
         {"rated-power", "mass-passenger", "top-speed"}, set()),
        ({"category": "passenger", "powertrain": "electric", "max_power": "12 kW",
          "curb_mass": "500 kg", "top_speed": "80 km/h"}, set(), {"rated-power"}),
        ({"category": "cargo", "powertrain": "combustion", "displacement": "250 cc",
          "curb_mass": "700 kg", "top_speed": "80 km/h"}, set(), set()),
        ({"powertrain": "combustion", "displacement": "250.1 cc", "curb_mass": "500 kg",
          "top_speed": "60 km/h"}, {"displacement"}, set()),
        ({"powertrain": "combustion", "displacement": "125 cc", "curb_mass": "650 kg",
          "top_speed": "60 km/h"}, set(), {"mass-passenger"}),
    ],
)
def test_micro_sub_type_limits(data: dict[str, str], failed: set[str],
                               unknown: set[str]) -> None:
    report = keirules.check({"name": "Micro", "length": "3.6 m", "width": "1.5 m",
                             "height": "2 m", **data}, "kr-gyeongcha-micro@2018",
                            on="2026-11-25")
    assert {r.rule.id for r in report.failures} == failed
    assert {r.rule.id for r in report.unknown if r.rule.severity == "legal"} == unknown


@pytest.mark.parametrize(("mass", "verdict"), [("750 kg", "pass"), ("750.001 kg", "fail")])
def test_cargo_micro_mass_is_a_legal_limit_of_750_kg(mass: str, verdict: str) -> None:
    report = keirules.check({"name": "Micro truck", "category": "cargo", "powertrain": "electric",
                             "rated_power": "10 kW", "curb_mass": mass,
                             "top_speed": "70 km/h", "length": "3.5 m", "width": "1.5 m",
                             "height": "1.9 m"}, "kr-gyeongcha-micro@2018", on="2026-11-25")
    assert report.verdict == verdict
    assert not report.warnings
    assert [r.rule.id for r in report.failures] == ([] if verdict == "pass" else ["mass-cargo"])


def test_micro_mass_is_the_vehicle_weight_and_the_dispute_is_recorded() -> None:
    ruleset = builtin("kr-gyeongcha-micro@2018")
    assert {ruleset.rule(i).field for i in ("mass-passenger", "mass-cargo")} == {"curb_mass"}
    notes = " ".join((ruleset.notes or "").split())
    assert "차량 중량" in notes and "총무게" in notes


def test_twizy_fits_the_micro_sub_type() -> None:
    report = keirules.check(EXAMPLES / "renault-twizy-80.yaml", "kr-gyeongcha-micro@2018",
                            on="2026-11-25")
    assert report.verdict == "pass"


def test_korean_notes_record_what_is_unverified() -> None:
    assert "not in the sources" in (builtin("kr-gyeongcha@1996").notes or "")
    notes_2008 = " ".join((builtin("kr-gyeongcha@2008").notes or "").split())
    assert "999 cc" in notes_2008 and "일반형" in notes_2008
    notes = " ".join((builtin("kr-gyeongcha-micro@2018").notes or "").split())
    assert "6 April 2018" in notes and "June 2018" in notes and "were not found" in notes


LAW_URL = "https://www.law.go.kr/법령/자동차관리법시행규칙"


@pytest.mark.parametrize("name", NAMES)
def test_every_legal_rule_cites_the_enforcement_rule(name: str) -> None:
    for rule in builtin(name).rules:
        source = rule.source
        assert source is not None and source.has_legal_basis, rule.id
        assert source.verified == "secondary", rule.id   # 별표 1 itself was not read
        assert source.url == LAW_URL, rule.id
        assert (source.instrument or "").startswith("자동차관리법 시행규칙"), rule.id
        assert "별표 1" in (source.citation or ""), rule.id
    # Blogs, associations and newspapers are evidence, never the source's own link.
    assert {s.url for s in builtin(name).sources.values()} == {LAW_URL}


@pytest.mark.parametrize("name", NAMES)
def test_no_source_is_a_copy_of_another_site(name: str) -> None:
    from test_builtin_eu import COPIES

    ruleset = builtin(name)
    urls = [s.url for s in ruleset.sources.values()]
    urls += [e.url for s in ruleset.sources.values() for e in s.evidence]
    for url in filter(None, urls):
        assert not any(copy in url for copy in COPIES), url
