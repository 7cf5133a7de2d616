"""US state layer, first half (AL to MO): the region files and the states' own rule sets.

Every file is read with PyYAML so that the format (keirules-region/1) is checked here even
before the loader for region files exists; the rule sets are decided by ``keirules.check``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import keirules
from keirules import KeirulesError

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ROOT / "markets" / "us"
RULESETS = ROOT / "rulesets"

#: The jurisdictions this half of the state layer covers.
CODES = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
]
#: The states' own definitions written with them.
FAMILIES = ["us-al-mini-truck", "us-ar-mini-truck", "us-ca-autoette", "us-co-kei",
            "us-in-mini-truck", "us-ky-mini-truck", "us-ky-street-legal-spv", "us-mn-mini-truck",
            "us-ca-used-direct-import",
            "us-id-utility-type-vehicle"]
FEDERAL = {"import-25-year", "low-speed-vehicle", "new-vehicle-sale", "import-show-or-display",
           "import-registered-importer", "import-off-road"}
KINDS = {"kei_vehicle", "mini_truck", "low_speed_vehicle", "medium_speed_vehicle",
         "off_highway", "antique", "other"}
ROUTE_KEYS = {"id", "title", "description", "kind", "requires", "rulesets", "decision",
              "reason", "effective_from", "effective_until", "restrictions", "source",
              "citation", "notes"}
REGION_KEYS = {"format", "market", "region", "title", "checked", "sources", "notes", "routes"}
SOURCE_KEYS = {"title", "instrument", "citation", "url", "verified", "evidence", "note"}
EVIDENCE_KINDS = {"government", "law_database", "gazette", "association", "press",
                  "encyclopedia", "dealer", "blog"}
#: Copies the project never cites.
MIRRORS = ("brorelol", "eyes4you", "wikizero", "wikiwand", "kids.net.au", "everybodywiki",
           "wikisum", "zawazawa", "5ch", "scribd", "autodocbox", "mydoc123", "elaws.us",
           "ecfr.io", "laws9", "justia", "studylib", "gogonow", "seculartimes")


def region(code: str) -> dict[str, Any]:
    data = yaml.safe_load((REGIONS / f"{code}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def researched(data: dict[str, Any]) -> bool:
    return any(not str(route.get("reason", "")).startswith("not researched")
               or route.get("decision") != "undetermined" for route in data["routes"])


@pytest.mark.parametrize("code", CODES)
def test_region_file_has_the_format_keys(code: str) -> None:
    data = region(code)
    assert set(data) <= REGION_KEYS, set(data) - REGION_KEYS
    assert data["format"] == "keirules-region/1"
    assert data["market"] == "US"
    assert data["region"] == code
    assert isinstance(data["title"], str) and data["title"].strip()
    assert isinstance(data["checked"], dt.date), "every region file says when it was checked"
    assert data["routes"], "a region has at least one route"


@pytest.mark.parametrize("code", CODES)
def test_routes_are_well_formed(code: str) -> None:
    data = region(code)
    for route in data["routes"]:
        assert set(route) <= ROUTE_KEYS, (route["id"], set(route) - ROUTE_KEYS)
        assert re.fullmatch(rf"{code.lower()}-[a-z0-9-]+", route["id"]), route["id"]
        assert route["title"].strip() and route["kind"] in KINDS
        assert len(" ".join(route["description"].split())) <= 300, route["id"]
        assert route["requires"] and set(route["requires"]) <= FEDERAL, route["id"]
        assert isinstance(route["rulesets"], list)
        for family in route["rulesets"]:
            assert (RULESETS / family).is_dir(), family
        if "decision" in route:
            assert route["decision"] in {"refused", "undetermined"}
            assert route["reason"].strip(), route["id"]
        for key in ("effective_from", "effective_until"):
            assert route.get(key) is None or isinstance(route[key], dt.date)
        assert all(isinstance(text, str) for text in route.get("restrictions", []))


def test_route_ids_are_unique_across_the_files() -> None:
    ids = [route["id"] for code in CODES for route in region(code)["routes"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("code", CODES)
def test_a_region_not_researched_says_so_and_has_no_sources(code: str) -> None:
    data = region(code)
    if researched(data):
        assert data.get("sources"), f"{code}: a researched region names its sources"
        return
    assert len(data["routes"]) == 1
    route = data["routes"][0]
    assert route["decision"] == "undetermined"
    assert route["reason"].startswith("not researched")
    assert "import-25-year" in route["requires"]
    assert "sources" not in data


@pytest.mark.parametrize("code", CODES)
def test_every_decided_route_names_its_source(code: str) -> None:
    data = region(code)
    sources = data.get("sources") or {}
    for route in data["routes"]:
        if "source" in route:
            assert route["source"] in sources, (route["id"], route["source"])
        decided = route.get("decision") != "undetermined"
        if decided:
            assert route.get("source") in sources, f"{route['id']} is decided without a source"


@pytest.mark.parametrize("code", CODES)
def test_sources_say_what_they_are(code: str) -> None:
    for key, source in (region(code).get("sources") or {}).items():
        assert set(source) <= SOURCE_KEYS, (key, set(source) - SOURCE_KEYS)
        assert source["title"].strip()
        assert source["verified"] in {"text", "secondary"}, key
        assert source.get("instrument") or source.get("citation"), key
        urls = [source.get("url", "")] + [e.get("url", "") for e in source.get("evidence", [])]
        for evidence in source.get("evidence", []):
            assert evidence["title"].strip() and evidence["kind"] in EVIDENCE_KINDS, key
        for url in filter(None, urls):
            assert url.startswith(("http://", "https://")), url
            assert not any(mirror in url for mirror in MIRRORS), url


def test_at_least_twelve_jurisdictions_are_decided_from_sources() -> None:
    decided = [code for code in CODES
               if any(route.get("decision") != "undetermined" and route.get("source")
                      for route in region(code)["routes"])]
    assert len(decided) >= 12, decided


def test_colorado_route_opens_in_2028_with_its_restrictions() -> None:
    (route,) = [r for r in region("CO")["routes"] if r["id"] == "co-kei-vehicle"]
    assert route["effective_from"] == dt.date(2028, 1, 1)
    assert route["requires"] == ["import-25-year"]
    assert route["rulesets"] == ["us-co-kei"]
    assert "decision" not in route
    text = " ".join(route["restrictions"])
    assert "55 mph" in text and "limited-access" in text


def test_refusals_are_fixed_where_the_law_refuses() -> None:
    decisions = {route["id"]: route.get("decision")
                 for code in ("GA", "ME") for route in region(code)["routes"]}
    assert decisions["ga-kei-vehicle"] == decisions["me-kei-vehicle"] == "refused"
    assert decisions["ga-mini-truck"] == decisions["me-mini-truck"] == "refused"


# -- the states' rule sets --------------------------------------------------------------------

def ruleset_path(family: str) -> Path:
    """The family's current version (the last one; earlier ones are historical)."""
    paths = sorted((RULESETS / family).glob("*.yaml"))
    assert paths, family
    return paths[-1]


@pytest.mark.parametrize("family", FAMILIES)
def test_ruleset_header(family: str) -> None:
    data = yaml.safe_load(ruleset_path(family).read_text(encoding="utf-8"))
    assert data["family"] == family
    assert data["jurisdiction"] == "US-" + family.split("-")[1].upper()
    assert data["status"] == "in_force"
    for key, source in data["sources"].items():
        assert source["verified"] in {"text", "secondary"}, key
        assert source.get("instrument") or source.get("citation"), key
    keys = set(data["sources"])
    for rule in data["rules"]:
        assert rule.get("source", next(iter(keys))) in keys


@pytest.mark.parametrize("family", FAMILIES)
def test_ruleset_selftests_agree(family: str) -> None:
    from keirules.cli import main
    assert main(["validate", str(ruleset_path(family))]) == 0


KEI_TRUCK_1995 = {
    "name": "1995 kei truck", "manufactured": "1995-06", "category": "cargo", "wheels": 4,
    "seats": 2, "powertrain": "combustion", "displacement": "658 cc", "length": "3395 mm",
    "width": "1395 mm", "curb_mass": "700 kg",
    "features": {"original_configuration": True, "enclosed_cab": True, "heated_interior": True,
                 "roll_bar": True, "headlamps": True,
                 "stop_lamps": True, "turn_signal_lamps": True, "tail_lamps": True,
                 "reflex_reflectors": True, "parking_brake": True, "mirrors": True,
                 "windshield": True, "seat_belts": True, "safety_glass_windshield": True,
                 "seat_belts_fitted": True},
}


def verdict(spec: dict[str, Any], family: str, on: str = "2028-06-01") -> tuple[str, list[str]]:
    report = keirules.check(spec, str(ruleset_path(family)), on=on)
    return report.verdict, sorted(r.rule.id for r in report.failures)


def test_colorado_accepts_a_1995_kei_truck() -> None:
    assert verdict(KEI_TRUCK_1995, "us-co-kei") == ("pass", [])


@pytest.mark.parametrize(("change", "failed"), [
    ({"width": "67.01 in"}, ["width"]),
    ({"length": "140.01 in"}, ["length"]),
    ({"displacement": "1001 cc"}, ["displacement"]),
    ({"wheels": 3}, ["tires"]),
    ({"features": {"enclosed_cab": False}}, ["enclosed-cab"]),
    ({"powertrain": "electric", "displacement": None, "max_power": "56001 W"},
     ["electric-power"]),
])
def test_colorado_refuses_a_vehicle_outside_the_definition(
        change: dict[str, Any], failed: list[str]) -> None:
    spec = {key: value for key, value in {**KEI_TRUCK_1995, **change}.items()
            if value is not None}
    assert verdict(spec, "us-co-kei") == ("fail", failed)


@pytest.mark.parametrize("change", [
    {"width": "67 in", "length": "140 in", "displacement": "1000 cc"},
    {"powertrain": "electric", "displacement": None, "max_power": "56000 W"},
])
def test_colorado_limits_are_inclusive(change: dict[str, Any]) -> None:
    spec = {key: value for key, value in {**KEI_TRUCK_1995, **change}.items()
            if value is not None}
    assert verdict(spec, "us-co-kei")[0] == "pass"


def test_colorado_definition_is_not_in_force_before_2028() -> None:
    with pytest.raises(KeirulesError):
        keirules.check(KEI_TRUCK_1995, "us-co-kei", on="2026-06-01")
    assert keirules.check(KEI_TRUCK_1995, "us-co-kei", on="2028-01-01").verdict == "pass"


@pytest.mark.parametrize(("family", "change", "expected"), [
    # Alabama: the definition requires a 25 mph speed governor.
    ("us-al-mini-truck", {"top_speed": "25 mph"}, ("pass", [])),
    ("us-al-mini-truck", {"top_speed": "25.01 mph"}, ("fail", ["speed-governor"])),
    ("us-al-mini-truck", {"top_speed": "25 mph", "curb_mass": "1499 lb"},
     ("fail", ["unladen-weight"])),
    # Arkansas: 48 in wide at least, 135 in long at most, 1,500 lb at least.
    ("us-ar-mini-truck", {}, ("pass", [])),
    ("us-ar-mini-truck", {"length": "135.01 in"}, ("fail", ["length"])),
    ("us-ar-mini-truck", {"width": "47.99 in"}, ("fail", ["width"])),
    # California's autoette, from 2024 130 in long: a 3.40 m kei truck is too long, a 3.30 m
    # one (Japan's 1990-1998 limit, a real 1995 truck) fits.
    ("us-ca-autoette", {}, ("fail", ["length"])),
    ("us-ca-autoette", {"length": "3295 mm"}, ("pass", [])),
    ("us-ca-autoette", {"length": "130 in"}, ("pass", [])),
    ("us-ca-autoette", {"length": "130.01 in"}, ("fail", ["length"])),
    ("us-ca-autoette", {"length": "3295 mm", "width": "55.01 in"}, ("fail", ["width"])),
    # Indiana: at most 60 mph and 60 in; a passenger car is not a truck.
    ("us-in-mini-truck", {"top_speed": "60 mph"}, ("pass", [])),
    ("us-in-mini-truck", {"top_speed": "110 km/h"}, ("fail", ["top-speed"])),
    ("us-in-mini-truck", {"top_speed": "60 mph", "category": "passenger"}, ("fail", ["truck"])),
    # Minnesota: 660 cc, 900 to 2,200 lb.
    ("us-mn-mini-truck", {}, ("pass", [])),
    ("us-mn-mini-truck", {"curb_mass": "2200 lb"}, ("pass", [])),
    ("us-mn-mini-truck", {"curb_mass": "2200.1 lb"}, ("fail", ["dry-weight-max"])),
    ("us-mn-mini-truck", {"displacement": "661 cc"}, ("fail", ["displacement"])),
    # Kentucky: a minitruck with a roll bar; a kei car is no special purpose vehicle.
    ("us-ky-street-legal-spv", {}, ("pass", [])),
    ("us-ky-street-legal-spv", {"category": "passenger"}, ("fail", ["minitruck"])),
])
def test_mini_truck_boundaries(family: str, change: dict[str, Any],
                               expected: tuple[str, list[str]]) -> None:
    assert verdict({**KEI_TRUCK_1995, **change}, family) == expected


def test_indiana_literal_displacement_is_only_a_warning() -> None:
    report = keirules.check({**KEI_TRUCK_1995, "top_speed": "60 mph"},
                            str(ruleset_path("us-in-mini-truck")), on="2028-06-01")
    assert report.verdict == "pass"
    assert [r.rule.id for r in report.warnings] == ["displacement-literal"]


# -- with the region loader (runs once keirules.regions is on this branch) ---------------------

CAR_2000 = {
    "name": "2000 kei car", "manufactured": "2000-06", "category": "passenger", "wheels": 4,
    "seats": 4, "powertrain": "combustion", "displacement": "658 cc", "length": "3395 mm",
    "width": "1475 mm", "curb_mass": "800 kg", "top_speed": "140 km/h",
    "features": {"enclosed_cab": True, "original_configuration": True},
}


def own_routes(spec: dict[str, Any], code: str, on: str) -> dict[str, str]:
    pytest.importorskip("keirules.regions")
    from keirules.routing import routes
    report = routes(spec, "US", on, region=code)
    prefix = code.lower() + "-"
    return {r.route.id: r.status for r in report.routes if r.route.id.startswith(prefix)}


@pytest.mark.parametrize("code", CODES)
def test_the_loader_reads_every_region(code: str) -> None:
    regions = pytest.importorskip("keirules.regions")
    from keirules.markets import find_market
    layer = regions.find_region(find_market("US"), code)
    assert layer.code == code and layer.checked == region(code)["checked"]


def test_colorado_route_is_open_in_2028_and_not_yet_in_2026() -> None:
    truck = {**KEI_TRUCK_1995, "top_speed": "110 km/h"}
    assert own_routes(truck, "CO", "2028-06-01")["co-kei-vehicle"] == "open"
    assert own_routes(truck, "CO", "2026-06-01")["co-kei-vehicle"] == "closed"
    assert own_routes({**truck, "width": "1710 mm"}, "CO", "2028-06-01")["co-kei-vehicle"] \
        == "closed"


@pytest.mark.parametrize("code", CODES)
def test_a_2019_kei_car_is_open_nowhere_while_the_import_is_closed(code: str) -> None:
    car = {**CAR_2000, "manufactured": "2019-06"}
    assert "open" not in own_routes(car, code, "2028-06-01").values()


def test_georgia_and_maine_refuse_a_kei_car_and_a_kei_truck() -> None:
    for spec in (CAR_2000, {**KEI_TRUCK_1995, "top_speed": "110 km/h"}):
        for code in ("GA", "ME"):
            statuses = own_routes(spec, code, "2026-12-01")
            assert set(statuses.values()) == {"closed"}, (code, statuses)
