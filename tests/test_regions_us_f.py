"""US state layer, sixth pass: the titling of imported vehicles in NC, NH, NJ, NV, VA and WA.

None of these states' own statements on titling a 25-year exemption import was read in full:
Virginia's foreign market vehicle section (Va. Code 46.2-602) was found only in the chapter's
table of sections, Washington's rule on vehicles from another country (WAC 308-56A-115) only in
its opening, New Hampshire's Bureau of Title rules only in their definitions, and New Jersey's
Foreign Title Unit requirements only as a dealers' association lists them. The ordinary
registration routes therefore stay undetermined, with what was found in their notes: never a
silent open. The files are read with PyYAML, and the routes are checked through the router on
both sides of the federal 25-year boundary.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ROOT / "markets" / "us"

#: The files this pass extended.
CODES = ("NC", "NH", "NJ", "NV", "VA", "WA")
#: The ordinary registration route of each, still undetermined after this pass.
UNDETERMINED = {
    "NC": "nc-kei-registration",
    "NH": "nh-kei-registration",
    "NJ": "nj-kei-registration",
    "NV": "nv-kei-registration",
    "VA": "va-kei-registration",
    "WA": "wa-kei-registration",
}
MIRRORS = ("brorelol", "eyes4you", "wikizero", "wikiwand", "kids.net.au", "everybodywiki",
           "wikisum", "zawazawa", "5ch", "scribd", "autodocbox", "mydoc123", "elaws.us",
           "ecfr.io", "laws9", "justia", "fdocuments", "docslib", "abcdocz", "zbook.org",
           "vdocuments", "docplayer", "doczz", "yumpu", "lawserver", "findlaw", "laws.com")
CHECKED = dt.date(2026, 12, 1)
ON = "2026-12-01"

KEI_TRUCK_1995 = {
    "name": "1995 kei truck", "manufactured": "1995-06", "category": "cargo", "wheels": 4,
    "seats": 2, "powertrain": "combustion", "displacement": "658 cc", "length": "3395 mm",
    "width": "1395 mm", "curb_mass": "700 kg", "top_speed": "110 km/h",
    "features": {"original_configuration": True, "enclosed_cab": True},
}
KEI_CAR_2000 = {
    "name": "2000 kei car", "manufactured": "2000-06", "category": "passenger", "wheels": 4,
    "seats": 4, "powertrain": "combustion", "displacement": "658 cc", "length": "3395 mm",
    "width": "1475 mm", "curb_mass": "800 kg", "top_speed": "140 km/h",
    "features": {"enclosed_cab": True, "original_configuration": True},
}


def region(code: str) -> dict[str, Any]:
    data = yaml.safe_load((REGIONS / f"{code}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def route(code: str, route_id: str) -> dict[str, Any]:
    (found,) = [r for r in region(code)["routes"] if r["id"] == route_id]
    return found


def own_routes(spec: dict[str, Any], code: str, on: str = ON) -> dict[str, str]:
    pytest.importorskip("keirules.regions")
    from keirules.routing import routes
    report = routes(spec, "US", on, region=code)
    prefix = code.lower() + "-"
    return {r.route.id: r.status for r in report.routes if r.route.id.startswith(prefix)}


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
            assert not any(m in url for m in MIRRORS), (key, url)


@pytest.mark.parametrize(("code", "route_id"), sorted(UNDETERMINED.items()))
def test_an_unread_statement_leaves_the_route_undetermined_with_its_source(
        code: str, route_id: str) -> None:
    r = route(code, route_id)
    assert r["decision"] == "undetermined"
    assert r["requires"] == ["import-25-year"]
    assert r["reason"] and not str(r["reason"]).startswith("not researched")
    assert r["source"] in region(code)["sources"], route_id


def test_the_virginia_statute_is_cited_from_the_legislature_not_a_copy() -> None:
    sources = region("VA")["sources"]
    assert sources["vacode-ch6"]["url"].startswith("https://law.lis.virginia.gov/")
    assert sources["vacode-ch6"]["verified"] == "secondary"
    assert sources["title-service-va"]["evidence"][0]["kind"] == "dealer"


def test_the_new_jersey_list_is_an_association_s_not_the_commission_s() -> None:
    source = region("NJ")["sources"]["njcar-import"]
    assert source["verified"] == "secondary"
    assert [e["kind"] for e in source["evidence"]] == ["association"]


# -- through the router ------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "route_id"), sorted(UNDETERMINED.items()))
@pytest.mark.parametrize(("made", "expected"), [
    ("2001-12-01", "undetermined"),   # exactly 25 years on 2026-12-01: federal import open
    ("2001-12-02", "closed"),         # one day short: the federal import it requires is closed
])
def test_the_route_is_never_open_on_either_side_of_the_25_year_boundary(
        code: str, route_id: str, made: str, expected: str) -> None:
    spec = {**KEI_CAR_2000, "manufactured": made}
    assert own_routes(spec, code)[route_id] == expected


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_no_state_of_this_pass_is_open_without_a_source(code: str, spec: dict[str, Any]) -> None:
    statuses = own_routes(spec, code)
    assert statuses[UNDETERMINED[code]] == "undetermined"
