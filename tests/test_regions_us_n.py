"""US state layer: AL FL LA SC re-read in copies of their codes.

South Carolina's Code lets the SCDMV brand "Off Road Use Only", at its discretion, a vehicle
brought from a foreign jurisdiction that does not meet the FMVSS (56-1-10(37)), and a branded
vehicle is not registered; so the ordinary and the antique (over 25 years) routes stay
undetermined. Florida's 320.02(9) asks that a vehicle not built to the federal standards be
certified by CBP, or DOT and EPA, to comply before it is titled and registered; whether FLHSMV
takes a 25-year import's customs entry as that certification was not found. Alabama's and
Louisiana's copies hold only headings for the sections that matter, so nothing new is decided
there. These tests pin the statuses for the two test vehicles and the boundaries.
"""

from __future__ import annotations

from typing import Any

import pytest
from us_states import (
    KEI_CAR_2000,
    KEI_TRUCK_1995,
    KEI_TRUCK_EQUIPMENT,
    own_routes,
    region,
    route,
)

CODES = ("AL", "FL", "LA", "SC")
#: The equipment of a real 1995 kei truck, as an importer declares it (the shared set).
EQUIPMENT = {"original_configuration": True, "enclosed_cab": True, **KEI_TRUCK_EQUIPMENT}
TRUCK = {**KEI_TRUCK_1995, "features": EQUIPMENT}

#: Each state's own routes and their statuses, the same for the truck and the car.
STATUSES = {
    "AL": {"al-mini-truck": "closed", "al-low-speed-vehicle": "closed",
           "al-kei-vehicle": "undetermined"},
    "FL": {"fl-mini-truck": "undetermined", "fl-low-speed-vehicle": "closed",
           "fl-kei-vehicle": "undetermined"},
    "LA": {"la-mini-truck": "undetermined", "la-kei-vehicle": "undetermined"},
    "SC": {"sc-low-speed-vehicle": "closed", "sc-kei-registration": "undetermined",
           "sc-antique-vehicle": "undetermined"},
}


@pytest.mark.parametrize("code", CODES)
def test_a_source_read_in_a_copy_of_the_code_is_secondary(code: str) -> None:
    for key, source in (region(code).get("sources") or {}).items():
        if any(e.get("title", "").lower().startswith("copy of")
               for e in source.get("evidence") or []):
            assert source["verified"] == "secondary", key


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("spec", [TRUCK, KEI_TRUCK_1995, KEI_CAR_2000],
                         ids=["truck-1995-equipped", "truck-1995", "car-2000"])
def test_the_statuses_for_the_two_vehicles_are_pinned(code: str, spec: dict[str, Any]) -> None:
    assert own_routes(spec, code) == STATUSES[code]


# -- South Carolina -----------------------------------------------------------------------------

def test_south_carolina_rests_its_routes_on_the_off_road_brand() -> None:
    note = region("SC")["sources"]["sc-56-1-10-37"]["note"]
    assert "at the department's discretion" in note
    assert "shall not register and license" in note
    for route_id in ("sc-kei-registration", "sc-antique-vehicle"):
        r = route("SC", route_id)
        assert r["decision"] == "undetermined" and "56-1-10(37)" in r["reason"], route_id
        assert r["requires"] == ["import-25-year"], route_id


def test_the_south_carolina_antique_route_carries_the_statute_s_conditions() -> None:
    r = route("SC", "sc-antique-vehicle")
    assert r["kind"] == "antique" and r["source"] == "sc-56-3-2210"
    assert any("collector's item" in item for item in r["restrictions"])
    assert any("general transportation" in item for item in r["restrictions"])


@pytest.mark.parametrize(("made", "expected"), [
    ("2001-12-01", "undetermined"),   # exactly 25 years old on 2026-12-01
    ("2001-12-02", "closed"),         # one day short: the federal import it requires is closed
])
def test_south_carolina_follows_the_federal_25_year_boundary(made: str, expected: str) -> None:
    statuses = own_routes({**KEI_CAR_2000, "manufactured": made}, "SC")
    assert statuses["sc-kei-registration"] == expected
    assert statuses["sc-antique-vehicle"] == expected


# -- Florida ------------------------------------------------------------------------------------

def test_the_florida_imported_vehicle_route_rests_on_320_02_9() -> None:
    r = route("FL", "fl-kei-vehicle")
    assert r["decision"] == "undetermined" and r["source"] == "fl-320-02-9"
    assert "320.02(9)" in r["reason"]
    assert region("FL")["sources"]["fl-320-02-9"]["verified"] == "secondary"


def test_the_florida_mini_truck_route_says_its_definition_was_not_read() -> None:
    r = route("FL", "fl-mini-truck")
    assert r["decision"] == "undetermined" and r["rulesets"] == []
    assert "not read" in r["reason"] and "not researched" not in r["reason"]


# -- Alabama ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("speed", "expected"), [
    ("25 mph", "open"),        # governed as the definition asks
    ("25.01 mph", "closed"),   # just over the governor's limit
])
def test_the_alabama_mini_truck_route_turns_on_the_speed_governor(speed: str,
                                                                  expected: str) -> None:
    statuses = own_routes({**TRUCK, "top_speed": speed}, "AL")
    assert statuses["al-mini-truck"] == expected
    assert statuses["al-kei-vehicle"] == "undetermined"


def test_the_alabama_low_speed_route_is_no_longer_marked_not_researched() -> None:
    r = route("AL", "al-low-speed-vehicle")
    assert r["decision"] == "undetermined"
    assert not r["reason"].startswith("not researched")


# -- Louisiana ----------------------------------------------------------------------------------

def test_the_louisiana_mini_truck_route_stays_undetermined_without_its_definition() -> None:
    r = route("LA", "la-mini-truck")
    assert r["decision"] == "undetermined" and r["rulesets"] == []
    assert "(F)" in r["reason"]
