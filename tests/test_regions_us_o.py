"""US state layer, statute pass: MO SD IL OH read in copies of their codes.

Missouri titles a motor vehicle "not originally manufactured in compliance with United States
emissions or safety standards" as a Non-USA-Std motor vehicle after a Highway Patrol
examination and registers it after the safety and emissions inspections (RSMo 301.010(43),
301.190.3, .9): its kei route is open exactly when the federal 25-year import is, and historic
registration (301.131) is a second open route. The tests pin those statuses for the 1995 kei
truck and the 2000 kei car, and the federal 25-year boundary they follow.

South Dakota titles "all vehicles propelled by power other than muscular power" (off-road
vehicles aside) on evidence of ownership, and "the secretary shall issue a certificate of
title" to the owner (SDCL 32-3-1(17), 32-3-23, 32-3-24), with no federal-certification
condition outside low-speed vehicles; the state's import documents (CBP 7501, HS-7, EPA 3520)
are those of a 25-year import: open likewise. Historical plates (32-5-77) add a route for a
vehicle more than thirty years old (the rule set us-sd-historical-vehicle): open for the truck,
closed for the car.

Ohio stays undetermined for both: R.C. 4519.401 (read on the Legislative Service Commission's
page) forbids operating a mini-truck except on a qualifying farm, a dealer's lot or where a
local authority allows it, and the BMV titles imports only on proof of compliance with federal
safety requirements, silent on the 25-year exemption. Illinois stays undetermined: its Vehicle
Code is not in the statutes copy, and the reported refusal under 625 ILCS 5/3-401(c-1) still
has no published policy.
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

#: The files this pass re-checked.
CODES = ("MO", "SD", "OH", "IL")
#: FMVSS-certified glazing and belts on top of the truck's own equipment (a re-fitted truck).
EQUIPMENT = {"windshield": True, "mirrors": True, "headlamps": True, "tail_lamps": True,
             "stop_lamps": True, "turn_signal_lamps": True, "reflex_reflectors": True,
             "seat_belts": True, "nonstraddle_seat_steering_wheel": True}
TRUCK = {**KEI_TRUCK_1995, "features": {**KEI_TRUCK_1995["features"], **EQUIPMENT}}


# -- the data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
def test_every_route_names_a_known_source(code: str) -> None:
    data = region(code)
    for r in data["routes"]:
        assert r.get("source") in (data.get("sources") or {}), (code, r["id"])
        assert not str(r.get("reason", "")).startswith("not researched"), (code, r["id"])


def test_the_missouri_route_rests_on_the_non_usa_std_statute() -> None:
    r = route("MO", "mo-kei-vehicle")
    assert "decision" not in r
    assert r["requires"] == ["import-25-year"] and r["rulesets"] == []
    source = region("MO")["sources"][r["source"]]
    assert source["verified"] == "secondary"
    assert "Non-USA-Std Motor Vehicle" in source["note"]
    assert "not originally manufactured in compliance" in region("MO")["sources"][
        "rsmo-301-010"]["note"]


def test_the_missouri_historic_route_carries_the_mileage_limit() -> None:
    r = route("MO", "mo-historic-vehicle")
    assert r["kind"] == "antique" and "decision" not in r
    assert any("1,000 miles" in text for text in r["restrictions"])


# -- through the router ------------------------------------------------------------------------

@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, TRUCK, KEI_CAR_2000],
                         ids=["truck-1995", "truck-1995-equipped", "car-2000"])
def test_missouri_opens_for_the_kei_truck_and_the_kei_car(spec: dict[str, Any]) -> None:
    assert own_routes(spec, "MO") == {"mo-low-speed-vehicle": "closed",
                                      "mo-kei-vehicle": "open",
                                      "mo-historic-vehicle": "open"}


@pytest.mark.parametrize(("made", "status"), [
    ("2001-12-01", "open"),      # 25 years old on 2026-12-01
    ("2001-12-02", "closed"),    # one day short: the federal import is closed
])
def test_missouri_follows_the_federal_25_year_boundary(made: str, status: str) -> None:
    statuses = own_routes({**KEI_CAR_2000, "manufactured": made}, "MO")
    assert statuses["mo-kei-vehicle"] == status
    if status == "closed":       # "over twenty-five years old": never before the federal import
        assert statuses["mo-historic-vehicle"] == "closed"


def test_the_south_dakota_route_rests_on_the_title_statute_not_on_the_county_page() -> None:
    r = route("SD", "sd-kei-registration")
    assert "decision" not in r and r["rulesets"] == []
    assert r["source"] == "sdcl-32-3"
    note = region("SD")["sources"]["sdcl-32-3"]["note"]
    assert "the secretary shall" in note and "not for highway use" in note


@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_south_dakota_opens_for_the_kei_truck_and_the_kei_car(spec: dict[str, Any]) -> None:
    assert own_routes(spec, "SD")["sd-kei-registration"] == "open"


def test_south_dakota_historical_plates_need_more_than_thirty_years() -> None:
    assert own_routes(KEI_TRUCK_1995, "SD")["sd-historical-plates"] == "open"     # 31 years
    assert own_routes(KEI_CAR_2000, "SD")["sd-historical-plates"] == "closed"     # 26 years
    r = route("SD", "sd-historical-plates")
    assert r["rulesets"] == ["us-sd-historical-vehicle"] and "decision" not in r
    assert any("4,000 miles" in text for text in r["restrictions"])


@pytest.mark.parametrize(("made", "status"), [
    ("1996-12-01", "open"),      # thirty years on the day (counted whole years, see the notes)
    ("1996-12-02", "closed"),    # one day short of thirty years
])
def test_south_dakota_historical_plates_at_the_thirty_year_boundary(made: str,
                                                                     status: str) -> None:
    truck = {**KEI_TRUCK_1995, "manufactured": made}
    assert own_routes(truck, "SD") == {"sd-kei-registration": "open",
                                       "sd-historical-plates": status}


@pytest.mark.parametrize(("made", "status"), [
    ("2001-12-01", "open"),
    ("2001-12-02", "closed"),
])
def test_south_dakota_follows_the_federal_25_year_boundary(made: str, status: str) -> None:
    truck = {**KEI_TRUCK_1995, "manufactured": made}
    assert own_routes(truck, "SD") == {"sd-kei-registration": status,
                                       "sd-historical-plates": "closed"}


def test_ohio_reads_4519_401_on_the_official_page_and_the_definition_only_locally() -> None:
    sources = region("OH")["sources"]
    assert sources["orc-4519-401"]["verified"] == "text"
    assert sources["orc-4519-401"]["url"].startswith("https://codes.ohio.gov/")
    assert "no person shall operate a mini-truck" in sources["orc-4519-401"]["note"]
    assert sources["napoleon-301-187"]["verified"] == "secondary"
    assert route("OH", "oh-mini-truck")["decision"] == "undetermined"


@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_ohio_stays_undetermined_for_both_vehicles(spec: dict[str, Any]) -> None:
    assert own_routes(spec, "OH") == {"oh-mini-truck": "undetermined",
                                      "oh-kei-registration": "undetermined"}


def test_an_ohio_kei_car_one_day_short_of_25_years_is_closed_with_the_federal_import() -> None:
    young = {**KEI_CAR_2000, "manufactured": "2001-12-02"}
    assert set(own_routes(young, "OH").values()) == {"closed"}


@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_illinois_stays_undetermined_for_both_vehicles(spec: dict[str, Any]) -> None:
    assert own_routes(spec, "IL") == {"il-kei-vehicle": "undetermined",
                                      "il-mini-truck": "undetermined"}
    assert route("IL", "il-kei-vehicle")["decision"] == "undetermined"
