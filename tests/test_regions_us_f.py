"""US state layer, sixth pass: the titling of imported vehicles in NC, NH, NJ, NV, VA and WA.

None of these states' own statements on titling a 25-year exemption import was read in full:
Virginia's foreign market vehicle section (Va. Code 46.2-602) was found only in the chapter's
table of sections, Washington's rule on vehicles from another country (WAC 308-56A-115) only in
its opening, New Hampshire's Bureau of Title rules only in their definitions, and New Jersey's
Foreign Title Unit requirements only as a dealers' association lists them. The ordinary
registration routes therefore stay undetermined, with what was found in their notes: never a
silent open. The files are read with PyYAML, and the routes are checked through the router on
both sides of the federal 25-year boundary. Virginia has since been read in the Code's text
(46.2-602 E and F) and is held by tests/test_regions_us_dc_de_md_nj_va_wa.py; here only its
file's checks remain.
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

#: The files this pass extended.
CODES = ("NC", "NH", "NJ", "NV", "VA", "WA")
#: The ordinary registration route of each, still undetermined after this pass (not Virginia).
UNDETERMINED = {
    "NC": "nc-kei-registration",
    "NH": "nh-kei-registration",
    "NJ": "nj-kei-registration",
    "NV": "nv-kei-registration",
    "WA": "wa-kei-registration",
}




# -- the data ----------------------------------------------------------------------------------

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
    assert sources["va-46-2-602"]["url"].startswith("https://law.lis.virginia.gov/")
    assert sources["va-46-2-602"]["verified"] == "secondary"
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


@pytest.mark.parametrize("code", sorted(UNDETERMINED))
@pytest.mark.parametrize("spec", [KEI_TRUCK_1995, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_no_state_of_this_pass_is_open_without_a_source(code: str, spec: dict[str, Any]) -> None:
    statuses = own_routes(spec, code)
    assert statuses[UNDETERMINED[code]] == "undetermined"
