"""US state layer, fourth pass: the titling of imported vehicles, state by state.

Tennessee's Department of Revenue asks a photograph of the FMVSS certification label with the
title or registration application of an imported vehicle, which a kei vehicle entered under the
25-year exemption does not have: the ordinary route is refused, and with its medium and low
speed classes closed to a kei import, Tennessee is closed. Colorado's DMV does not permit kei
vehicles to be titled or registered for on-highway use until HB25-1281 applies (2028-01-01):
closed now, open from 2028 for a kei vehicle within the act's definition. The files are read
with PyYAML, and the decided routes are checked through the router on both sides of the
federal 25-year boundary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from us_states import (
    KEI_CAR_2000,
    KEI_TRUCK_1995,
    own_routes,
    region,
    route,
)

#: The files this pass rewrote or extended.
CODES = ("CO", "TN")
#: Routes this pass decided, with the decision written in the file.
REFUSED = {
    "CO": "co-before-2028",
    "TN": "tn-kei-registration",
}




# -- the data ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "route_id"), sorted(REFUSED.items()))
def test_a_refusal_names_the_agency_page_it_rests_on(code: str, route_id: str) -> None:
    r = route(code, route_id)
    assert r["decision"] == "refused"
    assert r["requires"] == ["import-25-year"]
    assert r["rulesets"] == []
    assert r["reason"] and not str(r["reason"]).startswith("not researched")
    source = region(code)["sources"][r["source"]]
    assert source.get("url"), route_id
    assert any(e.get("kind") == "government" for e in source.get("evidence") or [])


def test_the_tennessee_page_read_is_an_older_version_so_secondary() -> None:
    source = region("TN")["sources"]["tn-dor-imported-vehicles"]
    assert source["verified"] == "secondary"
    assert source["url"].startswith("http://www.state.tn.us/revenue/")
    assert "Federal Motor Vehicle Safety Standards Label" in source["note"]


# -- through the router ------------------------------------------------------------------------

@pytest.mark.parametrize(("made", "age"), [
    ("2001-12-01", "25 years old"),           # exactly 25 years on 2026-12-01
    ("2001-12-02", "one day short of 25"),    # the federal import is closed too
])
def test_tennessee_refuses_a_kei_car_on_both_sides_of_the_25_year_boundary(
        made: str, age: str) -> None:
    spec = {**KEI_CAR_2000, "manufactured": made}
    assert own_routes(spec, "TN")["tn-kei-registration"] == "closed", age


@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_tennessee_is_closed_for_a_kei_truck_and_a_kei_car(spec: dict[str, Any]) -> None:
    statuses = own_routes(spec, "TN")
    assert statuses["tn-kei-registration"] == "closed"
    assert set(statuses.values()) == {"closed"}


def test_the_refusal_holds_later_and_for_an_older_vehicle() -> None:
    old = {**KEI_TRUCK_1995, "manufactured": "1990-01"}
    assert own_routes(old, "TN", "2030-01-01")["tn-kei-registration"] == "closed"


def test_the_colorado_refusal_ends_the_day_before_hb25_1281_applies() -> None:
    r = route("CO", "co-before-2028")
    assert str(r["effective_until"]) == "2027-12-31"
    assert route("CO", "co-kei-vehicle")["effective_from"] == dt.date(2028, 1, 1)
    assert region("CO")["sources"]["co-dmv-registration"]["verified"] == "text"


@pytest.mark.parametrize(("made", "age"), [
    ("2001-12-01", "25 years old"),
    ("2001-12-02", "one day short of 25"),
])
def test_colorado_refuses_a_kei_car_before_2028_on_both_sides_of_the_boundary(
        made: str, age: str) -> None:
    spec = {**KEI_CAR_2000, "manufactured": made}
    assert own_routes(spec, "CO")["co-before-2028"] == "closed", age


@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_colorado_is_closed_now_for_a_kei_truck_and_a_kei_car(spec: dict[str, Any]) -> None:
    assert set(own_routes(spec, "CO").values()) == {"closed"}


def test_colorado_opens_for_a_kei_truck_in_2028() -> None:
    statuses = own_routes(KEI_TRUCK_1995, "CO", "2028-06-01")
    assert statuses["co-kei-vehicle"] == "open"
