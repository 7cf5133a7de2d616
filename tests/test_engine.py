"""Evaluating vehicles: exact comparisons across units, margins, gaps, conditions, verdicts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import keirules
from keirules import Catalog, Report, RuleSet, vehicle_from_mapping

ON = dt.date(2024, 1, 1)

#: A current kei car that meets every jp-kei@1998 rule with room to spare.
KEI_1998: dict[str, Any] = {
    "name": "Reference kei",
    "category": "passenger",
    "wheels": 4,
    "seats": 4,
    "length": "3395 mm",
    "width": "1475 mm",
    "height": "1790 mm",
    "powertrain": "combustion",
    "engine_cycle": "four_stroke",
    "displacement": "658 cc",
    "max_power": "64 PS",
}

HEADER = """\
format: keirules-ruleset/1
family: test-kei
version: "1"
title: Test rule set
jurisdiction: JP
status: what_if
effective_from: 2000-01-01
sources:
  law: {title: Test Act, url: https://example.invalid/law}
rules:
"""


def spec(**changes: Any) -> dict[str, Any]:
    """The reference kei with some fields changed; a value of None drops the field."""
    data = {**KEI_1998, **changes}
    return {key: value for key, value in data.items() if value is not None}


def builtin(name: str) -> RuleSet:
    return keirules.default_catalog().get(name)


def rules_file(tmp_path: Path, rules: str) -> RuleSet:
    path = tmp_path / "rules.yaml"
    path.write_text(HEADER + rules, encoding="utf-8")
    return Catalog([]).load_file(path)


def run(data: Mapping[str, Any], ruleset: RuleSet | str = "jp-kei@1998",
        on: dt.date = ON) -> Report:
    rs = builtin(ruleset) if isinstance(ruleset, str) else ruleset
    return keirules.evaluate(vehicle_from_mapping(data), rs, on)


def results(report: Report) -> dict[str, dict[str, Any]]:
    """The JSON results of a report by rule id."""
    return {r["rule"]: r for r in report.as_dict()["results"]}


def statuses(report: Report) -> dict[str, str]:
    return {r.rule.id: r.status for r in report.results}


# -- exact comparisons across units -------------------------------------------------------------

# (field, value equal to the jp-kei@1998 limit, rule, extra fields)
AT_THE_LIMIT = [
    ("length", "3400 mm", "length", {}),
    ("length", "3.4 m", "length", {}),
    ("length", "340 cm", "length", {}),
    ("length", "0.0034 km", "length", {}),
    ("length", "3.4e3 mm", "length", {}),
    ("length", {"value": "3400.000", "unit": "mm"}, "length", {}),
    ("width", "1480 mm", "width", {}),
    ("width", "1.48 m", "width", {}),
    ("height", "2000 mm", "height", {}),
    ("height", "200 cm", "height", {}),
    ("displacement", "0.66 L", "displacement", {}),
    ("displacement", "660 cc", "displacement", {}),
    ("displacement", "660 mL", "displacement", {}),
    ("displacement", "660 cm3", "displacement", {}),
    ("displacement", "0.00066 m3", "displacement", {}),
    # 64 PS = 64 x 735.49875 W = 47071.92 W exactly.
    ("max_power", "47.07192 kW", "power-agreement", {}),
    ("max_power", "47071.92 W", "power-agreement", {}),
    ("max_power", "64 PS", "power-agreement", {}),
    ("max_payload", "350 kg", "payload", {"category": "cargo"}),
    ("max_payload", "0.35 t", "payload", {"category": "cargo"}),
    ("max_payload", "350000 g", "payload", {"category": "cargo"}),
]


@pytest.mark.parametrize(("field", "value", "rule", "extra"), AT_THE_LIMIT)
def test_a_value_equal_to_the_limit_in_another_unit_passes(
    field: str, value: Any, rule: str, extra: dict[str, Any]
) -> None:
    report = run(spec(**{field: value}, **extra))
    result = results(report)[rule]
    assert result["status"] == "pass"
    assert Decimal(result["margin"]["value"]) == 0
    assert Decimal(result["margin"]["percent"]) == 0
    assert Decimal(result["measured"]["value"]) == Decimal(result["limit"]["value"])
    assert report.verdict == "pass"


# (field, value a hair over the limit, rule, margin in the limit's unit, legal?)
A_HAIR_OVER = [
    ("length", "3400.001 mm", "length", Fraction("-0.000001"), True),
    ("length", "3.400001 m", "length", Fraction("-0.000001"), True),
    ("width", "1480.001 mm", "width", Fraction("-0.000001"), True),
    ("height", "2000.0001 mm", "height", Fraction("-0.0000001"), True),
    ("displacement", "660.001 cc", "displacement", Fraction("-0.001"), True),
    ("displacement", "0.660001 L", "displacement", Fraction("-0.001"), True),
    # 0.01 W over 64 PS is 0.01/735.49875 PS over: not a terminating decimal.
    ("max_power", "47.07193 kW", "power-agreement", Fraction("-0.01") / Fraction("735.49875"),
     False),
    ("max_power", "64.01 PS", "power-agreement", Fraction("-0.01"), False),
]


@pytest.mark.parametrize(("field", "value", "rule", "margin", "legal"), A_HAIR_OVER)
def test_a_hair_over_the_limit_fails(
    field: str, value: str, rule: str, margin: Fraction, legal: bool
) -> None:
    report = run(spec(**{field: value}))
    result = results(report)[rule]
    assert result["status"] == "fail"
    shown = Fraction(Decimal(result["margin"]["value"]))
    assert shown < 0
    assert abs(shown - margin) < Fraction(1, 10**11)
    if exact_text(margin) is not None:
        assert shown == margin  # exact when the decimal terminates
    assert report.verdict == ("fail" if legal else "pass")
    assert report.exit_code == (1 if legal else 0)


def test_a_hair_under_the_limit_passes() -> None:
    report = run(spec(length="3399.999 mm"))
    result = results(report)["length"]
    assert result["status"] == "pass"
    assert result["margin"]["value"] == "0.000001"


# (fields, rule, measured, limit, margin, percent, unit)
MARGINS = [
    ({"length": "3395 mm"}, "length", "3.395", "3.40", "0.005", "0.147", "m"),
    ({"length": "3.395 m"}, "length", "3.395", "3.40", "0.005", "0.147", "m"),
    ({"length": "3410 mm"}, "length", "3.41", "3.40", "-0.01", "-0.294", "m"),
    ({"width": "1475 mm"}, "width", "1.475", "1.48", "0.005", "0.338", "m"),
    ({"height": "1.5 m"}, "height", "1.5", "2.00", "0.5", "25", "m"),
    ({"displacement": "0.658 L"}, "displacement", "658", "660", "2", "0.303", "cc"),
    ({"displacement": "700 cc"}, "displacement", "700", "660", "-40", "-6.061", "cc"),
    ({"max_power": "47 kW"}, "power-agreement", "63.902", "64", None, None, "PS"),
    ({"max_payload": "300 kg", "category": "cargo"}, "payload", "300", "350", "50", "14.286",
     "kg"),
    ({"seats": 2}, "seats", "2", "4", "2", "50", None),
    ({"seats": 5}, "seats", "5", "4", "-1", "-25", None),
    ({"wheels": 3}, "wheels", "3", "3", "0", "0", None),
]


@pytest.mark.parametrize(
    ("fields", "rule", "measured", "limit", "margin", "percent", "unit"), MARGINS
)
def test_measured_limit_and_margin_in_the_limit_unit(
    fields: dict[str, Any], rule: str, measured: str, limit: str, margin: str | None,
    percent: str | None, unit: str | None,
) -> None:
    result = results(run(spec(**fields)))[rule]
    assert result["limit"]["value"] == limit
    assert result["limit"]["unit"] == unit
    assert result["measured"]["unit"] == unit
    if rule == "power-agreement":
        # 47 kW / 735.49875 W = 63.9021...PS: not a terminating decimal, so compare closely.
        exact = Fraction(47000) / Fraction("735.49875")
        assert abs(Fraction(Decimal(result["measured"]["value"])) - exact) < Fraction(1, 10**9)
        assert abs(Fraction(Decimal(result["margin"]["value"])) - (64 - exact)) < Fraction(
            1, 10**9)
        assert result["margin"]["percent"] == "0.153"
        return
    assert result["measured"]["value"] == measured
    assert result["margin"] == {"value": margin, "unit": unit, "percent": percent}


def test_margin_example_of_the_report_contract() -> None:
    result = results(run(spec(length="3395 mm")))["length"]
    assert result["measured"] == {"value": "3.395", "unit": "m"}
    assert result["limit"] == {"op": "<=", "value": "3.40", "unit": "m"}
    assert result["margin"] == {"value": "0.005", "unit": "m", "percent": "0.147"}
    assert result["field"] == "length"
    assert result["severity"] == "legal"


@pytest.mark.parametrize(
    ("comparison", "limit", "value", "status", "margin"),
    [
        ("max", "3 m", "3000 mm", "pass", "0"),
        ("min", "3 m", "3000 mm", "pass", "0"),
        ("min", "3 m", "2999 mm", "fail", "-0.001"),
        ("min", "3 m", "3001 mm", "pass", "0.001"),
        ("less_than", "3 m", "3000 mm", "fail", "0"),
        ("less_than", "3 m", "2999.999 mm", "pass", "0.000001"),
        ("greater_than", "3 m", "3000 mm", "fail", "0"),
        ("greater_than", "3 m", "3000.001 mm", "pass", "0.000001"),
        ("equals", "3 m", "300 cm", "pass", None),
        ("equals", "3 m", "300.1 cm", "fail", None),
    ],
)
def test_every_comparison_of_quantities(
    tmp_path: Path, comparison: str, limit: str, value: str, status: str, margin: str | None
) -> None:
    ruleset = rules_file(tmp_path, f"  - {{id: probe, field: length, {comparison}: {limit}}}\n")
    report = run({"name": "Probe", "length": value}, ruleset)
    result = results(report)["probe"]
    assert result["status"] == status
    if margin is None:
        assert result["margin"] is None
    else:
        assert Decimal(result["margin"]["value"]) == Decimal(margin)
    assert report.verdict == status


# -- gaps and conditions ------------------------------------------------------------------------


# (Not seats: the kei seating cap is advisory, so a missing seat count cannot block a verdict.)
@pytest.mark.parametrize("missing", ["length", "width", "height", "wheels", "displacement"])
def test_a_missing_field_is_unknown_never_pass(missing: str) -> None:
    report = run(spec(**{missing: None}))
    rule = missing
    result = results(report)[rule]
    assert result["status"] == "unknown"
    assert result["measured"] is None
    assert result["margin"] is None
    assert report.verdict == "incomplete"
    assert report.exit_code == 3
    assert [r.rule.id for r in report.unknown] == [rule]


def test_an_empty_spec_is_all_unknown_or_not_applicable() -> None:
    report = run({"name": "Nothing known"})
    assert set(statuses(report).values()) == {"unknown"}
    assert report.verdict == "incomplete"


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"powertrain": "electric", "displacement": None, "engine_cycle": None}, "displacement"),
        ({"powertrain": "electric", "displacement": "2000 cc"}, "displacement"),
        ({"category": "passenger", "max_payload": "900 kg"}, "payload"),
        ({"category": "passenger", "max_payload": None}, "payload"),
    ],
)
def test_a_false_condition_is_not_applicable(fields: dict[str, Any], rule: str) -> None:
    report = run(spec(**fields))
    result = results(report)[rule]
    assert result["status"] == "not_applicable"
    assert result["measured"] is None
    assert report.verdict == "pass"


def test_hybrid_is_a_combustion_engine_for_the_displacement_limit() -> None:
    assert results(run(spec(powertrain="hybrid", displacement="661 cc")))["displacement"][
        "status"] == "fail"


# jp-kei@1949: four-stroke <= 150 cc and two-stroke <= 100 cc, both when combustion/hybrid;
# rated output <= 1.2 kW when electric.
BASE_1949 = {"name": "Early kei", "length": "2.8 m", "width": "1 m", "height": "1.5 m"}


@pytest.mark.parametrize(
    ("fields", "four", "two", "rated", "verdict"),
    [
        # engine_cycle missing: 120 cc passes the four-stroke cap whatever the cycle is,
        # but the two-stroke rule would fail if it applied: unknown.
        ({"powertrain": "combustion", "displacement": "120 cc"},
         "pass", "unknown", "not_applicable", "incomplete"),
        # 90 cc passes both, so the missing cycle does not matter.
        ({"powertrain": "combustion", "displacement": "90 cc"},
         "pass", "pass", "not_applicable", "pass"),
        # 160 cc fails both caps if they applied: neither can be decided.
        ({"powertrain": "combustion", "displacement": "160 cc"},
         "unknown", "unknown", "not_applicable", "incomplete"),
        ({"powertrain": "combustion", "engine_cycle": "two_stroke", "displacement": "120 cc"},
         "not_applicable", "fail", "not_applicable", "fail"),
        ({"powertrain": "combustion", "engine_cycle": "four_stroke", "displacement": "120 cc"},
         "pass", "not_applicable", "not_applicable", "pass"),
        ({"powertrain": "combustion", "engine_cycle": "rotary", "displacement": "150 cc"},
         "pass", "not_applicable", "not_applicable", "pass"),
        # powertrain missing too: the electric rule cannot be decided either.
        ({"displacement": "90 cc"}, "pass", "pass", "unknown", "incomplete"),
        ({"displacement": "90 cc", "rated_power": "1.2 kW"}, "pass", "pass", "pass", "pass"),
        ({"displacement": "90 cc", "rated_power": "1201 W"},
         "pass", "pass", "unknown", "incomplete"),
        # Electric: a known false condition wins over a missing engine_cycle.
        ({"powertrain": "electric", "rated_power": "1.2 kW"},
         "not_applicable", "not_applicable", "pass", "pass"),
        ({"powertrain": "electric", "rated_power": "1.3 kW"},
         "not_applicable", "not_applicable", "fail", "fail"),
    ],
)
def test_conditions_that_cannot_be_decided(
    fields: dict[str, Any], four: str, two: str, rated: str, verdict: str
) -> None:
    report = run({**BASE_1949, **fields}, "jp-kei@1949", dt.date(1950, 1, 1))
    got = statuses(report)
    assert (got["displacement-four-stroke"], got["displacement-two-stroke"],
            got["rated-output"]) == (four, two, rated)
    assert report.verdict == verdict


def test_undecided_condition_has_no_margin() -> None:
    report = run({**BASE_1949, "powertrain": "combustion", "displacement": "120 cc"},
                 "jp-kei@1949", dt.date(1950, 1, 1))
    result = results(report)
    assert result["displacement-two-stroke"]["margin"] is None
    # Passing whatever the condition: the margin is shown.
    assert result["displacement-four-stroke"]["margin"]["value"] == "30"


def test_unknown_because_undecided_has_no_measured_value() -> None:
    report = run({**BASE_1949, "powertrain": "combustion", "displacement": "120 cc"},
                 "jp-kei@1949", dt.date(1950, 1, 1))
    assert results(report)["displacement-two-stroke"]["measured"] is None


# -- severity, verdicts and exit codes ------------------------------------------------------------


def test_voluntary_failure_is_a_warning() -> None:
    report = run(spec(max_power="65 PS"))
    result = next(r for r in report.results if r.rule.id == "power-agreement")
    assert result.status == "fail"
    assert result.is_warning
    assert report.verdict == "pass"
    assert report.exit_code == 0
    assert report.failures == []
    assert [r.rule.id for r in report.warnings] == ["power-agreement"]
    assert report.summary == {"pass": 6, "fail": 0, "unknown": 0, "not_applicable": 1,
                              "warnings": 1}
    assert results(report)["power-agreement"]["severity"] == "voluntary"


def test_advisory_failure_is_a_warning(tmp_path: Path) -> None:
    ruleset = rules_file(tmp_path, """\
  - {id: length, field: length, max: 3.40 m}
  - {id: airbags, feature: frontal_airbags, severity: advisory}
""")
    report = run({"name": "Bare", "length": "3 m", "features": {"frontal_airbags": False}},
                 ruleset)
    assert statuses(report) == {"length": "pass", "airbags": "fail"}
    assert report.verdict == "pass"
    assert report.summary["warnings"] == 1
    assert report.summary["fail"] == 0
    # An unknown advisory rule does not make the verdict incomplete.
    report = run({"name": "Bare", "length": "3 m"}, ruleset)
    assert statuses(report)["airbags"] == "unknown"
    assert report.verdict == "pass"


@pytest.mark.parametrize(
    ("fields", "verdict", "code"),
    [
        ({}, "pass", 0),
        ({"length": "3401 mm"}, "fail", 1),
        ({"width": None}, "incomplete", 3),
        ({"length": "3401 mm", "width": None}, "fail", 1),  # a failure outweighs a gap
        ({"max_power": "80 PS", "width": None}, "incomplete", 3),
        ({"max_power": "80 PS"}, "pass", 0),
    ],
)
def test_verdicts_and_exit_codes(fields: dict[str, Any], verdict: str, code: int) -> None:
    report = run(spec(**fields))
    assert report.verdict == verdict
    assert report.exit_code == code
    assert report.as_dict()["verdict"] == verdict


@pytest.mark.parametrize(
    ("fields", "code", "verdict"),
    [({}, 0, "pass"), ({"length": "3401 mm"}, 1, "fail"), ({"width": None}, 3, "incomplete")],
)
def test_command_line_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fields: dict[str, Any], code: int,
    verdict: str,
) -> None:
    from keirules.cli import main

    path = tmp_path / "car.json"
    path.write_text(json.dumps(spec(**fields)), encoding="utf-8")
    status = main(["check", str(path), "--ruleset", "jp-kei@1998", "--on", "2024-01-01",
                   "--format", "json"])
    assert status == code
    assert json.loads(capsys.readouterr().out)["verdict"] == verdict


def test_summary_counts() -> None:
    report = run(spec(length="3401 mm", width=None, max_power="70 PS", category="cargo",
                      max_payload="351 kg", seats=None))
    assert statuses(report) == {
        "length": "fail", "width": "unknown", "height": "pass", "wheels": "pass",
        "displacement": "pass", "power-agreement": "fail", "seats": "unknown",
        "payload": "fail",
    }
    # The payload cap is advisory: its failure is a warning, like the power agreement's.
    assert report.summary == {"pass": 3, "fail": 1, "unknown": 2, "not_applicable": 0,
                              "warnings": 2}
    assert report.as_dict()["summary"] == report.summary
    assert report.verdict == "fail"
    assert sorted(r.rule.id for r in report.failures) == ["length"]


def test_check_is_evaluate_with_resolution() -> None:
    by_check = keirules.check(spec(), "jp-kei", on="2024-01-01")
    by_evaluate = run(spec())
    assert by_check.ruleset.name == "jp-kei@1998"
    assert by_check.as_dict() == by_evaluate.as_dict()


# -- features, integers, choices ---------------------------------------------------------------

FEATURES = """\
  - {id: airbags, feature: frontal_airbags}
"""


@pytest.mark.parametrize(
    ("features", "status", "measured"),
    [
        ({"frontal_airbags": True}, "pass", "true"),
        ({"frontal_airbags": False}, "fail", "false"),
        ({"esc": True}, "unknown", None),  # another feature declared, not this one
        (None, "unknown", None),
    ],
)
def test_feature_rules(
    tmp_path: Path, features: dict[str, bool] | None, status: str, measured: str | None
) -> None:
    data: dict[str, Any] = {"name": "Equipped"}
    if features is not None:
        data["features"] = features
    result = results(run(data, rules_file(tmp_path, FEATURES)))["airbags"]
    assert result["field"] == "features.frontal_airbags"
    assert result["status"] == status
    assert (result["measured"] or {}).get("value") == measured


INTEGERS = """\
  - {id: seats, field: seats, max: 4}
  - {id: wheels-min, field: wheels, min: 3}
  - {id: wheels-four, field: wheels, equals: 4}
  - {id: wheels-set, field: wheels, one_of: [3, 4]}
  - {id: cylinders, field: cylinders, less_than: 5}
"""


@pytest.mark.parametrize(
    ("seats", "wheels", "cylinders", "expected"),
    [
        (4, 4, 4, ["pass", "pass", "pass", "pass", "pass"]),
        (5, 3, 5, ["fail", "pass", "fail", "pass", "fail"]),
        (1, 2, 1, ["pass", "fail", "fail", "fail", "pass"]),
        (2, 6, 2, ["pass", "pass", "fail", "fail", "pass"]),
        (None, None, None, ["unknown"] * 5),
    ],
)
def test_integer_rules(
    tmp_path: Path, seats: int | None, wheels: int | None, cylinders: int | None,
    expected: list[str],
) -> None:
    data = {"name": "Counted", "seats": seats, "wheels": wheels, "cylinders": cylinders}
    report = run({k: v for k, v in data.items() if v is not None},
                 rules_file(tmp_path, INTEGERS))
    assert list(statuses(report).values()) == expected


def test_integer_margins(tmp_path: Path) -> None:
    result = results(run({"name": "Bus", "seats": 7}, rules_file(tmp_path, INTEGERS)))["seats"]
    assert result["measured"] == {"value": "7", "unit": None}
    assert result["limit"] == {"op": "<=", "value": "4", "unit": None}
    assert result["margin"] == {"value": "-3", "unit": None, "percent": "-75"}


CHOICES = """\
  - {id: passenger, field: category, equals: passenger}
  - {id: burns, field: powertrain, one_of: [combustion, hybrid]}
  - {id: market, field: market, one_of: [JP, US]}
"""


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"category": "passenger", "powertrain": "hybrid", "market": "JP"},
         ["pass", "pass", "pass"]),
        ({"category": "cargo", "powertrain": "electric", "market": "DE"},
         ["fail", "fail", "fail"]),
        ({}, ["unknown", "unknown", "unknown"]),
    ],
)
def test_choice_rules(tmp_path: Path, fields: dict[str, Any], expected: list[str]) -> None:
    report = run({"name": "Chosen", **fields}, rules_file(tmp_path, CHOICES))
    assert list(statuses(report).values()) == expected
    limits = {r["rule"]: r["limit"] for r in report.as_dict()["results"]}
    assert limits["passenger"] == {"op": "==", "value": "passenger", "unit": None}
    assert limits["burns"] == {"op": "in", "value": ["combustion", "hybrid"], "unit": None}


# -- ages ---------------------------------------------------------------------------------------

AGES = """\
  - {id: old-enough, field: manufactured, min_age: 25 years}
  - {id: young-enough, field: manufactured, max_age: 25 years}
  - {id: half-year, field: manufactured, min_age: 6 months}
"""
D = dt.date


@pytest.mark.parametrize(
    ("made", "on", "old_enough", "young_enough", "threshold"),
    [
        ("1999-05-17", D(2024, 5, 17), "pass", "pass", "2024-05-17"),  # exactly 25 years
        ("1999-05-17", D(2024, 5, 16), "fail", "pass", "2024-05-17"),  # the day before
        ("1999-05-17", D(2024, 5, 18), "pass", "fail", "2024-05-17"),  # the day after
        ("1999-12-31", D(2024, 12, 31), "pass", "pass", "2024-12-31"),
        ("1999-12-31", D(2024, 12, 30), "fail", "pass", "2024-12-31"),
        ("1999-01-01", D(2023, 12, 31), "fail", "pass", "2024-01-01"),
        # 29 February: the anniversary in a common year is 1 March.
        ("2000-02-29", D(2025, 2, 28), "fail", "pass", "2025-03-01"),
        ("2000-02-29", D(2025, 3, 1), "pass", "pass", "2025-03-01"),
        ("2000-02-29", D(2025, 3, 2), "pass", "fail", "2025-03-01"),
        # ...and 29 February again in a leap year.
        ("1999-02-28", D(2024, 2, 28), "pass", "pass", "2024-02-28"),
        ("1999-02-28", D(2024, 2, 29), "pass", "fail", "2024-02-28"),
        # A month or a year is a period: decided at both ends, unknown where they differ;
        # the threshold is the day from which the age is certainly reached.
        ("1999-05", D(2024, 5, 1), "unknown", "pass", "2024-05-31"),
        ("1999-05", D(2024, 4, 30), "fail", "pass", "2024-05-31"),
        ("1999-05", D(2024, 5, 31), "pass", "unknown", "2024-05-31"),
        ("1999-05", D(2024, 6, 1), "pass", "fail", "2024-05-31"),
        ("1999", D(2024, 1, 1), "unknown", "pass", "2024-12-31"),
        ("1999", D(2023, 12, 31), "fail", "pass", "2024-12-31"),
        ("1999", D(2024, 12, 31), "pass", "unknown", "2024-12-31"),
        ("1999", D(2025, 1, 1), "pass", "fail", "2024-12-31"),
    ],
)
def test_age_rules_on_calendar_boundaries(
    tmp_path: Path, made: str, on: dt.date, old_enough: str, young_enough: str, threshold: str
) -> None:
    report = run({"name": "Import", "manufactured": made}, rules_file(tmp_path, AGES), on)
    got = results(report)
    assert got["old-enough"]["status"] == old_enough
    assert got["young-enough"]["status"] == young_enough
    assert got["old-enough"]["threshold_date"] == threshold
    assert got["old-enough"]["limit"] == {"op": "age >=", "value": "25", "unit": "years"}
    precise = len(made) == 10
    assert ("notes" in got["old-enough"]) is not precise


@pytest.mark.parametrize(
    ("made", "threshold", "before"),
    [
        ("2023-08-31", "2024-03-01", D(2024, 2, 29)),  # no 31 February: the next month's 1st
        ("2023-07-31", "2024-01-31", D(2024, 1, 30)),
        ("2023-11-30", "2024-05-30", D(2024, 5, 29)),
    ],
)
def test_age_in_months(tmp_path: Path, made: str, threshold: str, before: dt.date) -> None:
    ruleset = rules_file(tmp_path, AGES)
    day = dt.date.fromisoformat(threshold)
    at = results(run({"name": "New", "manufactured": made}, ruleset, day))["half-year"]
    assert at["status"] == "pass"
    assert at["threshold_date"] == threshold
    assert at["measured"]["unit"] == "months"
    assert Decimal(at["measured"]["value"]) == 6
    earlier = results(run({"name": "New", "manufactured": made}, ruleset, before))["half-year"]
    assert earlier["status"] == "fail"


def test_age_margin_in_years(tmp_path: Path) -> None:
    result = results(run({"name": "Old", "manufactured": "1990-01-01"},
                         rules_file(tmp_path, AGES), D(2020, 1, 1)))["old-enough"]
    assert result["measured"] == {"value": "30", "unit": "years"}
    assert result["margin"] == {"value": "5", "unit": "years", "percent": "20"}


def test_age_unknown_without_a_date(tmp_path: Path) -> None:
    report = run({"name": "Undated"}, rules_file(tmp_path, AGES))
    assert set(statuses(report).values()) == {"unknown"}
    assert report.verdict == "incomplete"


def test_age_failure_by_one_day_has_a_negative_margin(tmp_path: Path) -> None:
    result = results(run({"name": "Import", "manufactured": "1999-05-17"},
                         rules_file(tmp_path, AGES), D(2024, 5, 16)))["old-enough"]
    assert result["status"] == "fail"
    assert Decimal(result["margin"]["value"]) < 0
    assert Decimal(result["measured"]["value"]) < 25


# -- derived values -------------------------------------------------------------------------------


def test_derived_displacement_is_flagged() -> None:
    # 3 cylinders, 66 mm bore, 64 mm stroke: pi/4 x 66^2 x 64 x 3 mm^3 = 656.869... cc.
    data = spec(displacement=None, bore="66 mm", stroke="64 mm", cylinders=3)
    result = results(run(data))["displacement"]
    assert result["derived"] is True
    assert result["status"] == "pass"
    with localcontext() as ctx:
        ctx.prec = 40
        pi = Decimal("3.14159265358979323846264338327950288419716939937510")
        cc = pi / 4 * 66**2 * 64 * 3 / 1000
    assert abs(Decimal(result["measured"]["value"]) - cc) < Decimal("0.001")
    assert result["measured"]["unit"] == "cc"


def test_stated_displacement_is_not_derived() -> None:
    data = spec(bore="66 mm", stroke="64 mm", cylinders=3)
    result = results(run(data))["displacement"]
    assert "derived" not in result
    assert result["measured"]["value"] == "658"


def test_derived_displacement_over_the_limit_fails() -> None:
    data = spec(displacement=None, bore="68 mm", stroke="64 mm", cylinders=3)  # ~697 cc
    result = results(run(data))["displacement"]
    assert result["derived"] is True
    assert result["status"] == "fail"


# -- units never change the outcome (property) ----------------------------------------------------

_SCALE = {"mm": Fraction(1), "cm": Fraction(10), "m": Fraction(1000), "km": Fraction(10**6),
          "in": Fraction("25.4")}


def exact_text(value: Fraction) -> str | None:
    """The exact decimal text of ``value``, or None when it does not terminate."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return None
    with localcontext() as ctx:
        ctx.prec = 80
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text


def spellings(value: Fraction, units: Mapping[str, Fraction]) -> list[Any]:
    """Every way to write ``value`` (in the first unit) exactly in the given units."""
    ways: list[Any] = []
    for unit, factor in units.items():
        text = exact_text(value / factor)
        if text is None or len(text.replace(".", "")) > 30:
            continue
        ways.append(f"{text} {unit}")
        ways.append({"value": text, "unit": unit})
    numerator = value * 1000  # thousandths of the first unit, when whole
    if numerator.denominator == 1:
        first = next(iter(units))
        ways.append(f"{numerator.numerator}e-3 {first}")
    return ways


LENGTH_UNITS = {"mm": Fraction(1), "cm": Fraction(10), "m": Fraction(1000),
                "km": Fraction(10**6), "in": Fraction("25.4")}
VOLUME_UNITS = {"cc": Fraction(1), "L": Fraction(1000), "mL": Fraction(1),
                "cm^3": Fraction(1), "m3": Fraction(10**6)}
POWER_UNITS = {"W": Fraction(1), "kW": Fraction(1000), "PS": Fraction("735.49875")}
MASS_UNITS = {"kg": Fraction(1), "g": Fraction(1, 1000), "t": Fraction(1000),
              "lb": Fraction("0.45359237")}


def near(*centres: int, spread: int) -> st.SearchStrategy[int]:
    """Integers around the centres, often exactly on them or one step away."""
    edges = st.sampled_from([c + step for c in centres for step in (-1, 0, 1)])
    return st.one_of(edges, *(st.integers(c - spread, c + spread) for c in centres))


def thousandths_of_mm(*centres_mm: int) -> st.SearchStrategy[Fraction]:
    """Lengths in mm with at most three decimals, near the limits, sometimes whole inches/1000."""
    plain = near(*(c * 1000 for c in centres_mm), spread=3000).map(lambda n: Fraction(n, 1000))
    # Multiples of 0.127 mm (= 1/200 in) also terminate in inches.
    inches = near(*(c * 1000 // 127 for c in centres_mm), spread=30).map(
        lambda n: Fraction(n * 127, 1000))
    broad = st.integers(0, 10_000_000).map(lambda n: Fraction(n, 1000))
    return st.one_of(plain, inches, broad)


@st.composite
def vehicles(draw: st.DrawFn) -> tuple[dict[str, Fraction], str]:
    values = {
        "length": draw(thousandths_of_mm(3400, 3200, 3300)),
        "width": draw(thousandths_of_mm(1480, 1400)),
        "height": draw(thousandths_of_mm(2000)),
        # cc with at most three decimals
        "displacement": draw(near(660_000, 550_000, spread=2000).map(
            lambda n: Fraction(n, 1000))),
        # PS with at most three decimals; in W it always terminates
        "max_power": draw(near(64_000, spread=500).map(lambda n: Fraction(n, 1000))
                          ) * Fraction("735.49875"),
        # payload written in pounds or kilograms
        "max_payload": draw(st.one_of(
            near(350_000, spread=1000).map(lambda n: Fraction(n, 1000)),
            near(771_618, spread=50).map(lambda n: Fraction(n, 1000) * Fraction("0.45359237")),
        )),
    }
    category = draw(st.sampled_from(["passenger", "cargo"]))
    return values, category


# Each field's values in the first unit of its table (mm, cc, W, kg).
FIELD_UNITS = {"length": LENGTH_UNITS, "width": LENGTH_UNITS, "height": LENGTH_UNITS,
               "displacement": VOLUME_UNITS, "max_power": POWER_UNITS, "max_payload": MASS_UNITS}
RULESETS = ["jp-kei@1998", "jp-kei@1976"]


def comparable(report: Report) -> tuple[str, list[tuple[Any, ...]]]:
    return report.verdict, [
        (r["rule"], r["status"], r["measured"], r["margin"]) for r in report.as_dict()["results"]
    ]


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vehicle=vehicles(), data=st.data())
def test_outcome_does_not_depend_on_units(
    vehicle: tuple[dict[str, Fraction], str], data: st.DataObject
) -> None:
    values, category = vehicle
    ways = {field: spellings(value, FIELD_UNITS[field]) for field, value in values.items()}
    for field, options in ways.items():
        assert options, f"{field} {values[field]} cannot be written exactly"
    common = {"name": "Probe", "category": category, "wheels": 4, "seats": 4,
              "powertrain": "combustion"}
    reference = {**common, **{field: options[0] for field, options in ways.items()}}
    variants = [
        {**common, **{field: data.draw(st.sampled_from(options), label=field)
                      for field, options in ways.items()}}
        for _ in range(3)
    ]
    # Every unit of every field at least once, against the first unit of the others.
    for field, options in ways.items():
        variants.extend({**reference, field: option} for option in options[1:])
    for name in RULESETS:
        ruleset = builtin(name)
        expected = comparable(run(reference, ruleset))
        for variant in variants:
            assert comparable(run(variant, ruleset)) == expected, variant
    # And the reference itself is right: compare with the limits directly (in mm, cc, W, kg).
    report = run(reference, "jp-kei@1998")
    got = statuses(report)
    assert got["length"] == ("pass" if values["length"] <= 3400 else "fail")
    assert got["width"] == ("pass" if values["width"] <= 1480 else "fail")
    assert got["height"] == ("pass" if values["height"] <= 2000 else "fail")
    assert got["displacement"] == ("pass" if values["displacement"] <= 660 else "fail")
    assert got["power-agreement"] == (
        "pass" if values["max_power"] <= 64 * Fraction("735.49875") else "fail")
    if category == "cargo":
        assert got["payload"] == ("pass" if values["max_payload"] <= 350 else "fail")
    else:
        assert got["payload"] == "not_applicable"
