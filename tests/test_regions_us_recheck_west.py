"""US states re-checked against their legislatures' own pages: Idaho, Utah, New York.

None of them is decided yet: Idaho's FMVSS definition and HB 365 (2008) were read but not the
section that bars vehicles from the highway; Utah's novel-vehicle chapter sends a vehicle that
fits a category back to that category; New York's commissioner may refuse a class of vehicles,
but no determination about kei vehicles was found. The tests pin that each stays an honest
undetermined (never a silent open, never a closure without the operative text) and that the
sources read are described as what they are.
"""

from __future__ import annotations

from typing import Any

import pytest
from us_states import (
    CHECKED,
    KEI_CAR_2000,
    KEI_TRUCK_1995,
    assert_sources_described,
    own_routes,
    region,
    route,
)

CODES = ("ID", "UT", "NY")
#: The truck as an importer declares it (the equipment a 1995 kei truck has).
TRUCK_EQUIPPED = {**KEI_TRUCK_1995, "features": {
    **KEI_TRUCK_1995["features"], "windshield": True, "mirrors": True, "headlamps": True,
    "tail_lamps": True, "stop_lamps": True, "turn_signal_lamps": True, "reflex_reflectors": True,
    "seat_belts": True}}
VEHICLES = [KEI_TRUCK_1995, TRUCK_EQUIPPED, KEI_CAR_2000]
IDS = ["truck-1995", "truck-1995-equipped", "car-2000"]


@pytest.mark.parametrize("code", CODES)
def test_the_file_was_checked_on_the_day_of_this_pass(code: str) -> None:
    assert region(code)["checked"] == CHECKED


@pytest.mark.parametrize("code", CODES)
def test_every_source_is_described_and_no_mirror_is_cited(code: str) -> None:
    assert_sources_described(code)


@pytest.mark.parametrize("code", CODES)
def test_every_route_names_a_source_the_file_has(code: str) -> None:
    data = region(code)
    for r in data["routes"]:
        assert r["source"] in data["sources"], (code, r["id"])


@pytest.mark.parametrize("code", CODES)
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
    # The bill is known only from its status page: secondary, and the route says so.
    assert sources["idaho-hb365-2008"]["verified"] == "secondary"
    idaho = route("ID", "id-not-researched")
    assert idaho["decision"] == "undetermined"
    assert "operative section" in " ".join(idaho["reason"].split())


def test_utah_routes_to_the_novel_vehicle_registration_section() -> None:
    utah = route("UT", "ut-kei-registration")
    assert utah["source"] == "ucode-41-27-201"
    assert region("UT")["sources"]["ucode-41-27-201"]["verified"] == "secondary"


def test_new_york_cites_the_commissioners_power_to_refuse_a_class_of_vehicles() -> None:
    source = region("NY")["sources"]["vtl-400-a"]
    assert source["verified"] == "text"
    assert source["url"] == "https://www.nysenate.gov/legislation/laws/VAT/400-A"
    assert route("NY", "ny-kei-registration")["decision"] == "undetermined"
