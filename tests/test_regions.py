"""Region layers (states, provinces): requires, effective dates, fixed decisions, restrictions,
the table of every region, several markets, and errors in region files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from rich.console import Console

from keirules.errors import UsageError
from keirules.markets import MarketError, find_market
from keirules.regions import find_region
from keirules.render.html import render_html
from keirules.render.markdown import render_markdown
from keirules.render.rich_outline import outline_rich
from keirules.render.routes_outline import routes_outline
from keirules.routing import market_routes, region_routes, routes
from keirules.rulesets.catalog import Catalog

HEAD = """\
format: keirules-ruleset/1
family: {family}
version: "{version}"
title: Test {family}
jurisdiction: US
status: in_force
effective_from: {start}
sources:
  law: {{title: A test statute, instrument: Act 1, citation: s. 2, verified: text}}
rules:
"""
RULESETS = {
    "imp/1990.yaml": ("1990-01-31", "  - {id: age-25, field: manufactured, min_age: 25 years}\n"),
    "xx-kei/2028.yaml": ("2028-01-01", "  - {id: width, field: width, max: 67 in}\n"
                                       "  - {id: length, field: length, max: 140 in}\n"),
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
"""
SOURCES = """\
sources:
  act:
    title: Kei Vehicle Act
    instrument: HB 1
    citation: s. 42-1-102
    url: https://example.org/hb1
    verified: text
"""
REGION_XX = """\
format: keirules-region/1
market: TEST
region: XX
title: Exland
checked: 2026-12-01
""" + SOURCES + """\
routes:
  - id: xx-kei
    title: Title and register a kei vehicle
    description: Kei vehicles as the act defines them.
    kind: kei_vehicle
    requires: [import]
    rulesets: [xx-kei]
    effective_from: 2028-01-01
    restrictions: [no roads posted above 55 mph, no limited-access highways]
    source: act
"""
REGION_YY = """\
format: keirules-region/1
market: TEST
region: YY
title: Whyland
checked: 2026-12-01
""" + SOURCES + """\
routes:
  - id: yy-refused
    title: Title an imported kei vehicle
    description: Refused by the agency's bulletin.
    requires: [import]
    decision: refused
    reason: The agency refuses titles for kei vehicles.
"""
REGION_ZZ = """\
format: keirules-region/1
market: TEST
region: ZZ
title: Zedland
checked: 2026-12-01
routes:
  - id: zz-unknown
    title: Registration of an imported kei vehicle
    description: Not researched.
    requires: [import]
    decision: undetermined
    reason: "not researched: Zedland's law has not been read yet"
"""
TRUCK = {"name": "1995 kei truck", "manufactured": "1995-03", "category": "cargo",
         "width": "1.395 m", "length": "3.295 m"}
WIDE = {**TRUCK, "name": "Too wide", "width": "1.80 m"}
NEW = {**TRUCK, "name": "2019 kei car", "manufactured": "2019-06", "category": "passenger"}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    folder = tmp_path_factory.mktemp("rules")
    for name, (start, rules) in RULESETS.items():
        family, version = name.removesuffix(".yaml").split("/")
        (folder / family).mkdir(exist_ok=True)
        (folder / name).write_text(HEAD.format(family=family, version=version, start=start)
                                   + rules, encoding="utf-8")
    return Catalog([folder])


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("markets")
    (folder / "test").mkdir()
    for code, text in (("XX", REGION_XX), ("YY", REGION_YY), ("ZZ", REGION_ZZ)):
        (folder / "test" / f"{code}.yaml").write_text(text, encoding="utf-8")
    path = folder / "test.yaml"
    path.write_text(MARKET, encoding="utf-8")
    return path


def test_a_region_route_opens_on_its_law_s_day_and_carries_restrictions(
        catalog: Catalog, market: Path) -> None:
    before = routes(TRUCK, market, "2026-06-01", region="xx", catalog=catalog)
    assert before.route("import").status == "open"
    kei = before.route("xx-kei")
    assert kei.status == "closed"
    assert kei.opens_on is not None and kei.opens_on.isoformat() == "2028-01-01"
    assert "takes effect on 2028-01-01" in kei.reason
    after = routes(TRUCK, market, "2028-06-01", region="XX", catalog=catalog).as_dict()
    assert after["region"] == "XX" and after["region_checked"] == "2026-12-01"
    route = after["routes"][1]
    assert route["status"] == "open"
    assert route["requires"] == ["import"]
    assert route["restrictions"] == ["no roads posted above 55 mph",
                                     "no limited-access highways"]
    assert route["source"]["instrument"] == "HB 1"


def test_a_vehicle_outside_the_definition_is_refused_by_its_rules(
        catalog: Catalog, market: Path) -> None:
    report = routes(WIDE, market, "2028-06-01", region="XX", catalog=catalog)
    kei = report.route("xx-kei")
    assert kei.status == "closed" and kei.opens_on is None
    assert [r.rule.id for _, r in kei.failures] == ["width"]


def test_never_open_while_the_federal_route_it_requires_is_closed(
        catalog: Catalog, market: Path) -> None:
    report = routes(NEW, market, "2028-06-01", region="XX", catalog=catalog)
    assert report.route("import").status == "closed"
    kei = report.route("xx-kei")
    assert kei.status == "closed"
    assert kei.reason.startswith("requires import, which is closed")
    # It opens when the federal import does (June 2044), the state law being in effect then:
    # made in a month, certainly 25 on its last day, possibly from its first.
    assert kei.opens_on is not None and kei.opens_on.isoformat() == "2044-06-30"
    assert kei.possibly_from is not None and kei.possibly_from.isoformat() == "2044-06-01"


def test_fixed_decisions(catalog: Catalog, market: Path) -> None:
    refused = routes(TRUCK, market, "2028-06-01", region="YY", catalog=catalog)
    assert refused.route("yy-refused").status == "closed"
    assert refused.route("yy-refused").reason == "The agency refuses titles for kei vehicles."
    unknown = routes(TRUCK, market, "2028-06-01", region="ZZ", catalog=catalog)
    assert unknown.route("zz-unknown").status == "undetermined"
    assert unknown.route("zz-unknown").reason.startswith("not researched")


def test_every_region_table_and_json(catalog: Catalog, market: Path) -> None:
    report = region_routes(TRUCK, market, "2028-06-01", catalog=catalog)
    data = report.as_dict()
    assert data["market"] == "TEST" and data["on"] == "2028-06-01"
    states = {s["state"]: s for s in data["states"]}
    assert {k: s["status"] for k, s in states.items()} == {
        "XX": "open", "YY": "closed", "ZZ": "undetermined"}
    assert states["XX"]["routes"][0]["route"] == "xx-kei"
    assert states["ZZ"]["researched"] is False
    assert report.exit_code == 0
    console = Console(record=True, width=80, color_system=None)
    console.print(outline_rich(routes_outline(report)))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    for word in ("XX", "OPEN", "CLOSED", "UNDETERMINED", "no limited-access highways"):
        assert word in text


def test_an_unknown_region_lists_the_codes(market: Path) -> None:
    with pytest.raises(UsageError) as info:
        find_region(find_market(market), "XXX")
    assert "Did you mean 'XX'?" in info.value.message
    assert info.value.field == "state" and info.value.value == "XXX"
    assert info.value.expected == "one of XX, YY, ZZ, or 'all'"


def test_several_markets_one_row_each(catalog: Catalog, market: Path) -> None:
    report = market_routes(TRUCK, [market, market], "2026-06-01", catalog=catalog)
    data = report.as_dict()
    assert [m["market"] for m in data["markets"]] == ["TEST", "TEST"]
    assert data["markets"][0]["best_route"] == "import"
    assert report.exit_code == 0


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_for_every_route_document(catalog: Catalog, market: Path,
                                                    fmt: str) -> None:
    render = render_markdown if fmt == "markdown" else render_html
    expected = [
        (routes(TRUCK, market, "2028-06-01", region="XX", catalog=catalog),
         ("Exland (XX)", "xx-kei", "no limited-access highways", "import")),
        (region_routes(TRUCK, market, "2028-06-01", catalog=catalog),
         ("XX", "YY", "ZZ", "xx-kei", "no limited-access highways")),
        (market_routes(TRUCK, [market], "2028-06-01", catalog=catalog),
         ("TEST", "Testland", "import")),
    ]
    for document, words in expected:
        text = render(document)
        for word in words:
            assert word in text, (type(document).__name__, word)


def test_cli_state_and_all(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "test").mkdir()
    (tmp_path / "test.yaml").write_text(MARKET.replace("[imp]", "[us-import]"),
                                        encoding="utf-8")
    plain = REGION_XX.replace("rulesets: [xx-kei]", "rulesets: []")
    (tmp_path / "test" / "XX.yaml").write_text(plain, encoding="utf-8")
    (tmp_path / "test" / "ZZ.yaml").write_text(REGION_ZZ, encoding="utf-8")
    spec = tmp_path / "truck.yaml"
    spec.write_text("name: Truck\nmanufactured: 1995-03-01\n"
                    "features: {original_configuration: true}\n", encoding="utf-8")
    market = str(tmp_path / "test.yaml")
    code, out, _ = run_cli(capsys, "routes", str(spec), "--market", market, "--state", "all",
                           "--format", "json", "--on", "2028-06-01")
    assert code == 0
    data = json.loads(out)
    assert [(s["state"], s["status"]) for s in data["states"]] == [
        ("XX", "open"), ("ZZ", "undetermined")]
    code, out, _ = run_cli(capsys, "routes", str(spec), "--market", market, "--state", "xx",
                           "--on", "2026-06-01")
    words = " ".join(out.split())
    assert code == 0 and "opens 2028-01-01" in words and "no limited-access highways" in words
    code, _, err = run_cli(capsys, "routes", str(spec), "--market", market, "--state", "QQ")
    assert code == 2 and "XX, ZZ" in err
    code, _, err = run_cli(capsys, "routes", str(spec), "--market", market,
                           "--market", market, "--state", "XX")
    assert code == 2 and "--state works with one --market" in err


REGION_ERRORS = [
    (REGION_XX.replace("checked: 2026-12-01\n", ""), "checked", "is missing"),
    (REGION_XX.replace("requires: [import]", "requires: [imprt]"), "routes.0.requires.0",
     "Did you mean 'import'"),
    (REGION_YY.replace(SOURCES, "").replace("YY", "XX"), "routes.0", "cites no sources"),
    (REGION_YY.replace("    reason: The agency refuses titles for kei vehicles.\n", "")
     .replace("YY", "XX"),
     "routes.0.reason", "says why"),
    (REGION_XX.replace("region: XX", "region: XY"), "region", "file name says 'XX'"),
    (REGION_XX.replace("kind: kei_vehicle", "kind: kei"), "routes.0.kind", "is not a kind"),
]


@pytest.mark.parametrize(("text", "field", "words"), REGION_ERRORS)
def test_region_file_errors_name_the_field_and_line(tmp_path: Path, text: str, field: str,
                                                    words: str) -> None:
    (tmp_path / "test").mkdir()
    (tmp_path / "test.yaml").write_text(MARKET, encoding="utf-8")
    (tmp_path / "test" / "XX.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(MarketError) as info:
        find_region(find_market(tmp_path / "test.yaml"), "XX")
    assert info.value.field == field
    assert words in info.value.message
    assert info.value.line is not None
