"""US state layer, ninth pass: AL AR FL KY LA MS NC SC searched for statutes and agency pages.

Kentucky's KRS 189.517 (a "lightweight Japanese kei class utility vehicle" kept off public
highways but for crossings, farm and similar work and designated highways, from 2013-06-25) is
the rule set us-ky-mini-truck, but the route waits on registration (KRS 186.020); KRS
186A.097's bond-release letters conflict with the Transportation Cabinet's FAQ, so Kentucky's
import titling, and with it the mini-truck route, stays undetermined. Mississippi's title law
titles a vehicle last registered in another country (Miss. Code 63-21-15), so its kei route
follows the federal 25-year import. Arkansas' mini-truck definition passes a kei truck that
declares its equipment. The others stay undetermined with what was searched. The kei truck
here declares the equipment a real one has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from us_states import (
    KEI_CAR_2000,
    KEI_TRUCK_1995,
    KEI_TRUCK_EQUIPMENT,
    ROOT,
    own_routes,
    region,
    route,
)

import keirules
from keirules import KeirulesError

#: The files this pass re-checked.
CODES = ("AL", "AR", "FL", "KY", "LA", "MS", "NC", "SC")
#: The equipment of a real 1995 kei truck, as an importer declares it (the shared set).
EQUIPMENT = {"original_configuration": True, "enclosed_cab": True, **KEI_TRUCK_EQUIPMENT}
TRUCK = {**KEI_TRUCK_1995, "features": EQUIPMENT}
#: The same truck re-glazed to FMVSS No. 205, as Arkansas' definition asks.
GLAZED_TRUCK = {**TRUCK, "features": {**EQUIPMENT, "windshield": True}}
#: The ordinary titling route of each state: decided only where a source decides it.
TITLING = {
    "AL": ("al-kei-vehicle", "undetermined"),
    "AR": ("ar-kei-vehicle", "undetermined"),
    "FL": ("fl-kei-vehicle", "undetermined"),
    "KY": ("ky-kei-vehicle", "undetermined"),
    "LA": ("la-kei-vehicle", "undetermined"),
    "MS": ("ms-kei-vehicle", "open"),
    "NC": ("nc-kei-registration", "undetermined"),
    "SC": ("sc-kei-registration", "undetermined"),
}


def ruleset(family: str) -> Path:
    (path,) = sorted((ROOT / "rulesets" / family).glob("*.yaml"))
    return path


def verdict(spec: dict[str, Any], family: str, on: str = "2026-12-01") -> tuple[str, list[str]]:
    report = keirules.check(spec, str(ruleset(family)), on=on)
    return report.verdict, sorted(r.rule.id for r in report.failures)


# -- the data ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "route_id"), sorted((c, r) for c, (r, _) in TITLING.items()))
def test_the_titling_route_was_researched_and_names_its_source(code: str, route_id: str) -> None:
    r = route(code, route_id)
    assert r["requires"] == ["import-25-year"]
    if r.get("source") or "decision" not in r:  # an open route must name its source
        assert r["source"] in region(code)["sources"], route_id
    if r.get("decision") == "undetermined":
        assert not str(r["reason"]).startswith("not researched"), route_id


def test_kentucky_reads_its_statutes_in_a_copy_and_its_agency_on_its_own_page() -> None:
    sources = region("KY")["sources"]
    assert sources["kytc-mvl-faq"]["verified"] == "text"
    assert sources["kytc-mvl-faq"]["url"].startswith("http://transportation.ky.gov/")
    for key in ("krs-189-517", "krs-186a-097"):
        assert sources[key]["verified"] == "secondary"
        assert next(e["kind"] for e in sources[key]["evidence"]) == "law_database"
    assert "bond release" in sources["krs-186a-097"]["note"]


def test_the_mississippi_route_rests_on_the_statute_not_on_the_dealers() -> None:
    source = region("MS")["sources"]["ms-63-21-15"]
    assert source["verified"] == "secondary"
    assert "another state or country" in source["note"]
    kinds = [e["kind"] for e in source["evidence"]]
    assert kinds[0] == "law_database" and set(kinds[1:]) == {"dealer"}
    assert "decision" not in route("MS", "ms-kei-vehicle")


# -- the rule sets -----------------------------------------------------------------------------

@pytest.mark.parametrize(("family", "spec", "expected"), [
    # Kentucky: a kei truck is the "kei class utility vehicle"; two headlights, two taillights.
    ("us-ky-mini-truck", TRUCK, ("pass", [])),
    ("us-ky-mini-truck", KEI_CAR_2000, ("fail", ["kei-utility-vehicle"])),
    ("us-ky-mini-truck", {**TRUCK, "features": {**EQUIPMENT, "tail_lamps": False}},
     ("fail", ["taillights"])),
    # Arkansas: at most 135 in long, at least 48 in wide.
    ("us-ar-mini-truck", TRUCK, ("incomplete", [])),  # its glazing is not FMVSS No. 205
    ("us-ar-mini-truck", GLAZED_TRUCK, ("pass", [])),
    ("us-ar-mini-truck", {**GLAZED_TRUCK, "length": "135.01 in"}, ("fail", ["length"])),
    ("us-ar-mini-truck", {**GLAZED_TRUCK, "width": "47.99 in"}, ("fail", ["width"])),
    # Alabama: governed to 25 mph.
    ("us-al-mini-truck", {**TRUCK, "top_speed": "25 mph"}, ("pass", [])),
    ("us-al-mini-truck", TRUCK, ("fail", ["speed-governor"])),
])
def test_the_state_definitions_at_their_boundaries(
        family: str, spec: dict[str, Any], expected: tuple[str, list[str]]) -> None:
    assert verdict(spec, family) == expected


def test_the_kentucky_mini_truck_section_is_not_in_force_before_2013_06_25() -> None:
    with pytest.raises(KeirulesError):
        keirules.check(TRUCK, "us-ky-mini-truck", on="2013-06-24")
    assert keirules.check(TRUCK, "us-ky-mini-truck", on="2013-06-25").verdict == "pass"


# -- through the router ------------------------------------------------------------------------

@pytest.mark.parametrize("spec", [TRUCK, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
@pytest.mark.parametrize("code", CODES)
def test_the_titling_route_has_the_status_its_sources_give(code: str, spec: dict[str, Any]) -> None:
    route_id, status = TITLING[code]
    assert own_routes(spec, code)[route_id] == status


def test_kentucky_s_mini_truck_route_waits_on_the_registration_it_needs() -> None:
    """KRS 189.517 says where a mini-truck may run, but KRS 186.020(1) asks registration of a
    motor vehicle before it is operated upon a highway, and that registration is unsettled for
    a 25-year import (KRS 186A.097 against the Cabinet's FAQ): nothing is open in Kentucky."""
    truck = own_routes(TRUCK, "KY")
    assert truck["ky-mini-truck"] == "undetermined"
    assert truck["ky-kei-vehicle"] == "undetermined"
    assert "open" not in truck.values()
    r = route("KY", "ky-mini-truck")
    assert r["decision"] == "undetermined"
    assert "186.020(1)" in r["reason"] and "186A.097" in r["reason"]
    note = " ".join(region("KY")["sources"]["krs-186-020"]["note"].split())
    assert "may operate it or permit its operation upon a highway, the owner shall" in note
    assert region("KY")["sources"]["krs-186-020"]["verified"] == "secondary"
    car = own_routes(KEI_CAR_2000, "KY")
    assert "open" not in car.values()
    assert set(car.values()) == {"closed", "undetermined"}


def test_the_kentucky_mini_truck_route_carries_the_statute_s_restrictions() -> None:
    r = route("KY", "ky-mini-truck")
    assert r["rulesets"] == ["us-ky-mini-truck"]
    assert str(r["effective_from"]) == "2013-06-25"
    assert any("daylight" in item for item in r["restrictions"])
    assert any("2/10 of a mile" in item for item in r["restrictions"])


@pytest.mark.parametrize(("made", "expected"), [
    ("2001-12-01", "open"),      # exactly 25 years old on 2026-12-01
    ("2001-12-02", "closed"),    # one day short: the federal import it requires is closed
])
def test_mississippi_follows_the_federal_25_year_boundary(made: str, expected: str) -> None:
    spec = {**KEI_CAR_2000, "manufactured": made}
    assert own_routes(spec, "MS")["ms-kei-vehicle"] == expected


def test_arkansas_opens_for_the_equipped_kei_truck_and_not_for_a_longer_one() -> None:
    """Arkansas asks for FMVSS No. 205 safety glass, which a Japanese truck was not built
    with: undetermined until the importer declares it, open then, closed when too long."""
    assert own_routes(TRUCK, "AR")["ar-mini-truck"] == "undetermined"
    assert own_routes(GLAZED_TRUCK, "AR")["ar-mini-truck"] == "open"
    assert own_routes({**GLAZED_TRUCK, "length": "136 in"}, "AR")["ar-mini-truck"] == "closed"
    assert own_routes(KEI_CAR_2000, "AR") == {"ar-mini-truck": "closed",
                                              "ar-kei-vehicle": "undetermined"}


@pytest.mark.parametrize("code", ["AL", "FL", "LA", "NC", "SC"])
@pytest.mark.parametrize("spec", [TRUCK, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_the_states_still_unsettled_open_nothing(code: str, spec: dict[str, Any]) -> None:
    statuses = own_routes(spec, code)
    assert "open" not in statuses.values(), statuses
    assert "undetermined" in statuses.values(), statuses


def test_kentucky_s_car_route_keeps_the_statute_and_the_faq_apart() -> None:
    """KRS 186A.097 reaches a private owner's registration for their own use, defines no
    "importer" (nor does KRS 186A.005) and has no age exception; the Cabinet's FAQ asks only
    the HS-7 or 7501: the route stays undetermined."""
    note = " ".join(region("KY")["sources"]["krs-186a-097"]["note"].split())
    for words in ("registration of such a vehicle by the importer for their own use",
                  "no exception by age", "19 CFR 12.80(e)", "KRS 186A.005"):
        assert words in note, words
    r = route("KY", "ky-kei-vehicle")
    assert r["decision"] == "undetermined" and r["requires"] == ["import-25-year"]


@pytest.mark.parametrize(("made", "expected"), [
    ("2001-12-01", "undetermined"),  # 25 years old: the federal import is open, the state's not
    ("2001-12-02", "closed"),        # one day short: the federal import it requires is closed
])
def test_kentucky_car_route_at_the_federal_25_year_boundary(made: str, expected: str) -> None:
    statuses = own_routes({**KEI_CAR_2000, "manufactured": made}, "KY")
    assert statuses["ky-kei-vehicle"] == expected
    assert statuses["ky-mini-truck"] == expected  # a fixed undetermined, behind the import
