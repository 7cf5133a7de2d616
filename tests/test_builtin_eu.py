"""The built-in EU quadricycle rule sets (L6e, L7e and sub-categories) against the reference.

Every figure of Regulation (EU) No 168/2013 and of Directive 2002/24/EC that the regulations
reference gives (section 3) is listed here by hand. Then: the engine's ignition decides which
displacement cap applies, an electric vehicle's mass is judged on a limit that leaves out its
propulsion batteries (Article 5(2)(c)), so its curb mass (batteries included) passes at or under
the limit and only warns above it, the directive's version starts on its entry into force, and
limits met exactly in another unit pass.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from builtin_reference import (
    ELECTRIC,
    ENGINE,
    Row,
    advisory,
    assert_matches,
    assert_show_prints_sources_and_notes,
    builtin,
    legal,
    statuses,
)

import keirules
from keirules import SpecError, default_catalog, vehicle_from_mapping

D = dt.date
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COMBUSTION = {"powertrain": ("combustion",)}
BATTERIES = {"powertrain": ("electric", "hybrid")}
POSITIVE = {**ENGINE, "ignition": ("positive",)}
COMPRESSION = {**ENGINE, "ignition": ("compression",)}
PASSENGER, CARGO = ("passenger",), ("cargo",)

GENERAL_SIZE: dict[str, Row] = {
    "length": legal("length", "max", "4.0 m"),
    "width": legal("width", "max", "2.0 m"),
    "height": legal("height", "max", "2.5 m"),
}
L6E_2016: dict[str, Row] = {
    "wheels": legal("wheels", "equals", 4),
    "top-speed": legal("top_speed", "max", "45 km/h"),
    "mass": legal("curb_mass", "max", "425 kg", COMBUSTION),
    "mass-electric": advisory("curb_mass", "max", "425 kg", BATTERIES),
    "displacement-positive-ignition": legal("displacement", "max", "50 cc", POSITIVE),
    "displacement-compression-ignition": legal("displacement", "max", "500 cc", COMPRESSION),
    "seats": legal("seats", "max", 2),
    "power-net": legal("max_power", "max", "6 kW", ENGINE),
    "power-rated": legal("rated_power", "max", "6 kW", ELECTRIC),
    **GENERAL_SIZE,
}
L7E_2016: dict[str, Row] = {
    "wheels": legal("wheels", "equals", 4),
    "power-net": legal("max_power", "max", "15 kW", ENGINE),
    "power-rated": legal("rated_power", "max", "15 kW", ELECTRIC),
    "mass-passenger": legal("curb_mass", "max", "450 kg", {**COMBUSTION, "category": PASSENGER}),
    "mass-goods": legal("curb_mass", "max", "600 kg", {**COMBUSTION, "category": CARGO}),
    "mass-passenger-electric": advisory("curb_mass", "max", "450 kg",
                                        {**BATTERIES, "category": PASSENGER}),
    "mass-goods-electric": advisory("curb_mass", "max", "600 kg",
                                    {**BATTERIES, "category": CARGO}),
    **GENERAL_SIZE,
}
REFERENCE: dict[str, dict[str, Row]] = {
    "eu-l6e@2002": {
        "wheels": legal("wheels", "equals", 4),
        "top-speed": legal("top_speed", "max", "45 km/h"),
        "displacement-positive-ignition": legal("displacement", "max", "50 cc", POSITIVE),
        "power-other-engine": legal("max_power", "max", "4 kW", COMPRESSION),
        "power-electric": legal("rated_power", "max", "4 kW", ELECTRIC),
        "mass": legal("curb_mass", "max", "350 kg", COMBUSTION),
        "mass-electric": advisory("curb_mass", "max", "350 kg", BATTERIES),
    },
    "eu-l6e@2016": L6E_2016,
    "eu-l6e-a@2016": {
        **L6E_2016,
        "power-net": legal("max_power", "max", "4 kW", ENGINE),
        "power-rated": legal("rated_power", "max", "4 kW", ELECTRIC),
    },
    "eu-l6e-b@2016": {
        **L6E_2016,
        "length": legal("length", "max", "3.0 m"),
        "width": legal("width", "max", "1.5 m"),
    },
    "eu-l7e@2002": {
        "wheels": legal("wheels", "equals", 4),
        "power": legal("max_power", "max", "15 kW"),
        "mass-passenger": legal("curb_mass", "max", "400 kg",
                                {**COMBUSTION, "category": PASSENGER}),
        "mass-goods": legal("curb_mass", "max", "550 kg", {**COMBUSTION, "category": CARGO}),
        "mass-passenger-electric": advisory("curb_mass", "max", "400 kg",
                                            {**BATTERIES, "category": PASSENGER}),
        "mass-goods-electric": advisory("curb_mass", "max", "550 kg",
                                        {**BATTERIES, "category": CARGO}),
    },
    "eu-l7e@2016": L7E_2016,
    "eu-l7e-a@2016": {
        **L7E_2016,
        "seats": legal("seats", "max", 2),
        "passengers-only": legal("category", "equals", "passenger"),
    },
    "eu-l7e-c@2016": {
        **L7E_2016,
        "top-speed": legal("top_speed", "max", "90 km/h"),
        "length": legal("length", "max", "3.7 m"),
        "width": legal("width", "max", "1.5 m"),
    },
}
# name -> (effective from, effective until, status, extends)
DATES = {
    "eu-l6e@2002": (D(2002, 5, 9), D(2015, 12, 31), "historical", None),
    "eu-l6e@2016": (D(2016, 1, 1), None, "in_force", None),
    "eu-l6e-a@2016": (D(2016, 1, 1), None, "in_force", "eu-l6e@2016"),
    "eu-l6e-b@2016": (D(2016, 1, 1), None, "in_force", "eu-l6e@2016"),
    "eu-l7e@2002": (D(2002, 5, 9), D(2015, 12, 31), "historical", None),
    "eu-l7e@2016": (D(2016, 1, 1), None, "in_force", None),
    "eu-l7e-a@2016": (D(2016, 1, 1), None, "in_force", "eu-l7e@2016"),
    "eu-l7e-c@2016": (D(2016, 1, 1), None, "in_force", "eu-l7e@2016"),
}
NAMES = list(REFERENCE)


def test_the_eu_families_and_versions_are_the_reference_ones() -> None:
    names = [n for n in default_catalog().names() if n.startswith("eu-")]
    assert sorted(names) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_matches_the_reference(name: str) -> None:
    assert_matches(builtin(name), REFERENCE[name])


@pytest.mark.parametrize("name", NAMES)
def test_dates_status_and_lineage(name: str) -> None:
    ruleset = builtin(name)
    assert (ruleset.effective_from, ruleset.effective_until, ruleset.status,
            ruleset.extends) == DATES[name]
    assert ruleset.jurisdiction == "EU"


@pytest.mark.parametrize("name", NAMES)
def test_show_prints_sources_and_notes(name: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert_show_prints_sources_and_notes(name, capsys, monkeypatch)


@pytest.mark.parametrize("family", ["eu-l6e", "eu-l7e"])
def test_the_regulation_replaces_the_directive_on_1_january_2016(family: str) -> None:
    catalog = default_catalog()
    assert catalog.get(family, D(2015, 12, 31)).name == f"{family}@2002"
    assert catalog.get(family, D(2016, 1, 1)).name == f"{family}@2016"


@pytest.mark.parametrize(
    ("name", "fragments"),
    [
        ("eu-l6e@2002", ["9 May 2002", "Article 23", "label stays \"2002\"", "batteries"]),
        ("eu-l6e@2016", ["Article 5(2)(c)", "no longer disputed", "upper bound", "350 kg"]),
        ("eu-l6e-b@2016", ["enclosed", "not checked", "L6e-BU"]),
        ("eu-l7e@2002", ["450/550 kg", "not a light quadricycle", "9 May 2002"]),
        ("eu-l7e@2016", ["L7e-B", "ground clearance", "Article 5(2)(c)"]),
        ("eu-l7e-c@2016", ["80 km/h", "90 km/h", "enclosed cabin"]),
    ],
)
def test_notes_say_what_is_unverified_or_not_expressible(name: str,
                                                         fragments: list[str]) -> None:
    notes = " ".join((builtin(name).notes or "").split())
    for fragment in fragments:
        assert fragment in notes, fragment


# -- the ignition field decides the displacement cap ------------------------------------------

QUAD = {"wheels": 4, "seats": 2, "top_speed": "45 km/h", "curb_mass": "300 kg",
        "length": "2.5 m", "width": "1.4 m", "height": "1.5 m", "max_power": "4 kW"}


@pytest.mark.parametrize(
    ("data", "positive", "compression"),
    [
        ({"powertrain": "combustion", "ignition": "positive", "displacement": "50 cc"},
         "pass", "not_applicable"),
        ({"powertrain": "combustion", "ignition": "positive", "displacement": "0.0501 L"},
         "fail", "not_applicable"),
        ({"powertrain": "combustion", "ignition": "compression", "displacement": "0.5 L"},
         "not_applicable", "pass"),
        ({"powertrain": "combustion", "ignition": "compression", "displacement": "501 cc"},
         "not_applicable", "fail"),
        # Ignition not given: over 50 cc cannot be judged; at most 50 cc passes either way.
        ({"powertrain": "combustion", "displacement": "400 cc"}, "unknown", "pass"),
        ({"powertrain": "combustion", "displacement": "49 cc"}, "pass", "pass"),
        ({"powertrain": "electric"}, "not_applicable", "not_applicable"),
    ],
)
def test_displacement_cap_follows_the_ignition(data: dict[str, str], positive: str,
                                               compression: str) -> None:
    got = statuses({**QUAD, **data}, "eu-l6e@2016", "2020-01-01")
    assert (got["displacement-positive-ignition"],
            got["displacement-compression-ignition"]) == (positive, compression)


def test_ignition_is_a_spec_field_with_two_values() -> None:
    assert vehicle_from_mapping({"name": "x", "ignition": "compression"}).ignition == "compression"
    with pytest.raises(SpecError) as info:
        vehicle_from_mapping({"name": "x", "ignition": "diesel"})
    assert info.value.field == "ignition"
    assert "'positive' or 'compression'" in str(info.value)


def test_directive_power_cap_applies_to_diesels_and_motors_not_petrol() -> None:
    petrol = statuses({**QUAD, "powertrain": "combustion", "ignition": "positive",
                       "displacement": "50 cc", "max_power": "5 kW"}, "eu-l6e@2002",
                      "2010-01-01")
    assert petrol["power-other-engine"] == "not_applicable"
    diesel = statuses({**QUAD, "powertrain": "combustion", "ignition": "compression",
                       "displacement": "400 cc", "max_power": "4000 W"}, "eu-l6e@2002",
                      "2010-01-01")
    assert diesel["power-other-engine"] == "pass"
    motor = statuses({**QUAD, "powertrain": "electric", "rated_power": "4.0001 kW"},
                     "eu-l6e@2002", "2010-01-01")
    assert motor["power-electric"] == "fail"


# -- limits met exactly in another unit --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "rule_id", "status"),
    [
        ("eu-l6e@2016", {"top_speed": "12.5 m/s"}, "top-speed", "pass"),      # exactly 45 km/h
        ("eu-l6e@2016", {"top_speed": "12.5001 m/s"}, "top-speed", "fail"),
        ("eu-l6e@2016", {"curb_mass": "425000 g", "powertrain": "combustion"}, "mass", "pass"),
        ("eu-l6e@2016", {"curb_mass": "425.001 kg", "powertrain": "combustion"}, "mass",
         "fail"),
        ("eu-l6e-b@2016", {"width": "1500 mm"}, "width", "pass"),
        ("eu-l6e-b@2016", {"width": "1500.1 mm"}, "width", "fail"),
        ("eu-l7e-c@2016", {"top_speed": "25 m/s"}, "top-speed", "pass"),      # exactly 90 km/h
        ("eu-l7e-c@2016", {"length": "3700 mm"}, "length", "pass"),
        ("eu-l7e-c@2016", {"length": "3.7001 m"}, "length", "fail"),
        ("eu-l7e@2016", {"rated_power": "15000 W", "powertrain": "electric"}, "power-rated",
         "pass"),
        ("eu-l7e@2016", {"max_power": "20.39 PS", "powertrain": "combustion"}, "power-net",
         "pass"),                                                       # 14.9968 kW
        ("eu-l7e@2016", {"max_power": "20.4 PS", "powertrain": "combustion"}, "power-net",
         "fail"),                                                       # 15.0042 kW
    ],
)
def test_limits_in_other_units(name: str, data: dict[str, str], rule_id: str,
                               status: str) -> None:
    assert statuses(data, name, "2020-01-01")[rule_id] == status


# -- batteries: an electric vehicle's mass only warns -------------------------------------------


def test_citroen_ami_is_l6e_b_except_for_its_unknown_rated_power() -> None:
    report = keirules.check(EXAMPLES / "citroen-ami.yaml", "eu-l6e-b", on="manufactured")
    assert report.ruleset.name == "eu-l6e-b@2016"
    assert report.verdict == "incomplete"
    assert [r.rule.id for r in report.unknown] == ["power-rated"]
    assert [r.rule.id for r in report.warnings] == ["mass-electric"]  # 485 kg with batteries


def test_renault_twizy_is_l7e_c_not_l6e() -> None:
    path = EXAMPLES / "renault-twizy-80.yaml"
    heavy = keirules.check(path, "eu-l7e-c", on="2026-11-25")
    assert heavy.verdict == "pass"
    assert [r.rule.id for r in heavy.warnings] == ["mass-passenger-electric"]
    light = keirules.check(path, "eu-l6e", on="2026-11-25")
    assert {r.rule.id for r in light.failures} == {"top-speed", "power-rated"}
    then = keirules.check(path, "eu-l7e", on="manufactured")
    assert (then.ruleset.name, then.verdict) == ("eu-l7e@2002", "pass")


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"powertrain": "combustion", "category": "passenger", "curb_mass": "451 kg"}, "fail"),
        ({"powertrain": "electric", "category": "passenger", "curb_mass": "451 kg"}, "warn"),
        ({"powertrain": "combustion", "category": "cargo", "curb_mass": "600 kg"}, "pass"),
        ({"powertrain": "combustion", "curb_mass": "500 kg"}, "unknown"),  # goods or people?
        ({"powertrain": "combustion", "curb_mass": "450 kg"}, "pass"),     # fine either way
    ],
)
def test_l7e_mass_by_category_and_powertrain(data: dict[str, Any], status: str) -> None:
    report = keirules.check({"name": "Quad", "wheels": 4, **data}, "eu-l7e@2016",
                            on="2020-01-01")
    mass = [r for r in report.results if r.rule.field == "curb_mass"]
    if status == "warn":
        assert [r.rule.id for r in report.warnings] == ["mass-passenger-electric"]
        assert not [r for r in mass if r.status == "fail" and r.rule.severity == "legal"]
    elif status == "fail":
        assert [r.rule.id for r in report.failures] == ["mass-passenger"]
    elif status == "unknown":
        assert [r.rule.id for r in mass if r.status == "unknown"] == ["mass-passenger"]
    else:
        assert all(r.status in ("pass", "not_applicable") for r in mass)


# -- the legal basis of every EU rule ----------------------------------------------------------

REGULATION_URL = "https://eur-lex.europa.eu/eli/reg/2013/168/oj"
DIRECTIVE_URL = "http://data.europa.eu/eli/dir/2002/24/oj"


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_names_its_instrument_and_official_text(name: str) -> None:
    ruleset = builtin(name)
    official = DIRECTIVE_URL if name.endswith("@2002") else REGULATION_URL
    number = "Directive 2002/24/EC" if name.endswith("@2002") else "Regulation (EU) No 168/2013"
    for rule in ruleset.rules:
        source = rule.source
        assert source is not None and source.has_legal_basis, rule.id
        assert source.url == official, rule.id
        assert (source.instrument or "").startswith(number), rule.id
        # No EU figure was read in a stored official copy: every source says so.
        assert source.verified == "secondary", rule.id
        assert source.evidence, rule.id


def test_the_official_journal_references_are_the_instruments_own() -> None:
    assert "OJ L 60, 2.3.2013, p. 52" in (builtin("eu-l6e@2016").sources["regulation"]
                                          .instrument or "")
    assert "OJ L 124, 9.5.2002" in (builtin("eu-l7e@2002").sources["directive"].instrument
                                    or "")


@pytest.mark.parametrize("name", ["eu-l6e@2016", "eu-l7e@2016"])
def test_battery_exclusion_is_cited_to_article_5_2_c(name: str) -> None:
    ruleset = builtin(name)
    electric = [r for r in ruleset.rules if r.field == "curb_mass"
                and any("electric" in c.allowed for c in r.when)]
    assert electric
    for rule in electric:
        assert "5(2)(c)" in (rule.citation or ""), rule.id
        assert rule.source is not None and rule.source.key == "article-5"
        # read in a copy of the German text, named but not cited by its address
        assert any("gesetze.legal, Artikel 5" in e.title and e.url is None
                   for e in rule.source.evidence)


# -- Directive 2002/24/EC: from its entry into force, 9 May 2002 -------------------------------


@pytest.mark.parametrize("family", ["eu-l6e", "eu-l7e"])
def test_the_directive_version_starts_on_its_entry_into_force(family: str) -> None:
    catalog = default_catalog()
    assert catalog.get(family, D(2002, 5, 9)).name == f"{family}@2002"
    with pytest.raises(keirules.UnknownRuleSetError) as info:
        catalog.get(family, D(2002, 5, 8))
    assert "2002-05-09" in str(info.value)


def test_a_quad_at_the_directive_limits_on_its_first_day() -> None:
    quad = {"name": "Petrol quad", "wheels": 4, "powertrain": "combustion",
            "ignition": "positive", "displacement": "50 cc", "top_speed": "45 km/h",
            "curb_mass": "350 kg"}
    report = keirules.check(quad, "eu-l6e", on="2002-05-09")
    assert (report.ruleset.name, report.verdict) == ("eu-l6e@2002", "pass")
    with pytest.raises(keirules.UnknownRuleSetError):
        keirules.check(quad, "eu-l6e", on="2002-05-08")


# -- electric mass: the limit leaves the propulsion batteries out -------------------------------


@pytest.mark.parametrize(
    ("name", "data", "rule_id", "status"),
    [
        # At the limit with the batteries: the battery-free mass is lower still, a pass.
        ("eu-l6e@2016", {"curb_mass": "425 kg"}, "mass-electric", "pass"),
        # Over it with the batteries: a warning, never a failure.
        ("eu-l6e@2016", {"curb_mass": "425.001 kg"}, "mass-electric", "fail"),
        ("eu-l6e@2002", {"curb_mass": "350 kg"}, "mass-electric", "pass"),
        ("eu-l6e@2002", {"curb_mass": "350.001 kg"}, "mass-electric", "fail"),
        ("eu-l7e@2016", {"curb_mass": "450 kg", "category": "passenger"},
         "mass-passenger-electric", "pass"),
        ("eu-l7e@2016", {"curb_mass": "450.001 kg", "category": "passenger"},
         "mass-passenger-electric", "fail"),
        ("eu-l7e@2016", {"curb_mass": "600 kg", "category": "cargo"}, "mass-goods-electric",
         "pass"),
        ("eu-l7e@2016", {"curb_mass": "600.001 kg", "category": "cargo"},
         "mass-goods-electric", "fail"),
    ],
)
def test_electric_mass_at_the_boundary_warns_and_never_fails(name: str, data: dict[str, str],
                                                             rule_id: str, status: str) -> None:
    on = "2010-01-01" if name.endswith("@2002") else "2020-01-01"
    report = keirules.check({"name": "EV quad", "wheels": 4, "powertrain": "electric", **data},
                            name, on=on)
    result = next(r for r in report.results if r.rule.id == rule_id)
    assert result.status == status
    assert result.rule.severity == "advisory"
    assert rule_id not in {r.rule.id for r in report.failures}
    assert (rule_id in {r.rule.id for r in report.warnings}) == (status == "fail")


def test_the_same_mass_fails_a_combustion_quad() -> None:
    report = keirules.check({"name": "Petrol quad", "wheels": 4, "powertrain": "combustion",
                             "curb_mass": "425.001 kg"}, "eu-l6e@2016", on="2020-01-01")
    assert "mass" in {r.rule.id for r in report.failures}


#: Copies of other sites (Wikipedia mirrors, scraped documents) and forums: never cited.
COPIES = ("brorelol.gay", "eyes4you.org", "wikizero.org", "wikiwand", "kids.net.au",
          "everybodywiki", "wikisum", "zawazawa.jp", "5ch.net", "scribd", "autodocbox",
          "mydoc123", "elaws.us", "ecfr.io", "laws9.com", "justia", "wikiup.org",
          "artikeldigital.com", "liquisearch", "gutenberg.org", "pdfslide", "narkive", "yumpu")


@pytest.mark.parametrize("name", NAMES)
def test_no_source_is_a_copy_of_another_site(name: str) -> None:
    ruleset = builtin(name)
    urls = [s.url for s in ruleset.sources.values()]
    urls += [e.url for s in ruleset.sources.values() for e in s.evidence]
    for url in filter(None, urls):
        assert not any(copy in url for copy in COPIES), url
