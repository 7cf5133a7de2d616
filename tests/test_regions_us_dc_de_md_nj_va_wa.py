"""US state layer: DC, DE, MD, NJ, VA and WA, searched again for the state's own word on titling
a 25-year exemption import, then read in the statutes themselves (copies of the codes).

Virginia is decided open: a foreign market vehicle manufactured 25 or more years ago is outside
Va. Code 46.2-602 and gets a negotiable title, and antique plates (46.2-730) are a second,
limited route. The District is decided closed: 18 DCMR 700.9 requires every motor vehicle to
display the manufacturer's certification of compliance with the federal safety standards, and
701.2(b) applies that to historic vehicles. Washington's statutes leave an import's title to the
Department's rule (not read), so it stays undetermined, with its neighborhood electric vehicle
class checked by a rule set. Delaware, Maryland and New Jersey stay undetermined: the statutes
collection lacks their titling chapters. The tests hold the files to that, and run both vehicles
(and the truck with the equipment an importer declares) through the router, on each side of the
federal 25-year boundary where a route follows it.
"""

from __future__ import annotations

from typing import Any

import pytest
from us_states import (
    KEI_CAR_2000,
    KEI_TRUCK_1995,
    ON,
    ROOT,
    own_routes,
    region,
    route,
)

#: The files this pass searched again.
CODES = ("DC", "DE", "MD", "NJ", "VA", "WA")
#: Those still undecided for both vehicles.
UNDECIDED = ("DE", "MD", "NJ", "WA")
#: The truck re-fitted with FMVSS No. 205 glazing and FMVSS No. 209 belts (the FMVSS features).
TRUCK = {**KEI_TRUCK_1995, "features": {
    **KEI_TRUCK_1995["features"], **dict.fromkeys((
        "windshield", "mirrors", "headlamps", "tail_lamps", "stop_lamps", "turn_signal_lamps",
        "reflex_reflectors", "seat_belts", "nonstraddle_seat_steering_wheel"), True)}}


# -- the data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
def test_the_notes_say_what_was_searched_and_not_found(code: str) -> None:
    notes = " ".join(str(region(code)["notes"]).split())
    assert "2026-12-01" in notes and "not found" in notes, code


def test_the_district_code_is_read_in_the_councils_own_text() -> None:
    source = region("DC")["sources"]["dc-code-50-1501"]
    assert source["verified"] == "text"
    assert source["url"].startswith("https://code.dccouncil.us/")
    assert "50-1501.01(10A)" in source["citation"] and "50-1501.02(c)" in source["citation"]
    assert "at least 25" in " ".join(source["note"].split())


def test_the_dc_label_chart_was_read_in_a_copy_and_the_refusal_rests_on_the_regulation() -> None:
    source = region("DC")["sources"]["dc-dmv-nontraditional"]
    assert source["verified"] == "secondary"
    assert source["url"] == "https://dmv.dc.gov/nontraditionalvehicles"
    r = route("DC", "dc-not-researched")
    assert r["decision"] == "refused" and r["source"] == "dcmr-18-700"
    assert "certification" in r["reason"]


def test_the_dc_regulation_is_quoted_and_read_in_copies_without_their_addresses() -> None:
    source = region("DC")["sources"]["dcmr-18-700"]
    assert source["verified"] == "secondary"
    assert "url" not in source
    assert all("url" not in e for e in source["evidence"])
    note = " ".join(source["note"].split())
    assert "All motor vehicles must display a manufacturer's certification of compliance" in note
    assert '"700.2, 700.3, 700.9"' in note


def test_the_dc_historic_route_is_refused_with_its_limits() -> None:
    r = route("DC", "dc-historic-motor-vehicle")
    assert r["kind"] == "antique"
    assert r["decision"] == "refused"
    assert "701.2(b)" in r["reason"] and "701.2(b)" in r["citation"]
    assert r["requires"] == ["import-25-year"]
    assert r["source"] == "dcmr-18-700"
    assert any("1,000 miles" in text for text in r["restrictions"])
    assert any("general transportation" in text for text in r["restrictions"])


def test_the_maryland_regulation_is_the_official_comar_page_read_in_part() -> None:
    source = region("MD")["sources"]["comar-11-15-14-06"]
    assert source["verified"] == "text"
    assert source["url"].startswith("http://www.dsd.state.md.us/comar/")
    assert source["citation"] == "COMAR 11.15.14.06B(9)"
    assert "was not read" in source["note"]
    assert route("MD", "md-not-researched")["decision"] == "undetermined"


@pytest.mark.parametrize("spec", [TRUCK, KEI_TRUCK_1995, KEI_CAR_2000],
                         ids=["truck-1995-equipped", "truck-1995", "car-2000"])
def test_delaware_maryland_and_new_jersey_keep_their_statuses(spec: dict[str, Any]) -> None:
    assert own_routes(spec, "DE") == {"de-mini-truck-registration": "closed",
                                      "de-kei-vehicle": "undetermined",
                                      "de-unique-unregistered-title": "undetermined"}
    assert own_routes(spec, "MD") == {"md-not-researched": "undetermined"}
    assert own_routes(spec, "NJ") == {"nj-low-speed-vehicle": "closed",
                                      "nj-kei-registration": "undetermined"}


@pytest.mark.parametrize("code", ["DE", "MD", "NJ"])
def test_the_gaps_of_the_copy_of_the_code_are_recorded(code: str) -> None:
    notes = " ".join(str(region(code)["notes"]).split())
    assert "in a copy of the" in notes and "Statutes searched again 2026-12-01" in notes


def test_delaware_still_refuses_only_the_kei_truck() -> None:
    decisions = {r["id"]: r.get("decision") for r in region("DE")["routes"]}
    assert decisions == {"de-mini-truck-registration": "refused",
                         "de-kei-vehicle": "undetermined",
                         "de-unique-unregistered-title": "undetermined"}


# -- through the router ------------------------------------------------------------------------

@pytest.mark.parametrize("code", UNDECIDED)
@pytest.mark.parametrize("spec", [TRUCK, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_no_state_of_this_pass_is_open_and_each_stays_undecided(
        code: str, spec: dict[str, Any]) -> None:
    statuses = own_routes(spec, code)
    assert "open" not in statuses.values(), (code, statuses)
    assert "undetermined" in statuses.values(), (code, statuses)


@pytest.mark.parametrize("spec", [TRUCK, KEI_TRUCK_1995, KEI_CAR_2000],
                         ids=["truck-1995-equipped", "truck-1995", "car-2000"])
def test_the_district_closes_every_route_for_both_vehicles(spec: dict[str, Any]) -> None:
    assert own_routes(spec, "DC") == {"dc-not-researched": "closed",
                                      "dc-historic-motor-vehicle": "closed",
                                      "dc-low-speed-vehicle": "closed"}


@pytest.mark.parametrize("made", ["2001-12-01", "2001-12-02", "1990-01-01"])
def test_the_dc_routes_stay_closed_whatever_the_age(made: str) -> None:
    spec = {**KEI_CAR_2000, "manufactured": made}
    assert set(own_routes(spec, "DC").values()) == {"closed"}


# -- Virginia: the Code's foreign market vehicle section, read in a copy -------------------------

def test_virginia_cites_46_2_602_e_and_f_read_in_a_copy() -> None:
    source = region("VA")["sources"]["va-46-2-602"]
    assert source["verified"] == "secondary"
    assert source["url"] == "https://law.lis.virginia.gov/vacode/title46.2/chapter6/"
    assert all("url" not in e for e in source["evidence"] if e["kind"] == "law_database")
    note = " ".join(source["note"].split())
    assert "No foreign market vehicle manufactured 25 or more years ago shall be subject" in note
    assert "negotiable title will be issued" in note


def test_virginia_routes_are_decided_from_the_code() -> None:
    routes = {r["id"]: r for r in region("VA")["routes"]}
    assert set(routes) == {"va-kei-registration", "va-antique", "va-low-speed-vehicle"}
    assert not any("decision" in r for r in routes.values())
    assert routes["va-kei-registration"]["requires"] == ["import-25-year"]
    assert "46.2-602 E" in routes["va-kei-registration"]["citation"]
    assert any("250 miles" in text for text in routes["va-antique"]["restrictions"])
    assert routes["va-low-speed-vehicle"]["requires"] == ["low-speed-vehicle"]


@pytest.mark.parametrize("spec", [TRUCK, KEI_TRUCK_1995, KEI_CAR_2000],
                         ids=["truck-1995-equipped", "truck-1995", "car-2000"])
def test_virginia_titles_and_registers_both_vehicles(spec: dict[str, Any]) -> None:
    assert own_routes(spec, "VA") == {"va-kei-registration": "open", "va-antique": "open",
                                      "va-low-speed-vehicle": "closed"}


@pytest.mark.parametrize(("made", "expected"), [
    ("2001-12-01", "open"),     # exactly 25 years on 2026-12-01: outside 46.2-602, import open
    ("2001-12-02", "closed"),   # one day short: the federal import it requires is closed
])
def test_a_virginia_vehicle_under_25_years_is_not_open(made: str, expected: str) -> None:
    statuses = own_routes({**KEI_CAR_2000, "manufactured": made}, "VA")
    assert statuses["va-kei-registration"] == expected
    assert statuses["va-antique"] == expected


# -- Washington: the statutes leave the import's title to the Department's rule ------------------

def test_washington_statutes_are_read_in_a_copy_and_set_no_federal_condition() -> None:
    source = region("WA")["sources"]["rcw-46"]
    assert source["verified"] == "secondary"
    assert all("url" not in e for e in source["evidence"])
    note = " ".join(source["note"].split())
    assert "other satisfactory evidence of ownership" in note
    assert "electrically powered" in note


@pytest.mark.parametrize("spec", [TRUCK, KEI_TRUCK_1995, KEI_CAR_2000],
                         ids=["truck-1995-equipped", "truck-1995", "car-2000"])
def test_washington_stays_undetermined_and_closes_its_electric_classes(
        spec: dict[str, Any]) -> None:
    assert own_routes(spec, "WA") == {"wa-kei-registration": "undetermined",
                                      "wa-watv-on-road": "undetermined",
                                      "wa-neighborhood-electric-vehicle": "closed"}


def test_a_petrol_kei_car_governed_to_25_mph_is_no_washington_neighborhood_ev() -> None:
    import keirules

    base = {"name": "kei car governed to 25 mph", "category": "passenger", "wheels": 4,
            "top_speed": "25 mph", "gross_mass": "900 kg",
            "features": dict.fromkeys((
                "headlamps", "turn_signal_lamps", "tail_lamps", "stop_lamps", "reflex_reflectors",
                "mirrors", "parking_brake", "windshield", "vin", "seat_belts", "rear_visibility"),
                True)}
    path = str(ROOT / "rulesets" / "us-wa-neighborhood-electric-vehicle" / "2014.yaml")
    petrol = keirules.check({**base, "powertrain": "combustion"}, ruleset=path, on=ON)
    electric = keirules.check({**base, "powertrain": "electric"}, ruleset=path, on=ON)
    assert petrol.verdict == "fail"
    assert [r.rule.id for r in petrol.failures] == ["electric"]
    assert electric.verdict == "pass"
