"""US state layer, Midwest pass: OH MO IL IN KS NE SD ND re-checked against their sources.

Nebraska titles and registers a "minitruck" (Neb. Rev. Stat. 60-121.01 as the DMV states it;
one plate under 60-3,100): a kei truck with its lamps, mirrors and seat belts declared fits the
rule set us-ne-minitruck, so its route is open through the federal 25-year import, and a
vehicle just outside the definition fails the right rule. Its ordinary titling route is open
too, for the kei car as for the truck: the Certificate of Title Act titles a motor vehicle on
its ownership documents or a bonded title (60-149, 60-167) with no federal-certification
condition, so it follows the federal 25-year boundary. North Dakota's unconventional-vehicle
route is undetermined by decision (the class excludes otherwise registrable vehicles and asks a
manufacturer's highway certification), even with the seat and equipment declared. The other
states stay undetermined for both vehicles, with what was read (Missouri and South Dakota
are decided since: see test_regions_us_o.py).
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

#: The files this pass re-checked.
CODES = ("OH", "MO", "IL", "IN", "KS", "NE", "SD", "ND")
#: A 1995 kei truck with its real road equipment declared (``us_states.KEI_TRUCK_EQUIPMENT``).
TRUCK = KEI_TRUCK_1995
#: The same truck with only its cab declared: the equipment rules cannot be decided.
BARE_TRUCK = {**KEI_TRUCK_1995, "features": {
    name: value for name, value in KEI_TRUCK_1995["features"].items()
    if name not in KEI_TRUCK_EQUIPMENT}}
NE_MINITRUCK = ROOT / "rulesets" / "us-ne-minitruck" / "2011.yaml"


def ne_check(spec: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    report = keirules.check(spec, ruleset=str(NE_MINITRUCK), on="2026-12-01")
    return (report.verdict, sorted(r.rule.id for r in report.failures),
            sorted(r.rule.id for r in report.warnings))


# -- the data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
def test_every_route_names_a_known_source_and_no_placeholder_is_left(code: str) -> None:
    data = region(code)
    for r in data["routes"]:
        if "source" in r or "decision" not in r:
            assert r.get("source") in (data.get("sources") or {}), (code, r["id"])
        assert not str(r.get("reason", "")).startswith("not researched"), (code, r["id"])


def test_nebraska_minitruck_route_builds_on_the_import_and_the_rule_set() -> None:
    ne = route("NE", "ne-minitruck")
    assert "decision" not in ne
    assert ne["kind"] == "mini_truck"
    assert ne["requires"] == ["import-25-year"]
    assert ne["rulesets"] == ["us-ne-minitruck"]
    source = region("NE")["sources"][ne["source"]]
    assert source["url"] == "https://dmv.nebraska.gov/dvr/title/minitruck"
    assert region("NE")["sources"]["neb-60-3-100"]["verified"] == "text"


def test_north_dakota_unconventional_route_is_undetermined_by_decision() -> None:
    nd = route("ND", "nd-unconventional-vehicle")
    assert nd["decision"] == "undetermined"
    assert "39-29.2-06" in nd["citation"]


def test_the_nd_rule_set_cites_no_unseen_address() -> None:
    text = (ROOT / "rulesets" / "us-nd-unconventional-vehicle" / "2015.yaml").read_text(
        encoding="utf-8")
    assert "t39c29-2.pdf" not in text


# -- the Nebraska definition at its limits -----------------------------------------------------

def test_a_1995_kei_truck_is_a_nebraska_minitruck_with_a_speed_warning() -> None:
    assert ne_check(TRUCK) == ("pass", [], ["top-speed"])
    assert ne_check({**TRUCK, "top_speed": "55 mph"}) == ("pass", [], [])


@pytest.mark.parametrize(("change", "failed"), [
    ({"width": "67 in"}, []),
    ({"width": "67.1 in"}, ["width"]),
    ({"displacement": "1500 cc"}, []),
    ({"displacement": "1501 cc"}, ["displacement"]),
    ({"curb_mass": "4200 lb"}, []),
    ({"curb_mass": "4201 lb"}, ["dry-weight"]),
    ({"wheels": 3}, ["tires"]),
    ({"category": "passenger"}, ["truck"]),
    ({"powertrain": "electric", "displacement": None}, ["combustion-engine"]),
])
def test_nebraska_minitruck_boundaries(change: dict[str, Any], failed: list[str]) -> None:
    spec = {k: v for k, v in {**TRUCK, **change}.items() if v is not None}
    verdict, failures, _ = ne_check(spec)
    assert failures == failed
    assert verdict == ("fail" if failed else "pass")


def test_nebraska_minitruck_needs_the_cab_and_lamps_declared() -> None:
    report = keirules.check(BARE_TRUCK, ruleset=str(NE_MINITRUCK), on="2026-12-01")
    assert report.verdict == "incomplete"
    lacking = {**TRUCK, "features": {**TRUCK["features"], "headlamps": False}}
    assert ne_check(lacking)[:2] == ("fail", ["headlights"])


def test_nebraska_minitruck_is_not_in_force_before_2011() -> None:
    with pytest.raises(keirules.KeirulesError):
        keirules.check(TRUCK, ruleset="us-ne-minitruck", on="2010-12-31")


# -- through the router ------------------------------------------------------------------------

def test_nebraska_opens_for_the_kei_truck_and_the_kei_car() -> None:
    assert own_routes(TRUCK, "NE") == {"ne-kei-registration": "open",
                                       "ne-minitruck": "open"}
    # the car has no bed: no minitruck, but titled and registered as a motor vehicle
    assert own_routes(KEI_CAR_2000, "NE") == {"ne-kei-registration": "open",
                                              "ne-minitruck": "closed"}


@pytest.mark.parametrize(("made", "status"), [
    ("2001-12-01", "open"),      # 25 years old on 2026-12-01
    ("2001-12-02", "closed"),    # one day short: the federal import is closed
])
def test_nebraska_car_route_follows_the_federal_25_year_boundary(made: str,
                                                                 status: str) -> None:
    statuses = own_routes({**KEI_CAR_2000, "manufactured": made}, "NE")
    assert statuses == {"ne-kei-registration": status, "ne-minitruck": "closed"}


def test_nebraska_titling_route_rests_on_the_title_act_without_a_federal_bar() -> None:
    r = route("NE", "ne-kei-registration")
    assert "decision" not in r and r["rulesets"] == [] and r["requires"] == ["import-25-year"]
    source = region("NE")["sources"][r["source"]]
    assert source["verified"] == "secondary"
    for words in ("any vehicle propelled by any power other than muscular", "bonded certificate",
                  "60-149(1)(d)", "federal motor vehicle"):
        assert words in " ".join(source["note"].split()), words


def test_nebraska_truck_route_waits_for_the_declared_equipment() -> None:
    assert own_routes(BARE_TRUCK, "NE")["ne-minitruck"] == "undetermined"


@pytest.mark.parametrize(("made", "status"), [
    ("2001-12-01", "open"),      # 25 years old on 2026-12-01
    ("2001-12-02", "closed"),    # one day short: the federal import is closed
])
def test_nebraska_truck_route_follows_the_federal_25_year_boundary(made: str,
                                                                   status: str) -> None:
    assert own_routes({**TRUCK, "manufactured": made}, "NE")["ne-minitruck"] == status


def test_a_wide_truck_is_no_nebraska_minitruck() -> None:
    assert own_routes({**TRUCK, "width": "68 in"}, "NE")["ne-minitruck"] == "closed"


def test_north_dakota_stays_undetermined_with_the_equipment_declared() -> None:
    statuses = own_routes(TRUCK, "ND")
    assert statuses["nd-unconventional-vehicle"] == "undetermined"
    assert statuses["nd-kei-registration"] == "undetermined"


#: Missouri and South Dakota are decided since, and tested in test_regions_us_o.py.
@pytest.mark.parametrize("code", ("OH", "IL", "IN", "KS", "ND"))
@pytest.mark.parametrize("spec", [TRUCK, KEI_CAR_2000], ids=["truck-1995", "car-2000"])
def test_no_other_route_of_these_states_opens(spec: dict[str, Any], code: str) -> None:
    statuses = own_routes(spec, code)
    assert statuses, code
    assert "open" not in statuses.values(), (code, statuses)
    assert "undetermined" in statuses.values(), (code, statuses)


def test_this_file_lives_beside_the_shared_helpers() -> None:
    assert (Path(__file__).parent / "us_states.py").is_file()
