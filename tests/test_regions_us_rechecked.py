"""US states re-checked against their legislatures' and agencies' own pages.

Idaho's registration bar is now read in a copy of the code (49-402(10)): ordinary registration
and the Idaho Classic plate are refused, and the utility type vehicle's restricted plate stays
undetermined until a kei vehicle declares whether it is of recreational design. Utah's
novel-vehicle chapter sends a vehicle that fits a category back to that category; New York's
commissioner may refuse a class of vehicles, but no determination about kei vehicles was found;
Oklahoma's Tax Commission defines a 2008 mini-truck class whose section (47 O.S. 1151.3) is
still in the 2024 code, so a kei truck is registered as a mini-truck, while a kei car stays
undetermined; Wisconsin's collector registration fits a kei import but the enacted exception to
the Kei refusal was not read; California's low-speed vehicle route is now read (VC 21253,
21260) and follows the federal low-speed vehicle route, while its kei and autoette
registrations wait on the Air Resources Board's certificate of conformance for a used direct
import (Health and Safety Code 44202). The tests pin that each stays an honest undetermined
(never a silent open, never a closure without the operative text) and that the sources read
are described as what they are.
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

CODES = ("ID", "UT", "NY", "OK", "WI", "CA")
#: States with no route decided either way for the test vehicles.
UNDECIDED = ("UT", "NY")
#: The truck re-fitted with FMVSS No. 205 glazing and FMVSS No. 209 belts (the FMVSS features).
TRUCK_EQUIPPED = {**KEI_TRUCK_1995, "features": {
    **KEI_TRUCK_1995["features"], "windshield": True, "mirrors": True, "headlamps": True,
    "tail_lamps": True, "stop_lamps": True, "turn_signal_lamps": True, "reflex_reflectors": True,
    "seat_belts": True}}
VEHICLES = [KEI_TRUCK_1995, TRUCK_EQUIPPED, KEI_CAR_2000]
IDS = ["truck-1995", "truck-1995-equipped", "car-2000"]


@pytest.mark.parametrize("code", CODES)
def test_every_route_names_a_source_the_file_has(code: str) -> None:
    data = region(code)
    for r in data["routes"]:
        if "source" in r or r.get("decision") != "undetermined":
            assert r["source"] in data["sources"], (code, r["id"])


@pytest.mark.parametrize("code", UNDECIDED)
@pytest.mark.parametrize("spec", VEHICLES, ids=IDS)
def test_still_undetermined_for_both_test_vehicles(code: str, spec: dict[str, Any]) -> None:
    assert set(own_routes(spec, code).values()) == {"undetermined"}


def test_a_vehicle_too_young_for_the_federal_import_is_never_open() -> None:
    car = {**KEI_CAR_2000, "manufactured": "2019-06"}
    for code in CODES:
        assert "open" not in own_routes(car, code, "2028-06-01").values(), code


def test_idaho_reads_its_fmvss_definition_on_the_legislature_site() -> None:
    sources = region("ID")["sources"]
    definition = sources["idaho-code-49-107"]
    assert definition["verified"] == "text"
    assert definition["url"].startswith("https://legislature.idaho.gov/statutesrules/")
    assert "certified by the manufacturer" in " ".join(definition["note"].split())
    # The bill is known only from its status page, the operative text from a copy: secondary.
    assert sources["idaho-hb365-2008"]["verified"] == "secondary"
    bar = sources["idaho-code-49-402"]
    assert bar["verified"] == "secondary" and "url" not in bar
    assert "shall not be registered" in " ".join(bar["note"].split())


@pytest.mark.parametrize("spec", VEHICLES, ids=IDS)
def test_idaho_refuses_registration_and_the_utv_plate_to_a_road_vehicle(
        spec: dict[str, Any]) -> None:
    """The two vehicles declare that they are road vehicles, not of recreational design:
    every Idaho route is closed. Left undeclared, the UTV plate is an open question."""
    assert own_routes(spec, "ID") == {"id-kei-registration": "closed",
                                      "id-idaho-classic": "closed",
                                      "id-utility-type-vehicle": "closed"}
    undeclared = {**spec, "features": {name: value for name, value in spec["features"].items()
                                       if name != "recreational_design"}}
    assert own_routes(undeclared, "ID")["id-utility-type-vehicle"] == "undetermined"
    assert route("ID", "id-kei-registration")["decision"] == "refused"
    assert route("ID", "id-kei-registration")["source"] == "idaho-code-49-402"


def test_idaho_utv_opens_for_a_declared_recreational_vehicle_within_the_limits() -> None:
    truck = {**TRUCK_EQUIPPED, "features": {**TRUCK_EQUIPPED["features"],
                                            "recreational_design": True}}
    assert own_routes(truck, "ID")["id-utility-type-vehicle"] == "open"
    # A kei truck built as a work truck (not recreational) is no UTV.
    work = {**truck, "features": {**truck["features"], "recreational_design": False}}
    assert own_routes(work, "ID")["id-utility-type-vehicle"] == "closed"


@pytest.mark.parametrize(("change", "status", "failed"), [
    ({"width": "50 in"}, "open", []),              # at the minimum width
    ({"width": "49.99 in"}, "closed", ["width-min"]),
    ({"width": "80 in"}, "closed", ["width-max"]),  # the maximum is "less than 80 inches"
    ({"curb_mass": "899 lb"}, "closed", ["weight-min"]),
])
def test_idaho_utv_boundaries(change: dict[str, Any], status: str, failed: list[str]) -> None:
    from keirules.routing import routes

    spec = {**KEI_TRUCK_1995, **change,
            "features": {**KEI_TRUCK_1995["features"], "recreational_design": True}}
    report = routes(spec, "US", "2026-12-01", region="ID")
    (utv,) = [r for r in report.routes if r.route.id == "id-utility-type-vehicle"]
    assert utv.status == status
    assert sorted(r.rule.id for _, r in utv.failures) == failed


def test_utah_routes_to_the_novel_vehicle_registration_section() -> None:
    utah = route("UT", "ut-kei-registration")
    assert utah["source"] == "ucode-41-27-201"
    assert region("UT")["sources"]["ucode-41-27-201"]["verified"] == "secondary"


def test_new_york_cites_the_commissioners_power_to_refuse_a_class_of_vehicles() -> None:
    source = region("NY")["sources"]["vtl-400-a"]
    assert source["verified"] == "text"
    assert source["url"] == "https://www.nysenate.gov/legislation/laws/VAT/400-A"
    assert route("NY", "ny-kei-registration")["decision"] == "undetermined"


@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, TRUCK_EQUIPPED], ids=IDS[:2])
def test_oklahoma_registers_a_kei_truck_as_a_mini_truck(spec: dict[str, Any]) -> None:
    statuses = own_routes(spec, "OK")
    assert statuses["ok-mini-truck"] == "open"
    assert statuses["ok-street-legal-utv"] == "undetermined"
    assert statuses["ok-kei-registration"] == "undetermined"
    # The electric-only classes stay closed to a petrol kei vehicle.
    assert statuses["ok-low-speed-electric-vehicle"] == "closed"
    assert statuses["ok-medium-speed-electric-vehicle"] == "closed"


def test_oklahoma_kei_car_is_no_mini_truck_and_stays_undetermined() -> None:
    statuses = own_routes(KEI_CAR_2000, "OK")
    assert statuses["ok-mini-truck"] == "closed"
    assert statuses["ok-street-legal-utv"] == "undetermined"
    assert statuses["ok-kei-registration"] == "undetermined"
    assert "open" not in statuses.values()


def test_oklahoma_kei_car_route_waits_on_the_federal_law_paragraph_of_1105() -> None:
    r = route("OK", "ok-kei-registration")
    assert r["decision"] == "undetermined" and r["source"] == "ok-47-1105"
    source = region("OK")["sources"]["ok-47-1105"]
    assert source["verified"] == "secondary" and "url" not in source
    assert "compliance with federal law" in " ".join(source["note"].split())


@pytest.mark.parametrize(("made", "status"), [
    ("2001-12-01", "undetermined"),  # 25 years old: the federal import is open
    ("2001-12-02", "closed"),        # one day short: the federal import it requires is closed
])
def test_oklahoma_kei_car_at_the_federal_25_year_boundary(made: str, status: str) -> None:
    statuses = own_routes({**KEI_CAR_2000, "manufactured": made}, "OK")
    assert statuses["ok-kei-registration"] == status
    assert statuses["ok-mini-truck"] == "closed"
    assert "open" not in statuses.values()


@pytest.mark.parametrize(("change", "status"), [
    ({"displacement": "1000 cc"}, "open"),     # at the 1,000 cc limit
    ({"displacement": "1001 cc"}, "closed"),   # just over it
    ({"width": "67 in"}, "open"),
    ({"width": "67.01 in"}, "closed"),
    ({"curb_mass": "3400 lb"}, "open"),
    ({"curb_mass": "3400.1 lb"}, "closed"),
    ({"features": {"enclosed_cab": False}}, "closed"),
])
def test_oklahoma_mini_truck_boundaries(change: dict[str, Any], status: str) -> None:
    assert own_routes({**KEI_TRUCK_1995, **change}, "OK")["ok-mini-truck"] == status


def test_oklahoma_mini_truck_fails_the_right_rule_just_outside() -> None:
    import keirules

    report = keirules.check({**KEI_TRUCK_1995, "width": "67.01 in"}, "us-ok-mini-truck",
                            on="2026-12-01")
    assert report.verdict == "fail"
    assert [r.rule.id for r in report.failures] == ["width"]
    # "approximately fifty-five (55) miles per hour" warns, never refuses.
    assert [r.rule.id for r in report.warnings] == ["top-speed-about-55"]


def test_oklahoma_mini_truck_statute_is_in_the_2024_code() -> None:
    source = region("OK")["sources"]["ok-47-1151-3"]
    assert source["verified"] == "secondary"
    assert source["citation"] == "47 O.S. 1151.3"
    note = " ".join(source["note"].split())
    assert "Mini-truck registration and operation." in note
    assert "not marked repealed" in note
    mini = route("OK", "ok-mini-truck")
    assert mini["rulesets"] == ["us-ok-mini-truck"] and "decision" not in mini
    assert mini["restrictions"]


def test_oklahoma_cites_the_tax_commissions_own_definition() -> None:
    source = region("OK")["sources"]["otc-unconventional"]
    assert source["verified"] == "text"
    assert source["url"] == "http://www.tax.ok.gov/unconventional.html"
    note = " ".join(source["note"].split())
    for figure in ("(1000 cu cm)", "sixty-seven (67) inches", "three thousand four hundred (3400)"):
        assert figure in note
    assert str(route("OK", "ok-mini-truck")["effective_from"]) == "2008-11-01"


@pytest.mark.parametrize("spec", VEHICLES, ids=IDS)
def test_wisconsin_refuses_but_the_collector_route_stays_open_to_question(
        spec: dict[str, Any]) -> None:
    statuses = own_routes(spec, "WI")
    assert statuses == {"wi-kei-registration": "closed", "wi-kei-collector": "undetermined"}


def test_wisconsin_collector_route_cites_the_special_interest_section() -> None:
    collector = route("WI", "wi-kei-collector")
    assert collector["source"] == "wis-stat-341-266"
    assert collector["decision"] == "undetermined"
    source = region("WI")["sources"]["wis-stat-341-266"]
    assert source["verified"] == "secondary"
    assert source["url"].startswith("https://docs.legis.wisconsin.gov/")


#: A kei car governed to a low-speed vehicle's top speed, with FMVSS No. 500's equipment.
LSV_EQUIPMENT = {"headlamps": True, "turn_signal_lamps": True, "tail_lamps": True,
                 "stop_lamps": True, "reflex_reflectors": True, "mirrors": True,
                 "parking_brake": True, "windshield": True, "vin": True, "seat_belts": True,
                 "rear_visibility": True}


@pytest.mark.parametrize(("top_speed", "status"), [
    ("25 mph", "open"),      # at the federal low-speed vehicle's ceiling
    ("26 mph", "closed"),    # just above it: not a low-speed vehicle
])
def test_california_low_speed_vehicle_follows_the_federal_definition(
        top_speed: str, status: str) -> None:
    car = {**KEI_CAR_2000, "top_speed": top_speed, "gross_mass": "1100 kg",
           "features": {**KEI_CAR_2000["features"], **LSV_EQUIPMENT}}
    assert own_routes(car, "CA")["ca-low-speed-vehicle"] == status


@pytest.mark.parametrize("spec", VEHICLES, ids=IDS)
def test_california_stays_undetermined_for_the_ungoverned_test_vehicles(
        spec: dict[str, Any]) -> None:
    statuses = own_routes(spec, "CA")
    assert statuses["ca-low-speed-vehicle"] == "closed"
    assert statuses["ca-kei-vehicle"] == "undetermined"
    assert "open" not in statuses.values()


#: A 1995 kei truck at Japan's 1990-1998 length limit (3.30 m), as the project's truck spec is.
TRUCK_330 = {**TRUCK_EQUIPPED, "length": "3295 mm"}
CERTIFIED = {"ca_direct_import_certificate": True}


def test_california_autoette_waits_on_the_direct_import_certificate() -> None:
    # The figures fit the 2024 autoette, but registration needs CARB's certificate.
    assert own_routes(TRUCK_330, "CA")["ca-autoette"] == "undetermined"
    truck = {**TRUCK_330, "features": {**TRUCK_330["features"], **CERTIFIED}}
    assert own_routes(truck, "CA")["ca-autoette"] == "open"
    assert own_routes(truck, "CA")["ca-kei-vehicle"] == "open"
    # Without the certificate the truck is not registrable at all.
    refused = {**TRUCK_330, "features": {**TRUCK_330["features"],
                                         "ca_direct_import_certificate": False}}
    assert set(own_routes(refused, "CA").values()) == {"closed"}


@pytest.mark.parametrize(("length", "status"), [
    ("130 in", "open"),        # at the 2024 limit
    ("130.01 in", "closed"),   # just over it
])
def test_california_autoette_length_boundary(length: str, status: str) -> None:
    truck = {**TRUCK_330, "length": length,
             "features": {**TRUCK_330["features"], **CERTIFIED}}
    assert own_routes(truck, "CA")["ca-autoette"] == status


def test_california_autoette_was_120_inches_before_2024() -> None:
    import keirules

    truck = {**TRUCK_330, "length": "125 in"}
    assert keirules.check(truck, "us-ca-autoette", on="2023-12-31").verdict == "fail"
    assert keirules.check(truck, "us-ca-autoette", on="2024-01-01").verdict == "pass"


def test_california_cites_the_used_direct_import_chapter_on_the_legislature_site() -> None:
    source = region("CA")["sources"]["hsc-44200-44210"]
    assert source["verified"] == "text"
    assert source["url"].startswith("https://leginfo.legislature.ca.gov/")
    note = " ".join(source["note"].split())
    assert "may not be registered in this state unless it has received a certificate" in note
    assert route("CA", "ca-kei-vehicle")["rulesets"] == ["us-ca-used-direct-import"]
    assert "decision" not in route("CA", "ca-kei-vehicle")


def test_california_low_speed_roads_are_restricted_to_35_mph() -> None:
    lsv = route("CA", "ca-low-speed-vehicle")
    assert "decision" not in lsv
    assert lsv["requires"] == ["low-speed-vehicle"]
    assert any("35 mph" in text for text in lsv["restrictions"])
    assert region("CA")["sources"]["ca-vc-21253-21260"]["url"].startswith("https://www.dmv.ca.gov/")


# -- states whose statute copies were searched in this pass ------------------------------------

@pytest.mark.parametrize("spec", VEHICLES, ids=IDS)
@pytest.mark.parametrize("code", ["UT", "NM", "AZ", "MT", "NY"])
def test_states_without_a_readable_registration_statute_stay_undetermined(
        code: str, spec: dict[str, Any]) -> None:
    assert set(own_routes(spec, code).values()) == {"undetermined"}


def test_utah_vintage_vehicle_is_recorded_from_copies_only() -> None:
    sources = region("UT")["sources"]
    vintage = sources["ucode-41-21"]
    assert vintage["verified"] == "secondary" and "url" not in vintage
    assert "30 years old or older" in " ".join(vintage["note"].split())
    # Bill trackers are named without their addresses: aggregators are copies.
    assert all("url" not in e for e in sources["ut-hb228-2026"]["evidence"])
    assert route("UT", "ut-kei-registration")["decision"] == "undetermined"


def test_new_mexico_reads_the_horseless_carriage_age_in_a_copy() -> None:
    source = region("NM")["sources"]["nmsa-66-1-4-8-13"]
    assert source["verified"] == "secondary"
    assert "at least thirty-five years old" in " ".join(source["note"].split())


def test_wyoming_multipurpose_route_cites_the_fee_section() -> None:
    assert region("WY")["sources"]["ws-31-3-101"]["verified"] == "secondary"
    assert "31-3-101(a)(ii)(D)" in route("WY", "wy-multipurpose-vehicle")["citation"]
    truck = {**TRUCK_EQUIPPED, "features": {**TRUCK_EQUIPPED["features"],
                                            "upright_seat_24in": True}}
    assert own_routes(truck, "WY")["wy-multipurpose-vehicle"] == "open"
    # The unladen weight must be under 3,000 lb: a vehicle at the limit is no multipurpose
    # vehicle.
    heavy = {**truck, "curb_mass": "3000 lb"}
    assert own_routes(heavy, "WY")["wy-multipurpose-vehicle"] == "closed"
