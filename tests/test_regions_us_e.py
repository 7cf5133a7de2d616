"""US state layer, fifth pass: imported-vehicle titling in eleven states, searched again.

Mississippi, searched with them, is decided since and tested in test_regions_us_i.py.

AL AZ DC DE FL HI IL IN KS LA MT were searched for the state's own statement on titling an
imported vehicle without an FMVSS label. No statement that decides a route was found: the
routes stay undetermined, with what was found in the notes (a FLHSMV advisory on used vehicles
from a foreign country; a NHTSA letter reporting a DC law on certification of compliance).
These tests hold the files to that: fresh dates, well-formed sources on no copy site, every
undecided route with its reason, and no route open for a kei truck or a kei car. Hawaii was
read since in its statutes: ordinary registration of a vehicle without FMVSS certification is
refused (HRS 286-42(a)), and the special interest (collector) class stays undetermined.
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

#: The files this pass searched again.
CODES = ("AL", "AZ", "DC", "DE", "FL", "HI", "IL", "IN", "KS", "LA", "MT")




# -- the data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
def test_an_undecided_route_says_why_and_names_its_federal_route(code: str) -> None:
    for r in region(code)["routes"]:
        assert r["requires"], r["id"]
        if r.get("decision") == "undetermined":
            assert str(r.get("reason") or "").strip(), r["id"]
        if r.get("source"):
            assert r["source"] in (region(code).get("sources") or {}), r["id"]


def test_the_florida_advisory_is_read_in_the_agencys_own_page_and_decides_nothing() -> None:
    source = region("FL")["sources"]["flhsmv-t03-06"]
    assert source["verified"] == "text"
    assert source["url"].startswith("https://www.flhsmv.gov/")
    assert "Compliance Examiner" in source["note"]
    r = route("FL", "fl-kei-vehicle")
    assert r["decision"] == "undetermined" and "flhsmv-t03-06" in r["notes"]
    # the route now rests on the statute that leaves it to agency practice
    assert r["source"] == "fl-320-02-9"
    assert "certified by the United States" in region("FL")["sources"]["fl-320-02-9"]["note"]


def test_the_dc_lead_is_a_federal_letter_and_the_refusal_rests_on_the_regulation() -> None:
    source = region("DC")["sources"]["nhtsa-07-0040004"]
    assert source["verified"] == "secondary"
    assert source["url"] == "https://www.nhtsa.gov/interpretations/07-0040004"
    r = route("DC", "dc-not-researched")
    assert r["decision"] == "refused" and r["source"] == "dcmr-18-700"


# -- through the router ------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_no_route_of_these_states_opens_silently(spec: dict[str, Any], code: str) -> None:
    statuses = own_routes(spec, code)
    assert statuses, code
    assert "open" not in statuses.values(), (code, statuses)
    if code != "DC":  # the District has since been decided closed (18 DCMR 700.9)
        assert "undetermined" in statuses.values(), (code, statuses)


@pytest.mark.parametrize(("made", "age"), [
    ("2001-12-01", "25 years old"),           # exactly 25 years on 2026-12-01
    ("2001-12-02", "one day short of 25"),    # the federal import is closed too
])
def test_the_florida_kei_car_route_stays_undecided_or_closed_at_the_boundary(
        made: str, age: str) -> None:
    spec = {**KEI_CAR_2000, "manufactured": made}
    status = own_routes(spec, "FL")["fl-kei-vehicle"]
    assert status == ("undetermined" if age == "25 years old" else "closed"), age


# -- Hawaii, re-read in the statutes (HRS 286-2, 286-42) ---------------------------------------

@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_hawaii_refuses_an_uncertified_vehicle_but_the_collector_class_stays_open_to_question(
        spec: dict[str, Any]) -> None:
    assert own_routes(spec, "HI") == {"hi-kei-registration": "closed",
                                      "hi-special-interest-vehicle": "undetermined"}


def test_hawaii_refusal_quotes_the_statute_and_is_a_copy() -> None:
    refusal = route("HI", "hi-kei-registration")
    assert refusal["decision"] == "refused"
    assert "shall not be registered" in " ".join(refusal["reason"].split())
    source = region("HI")["sources"]["hrs-286-42"]
    assert source["verified"] == "secondary"
    assert "url" not in source
    definition = " ".join(region("HI")["sources"]["hrs-286-2"]["note"].split())
    assert "a vehicle of any age that, because of its significance" in definition


def test_hawaii_collector_class_needs_the_federal_import_first() -> None:
    young = {**KEI_CAR_2000, "manufactured": "2002-06"}   # 24 years old on 2026-12-01
    assert set(own_routes(young, "HI").values()) == {"closed"}
