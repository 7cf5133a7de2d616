"""US state layer: the kei passenger car route in WA, NC, HI, WI, UT and NM, searched again.

None of the six is decided for the 2000 kei car by what was read. Washington's title statute and
its inspection rule (WAC 308-56A-150, read in a copy) set no federal certification condition,
but the Department's rule on vehicles from another country (WAC 308-56A-115) was not read; North
Carolina's refusal grounds name no federal certification, but no Division statement on 25-year
imports was found; Hawaii refuses a vehicle not certified to the FMVSS except a special interest
vehicle, whose collector definition is now read (HRS 286-26.5(a)) but whose county practice is
not; Wisconsin refuses the car ordinary registration (no certification label) and the collector
exception's enacted words are unread; Utah's and New Mexico's titling of an import was not
found. The tests pin that each stays an honest undetermined for the car and the truck, that a
car one month too young for the federal 25-year import is closed wherever the route rests on
it, and that the sources read are described as what they are.
"""

from __future__ import annotations

from typing import Any

import pytest
from us_states import (
    KEI_CAR_2000,
    KEI_TRUCK_1995,
    own_routes,
    region,
    route,
)

CODES = ("WA", "NC", "HI", "WI", "UT", "NM")
#: The truck re-fitted with FMVSS No. 205 glazing and FMVSS No. 209 belts (the FMVSS features).
TRUCK_EQUIPPED = {**KEI_TRUCK_1995, "features": {
    **KEI_TRUCK_1995["features"], "windshield": True, "seat_belts": True}}
VEHICLES = [KEI_TRUCK_1995, TRUCK_EQUIPPED, KEI_CAR_2000]
IDS = ["truck-1995", "truck-1995-equipped", "car-2000"]

#: Each state's own routes and their statuses for the three test vehicles (all the same).
EXPECTED: dict[str, dict[str, str]] = {
    "WA": {"wa-kei-registration": "undetermined", "wa-watv-on-road": "undetermined",
           "wa-neighborhood-electric-vehicle": "closed"},
    "NC": {"nc-kei-registration": "undetermined"},
    "HI": {"hi-kei-registration": "closed", "hi-special-interest-vehicle": "undetermined"},
    "WI": {"wi-kei-registration": "closed", "wi-kei-collector": "undetermined"},
    "UT": {"ut-kei-registration": "undetermined"},
    "NM": {"nm-kei-registration": "undetermined"},
}
#: The routes that rest on the federal 25-year import (closed for a vehicle under 25 years).
IMPORT_ROUTES = {
    "WA": "wa-kei-registration", "NC": "nc-kei-registration",
    "HI": "hi-special-interest-vehicle", "WI": "wi-kei-collector",
    "UT": "ut-kei-registration", "NM": "nm-kei-registration",
}


def note(code: str, key: str | None = None) -> str:
    data = region(code)
    text = data["notes"] if key is None else data["sources"][key]["note"]
    return " ".join(str(text).split())


@pytest.mark.parametrize("code", CODES)
def test_the_notes_record_this_pass(code: str) -> None:
    assert "2026-12-01" in note(code)


@pytest.mark.parametrize("spec", VEHICLES, ids=IDS)
@pytest.mark.parametrize("code", CODES)
def test_the_statuses_for_the_test_vehicles(code: str, spec: dict[str, Any]) -> None:
    assert own_routes(spec, code) == EXPECTED[code]


@pytest.mark.parametrize("code", CODES)
def test_no_state_is_decided_for_the_car(code: str) -> None:
    statuses = set(own_routes(KEI_CAR_2000, code).values())
    assert "open" not in statuses
    assert "undetermined" in statuses


@pytest.mark.parametrize("code", CODES)
def test_a_car_exactly_25_years_old_is_treated_as_the_2000_car(code: str) -> None:
    assert own_routes({**KEI_CAR_2000, "manufactured": "2001-12"}, code) == EXPECTED[code]


@pytest.mark.parametrize("code", CODES)
def test_a_car_one_month_too_young_closes_the_routes_on_the_25_year_import(code: str) -> None:
    statuses = own_routes({**KEI_CAR_2000, "manufactured": "2002-01"}, code)
    assert statuses[IMPORT_ROUTES[code]] == "closed"
    assert "open" not in statuses.values()


# -- Washington -------------------------------------------------------------------------------

def test_washington_inspection_rule_is_read_in_a_copy_and_names_no_import_condition() -> None:
    source = region("WA")["sources"]["wac-308-56a-150"]
    assert source["verified"] == "secondary"
    assert "url" not in source
    text = note("WA", "wac-308-56a-150")
    assert "located in another state or country" in text
    assert "No paragraph names a vehicle imported from another country" in text


def test_washington_route_waits_on_the_foreign_vehicle_rule() -> None:
    ordinary = route("WA", "wa-kei-registration")
    assert ordinary["decision"] == "undetermined"
    assert "WAC 308-56A-115" in ordinary["reason"]
    assert "WAC 308-56A-115" in ordinary["citation"]


# -- Hawaii, Wisconsin, North Carolina -------------------------------------------------------------

def test_hawaii_notes_quote_the_collector_definition() -> None:
    text = note("HI")
    assert "for the owner's own use, to preserve, restore, and maintain the vehicle" in text
    assert route("HI", "hi-special-interest-vehicle")["decision"] == "undetermined"


def test_wisconsin_refuses_the_car_by_its_missing_label_and_leaves_the_collector_open_question(
        ) -> None:
    assert "certification-label ground" in note("WI")
    assert route("WI", "wi-kei-registration")["decision"] == "refused"
    assert route("WI", "wi-kei-collector")["decision"] == "undetermined"


def test_north_carolina_foreign_vehicle_means_registered_outside_the_state() -> None:
    text = note("NC")
    assert "which has been registered outside of this State" in text
    assert route("NC", "nc-kei-registration")["decision"] == "undetermined"
