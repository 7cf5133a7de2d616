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


@pytest.mark.parametrize("version", VERSIONS)
def test_severity_is_legal_except_the_power_agreement(version: str) -> None:
    for rule in jp(version).rules:
        expected = "voluntary" if rule.id == "power-agreement" else "legal"
        assert rule.severity == expected, rule.id


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


@pytest.mark.parametrize(("version", "rule_id"), all_rules())
def test_every_rule_has_a_source_with_title_and_url(version: str, rule_id: str) -> None:
    source = jp(version).rule(rule_id).source
    assert source.title.strip()
    assert source.url is not None
    assert source.url.startswith(("https://", "http://"))
    assert " " not in source.url


@pytest.mark.parametrize("version", VERSIONS)
def test_every_source_of_every_version_has_title_and_url(version: str) -> None:
    for key, source in jp(version).sources.items():
        assert source.title.strip(), key
        assert source.url and source.url.startswith("https://"), key


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
