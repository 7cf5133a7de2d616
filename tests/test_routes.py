"""Routes into a market: market files, route statuses, opening dates, renderers, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

import keirules
from keirules.api import SpecLike
from keirules.cli import main
from keirules.dates import add_months
from keirules.errors import UnknownRuleSetError, UsageError
from keirules.markets import MarketError, builtin_markets_dir, find_market, known_markets
from keirules.render.routes_md import routes_markdown
from keirules.render.terminal import rich_renderable
from keirules.routing import RouteReport, routes
from keirules.rulesets.catalog import Catalog, default_catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BEAT = EXAMPLES / "honda-beat-pp1.yaml"  # made 1991-05, 135 km/h
NBOX = EXAMPLES / "honda-n-box-jf5.yaml"  # made 2023-10, no top speed
ON = "2026-11-25"
Write = Callable[[str, str], Path]

HEAD = """\
format: keirules-ruleset/1
family: {family}
version: "{version}"
title: Test rule set {family}
jurisdiction: US
status: {status}
effective_from: {start}
sources:
  test: {{title: A test source}}
"""
RULES = {
    "imp/1990.yaml": ("in_force", "1990-01-31", """\
rules:
  - {id: age-25, field: manufactured, min_age: 25 years}
  - {id: age-21, field: manufactured, min_age: 21 years}
"""),
    "lsv/2006.yaml": ("in_force", "2006-06-05", """\
rules:
  - {id: wheels, field: wheels, equals: 4}
  - {id: top-speed-min, field: top_speed, greater_than: 20 mph}
  - {id: top-speed-max, field: top_speed, max: 25 mph}
  - {id: headlamps, feature: headlamps}
  - {id: seat-belts, feature: seat_belts}
"""),
    "consider/2025.yaml": ("draft", "2025-12-03", """\
rules:
  - {id: airbags, feature: frontal_airbags, severity: advisory}
  - {id: esc, feature: esc, severity: advisory}
"""),
    "strict-draft/2025.yaml": ("draft", "2025-12-03", """\
rules:
  - {id: length, field: length, max: 3.0 m}
"""),
    "advice/2020.yaml": ("in_force", "2020-01-01", """\
rules:
  - {id: esc, feature: esc, severity: advisory}
"""),
    "later/2030.yaml": ("in_force", "2030-01-01", """\
rules:
  - {id: length, field: length, max: 3.40 m}
"""),
    "ended/1995.yaml": ("historical", "1995-01-01", """\
effective_until: 2000-12-31
rules:
  - {id: length, field: length, max: 3.40 m}
"""),
    "grow/1990.yaml": ("in_force", "1990-01-01", """\
rules:
  - {id: age-25, field: manufactured, min_age: 25 years}
"""),
    "grow/2040.yaml": ("in_force", "2040-01-01", """\
extends: grow@1990
rules:
  - {id: width, field: width, max: 1.40 m}
"""),
}
MARKET = """\
format: keirules-market/1
market: TEST
title: Testland
routes:
  - id: import
    title: Import when old enough
    description: At least 25 years old.
    rulesets: [imp]
  - id: lsv
    title: Low-speed vehicle
    description: Slow, with lamps and belts.
    rulesets: [lsv]
  - id: new-sale
    title: New sale
    description: Considerations only.
    rulesets: [consider@2025]
"""


def _market(routes_yaml: str, code: str = "TEST") -> str:
    return f"format: keirules-market/1\nmarket: {code}\ntitle: Testland\nroutes:\n{routes_yaml}"


def _route(route_id: str, *rulesets: str) -> str:
    return (f"  - id: {route_id}\n    title: {route_id}\n    description: {route_id}\n"
            f"    rulesets: [{', '.join(rulesets)}]\n")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    folder = tmp_path_factory.mktemp("rules")
    for name, (status, start, rules) in RULES.items():
        family, version = name.removesuffix(".yaml").split("/")
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(HEAD.format(family=family, version=version, status=status,
                                    start=start) + rules, encoding="utf-8")
    return Catalog([folder])


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("markets") / "test.yaml"
    path.write_text(MARKET, encoding="utf-8")
    return path


def _run(spec: SpecLike, market: Path | str, on: str, catalog: Catalog) -> RouteReport:
    return routes(spec, market, on, catalog=catalog)


# -- the acceptance, with the built-in US market ----------------------------------------

US_FAMILIES = ("us-import", "us-lsv", "us-fmvss-considerations")
needs_us = pytest.mark.skipif(
    not all((default_catalog().folders[0] / f).is_dir() for f in US_FAMILIES),
    reason="the US rule sets are not in this checkout")


@needs_us
@pytest.mark.parametrize("spec", ["honda-beat-pp1.yaml", "suzuki-cappuccino-ea11r.yaml"])
def test_us_a_1991_kei_sports_car_may_be_imported(spec: str) -> None:
    import dataclasses

    car = keirules.load_vehicle(EXAMPLES / spec)
    # EPA's exemption needs the original configuration: until the spec says so, undetermined
    undeclared = keirules.routes(car, market="US", on=ON).route("import-25-year")
    assert undeclared.status == "undetermined"
    assert undeclared.missing == ["features.original_configuration"]
    as_built = dataclasses.replace(car, features={**car.features,
                                                  "original_configuration": True})
    report = keirules.routes(as_built, market="US", on=ON)
    imported = report.route("import-25-year")
    assert imported.status == "open" and imported.opens_on is None
    assert report.exit_code == 0


@needs_us
@pytest.mark.parametrize(("spec", "opens"), [("honda-n-box-jf5.yaml", "2048-10-31"),
                                             ("nissan-sakura-b6aw.yaml", "2047-05-31")])
def test_us_a_2023_kei_car_is_closed_until_the_day_it_turns_25(spec: str, opens: str) -> None:
    report = keirules.routes(EXAMPLES / spec, market="us", on=ON)
    imported = report.route("import-25-year")
    assert imported.status == "closed"
    assert imported.as_dict()["opens_on"] == opens  # made in a month: its last day counts
    assert imported.as_dict()["possibly_from"] == opens[:8] + "01"
    assert "nhtsa-25-year" in imported.as_dict()["failed"]
    assert report.exit_code in (1, 3)


@needs_us
def test_us_the_low_speed_route_says_what_is_missing() -> None:
    lsv = keirules.routes(NBOX, market="US", on=ON).route("low-speed-vehicle")
    assert lsv.status == "undetermined" and lsv.binding
    assert "top_speed" in lsv.missing
    assert "features.headlamps" in lsv.missing
    assert "top_speed" in lsv.reason and "equipment" in lsv.reason and "headlamps" in lsv.reason


@needs_us
def test_us_new_vehicle_sale_is_never_open_even_with_every_feature() -> None:
    from keirules.features import FEATURES

    car = {"name": "Everything", "features": dict.fromkeys(FEATURES, True)}
    sale = keirules.routes(car, market="US", on=ON).route("new-vehicle-sale")
    assert sale.status == "undetermined"
    assert not sale.binding and "not binding" in sale.reason


@needs_us
def test_us_cli_exit_codes_and_json_contract(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    beat = tmp_path / "beat.yaml"
    beat.write_text(BEAT.read_text(encoding="utf-8")
                    + "features: {original_configuration: true}\n", encoding="utf-8")
    assert main(["routes", str(beat), "--market", "US", "--on", ON, "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["market"] == "US" and data["on"] == ON
    for route in data["routes"]:
        assert {"route", "status", "rulesets", "failed", "unknown", "opens_on"} <= set(route)
        assert route["status"] in ("open", "closed", "undetermined")
    assert main(["routes", str(NBOX), "--market", "us", "--on", ON]) == 3


def test_every_built_in_market_is_valid_and_resolves() -> None:
    known = known_markets()
    assert "us" in known
    for code in known:
        market = find_market(code)
        assert market.builtin
        catalog = default_catalog()
        missing = [ref.name for route in market.routes for ref in route.rulesets
                   if ref.name.partition("@")[0] not in catalog.families()]
        if missing:
            pytest.skip(f"rule sets not in this checkout yet: {missing}")
        report = routes({"name": "Empty"}, market, ON)
        assert [r.route.id for r in report.routes] == [r.id for r in market.routes]


def test_built_in_markets_ship_inside_the_installed_package() -> None:
    if not os.environ.get("KEIRULES_EXPECT_INSTALLED"):
        pytest.skip("keirules is imported from a source checkout")
    folder = builtin_markets_dir()
    assert folder.name == "builtin_markets" and (folder / "us.yaml").is_file()


# -- statuses, with small rule sets of the tests' own -------------------------------------------


def test_open_closed_and_undetermined(catalog: Catalog, market: Path) -> None:
    beat = _run(BEAT, market, ON, catalog)
    assert [(r.route.id, r.status) for r in beat.routes] == [
        ("import", "open"), ("lsv", "closed"), ("new-sale", "undetermined")]
    assert beat.exit_code == 0
    nbox = _run(NBOX, market, ON, catalog)
    assert [r.status for r in nbox.routes] == ["closed", "undetermined", "undetermined"]
    assert nbox.route("import").opens_on == dt.date(2048, 10, 31)
    assert nbox.route("import").possibly_from == dt.date(2048, 10, 1)
    assert nbox.route("lsv").missing == ["top_speed", "features.headlamps",
                                         "features.seat_belts"]
    assert nbox.exit_code == 3


def test_a_route_closed_by_something_else_than_age_has_no_opening_date(
        catalog: Catalog, market: Path) -> None:
    lsv = _run(BEAT, market, ON, catalog).route("lsv")
    assert lsv.status == "closed" and lsv.opens_on is None
    assert lsv.as_dict()["failed"] == ["top-speed-max"]


@pytest.mark.parametrize(("on", "status", "opens"), [
    ("2048-09-30", "closed", "2048-10-31"),
    ("2048-10-01", "undetermined", "2048-10-31"),  # made in October 2023: which day?
    ("2048-10-30", "undetermined", "2048-10-31"),
    ("2048-10-31", "open", None),
    ("2044-10-01", "closed", "2048-10-31"),  # the 21-year rule alone passes: still closed
])
def test_the_opening_day_is_exact(catalog: Catalog, market: Path, on: str, status: str,
                                  opens: str | None) -> None:
    imported = _run(NBOX, market, on, catalog).route("import")
    assert (imported.status, imported.as_dict()["opens_on"]) == (status, opens)


@settings(max_examples=examples(60), deadline=None)
@given(made=st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)),
       on=st.dates(dt.date(1990, 1, 31), dt.date(2070, 12, 31)))
def test_an_age_route_opens_on_the_day_the_oldest_limit_is_reached(
        catalog: Catalog, market: Path, made: dt.date, on: dt.date) -> None:
    spec = {"name": "Any", "manufactured": made.isoformat()}
    imported = _run(spec, market, on.isoformat(), catalog).route("import")
    threshold = add_months(made, 25 * 12)
    if on >= threshold:
        assert imported.status == "open" and imported.opens_on is None
    else:
        assert imported.status == "closed" and imported.opens_on == threshold


def test_an_age_route_with_missing_inputs_still_names_the_opening_day(
        catalog: Catalog, write: Write) -> None:
    path = write("m.yaml", _market(_route("both", "imp", "lsv")))
    both = _run(NBOX, path, ON, catalog).route("both")
    assert both.status == "closed" and both.opens_on == dt.date(2048, 10, 31)
    assert "top_speed" in both.missing


def test_a_route_closed_for_good_after_its_age_limit_says_so(
        catalog: Catalog, write: Write) -> None:
    path = write("m.yaml", _market(_route("grow", "grow")))
    grow = _run(NBOX, path, ON, catalog).route("grow")
    assert grow.status == "closed" and grow.opens_on is None  # width fails from 2040
    assert any("2048-10-31" in note and "width" in note for note in grow.all_notes)


def test_a_family_not_yet_in_force_opens_when_its_first_version_does(
        catalog: Catalog, write: Write) -> None:
    path = write("m.yaml", _market(_route("later", "later") + _route("ended", "ended")))
    report = _run(NBOX, path, ON, catalog)
    later, ended = report.route("later"), report.route("ended")
    assert later.status == "closed" and later.opens_on == dt.date(2030, 1, 1)
    assert later.as_dict()["absent"][0]["starts"] == "2030-01-01"
    assert ended.status == "closed" and ended.opens_on is None
    assert report.exit_code == 1


def test_non_binding_rule_sets_never_open_a_route_but_can_close_one(
        catalog: Catalog, write: Write) -> None:
    path = write("m.yaml", _market(_route("draft", "consider@2025") + _route("advice", "advice")
                                   + _route("strict", "strict-draft@2025")))
    car = {"name": "Equipped", "length": "3.395 m",
           "features": {"frontal_airbags": True, "esc": True}}
    report = _run(car, path, ON, catalog)
    draft, advice, strict = (report.route(i) for i in ("draft", "advice", "strict"))
    assert (draft.status, draft.binding) == ("undetermined", False)
    assert "all 2 are met" in draft.reason
    assert (advice.status, advice.binding) == ("undetermined", False)
    assert strict.status == "closed" and strict.as_dict()["failed"] == ["length"]
    bare = _run({"name": "Bare", "features": {"esc": False}}, path, ON, catalog)
    considerations = bare.route("draft").as_dict()
    assert considerations["warnings"] == ["esc"]
    assert considerations["unknown"] == ["airbags"]
    assert considerations["missing"] == ["features.frontal_airbags"]


def test_rule_sets_named_by_path_are_relative_to_the_market_file(
        catalog: Catalog, write: Write) -> None:
    write("rules/mine.yaml", HEAD.format(family="mine", version="1", status="what_if",
                                         start="2026-01-01")
          + "rules:\n  - {id: length, field: length, max: 3.40 m}\n")
    path = write("markets/m.yaml", _market(_route("mine", "../rules/mine.yaml")))
    mine = _run(NBOX, path, ON, catalog).route("mine")
    assert mine.ruleset_names == ["mine@1"] and not mine.binding


# -- finding market files ------------------------------------------------------------------------


def test_market_codes_are_case_insensitive_and_unknown_ones_list_the_known(
        tmp_path: Path) -> None:
    assert find_market("us").code == find_market("Us").code == "US"
    with pytest.raises(UsageError) as caught:
        find_market("usa")
    assert "US" in str(caught.value) and caught.value.field == "market"


def test_a_markets_dir_comes_before_the_built_in_markets(tmp_path: Path, write: Write) -> None:
    write("mine/us.yaml", _market(_route("only", "jp-kei"), code="US"))
    write("mine/xx.yaml", _market(_route("kei", "jp-kei"), code="XX"))
    assert [r.id for r in find_market("US", [tmp_path / "mine"]).routes] == ["only"]
    assert find_market("xx", [tmp_path / "mine"]).code == "XX"
    with pytest.raises(UsageError, match="not a folder"):
        find_market("US", [tmp_path / "nowhere"])


def test_cli_market_from_a_folder_or_a_path(write: Write,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write("mine/xx.yaml", _market(_route("kei", "jp-kei"), code="XX"))
    assert main(["routes", str(NBOX), "-m", "XX", "--markets-dir", str(path.parent),
                 "--on", ON, "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["routes"][0]["status"] == "open"
    assert main(["routes", str(NBOX), "-m", str(path), "--on", ON, "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["file"] == str(path)
    assert main(["routes", str(NBOX), "-m", "nowhere", "--on", ON]) == 2
    err = capsys.readouterr().err
    assert "no market 'nowhere'" in err and "US" in err and err.count("\n") == 1


def test_all_routes_closed_exits_1(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("m.yaml", _market(_route("old", "jp-kei@1949")))
    assert main(["routes", str(NBOX), "-m", str(path), "--on", ON]) == 1


# -- market file errors: file, line, field --------------------------------------------------------


@pytest.mark.parametrize(("text", "line", "field", "words"), [
    ("format: keirules-market/1\nmarket: XX\ntitle: T\nroute: []\n", 4, "route",
     "Did you mean 'routes'?"),
    ("format: keirules-market/2\nmarket: XX\ntitle: T\nroutes: []\n", 1, "format", "format"),
    ("market: XX\ntitle: T\nroutes: []\n", 3, "routes", "at least one route"),
    ("market: X Y\ntitle: T\nroutes: []\n", 1, "market", "market code"),
    ("market: XX\nroutes:\n" + _route("a", "jp-kei"), 1, "title", "missing"),
    ("market: XX\ntitle: T\nroutes:\n" + _route("a", "jp-kei") + _route("a", "jp-kei"), 8,
     "routes.1.id", "unique"),
    ("market: XX\ntitle: T\nroutes:\n  - id: a\n    title: A\n    description: d\n", 4,
     "routes.0.rulesets", "rule sets"),
    ("market: XX\ntitle: T\nroutes:\n  - id: a\n    title: A\n    description: d\n"
     "    rulesets: [jp-kei]\n    ruelsets: [x]\n", 8, "routes.0.ruelsets", "rulesets"),
    ("market: XX\ntitle: T\nroutes:\n  - id: A B\n    title: A\n    description: d\n"
     "    rulesets: [jp-kei]\n", 4, "routes.0.id", "route id"),
    ("market: XX\ntitle: T\nroutes:\n  - id: a\n    title: A\n    description: " + "x" * 301
     + "\n    rulesets: [jp-kei]\n", 6, "routes.0.description", "300"),
])
def test_market_file_errors_name_the_file_line_and_field(
        write: Write, text: str, line: int, field: str, words: str) -> None:
    path = write("xx.yaml", text)
    with pytest.raises(MarketError) as caught:
        find_market(str(path))
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), line, field)
    assert words in str(error)


def test_a_route_naming_an_unknown_rule_set_points_at_the_market_file(write: Write) -> None:
    path = write("xx.yaml", _market(_route("a", "jp-kei", "us-imprt")))
    with pytest.raises(UnknownRuleSetError) as caught:
        routes(NBOX, str(path), ON)
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), 8, "routes.0.rulesets.1")
    assert "route 'a' names an unknown rule set" in str(error)
    assert "Did you mean 'us-import'?" in str(error)


def test_a_route_naming_a_missing_file_points_at_the_market_file(write: Write) -> None:
    path = write("xx.yaml", _market(_route("a", "nowhere/x.yaml")))
    with pytest.raises(MarketError) as caught:
        routes(NBOX, str(path), ON)
    assert (caught.value.line, caught.value.field) == (8, "routes.0.rulesets.0")
    assert "no such file" in str(caught.value)


def test_a_market_file_named_after_another_market_is_refused(write: Write) -> None:
    folder = write("mine/us.yaml", _market(_route("a", "jp-kei"), code="XX")).parent
    with pytest.raises(MarketError, match="file name says 'us'"):
        find_market("us", [folder])


# -- renderers -------------------------------------------------------------------------------------


def test_table_and_markdown(catalog: Catalog, market: Path, write: Write) -> None:
    report = _run(NBOX, market, ON, catalog)
    console = Console(record=True, width=160, color_system=None)
    console.print(rich_renderable(report))
    text = console.export_text()
    assert "CLOSED" in text and "opens 2048-10-31" in text and "UNDETERMINED" in text
    assert "not binding" in text
    markdown = routes_markdown(report)
    lines = markdown.splitlines()
    header = lines.index("| Route | Status | Opens on | Rule sets | Why |")
    rows = lines[header + 2: header + 5]
    assert len(rows) == 3 and all(row.count(" | ") == 4 for row in rows)
    assert "2048-10-31 (possibly from 2048-10-01)" in rows[0] and "❌ closed" in rows[0]
    odd = write("m.yaml", _market("  - id: a\n    title: A|B *x*\n    description: d|e\n"
                                  "    rulesets: [imp]\n"))
    escaped = routes_markdown(_run(NBOX, odd, ON, catalog))
    assert "A\\|B \\*x\\*" in escaped and "d\\|e" in escaped


def test_json_lists_failures_with_their_rule_set_and_threshold(catalog: Catalog,
                                                               market: Path) -> None:
    data = _run(NBOX, market, ON, catalog).as_dict()
    assert data["summary"] == {"open": 0, "closed": 1, "undetermined": 2}
    imported = data["routes"][0]
    assert imported["failed"] == ["age-25", "age-21"]
    assert imported["failures"][0]["ruleset"] == "imp@1990"
    assert imported["failures"][0]["threshold_date"] == "2048-10-31"
    assert imported["failures"][0]["earliest_date"] == "2048-10-01"
    assert (imported["opens_on"], imported["possibly_from"]) == ("2048-10-31", "2048-10-01")
    assert imported["checks"][0]["verdict"] == "fail"
    assert json.loads(json.dumps(data)) == data


def test_validate_checks_market_files_and_the_rule_sets_they_name(
        write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    good = write("good.yaml", _market(_route("kei", "jp-kei", "jp-kei@1955")))
    assert main(["validate", str(good)]) == 0
    assert "market TEST, 1 route(s), 2 rule set(s) found" in capsys.readouterr().out
    bad = write("bad.yaml", _market(_route("kei", "jp-kie")))
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, line 8, field 'routes.0.rulesets.0'" in err and "jp-kei" in err
    assert main(["validate", "--builtin"]) == 0
    assert "market US" in capsys.readouterr().out


# -- every federal route into the US, each decided by its own rule sets -------------------------

US_ROUTES = {
    "import-25-year": ["us-import"],
    "import-show-or-display": ["us-show-or-display"],
    "import-registered-importer": ["us-registered-importer"],
    "low-speed-vehicle": ["us-lsv"],
    "new-vehicle-sale": ["us-fmvss-considerations@2025"],
    "import-off-road": ["us-off-road-import"],
}
DECLARED_ROUTES = {  # route -> the declared fact that decides it
    "import-show-or-display": "show_or_display_approved",
    "import-registered-importer": "import_eligibility_determined",
    "import-off-road": "not_manufactured_for_road_use",
}


@needs_us
def test_us_market_lists_every_federal_route_with_its_rule_sets() -> None:
    market = find_market("US")
    assert {r.id: [ref.name for ref in r.rulesets] for r in market.routes} == US_ROUTES
    assert [r.id for r in market.routes] == list(US_ROUTES)
    for route in market.routes:
        assert route.description and len(route.description) <= 300
    off_road = next(r for r in market.routes if r.id == "import-off-road")
    assert "never registrable" in off_road.description
    assert "never that it may be titled or registered" in " ".join((off_road.notes or "").split())


@needs_us
@pytest.mark.parametrize(("route_id", "feature_name"), sorted(DECLARED_ROUTES.items()))
def test_us_declared_routes_are_undetermined_until_declared(route_id: str,
                                                            feature_name: str) -> None:
    undeclared = keirules.routes(NBOX, market="US", on=ON).route(route_id)
    assert undeclared.status == "undetermined" and undeclared.binding
    assert undeclared.missing == [f"features.{feature_name}"]
    no = keirules.routes({"name": "No", "features": {feature_name: False}}, market="US",
                         on=ON).route(route_id)
    assert no.status == "closed" and no.opens_on is None
    yes = keirules.routes({"name": "Yes", "features": {feature_name: True}}, market="US",
                          on=ON).route(route_id)
    assert yes.status == "open"


@needs_us
def test_us_show_or_display_route_is_closed_before_the_1999_rule() -> None:
    car = {"name": "Approved", "features": {"show_or_display_approved": True}}
    before = keirules.routes(car, market="US", on="1999-08-12").route("import-show-or-display")
    assert before.status == "closed" and before.opens_on == dt.date(1999, 8, 13)
    assert keirules.routes(car, market="US", on="1999-08-13").route(
        "import-show-or-display").status == "open"


@needs_us
def test_us_low_speed_route_needs_the_camera_from_may_2018() -> None:
    lsv = {"name": "GEM-like", "wheels": 4, "category": "passenger", "top_speed": "25 mph",
           "gross_mass": "2000 lb", "features": {
               **dict.fromkeys(["headlamps", "turn_signal_lamps", "tail_lamps", "stop_lamps",
                                "reflex_reflectors", "mirrors", "parking_brake", "windshield",
                                "vin", "seat_belts"], True), "rear_visibility": False}}
    before = keirules.routes(lsv, market="US", on="2018-04-30").route("low-speed-vehicle")
    assert before.status == "open"
    after = keirules.routes(lsv, market="US", on="2018-05-01").route("low-speed-vehicle")
    assert after.status == "closed" and after.as_dict()["failed"] == ["rear-visibility"]


@needs_us
def test_us_json_lists_all_six_routes_and_the_exit_code_holds(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    beat = tmp_path / "beat.yaml"
    beat.write_text(BEAT.read_text(encoding="utf-8")
                    + "features: {original_configuration: true}\n", encoding="utf-8")
    code = main(["routes", str(beat), "--market", "US", "--on", ON, "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    assert [r["route"] for r in data["routes"]] == list(US_ROUTES)
    statuses = {r["route"]: r["status"] for r in data["routes"]}
    assert statuses["import-25-year"] == "open"
    assert statuses["low-speed-vehicle"] == "closed"  # 135 km/h
    for route_id, feature_name in DECLARED_ROUTES.items():
        assert statuses[route_id] == "undetermined"
        route = next(r for r in data["routes"] if r["route"] == route_id)
        assert route["missing"] == [f"features.{feature_name}"]
    assert sum(data["summary"].values()) == len(US_ROUTES)
    assert code == 0
