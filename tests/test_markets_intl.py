"""Markets beyond the US: Canada, Australia and the United Kingdom (Great Britain).

Each market's routes are decided from the vehicle by its own dated rule sets: Canada's 15-year
exclusion (counted by month and year of manufacture) and the RIV route for US-certified
vehicles; Australia's older-vehicle concessional RAV entry (25 years from the relevant build
date, by day) and the SEVs Register; Great Britain's registration at more than 10 years and
Individual Vehicle Approval. Canada's provinces and territories are region files.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli

import keirules
from keirules.markets import find_market, known_markets
from keirules.routing import region_routes
from keirules.rulesets.catalog import default_catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BEAT = EXAMPLES / "honda-beat-pp1.yaml"  # made 1991-05
CARRY = EXAMPLES / "suzuki-carry-da16t.yaml"  # made 2013-09, Japanese market
D = dt.date

VAN_2011 = {"name": "Kei van made in June 2011", "market": "JP", "manufactured": "2011-06",
            "category": "cargo"}
VAN_2012 = {**VAN_2011, "name": "Kei van made in June 2012", "manufactured": "2012-06"}
#: A kei car of 2010 with the figures the quadricycle limits need.
CAR_2010 = {"name": "Kei car made in June 2010", "market": "JP", "manufactured": "2010-06-15",
            "category": "passenger", "wheels": 4, "curb_mass": "820 kg",
            "max_power": "47 kW", "top_speed": "140 km/h", "powertrain": "combustion"}
#: Provinces whose rules were read but leave the route to an inspection the spec cannot show.
RESEARCHED_UNDETERMINED = ["AB", "BC", "MB", "NB", "NS", "NT", "SK"]
#: Provinces whose right-hand-drive rule is a rule set deciding from the vehicle's age.
RHD_RULESETS = {"QC": ("rhd-order", "ca-qc-rhd"), "PE": ("pei-rhd", "ca-pe-rhd")}
#: Provinces and territories looked for without finding their law: no sources, not researched.
NOT_FOUND = ["NL", "NU", "YT"]
PROVINCES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]
NEW_FAMILIES = ["ca-import", "ca-riv", "ca-qc-rhd", "ca-pe-rhd", "au-older-vehicle", "au-sevs",
                "uk-registration-10-year", "uk-iva"]


def _statuses(report: keirules.RouteReport) -> dict[str, str]:
    return {r.route.id: r.status for r in report.routes}


# -- Canada --------------------------------------------------------------------------------------


def test_canada_fifteen_year_route_open_for_a_2011_06_kei_van_on_2026_07_01() -> None:
    report = keirules.routes(VAN_2011, market="CA", on="2026-07-01")
    route = report.route("import-15-year")
    assert route.status == "open"
    assert route.ruleset_names == ["ca-import@2020"]
    assert report.exit_code == 0


def test_canada_fifteen_year_route_opens_on_2027_06_01_for_a_2012_06_kei_van() -> None:
    closed = keirules.routes(VAN_2012, market="CA", on="2026-07-01").route("import-15-year")
    assert closed.status == "closed"
    assert closed.opens_on == D(2027, 6, 1)
    assert [r.rule.id for _, r in closed.failures] == ["fifteen-years"]
    # By month and year: the whole of May 2027 is still closed, 1 June 2027 is open.
    assert keirules.routes(VAN_2012, "CA", "2027-05-31").route("import-15-year").status == "closed"
    assert keirules.routes(VAN_2012, "CA", "2027-06-01").route("import-15-year").status == "open"


def test_canada_fifteen_years_counted_by_month_and_year_in_the_rule_set() -> None:
    assert keirules.check(VAN_2011, "ca-import", on="2026-07-01").verdict == "pass"
    assert keirules.check(VAN_2012, "ca-import", on="2027-06-01").verdict == "pass"
    report = keirules.check(VAN_2012, "ca-import", on="2027-05-31")
    assert report.verdict == "fail"
    assert [r.rule.id for r in report.failures] == ["fifteen-years"]
    rule = report.ruleset.rules[0]
    assert rule.limit.count == "month"


def test_canada_riv_route_closed_for_a_japanese_market_kei_vehicle() -> None:
    for spec in (VAN_2011, CARRY):
        route = keirules.routes(spec, "CA", "2026-07-01").route("import-riv-us-certified")
        assert route.status == "closed"
        assert [r.rule.id for _, r in route.failures] == ["us-retail"]
        assert "JP" in route.reason and "US" in route.reason
        assert route.opens_on is None  # no date opens it


def test_canada_riv_route_needs_the_declared_us_certification() -> None:
    us_car: dict[str, Any] = {"name": "US-market car", "market": "US", "manufactured": "2020-03"}
    route = keirules.routes(us_car, "CA", "2026-07-01").route("import-riv-us-certified")
    assert route.status == "undetermined"
    assert route.missing == ["features.us_certified"]
    certified = {**us_car, "features": {"us_certified": True}}
    assert keirules.routes(certified, "CA", "2026-07-01").route(
        "import-riv-us-certified").status == "open"
    refused = {**us_car, "features": {"us_certified": False}}
    assert keirules.routes(refused, "CA", "2026-07-01").route(
        "import-riv-us-certified").status == "closed"


def test_canada_has_a_region_file_for_every_province_and_territory() -> None:
    folder = ROOT / "markets" / "ca"
    assert sorted(p.stem for p in folder.glob("*.yaml")) == PROVINCES
    federal = {route.id for route in find_market("CA").routes}
    for code in PROVINCES:
        data = yaml.safe_load((folder / f"{code}.yaml").read_text(encoding="utf-8"))
        assert data["format"] == "keirules-region/1"
        assert data["market"] == "CA" and data["region"] == code
        assert isinstance(data["checked"], dt.date)
        assert data["routes"], code
        for route in data["routes"]:
            assert route["id"].startswith(code.lower() + "-")
            assert set(route["requires"]) <= federal
            assert len(" ".join(route["description"].split())) <= 300
            if route.get("decision"):
                assert route["reason"]
        if code in RHD_RULESETS:  # decided from the vehicle by a right-hand-drive rule set
            source, family = RHD_RULESETS[code]
            [route] = data["routes"]
            assert route["source"] == source and route["rulesets"] == [family]
            assert "decision" not in route
            if code == "QC":
                assert data["sources"][source]["verified"] == "text"
        elif code == "ON":  # registration not found; low-speed vehicles refused to a kei vehicle
            assert [r["id"] for r in data["routes"]] == ["on-registration", "on-low-speed-vehicle"]
            registration, lsv = data["routes"]
            assert registration["decision"] == "undetermined"
            assert not registration["reason"].startswith("not researched")
            assert lsv["decision"] == "refused" and lsv["source"] in data["sources"]
            assert lsv["kind"] == "low_speed_vehicle"
        elif code in RESEARCHED_UNDETERMINED:  # a source, but no answer from the spec
            [route] = data["routes"]
            assert route["decision"] == "undetermined"
            assert route["source"] in data["sources"]
            assert not route["reason"].startswith("not researched")
        else:  # not researched: one undetermined route, no sources
            assert code in NOT_FOUND
            assert "sources" not in data
            [route] = data["routes"]
            assert route["decision"] == "undetermined"
            assert route["reason"].startswith("not researched")
            assert route["rulesets"] == []


def test_quebec_right_hand_drive_rule_counts_25_years_by_month() -> None:
    # A right-hand-drive kei van imported at 15 years cannot use Québec's roads until 25.
    report = keirules.check(VAN_2011, "ca-qc-rhd", on="2026-07-01")
    assert report.verdict == "fail"
    assert [r.rule.id for r in report.failures] == ["twenty-five-years"]
    # The SAAQ's example (built November 1993: eligible in November 2018?) moved on 8 years.
    built = {"name": "Built November 2001", "manufactured": "2001-11"}
    on_month = keirules.check(built, "ca-qc-rhd", on="2026-11-01")
    assert on_month.verdict == "pass"  # the order: 25 years ago or more, by month and year
    assert [r.rule.id for r in on_month.warnings] == ["saaq-example"]  # the SAAQ's example
    later = keirules.check(built, "ca-qc-rhd", on="2026-12-01")
    assert later.verdict == "pass" and not later.warnings
    assert keirules.check(built, "ca-qc-rhd", on="2026-10-31").verdict == "fail"


# -- Australia -----------------------------------------------------------------------------------


def test_australia_25_year_route_open_for_a_1991_car() -> None:
    report = keirules.routes(BEAT, market="AU", on="2026-07-01")
    assert report.route("import-25-year").status == "open"
    assert report.route("import-25-year").ruleset_names == ["au-older-vehicle@2019"]


def test_australia_25_year_route_closed_for_a_2012_car_and_when_it_opens() -> None:
    car = {"name": "Kei car built 15 March 2012", "manufactured": "2012-03-15",
           "category": "passenger"}
    route = keirules.routes(car, "AU", "2026-07-01").route("import-25-year")
    assert route.status == "closed"
    assert [r.rule.id for _, r in route.failures] == ["twenty-five-years"]
    assert route.opens_on == D(2037, 3, 15)  # counted by day from the build date
    assert keirules.routes(car, "AU", "2037-03-14").route("import-25-year").status == "closed"
    assert keirules.routes(car, "AU", "2037-03-15").route("import-25-year").status == "open"


def test_australia_build_month_only_is_decided_outside_its_window() -> None:
    car = {"name": "Kei car built in March 2012", "manufactured": "2012-03"}
    route = keirules.routes(car, "AU", "2026-07-01").route("import-25-year")
    assert route.status == "closed"
    assert route.opens_on == D(2037, 3, 31)  # every day of March 2012 is 25 years old by then
    assert route.possibly_from == D(2037, 3, 1)
    assert keirules.routes(car, "AU", "2037-03-10").route(
        "import-25-year").status == "undetermined"


def test_australia_sevs_route_is_a_declared_listing() -> None:
    assert keirules.routes(BEAT, "AU", "2026-07-01").route("sevs-register").status == (
        "undetermined")
    listed = {"name": "Listed variant", "features": {"sevs_register_entry": True}}
    assert keirules.routes(listed, "AU", "2026-07-01").route("sevs-register").status == "open"
    removed = {"name": "Variant not listed", "features": {"sevs_register_entry": False}}
    assert keirules.routes(removed, "AU", "2026-07-01").route("sevs-register").status == "closed"


# -- United Kingdom (Great Britain) --------------------------------------------------------------


def test_uk_routes_decided_for_a_2010_car_in_2026() -> None:
    report = keirules.routes(CAR_2010, market="UK", on="2026-07-01")
    assert _statuses(report) == {
        "register-over-10-years": "open",
        "individual-vehicle-approval": "closed",  # more than 10 years old: no IVA needed
        "quadricycle-l6e": "closed",
        "quadricycle-l7e": "closed",
    }
    iva = report.route("individual-vehicle-approval")
    assert [r.rule.id for _, r in iva.failures] == ["ten-years-or-less"]
    l7e = {r.rule.id for _, r in report.route("quadricycle-l7e").failures}
    assert {"power-net", "mass-passenger"} <= l7e  # an M1 car, not a heavy quadricycle


def test_uk_routes_decided_for_a_2010_car_before_its_tenth_year() -> None:
    report = keirules.routes(CAR_2010, market="UK", on="2019-07-01")
    over_ten = report.route("register-over-10-years")
    assert over_ten.status == "closed"
    assert over_ten.opens_on == D(2020, 6, 15)
    iva = report.route("individual-vehicle-approval")
    assert iva.status == "undetermined"
    assert iva.missing == ["features.uk_individual_approval"]
    approved = {**CAR_2010, "features": {"uk_individual_approval": True}}
    assert keirules.routes(approved, "UK", "2019-07-01").route(
        "individual-vehicle-approval").status == "open"


# -- all three -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["CA", "AU", "UK"])
def test_market_files_resolve_and_every_route_has_its_rule_sets(code: str) -> None:
    assert code.lower() in known_markets()
    market = find_market(code)
    assert market.builtin and market.code == code
    catalog = default_catalog()
    for route in market.routes:
        for ref in route.rulesets:
            assert ref.name.partition("@")[0] in catalog.families()
    report = keirules.routes({"name": "Empty"}, market, "2026-07-01")
    assert [r.route.id for r in report.routes] == [r.id for r in market.routes]


@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_every_new_source_says_what_it_is(family: str) -> None:
    for header in default_catalog().headers(family):
        ruleset = keirules.load_ruleset(header.name)
        for key, source in ruleset.sources.items():
            assert source.title, (header.name, key)
            assert source.verified in ("text", "secondary"), (header.name, key)
            assert source.instrument or source.citation, (header.name, key)
            if source.verified == "text":
                assert source.url, (header.name, key)


@pytest.mark.parametrize(("family", "expected"), [
    ("ca-import", ["C.R.C., c. 1038", "s. 4(2)(a)(ii)", "laws-lois.justice.gc.ca"]),
    ("ca-riv", ["s. 12.1(1)(a)", "riv.ca"]),
    ("au-older-vehicle", ["Road Vehicle Standards Rules 2019", "infrastructure.gov.au"]),
    ("au-sevs", ["SEVs Register"]),
    ("uk-registration-10-year", ["S.I. 2001/25", "reg. 14(2)(c)"]),
    ("uk-iva", ["S.I. 2001/25"]),
    ("ca-qc-rhd", ["C-24.2, r. 1", "saaq.gouv.qc.ca", "C-24.2, r. 29"]),
    ("ca-pe-rhd", ["princeedwardisland.ca", "manufactured 25 years ago or more"]),
])
def test_show_prints_the_sources(capsys: pytest.CaptureFixture[str], family: str,
                                 expected: list[str]) -> None:
    code, out, err = run_cli(capsys, "show", family, "--on", "2026-07-01")
    assert code == 0, err
    flat = " ".join(out.split())
    for text in expected:
        assert text in flat, text


def test_routes_command_for_the_three_markets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "routes", str(BEAT), "--market", "CA", "--on", "2026-07-01")
    assert code == 0 and "import-15-year" in out
    code, out, _ = run_cli(capsys, "routes", str(BEAT), "--market", "AU", "--on", "2026-07-01",
                           "--format", "json")
    assert code == 0 and '"import-25-year"' in out
    code, out, _ = run_cli(capsys, "routes", str(CARRY), "--market", "UK", "--on", "2026-07-01")
    assert code == 0 and "register-over-10-years" in out


def test_uk_2020_regulations_version_and_the_speedometer_advice() -> None:
    report = keirules.routes(CAR_2010, market="UK", on="2026-07-01")
    over_ten = report.route("register-over-10-years")
    assert over_ten.ruleset_names == ["uk-registration-10-year@2020"]
    assert not over_ten.warnings  # the speedometer is not declared: no warning, still open
    km_only = {**CAR_2010, "features": {"dual_unit_speedometer": False}}
    route = keirules.routes(km_only, "UK", "2026-07-01").route("register-over-10-years")
    assert route.status == "open"  # advice only: reg. 21(1A) may not reach an exempted vehicle
    assert [r.rule.id for _, r in route.warnings] == ["dual-unit-speedometer"]
    before = keirules.routes(CAR_2010, "UK", "2019-07-01").route("register-over-10-years")
    assert before.ruleset_names == ["uk-registration-10-year@2001"]


def test_canadian_region_files_load_with_the_region_layer_loader() -> None:
    regions = pytest.importorskip("keirules.regions")  # the region layers, once on this branch
    market = find_market("CA")
    loaded = regions.regions(market)
    assert [r.code for r in loaded] == PROVINCES
    quebec = regions.find_region(market, "qc")
    assert quebec.researched
    assert [route.id for route in quebec.routes] == ["qc-rhd-registration"]
    report = keirules.routes(VAN_2012, market="CA", on="2026-07-01", region="QC")
    qc = report.route("qc-rhd-registration")
    assert qc.status == "closed"
    assert qc.opens_on == D(2037, 6, 1)  # 25 years by month and year of manufacture


# -- Canadian provinces: the routes decided ------------------------------------------------------

#: The best region route of a June 2011 kei van imported on 2026-07-01 (15 years old), by province.
VAN_2011_BY_PROVINCE = {
    "AB": ("undetermined", None), "BC": ("undetermined", None), "MB": ("undetermined", None),
    "NB": ("undetermined", None), "NL": ("undetermined", None), "NS": ("undetermined", None),
    "NT": ("undetermined", None), "NU": ("undetermined", None), "ON": ("undetermined", None),
    "PE": ("closed", D(2036, 6, 30)), "QC": ("closed", D(2036, 6, 1)),
    "SK": ("undetermined", None), "YT": ("undetermined", None),
}


def test_every_province_for_a_2011_06_kei_van_on_2026_07_01() -> None:
    report = region_routes(VAN_2011, market="CA", on="2026-07-01")
    got = {r.region.code: (r.status, r.best.opens_on) for r in report.regions}
    assert got == VAN_2011_BY_PROVINCE


def test_pei_right_hand_drive_25_years_counted_by_day() -> None:
    van = {**VAN_2011, "name": "Kei van made on 15 June 2011", "manufactured": "2011-06-15"}
    route = keirules.routes(van, "CA", "2026-07-01", region="PE").route("pe-rhd-registration")
    assert route.status == "closed"
    assert route.opens_on == D(2036, 6, 15)
    assert [r.rule.id for _, r in route.failures] == ["twenty-five-years"]
    assert "RIGHT HAND DRIVE VEHICLE" in route.route.restrictions[0]  # the sign at the rear
    assert keirules.routes(van, "CA", "2036-06-14", region="PE").route(
        "pe-rhd-registration").status == "closed"
    assert keirules.routes(van, "CA", "2036-06-15", region="PE").route(
        "pe-rhd-registration").status == "open"


def test_pei_month_only_date_is_undetermined_inside_its_month() -> None:
    # Only the month of manufacture: every day of June 2011 is 25 years old by 2036-06-30.
    route = keirules.routes(VAN_2011, "CA", "2036-06-10", region="PE").route(
        "pe-rhd-registration")
    assert route.status == "undetermined"
    assert keirules.routes(VAN_2011, "CA", "2036-05-31", region="PE").route(
        "pe-rhd-registration").status == "closed"
    assert keirules.routes(VAN_2011, "CA", "2036-06-30", region="PE").route(
        "pe-rhd-registration").status == "open"


def test_pei_rule_set_boundaries() -> None:
    built = {"name": "Built 15 June 2011", "manufactured": "2011-06-15"}
    assert keirules.check(built, "ca-pe-rhd", on="2036-06-14").verdict == "fail"
    assert keirules.check(built, "ca-pe-rhd", on="2036-06-15").verdict == "pass"
    ruleset = keirules.load_ruleset("ca-pe-rhd")
    assert ruleset.effective_from == D(2014, 6, 1)
    assert ruleset.rules[0].limit.count == "day"


def test_pei_route_needs_the_federal_import() -> None:
    # A June 2012 van cannot be imported before 2027-06-01; PEI's route then waits for 2037.
    route = keirules.routes(VAN_2012, "CA", "2026-07-01", region="PE").route("pe-rhd-registration")
    assert route.status == "closed"
    assert route.opens_on == D(2037, 6, 30)


def test_ontario_low_speed_vehicle_route_refused_and_registration_undetermined() -> None:
    report = keirules.routes(VAN_2011, "CA", "2026-07-01", region="ON")
    lsv = report.route("on-low-speed-vehicle")
    assert lsv.status == "closed"
    assert lsv.opens_on is None  # no date opens it: a kei vehicle is no federal LSV
    assert report.route("on-registration").status == "undetermined"
    # Before the pilot began (1 July 2017) the route is outside its own dates.
    early = keirules.routes({**VAN_2011, "manufactured": "2001-06"}, "CA", "2017-06-30",
                            region="ON").route("on-low-speed-vehicle")
    assert early.status == "closed"


def test_quebec_truck_exception_does_not_reach_a_kei_truck() -> None:
    # C-24.2, r. 29, s. 2: a truck has a net mass of more than 3 000 kg; a kei truck is far lighter.
    hijet = EXAMPLES / "daihatsu-hijet-truck-s500p.yaml"  # made 2014-09, curb mass 740 kg
    report = keirules.check(hijet, "ca-qc-rhd", on="2036-07-01")
    assert report.verdict == "fail"
    assert [r.rule.id for r in report.failures] == ["twenty-five-years"]
    route = keirules.routes(hijet, "CA", "2036-07-01", region="QC").route("qc-rhd-registration")
    assert route.status == "closed"
    assert route.opens_on == D(2039, 9, 1)  # 25 years by month and year
    assert keirules.routes(hijet, "CA", "2039-08-31", region="QC").route(
        "qc-rhd-registration").status == "closed"
    assert keirules.routes(hijet, "CA", "2039-09-01", region="QC").route(
        "qc-rhd-registration").status == "open"


# -- the README's cross-market tables ------------------------------------------------------------

README_BEST = {
    BEAT: {"US": ("UNDETERMINED", "import-25-year"), "CA": ("OPEN", "import-15-year"),
           "AU": ("OPEN", "import-25-year"), "UK": ("OPEN", "register-over-10-years")},
    CARRY: {"US": ("UNDETERMINED", "import-show-or-display"), "CA": ("CLOSED", "import-15-year"),
            "AU": ("UNDETERMINED", "sevs-register"), "UK": ("OPEN", "register-over-10-years")},
}


@pytest.mark.parametrize("spec", [BEAT, CARRY], ids=["beat", "carry"])
def test_readme_cross_market_table_matches_the_routes(spec: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, (status, route_id) in README_BEST[spec].items():
        assert keirules.routes(spec, code, "2026-12-01").route(route_id).status == status.lower()
        row = rf"^{code} +{status} +{re.escape(route_id)} "
        assert re.search(row, readme, flags=re.M), row
    declared = {**yaml.safe_load(BEAT.read_text(encoding="utf-8")),
                "features": {"original_configuration": True}}
    assert keirules.routes(declared, "US", "2026-12-01").route("import-25-year").status == "open"
