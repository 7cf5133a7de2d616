"""US state layer, fifth pass: imported-vehicle titling in eleven states, searched again.

Mississippi, searched with them, is decided since and tested in test_regions_us_i.py.

AL AZ DC DE FL HI IL IN KS LA MT were searched for the state's own statement on titling an
imported vehicle without an FMVSS label. No statement that decides a route was found: the
routes stay undetermined, with what was found in the notes (a FLHSMV advisory on used vehicles
from a foreign country; a NHTSA letter reporting a DC law on certification of compliance).
These tests hold the files to that: fresh dates, well-formed sources on no copy site, every
undecided route with its reason, and no route open for a kei truck or a kei car.
"""

from __future__ import annotations

from typing import Any

import pytest
from us_states import (
    CHECKED,
    KEI_CAR_2000,
    KEI_TRUCK_1995,
    own_routes,
    region,
    route,
)

from keirules.rulesets.basis import is_copy

#: The files this pass searched again.
CODES = ("AL", "AZ", "DC", "DE", "FL", "HI", "IL", "IN", "KS", "LA", "MT")




# -- the data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
def test_the_file_was_checked_on_the_day_of_this_pass(code: str) -> None:
    assert region(code)["checked"] == CHECKED


@pytest.mark.parametrize("code", CODES)
def test_every_source_is_described_and_no_copy_site_is_cited(code: str) -> None:
    for key, source in (region(code).get("sources") or {}).items():
        assert source.get("title") and source.get("verified") in {"text", "secondary"}, key
        assert source.get("instrument") or source.get("citation"), key
        urls = [source.get("url") or ""]
        urls += [e.get("url") or "" for e in source.get("evidence") or []]
        for url in urls:
            assert not (url and is_copy(url)), (key, url)


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
    assert r["decision"] == "undetermined" and r["source"] == "flhsmv-t03-06"


def test_the_dc_lead_is_a_federal_letter_so_no_refusal_is_written() -> None:
    source = region("DC")["sources"]["nhtsa-07-0040004"]
    assert source["verified"] == "secondary"
    assert source["url"] == "https://www.nhtsa.gov/interpretations/07-0040004"
    r = route("DC", "dc-not-researched")
    assert r["decision"] == "undetermined" and r["source"] == "nhtsa-07-0040004"


# -- through the router ------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_no_route_of_these_states_opens_silently(spec: dict[str, Any], code: str) -> None:
    statuses = own_routes(spec, code)
    assert statuses, code
    assert "open" not in statuses.values(), (code, statuses)
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
