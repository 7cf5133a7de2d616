"""A catalog gives, row by row, exactly what checking each vehicle on its own gives.

Random catalogs (random columns, units and values, many of them exactly at a limit written in
another unit, or a hair either side of it) are checked in bulk, as CSV rows and as spec
mappings, and each row is compared with :func:`keirules.check` on the same vehicle: verdict,
failed, unknown and warning rule ids, and the rule set used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import decimal_cut, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import keirules
from keirules.batch import check_catalog, check_rows
from keirules.dates import add_years
from keirules.errors import KeirulesError
from keirules.units import lookup_unit

# A what-if rule set for tests only: every kind of comparison, condition and severity.
EVERY_KIND = """\
format: keirules-ruleset/1
family: batch-test
version: "1"
title: Every kind of comparison (test fixture, not a regulation)
jurisdiction: JP
status: what_if
effective_from: 2000-01-01
sources: {fixture: {title: Test fixture}}
rules:
  - {id: len-lt, field: length, less_than: 3.40 m}
  - {id: width-gt, field: width, greater_than: 1.2 m, when: {category: passenger}}
  - {id: height-eq, field: height, equals: 2.00 m, severity: advisory}
  - {id: power-min, field: max_power, min: 47.07192 kW, when: {powertrain: electric}}
  - {id: disp, field: displacement, max: 660 cc,
     when: {powertrain: [combustion, hybrid], engine_cycle: four_stroke}}
  - {id: seats, field: seats, one_of: [2, 4]}
  - {id: wheels-eq, field: wheels, equals: 4, when: {seats: [2, 4]}}
  - {id: wheels-min, field: wheels, min: 3, severity: voluntary}
  - {id: cargo, field: category, equals: cargo, severity: voluntary}
  - {id: old-enough, field: manufactured, min_age: 25 years}
  - {id: recent, field: manufactured, max_age: 6 months, severity: advisory}
  - {id: airbags, feature: frontal_airbags}
  - {id: speed, field: top_speed, max: 60 km/h, when: {market: [JP, US]}}
  - {id: mass, field: curb_mass, max: 1000 kg, when: {category: cargo}}
  - {id: old-by-month, field: manufactured, min_age: 25 years, count: month}
  - {id: epa-like, field: manufactured, min_age: 21 years, count: calendar_year,
     effective_until: 2025-12-31}
  - {id: phased-in, field: length, max: 3.30 m, effective_from: 2010-07-01,
     severity: voluntary}
  - {id: phased-out, field: seats, max: 4, effective_until: 2015-03-31}
"""

UNITS = {
    "length": ["mm", "m", "cm", "in", "ft"],
    "volume": ["cc", "L", "cu_in", "m3"],
    "power": ["PS", "kW", "hp", "W"],
    "mass": ["kg", "lb", "t"],
    "speed": ["km/h", "mph", "m/s"],
}
QUANTITIES = {"length": "length", "width": "length", "height": "length",
              "displacement": "volume", "max_power": "power", "curb_mass": "mass",
              "top_speed": "speed", "bore": "length", "stroke": "length",
              "max_payload": "mass", "rated_power": "power"}
# Limits (in SI base units) that the rule sets above and jp-kei use: values are drawn at them.
LIMITS = {
    "length": ["2.80", "3.00", "3.20", "3.30", "3.40"],
    "width": ["1.00", "1.20", "1.30", "1.40", "1.48"],
    "height": ["2.00"],
    "displacement": ["0.000100", "0.000150", "0.000240", "0.000360", "0.000550", "0.000660"],
    "max_power": ["47071.92", "1200", "2000"],
    "rated_power": ["1200", "2000"],
    "curb_mass": ["1000"],
    "max_payload": ["350"],
    "top_speed": [str(Fraction(60_000, 3600))],
    "bore": ["0.066"],
    "stroke": ["0.0642"],
}
CHOICES = {
    "category": ["passenger", "cargo"],
    "powertrain": ["combustion", "hybrid", "electric"],
    "engine_cycle": ["four_stroke", "two_stroke", "rotary"],
    "market": ["JP", "US", "DE"],
}
INTEGERS = {"wheels": (2, 5), "seats": (1, 6), "cylinders": (2, 4)}
RULESETS = ["jp-kei", "jp-kei@1949", "jp-kei@1955", "jp-kei@1976", "jp-kei@1998", "EVERY_KIND"]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rulesets") / "every-kind.yaml"
    path.write_text(EVERY_KIND, encoding="utf-8")
    return path




@st.composite
def quantity_cell(draw: st.DrawFn, field: str, unit: str) -> str:
    """A number in ``unit``: at a limit exactly, a hair either side of it, or anywhere."""
    factor = lookup_unit(unit).factor
    kind = draw(st.sampled_from(["limit", "near", "any", "any", "exponent"]))
    limit = Fraction(draw(st.sampled_from(LIMITS[field]))) / factor
    if kind == "any":
        return str(draw(st.integers(0, 5000))) if draw(st.booleans()) else decimal_cut(
            limit * Fraction(draw(st.integers(50, 150)), 100), draw(st.integers(0, 6)), False)
    if kind == "exponent":
        return f"{draw(st.integers(1, 999))}e{draw(st.integers(-4, 2))}"
    places = draw(st.integers(0, 30))
    text = decimal_cut(limit, places, draw(st.booleans()))
    if kind == "near" and places < 30:
        step = Fraction(1, 10 ** draw(st.integers(places + 1, 30)))
        shifted = Fraction(text) + (step if draw(st.booleans()) else -step)
        text = decimal_cut(max(shifted, Fraction(0)), 30, False).rstrip("0").rstrip(".") or "0"
    return text


@st.composite
def date_cell(draw: st.DrawFn, on: dt.date) -> str:
    """A date of manufacture, often exactly 25 years or 6 months before ``on``, or a day off."""
    kind = draw(st.sampled_from(["age", "recent", "any", "partial", "leap"]))
    if kind == "age":
        day = add_years(on, -25) + dt.timedelta(days=draw(st.integers(-1, 1)))
    elif kind == "recent":
        month = on.month - 6 if on.month > 6 else on.month + 6
        year = on.year if on.month > 6 else on.year - 1
        day = dt.date(year, month, min(on.day, 28)) + dt.timedelta(days=draw(st.integers(-1, 1)))
    elif kind == "leap":
        day = dt.date(draw(st.sampled_from([1972, 1996, 2000, 2004])), 2, 29)
    else:
        day = draw(st.dates(dt.date(1940, 1, 1), dt.date(2030, 12, 31)))
    if kind == "partial":
        return day.isoformat()[: draw(st.sampled_from([4, 7]))]
    return day.isoformat()


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[list[str], list[list[str]], list[dict[str, Any]], str, Any]:
    """(header, rows of cells, the same rows as spec mappings, rule set, on)."""
    ruleset = draw(st.sampled_from(RULESETS))
    on: Any = draw(st.one_of(st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)),
                             st.just("manufactured")))
    pivot = on if isinstance(on, dt.date) else dt.date(2026, 1, 1)
    pool = [*QUANTITIES, *CHOICES, *INTEGERS, "manufactured", "features.frontal_airbags"]
    fields = draw(st.lists(st.sampled_from(pool), unique=True, max_size=len(pool)))
    units = {f: draw(st.sampled_from(UNITS[QUANTITIES[f]])) for f in fields if f in QUANTITIES}
    header = ["name", *(f"{f} [{units[f]}]" if f in units else f for f in fields)]
    rows: list[list[str]] = []
    specs: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 12))):
        row, spec = [f"car {number}"], {"name": f"car {number}"}
        for field in fields:
            if draw(st.integers(0, 5)) == 0:
                row.append("")
                continue
            if field in units:
                cell = draw(quantity_cell(field, units[field]))
                spec[field] = {"value": cell, "unit": units[field]}
            elif field in CHOICES:
                cell = spec[field] = draw(st.sampled_from(CHOICES[field]))
            elif field in INTEGERS:
                value = draw(st.integers(*INTEGERS[field]))
                cell, spec[field] = str(value), value
            elif field == "manufactured":
                cell = spec[field] = draw(date_cell(pivot))
            else:
                present = draw(st.booleans())
                cell, spec["features"] = ("true" if present else "false"), {
                    "frontal_airbags": present}
            row.append(cell)
        rows.append(row)
        specs.append(spec)
    return header, rows, specs, ruleset, on


def _expected(spec: dict[str, Any], ruleset: Any, on: Any) -> tuple[Any, ...]:
    try:
        report = keirules.check(spec, ruleset, on)
    except KeirulesError:
        return ("error",)
    return (report.verdict, tuple(r.rule.id for r in report.failures),
            tuple(r.rule.id for r in report.unknown), tuple(r.rule.id for r in report.warnings),
            report.ruleset.name)


def _got(result: keirules.batch.RowResult) -> tuple[Any, ...]:
    if result.verdict == "error":
        return ("error",)
    return (result.verdict, result.failed, result.unknown, result.warnings, result.ruleset)


@contextmanager
def _small_chunks(small: bool) -> Iterator[None]:
    """Tiny chunks and caches, so that chunk edges and cache clearing are exercised too."""
    if not small:
        yield
        return
    with mock.patch("keirules.batch.checker.CHUNK_ROWS", 3), \
            mock.patch("keirules.batch.cells.MEMORY", 2), \
            mock.patch("keirules.batch.compiled.CACHE_LIMIT", 2):
        yield


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), small=st.booleans())
def test_batch_agrees_with_checking_each_vehicle(
        catalog: tuple[list[str], list[list[str]], list[dict[str, Any]], str, Any],
        small: bool, every_kind: Path) -> None:
    header, rows, specs, name, on = catalog
    ruleset: Any = str(every_kind) if name == "EVERY_KIND" else name
    expected = [_expected(spec, ruleset, on) for spec in specs]
    with _small_chunks(small):
        from_rows = [_got(r) for r in check_rows(header, rows, ruleset, on)]
        from_specs = [_got(r) for r in check_catalog(specs, ruleset, on)]
    assert from_rows == expected
    assert from_specs == expected


@settings(max_examples=examples(40), deadline=None)
@given(catalog=catalogs())
def test_csv_file_agrees_with_rows(
        catalog: tuple[list[str], list[list[str]], list[dict[str, Any]], str, Any],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same rows through a CSV file (quoting, line reading, chunks) give the same results."""
    import csv

    header, rows, _specs, name, on = catalog
    if name == "EVERY_KIND":
        name = "jp-kei"
    path = tmp_path_factory.mktemp("csv") / "catalog.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    from_file = list(check_catalog(path, name, on))
    from_rows = list(check_rows(header, rows, name, on))
    assert [_got(r) for r in from_file] == [_got(r) for r in from_rows]
    assert [(r.row, r.name, r.line) for r in from_file] == [
        (r.row, r.name, r.row + 1) for r in from_rows]


def test_limits_in_other_units_compare_exactly() -> None:
    """Hand-picked boundaries: equal in exact decimals, or a hair over (below float resolution)."""
    header = ["name", "length [in]", "width [mm]", "displacement [L]", "max_power [kW]",
              "height [m]", "wheels", "seats", "powertrain", "max_payload [lb]", "category"]
    at = ["at", "133.85826771653543307086614173", "1480", "0.66", "47.07192", "2.00", "4", "4",
          "combustion", "", "passenger"]
    over = [*at]
    over[0], over[2] = "over", "1480.000000000000000000000000001"
    over_disp = [*at]
    over_disp[0], over_disp[3] = "over displacement", "0.660000000000000000000000000001"
    results = list(check_rows(header, [at, over, over_disp], "jp-kei@1998", "2026-01-01"))
    assert [r.verdict for r in results] == ["pass", "fail", "fail"]
    assert results[1].failed == ("width",)
    assert results[2].failed == ("displacement",)
