"""US state layer, third pass: the jurisdictions first left unresearched, and the kei car routes.

Alaska and Iowa refuse a vehicle without the FMVSS certification label, Delaware's DMV refused a
kei truck (affirmed in court), Connecticut registers a grey-market vehicle 25 years or older;
Maryland, Idaho, Vermont, Mississippi, Arizona and the District of Columbia stay undetermined
with what was found. The files are read with PyYAML (the data's promises), and the decided
routes are checked through the router at the federal 25-year boundary.
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

#: The files this pass rewrote or extended.
CODES = ("AK", "AZ", "CT", "DE", "DC", "IA", "ID", "MD", "MS", "VT",
         "CA", "MN", "OH", "SD", "TX")
#: The route ids of the first draft's placeholders: still "not researched" where undecided,
#: named for what they decide where a source now decides them.
PLACEHOLDERS = {**{code: f"{code.lower()}-not-researched"
                   for code in ("AZ", "DC", "MD", "VT")},
                "AK": "ak-kei-registration", "CT": "ct-kei-registration",
                "ID": "id-kei-registration", "MS": "ms-kei-vehicle",
                "DE": "de-mini-truck-registration", "IA": "ia-kei-registration"}




# -- the data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(PLACEHOLDERS))
def test_the_placeholder_route_id_is_kept(code: str) -> None:
    ids = [r["id"] for r in region(code)["routes"]]
    assert PLACEHOLDERS[code] in ids


@pytest.mark.parametrize("code", CODES)
def test_every_route_with_a_reason_or_a_source_names_a_known_source(code: str) -> None:
    data = region(code)
    sources = data.get("sources") or {}
    for r in data["routes"]:
        if "source" in r:
            assert r["source"] in sources, (code, r["id"])
        if r.get("decision") is None or r["decision"] == "refused":
            assert r.get("source"), f"{code}: {r['id']} is decided and must name its source"
        if str(r.get("reason", "")).startswith("not researched"):
            assert r["decision"] == "undetermined"


def test_the_refusals_are_fixed_where_the_agency_refuses() -> None:
    assert route("AK", "ak-kei-registration")["decision"] == "refused"
    assert route("IA", "ia-kei-registration")["decision"] == "refused"
    assert route("DE", "de-mini-truck-registration")["decision"] == "refused"
    assert route("DE", "de-mini-truck-registration")["kind"] == "mini_truck"


def test_connecticut_is_open_through_the_federal_25_year_import() -> None:
    ct = route("CT", "ct-kei-registration")
    assert "decision" not in ct
    assert ct["requires"] == ["import-25-year"]
    assert ct["rulesets"] == []


def test_verified_text_only_where_the_agency_page_itself_was_read() -> None:
    assert region("AK")["sources"]["ak-dmv-foreign-vehicles"]["verified"] == "text"
    assert region("IA")["sources"]["iowa-321-30-15"]["verified"] == "text"
    assert region("MD")["sources"]["mva-gray-market"]["verified"] == "text"
    # an older version of the DMV page, a court order in a copy: secondary
    assert region("CT")["sources"]["ct-dmv-grey-market"]["verified"] == "secondary"
    assert region("DE")["sources"]["baron-v-dmv-2023"]["verified"] == "secondary"


# -- through the router ------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["AK", "IA"])
@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_alaska_and_iowa_refuse_a_kei_truck_and_a_kei_car(code: str, spec: dict[str, Any]) -> None:
    assert set(own_routes(spec, code).values()) == {"closed"}


@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_connecticut_registers_a_kei_truck_and_a_kei_car(spec: dict[str, Any]) -> None:
    assert own_routes(spec, "CT")["ct-kei-registration"] == "open"


@pytest.mark.parametrize(("made", "status"), [
    ("2001-12-01", "open"),          # exactly 25 years old on 2026-12-01
    ("2001-12-02", "closed"),        # one day short: the federal import is closed
    ("2001-12", "undetermined"),     # known only to the month: 25 years reached within it
])
def test_connecticut_follows_the_federal_25_year_boundary(made: str, status: str) -> None:
    spec = {**KEI_CAR_2000, "manufactured": made}
    assert own_routes(spec, "CT")["ct-kei-registration"] == status


def test_a_2019_kei_car_is_open_in_none_of_these_jurisdictions() -> None:
    car = {**KEI_CAR_2000, "manufactured": "2019-06"}
    for code in CODES:
        assert "open" not in own_routes(car, code, "2028-06-01").values(), code


def test_delaware_refuses_the_kei_truck_and_leaves_the_kei_car_undetermined() -> None:
    statuses = own_routes(KEI_TRUCK_1995, "DE")
    assert statuses["de-mini-truck-registration"] == "closed"
    assert statuses["de-kei-vehicle"] == "undetermined"
    assert statuses["de-unique-unregistered-title"] == "undetermined"


@pytest.mark.parametrize("code", ["AZ", "MD", "VT"])
@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_the_undecided_jurisdictions_are_never_a_silent_open(
        code: str, spec: dict[str, Any]) -> None:
    assert set(own_routes(spec, code).values()) == {"undetermined"}


def test_a_kei_car_is_not_a_mississippi_low_speed_vehicle() -> None:
    statuses = own_routes(KEI_CAR_2000, "MS")
    assert statuses["ms-low-speed-vehicle"] == "closed"
    assert statuses["ms-kei-vehicle"] == "open"


# -- Minnesota, re-checked for the kei car -----------------------------------------------------

def test_minnesota_decides_the_truck_by_the_mini_truck_route_and_not_the_car() -> None:
    assert own_routes(KEI_TRUCK_1995, "MN") == {"mn-mini-truck": "open",
                                                "mn-off-highway": "undetermined",
                                                "mn-kei-vehicle": "undetermined"}
    assert own_routes(KEI_CAR_2000, "MN") == {"mn-mini-truck": "closed",
                                              "mn-off-highway": "undetermined",
                                              "mn-kei-vehicle": "undetermined"}


def test_minnesota_s_car_route_names_the_guide_and_the_title_statute() -> None:
    r = route("MN", "mn-kei-vehicle")
    assert r["decision"] == "undetermined" and r["source"] == "mn-dvs-imported-vehicles"
    sources = region("MN")["sources"]
    assert sources["mn-dvs-imported-vehicles"]["verified"] == "secondary"
    assert "url" not in sources["mn-dvs-imported-vehicles"]  # read only in a copy
    assert "entitled to the issuance" in " ".join(sources["mn-168a-05"]["note"].split())


def test_minnesota_closes_every_route_for_a_car_one_day_short_of_25_years() -> None:
    spec = {**KEI_CAR_2000, "manufactured": "2001-12-02"}
    assert set(own_routes(spec, "MN").values()) == {"closed"}
    spec = {**KEI_CAR_2000, "manufactured": "2001-12-01"}
    assert own_routes(spec, "MN")["mn-kei-vehicle"] == "undetermined"
