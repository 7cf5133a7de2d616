"""The built-in jp-kei rule sets against the reference table (shared/reference/regulations.md).

Every figure of every version is listed here by hand, so a slip in a YAML file (a limit, a
unit, a condition, a rule left over from an older version) fails a test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import keirules
from keirules import RuleSet, parse_quantity
from keirules.analysis import timeline
from keirules.rulesets import builtin_dir

COMBUSTION = ("combustion", "hybrid")
FOUR = {"powertrain": COMBUSTION, "engine_cycle": ("four_stroke", "rotary")}
TWO = {"powertrain": COMBUSTION, "engine_cycle": ("two_stroke",)}
ENGINE = {"powertrain": COMBUSTION}
ELECTRIC = {"powertrain": ("electric",)}


def size(length: str, width: str, height: str = "2.00 m") -> dict[str, Any]:
    return {
        "length": ("length", "max", length, {}),
        "width": ("width", "max", width, {}),
        "height": ("height", "max", height, {}),
    }


WHEELS = {"wheels": ("wheels", "min", 3, {})}
POWER_AGREEMENT = {"power-agreement": ("max_power", "max", "64 PS", {})}

#: version -> rule id -> (field, comparison, limit, when); nothing else may be in the rule set.
REFERENCE: dict[str, dict[str, tuple[str, str, Any, dict[str, tuple[Any, ...]]]]] = {
    "1949": {
        **size("2.80 m", "1.00 m"),
        "displacement-four-stroke": ("displacement", "max", "150 cc", FOUR),
        "displacement-two-stroke": ("displacement", "max", "100 cc", TWO),
        "rated-output": ("rated_power", "max", "1.2 kW", ELECTRIC),
    },
    "1950": {
        **size("3.00 m", "1.30 m"),
        **WHEELS,
        "displacement-four-stroke": ("displacement", "max", "300 cc", FOUR),
        "displacement-two-stroke": ("displacement", "max", "200 cc", TWO),
        "rated-output": ("rated_power", "max", "2.0 kW", ELECTRIC),
    },
    "1951": {
        **size("3.00 m", "1.30 m"),
        **WHEELS,
        "displacement-four-stroke": ("displacement", "max", "360 cc", FOUR),
        "displacement-two-stroke": ("displacement", "max", "240 cc", TWO),
        "rated-output": ("rated_power", "max", "2.0 kW", ELECTRIC),
    },
    "1955": {
        **size("3.00 m", "1.30 m"),
        **WHEELS,
        "displacement": ("displacement", "max", "360 cc", ENGINE),
        "rated-output": ("rated_power", "max", "2.0 kW", ELECTRIC),
    },
    "1960": {
        **size("3.00 m", "1.30 m"),
        **WHEELS,
        "displacement": ("displacement", "max", "360 cc", ENGINE),
    },
    "1976": {
        **size("3.20 m", "1.40 m"),
        **WHEELS,
        "displacement": ("displacement", "max", "550 cc", ENGINE),
        **POWER_AGREEMENT,
    },
    "1990": {
        **size("3.30 m", "1.40 m"),
        **WHEELS,
        "displacement": ("displacement", "max", "660 cc", ENGINE),
        **POWER_AGREEMENT,
    },
    "1998": {
        **size("3.40 m", "1.48 m"),
        **WHEELS,
        "displacement": ("displacement", "max", "660 cc", ENGINE),
        **POWER_AGREEMENT,
        "seats": ("seats", "max", 4, {}),
        "payload": ("max_payload", "max", "350 kg", {"category": ("cargo",)}),
    },
}

EFFECTIVE = {
    "1949": dt.date(1949, 7, 8), "1950": dt.date(1950, 7, 26), "1951": dt.date(1951, 8, 16),
    "1955": dt.date(1955, 4, 1), "1960": dt.date(1960, 7, 1), "1976": dt.date(1976, 1, 1),
    "1990": dt.date(1990, 1, 1), "1998": dt.date(1998, 10, 1),
}
VERSIONS = list(REFERENCE)


def jp(version: str) -> RuleSet:
    return keirules.default_catalog().get(f"jp-kei@{version}")


def all_rules() -> list[tuple[str, str]]:
    return [(version, rule_id) for version in VERSIONS for rule_id in REFERENCE[version]]


def test_the_built_in_versions_are_the_reference_versions() -> None:
    files = sorted(p.stem for p in (builtin_dir() / "jp-kei").glob("*.yaml"))
    assert files == VERSIONS


@pytest.mark.parametrize("version", VERSIONS)
def test_each_version_has_exactly_the_reference_rules(version: str) -> None:
    assert sorted(rule.id for rule in jp(version).rules) == sorted(REFERENCE[version])


@pytest.mark.parametrize(("version", "rule_id"), all_rules())
def test_every_figure_matches_the_reference(version: str, rule_id: str) -> None:
    field, comparison, limit, when = REFERENCE[version][rule_id]
    rule = jp(version).rule(rule_id)
    assert rule.field == field
    assert rule.limit.comparison == comparison
    if isinstance(limit, int):
        assert rule.limit.quantity is None
        assert rule.limit.value == limit
    else:
        expected = parse_quantity(limit)
        assert rule.limit.quantity is not None
        # Exactly equal, and written in the same unit as the reference.
        assert rule.limit.quantity.base == expected.base
        assert rule.limit.quantity.unit.symbol == expected.unit.symbol
    assert {c.field: tuple(c.allowed) for c in rule.when} == when


#: Rules that are not law: the industry agreement, and the two caps no instrument was found for.
NOT_LAW = {"power-agreement": "voluntary", "seats": "advisory", "payload": "advisory"}


@pytest.mark.parametrize("version", VERSIONS)
def test_severity_is_legal_except_the_agreement_and_the_practice_caps(version: str) -> None:
    for rule in jp(version).rules:
        assert rule.severity == NOT_LAW.get(rule.id, "legal"), rule.id


@pytest.mark.parametrize("version", VERSIONS)
def test_power_agreement_only_from_1976(version: str) -> None:
    ids = {rule.id for rule in jp(version).rules}
    fields = {rule.field for rule in jp(version).rules}
    if int(version) >= 1976:
        rule = jp(version).rule("power-agreement")
        assert rule.severity == "voluntary"
        assert rule.limit.quantity is not None
        assert rule.limit.quantity.base == parse_quantity("47071.92 W").base  # 64 PS exactly
        assert "JAMA" in rule.source.title
        # It began in February 1987, inside jp-kei@1976; later versions inherit the date.
        assert rule.effective_from == dt.date(1987, 2, 1)
        assert rule.effective_until is None
        assert rule.defined_in == "jp-kei@1976"
    else:
        assert "power-agreement" not in ids
        assert "max_power" not in fields


@pytest.mark.parametrize("version", VERSIONS)
def test_rated_output_for_electric_only_until_1960(version: str) -> None:
    fields = {rule.field for rule in jp(version).rules}
    assert ("rated_power" in fields) is (int(version) < 1960)


@pytest.mark.parametrize("version", VERSIONS)
def test_seats_and_payload_only_in_1998(version: str) -> None:
    fields = {rule.field for rule in jp(version).rules}
    assert ("seats" in fields) is (version == "1998")
    assert ("max_payload" in fields) is (version == "1998")


@pytest.mark.parametrize("version", VERSIONS)
def test_dates_status_and_lineage(version: str) -> None:
    ruleset = jp(version)
    assert ruleset.family == "jp-kei"
    assert ruleset.jurisdiction == "JP"
    assert ruleset.effective_from == EFFECTIVE[version]
    assert ruleset.status == ("in_force" if version == "1998" else "historical")
    index = VERSIONS.index(version)
    assert ruleset.extends == (f"jp-kei@{VERSIONS[index - 1]}" if index else None)
    assert ruleset.builtin


#: Copies, forums and blogs are never cited (the project's list, and the ones these files used).
BANNED_DOMAINS = (
    "brorelol.gay", "eyes4you.org", "wikizero.org", "wikiwand.com", "kids.net.au",
    "everybodywiki.com", "wikisum.wiki", "zawazawa.jp", "wikiwiki.jp", "5ch.net", "scribd.com",
    "liquisearch.com", "raimu.in", "muratajiko.com", "car-repo.jp", "nplate",
)
EGOV_ORDINANCE = "https://laws.e-gov.go.jp/law/326M50000800074"
WIKIPEDIA = ("https://ja.wikipedia.org/wiki/", "https://en.wikipedia.org/wiki/")
ASSOCIATIONS = ("https://www.keikenkyo.or.jp/", "https://www.saikei.jp/")


def urls_of(version: str) -> list[tuple[str, str | None]]:
    """Every (kind, url) a version's sources name: 'official' for a source's own link."""
    found: list[tuple[str, str | None]] = []
    for source in jp(version).sources.values():
        if source.url:
            found.append(("official", source.url))
        found.extend((item.kind, item.url) for item in source.evidence)
    return found


@pytest.mark.parametrize(("version", "rule_id"), all_rules())
def test_every_rule_names_its_legal_basis_and_how_it_was_verified(
        version: str, rule_id: str) -> None:
    source = jp(version).rule(rule_id).source
    assert source.title.strip()
    assert source.has_legal_basis
    assert source.verified in ("text", "secondary")
    # No figure of jp-kei was read in an official copy of the instrument's text (see the notes).
    assert source.verified == "secondary"
    assert source.evidence, "a secondary verification names its evidence"


@pytest.mark.parametrize("version", VERSIONS)
def test_every_source_of_every_version_names_a_legal_basis(version: str) -> None:
    for key, source in jp(version).sources.items():
        assert source.has_legal_basis, key
        assert source.note, key  # says what was and was not found


@pytest.mark.parametrize("version", VERSIONS)
def test_no_copy_forum_or_blog_is_cited(version: str) -> None:
    for _kind, url in urls_of(version):
        assert url is not None
        assert url.startswith("https://") and " " not in url, url
        assert not any(domain in url for domain in BANNED_DOMAINS), url


@pytest.mark.parametrize("version", VERSIONS)
def test_evidence_kinds_say_what_each_document_is(version: str) -> None:
    for kind, url in urls_of(version):
        assert url is not None
        if url.startswith(WIKIPEDIA):
            assert kind == "encyclopedia", url
        elif url.startswith(ASSOCIATIONS):
            assert kind == "association", url
        elif url.startswith("https://laws.e-gov.go.jp/"):
            assert kind == "official", url


@pytest.mark.parametrize("version", VERSIONS)
def test_the_ordinance_links_e_gov_from_1951_and_the_vehicle_regulations_link_nothing(
        version: str) -> None:
    ordinance = jp(version).sources["ordinance"]
    if int(version) >= 1951:
        assert ordinance.url == EGOV_ORDINANCE
        assert "昭和26年運輸省令第74号" in (ordinance.instrument or "")
    else:
        # The 車両規則 is not on e-Gov, and no gazette entry was found: no link, and the note
        # says so.
        assert ordinance.url is None
        assert "官報" in (ordinance.note or "")
        assert "車両規則" in ordinance.title
    if version in ("1951", "1998"):
        act = jp(version).sources["act"]
        assert act.instrument == "昭和26年法律第185号"
        assert act.url == "https://laws.e-gov.go.jp/law/326AC0000000185"


@pytest.mark.parametrize(("version", "instrument"), [
    ("1949", "昭和24年運輸省令第36号"), ("1950", "昭和25年運輸省令第56号"),
    ("1951", "昭和26年運輸省令第74号"), ("1960", "昭和35年運輸省令第30号"),
    ("1976", "運輸省令第34号"),
])
def test_instrument_numbers_as_the_associations_give_them(version: str, instrument: str) -> None:
    assert instrument in (jp(version).sources["ordinance"].instrument or "")


@pytest.mark.parametrize("version", ["1955", "1990"])
def test_unknown_amending_ordinance_numbers_are_said_to_be_unknown(version: str) -> None:
    assert "number not found" in (jp(version).sources["ordinance"].instrument or "")


def test_seats_and_payload_cite_the_capacity_rule_not_the_table() -> None:
    ruleset = jp("1998")
    for rule_id in ("seats", "payload"):
        source = ruleset.rule(rule_id).source
        assert source.key == "capacity"
        assert source.instrument == "昭和26年運輸省令第67号"
        assert "第五十三条" in (source.citation or "")
        assert any(e.url == "https://webcartop.jp/?p=1123969" and e.kind == "press"
                   for e in source.evidence)
        assert "no special seating limit" in (source.note or "")
    assert "no seating and no payload criterion" in (ruleset.sources["ordinance"].note or "")


KEI_1998 = {"length": "3.40 m", "width": "1.48 m", "height": "2.00 m", "wheels": 4,
            "powertrain": "combustion", "displacement": "660 cc", "max_power": "64 PS"}


@pytest.mark.parametrize(("data", "warned"), [
    ({"seats": 4, "category": "cargo", "max_payload": "350 kg"}, set()),
    ({"seats": 5, "category": "passenger"}, {"seats"}),
    ({"seats": 2, "category": "cargo", "max_payload": "351 kg"}, {"payload"}),
    ({"seats": 5, "category": "cargo", "max_payload": "351 kg"}, {"seats", "payload"}),
])
def test_seats_and_payload_over_the_practice_warn_but_do_not_fail(
        data: dict[str, Any], warned: set[str]) -> None:
    report = keirules.check({"name": "Probe", **KEI_1998, **data}, "jp-kei@1998",
                            on=dt.date(2026, 6, 1))
    assert report.verdict == "pass"
    assert {r.rule.id for r in report.failures} == set()
    assert {r.rule.id for r in report.warnings} == warned


@pytest.mark.parametrize("version", VERSIONS[1:])
def test_changed_rules_cite_their_own_version(version: str) -> None:
    """A rule whose limit differs from the previous version's is defined by this version."""
    previous = jp(VERSIONS[VERSIONS.index(version) - 1])
    before = {rule.id: rule for rule in previous.rules}
    for rule in jp(version).rules:
        old = before.get(rule.id)
        if old is None or old.limit.text != rule.limit.text:
            assert rule.defined_in == f"jp-kei@{version}", rule.id
            assert rule.source.key in jp(version).sources


@pytest.mark.parametrize(
    ("version", "fragments"),
    [
        ("1955", ["1954-10-01", "1955-04-04", "1955-04-01"]),
        ("1951", ["350 cc", "360 cc"]),
        ("1949", ["100 cc", "250 cc"]),
        ("1976", ["1987", "voluntary"]),
        ("1960", ["July 1960"]),
    ],
)
def test_notes_record_where_sources_disagree(version: str, fragments: list[str]) -> None:
    notes = jp(version).notes or ""
    for fragment in fragments:
        assert fragment in notes


# A few whole vehicles, as a reader of the reference table would judge them.
# (version, spec, expected verdict)
VEHICLES = [
    ("1998", {"length": "3.40 m", "width": "1.48 m", "height": "2.00 m", "wheels": 4,
              "seats": 4, "powertrain": "combustion", "displacement": "660 cc",
              "max_power": "64 PS", "category": "cargo", "max_payload": "350 kg"}, "pass"),
    ("1990", {"length": "3.40 m", "width": "1.40 m", "height": "1.5 m", "wheels": 4,
              "powertrain": "combustion", "displacement": "657 cc"}, "fail"),
    ("1976", {"length": "3.20 m", "width": "1.40 m", "height": "1.5 m", "wheels": 4,
              "powertrain": "combustion", "displacement": "550 cc", "max_power": "70 PS"},
     "pass"),
    ("1960", {"length": "3.00 m", "width": "1.30 m", "height": "1.5 m", "wheels": 4,
              "powertrain": "electric", "rated_power": "10 kW"}, "pass"),
    ("1955", {"length": "3.00 m", "width": "1.30 m", "height": "1.5 m", "wheels": 4,
              "powertrain": "combustion", "engine_cycle": "two_stroke",
              "displacement": "360 cc"}, "pass"),
    ("1951", {"length": "3.00 m", "width": "1.30 m", "height": "1.5 m", "wheels": 3,
              "powertrain": "combustion", "engine_cycle": "two_stroke",
              "displacement": "241 cc"}, "fail"),
    ("1950", {"length": "2.5 m", "width": "1.0 m", "height": "1.5 m", "wheels": 2,
              "powertrain": "combustion", "engine_cycle": "four_stroke",
              "displacement": "150 cc"}, "fail"),
    ("1949", {"length": "2.5 m", "width": "1.0 m", "height": "1.5 m", "wheels": 2,
              "powertrain": "combustion", "engine_cycle": "four_stroke",
              "displacement": "150 cc"}, "pass"),
]


@pytest.mark.parametrize(("version", "data", "verdict"), VEHICLES)
def test_vehicles_judged_as_the_reference_says(
    version: str, data: dict[str, Any], verdict: str
) -> None:
    report = keirules.check({"name": "Probe", **data}, f"jp-kei@{version}",
                            on=EFFECTIVE[version])
    assert report.verdict == verdict


# The 64 PS agreement began in 1987 (with the Alto Works of February 1987), not in 1976.
SEVENTY_PS = {"name": "70 PS kei", "length": "3.20 m", "width": "1.40 m", "height": "1.5 m",
              "wheels": 4, "seats": 4, "powertrain": "combustion", "displacement": "550 cc",
              "max_power": "70 PS"}


@pytest.mark.parametrize(("on", "version", "warned"), [
    (dt.date(1976, 1, 1), "1976", False),
    (dt.date(1980, 6, 1), "1976", False),
    (dt.date(1987, 1, 31), "1976", False),   # the day before the agreement
    (dt.date(1987, 2, 1), "1976", True),     # its first day
    (dt.date(1988, 6, 1), "1976", True),
    (dt.date(1995, 6, 1), "1990", True),
])
def test_the_power_agreement_applies_from_february_1987(
        on: dt.date, version: str, warned: bool) -> None:
    report = keirules.check(SEVENTY_PS, "jp-kei", on=on)
    assert report.ruleset.name == f"jp-kei@{version}"
    assert report.verdict == "pass"  # voluntary: never a failure of the kei standard
    result = next(r for r in report.results if r.rule.id == "power-agreement")
    assert ({r.rule.id for r in report.warnings} == {"power-agreement"}) is warned
    if warned:
        assert result.status == "fail"
    else:
        assert result.status == "not_applicable"
        assert "1987-02-01" in result.reason


def test_the_timeline_splits_jp_kei_1976_where_the_agreement_begins() -> None:
    spans = [(p.start, p.end, {r.rule.id for r in p.report.warnings})
             for p in timeline(SEVENTY_PS).periods if p.ruleset.name == "jp-kei@1976"]
    assert spans == [
        (dt.date(1976, 1, 1), dt.date(1987, 1, 31), set()),
        (dt.date(1987, 2, 1), dt.date(1989, 12, 31), {"power-agreement"}),
    ]


MIRROR_DOMAINS = ("brorelol.gay", "eyes4you.org", "wikizero.org", "wikiwand", "kids.net.au",
                  "everybodywiki", "wikisum", "zawazawa.jp", "wikiwiki.jp")


@pytest.mark.parametrize("version", VERSIONS)
def test_no_mirror_anywhere_in_the_file_and_links_only_under_url_keys(version: str) -> None:
    path = builtin_dir() / "jp-kei" / f"{version}.yaml"
    text = path.read_text(encoding="utf-8")
    assert not any(domain in text for domain in MIRROR_DOMAINS)
    for number, line in enumerate(text.splitlines(), 1):
        if "http" in line:  # notes name their blogs and copies, never link them
            assert "url:" in line, (number, line)
