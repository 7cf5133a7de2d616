"""Vehicle specs: every field kind, strict validation with field and line, derived values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from keirules.dates import PartialDate
from keirules.errors import InputFileError, KeirulesError, QuantityError, SpecError
from keirules.quantity import Quantity
from keirules.units import lookup_unit
from keirules.vehicle import (
    FIELDS,
    Vehicle,
    load_vehicle,
    parse_field,
    quantity_fields,
    vehicle_from_document,
    vehicle_from_mapping,
)
from keirules.yamlload import load_text

Write = Callable[[str, str], Path]

FULL_SPEC = """\
name: Honda N-Box (JF5)
make: Honda
model: N-Box
variant: JF5
market: JP
manufactured: 2023-10-05
category: passenger
wheels: 4
length: 3395 mm
width: {value: 1475, unit: mm}
height: 1.79 m
wheelbase: 2520 mm
track_front: 1305 mm
track_rear: 1310 mm
powertrain: combustion
engine_cycle: four_stroke
displacement: 0.658 L
cylinders: 3
bore: 60.0 mm
stroke: 77.6 mm
max_power: 58 PS
rated_power: 40 kW
seats: 4
max_payload: 350 kg
curb_mass: 900 kg
gross_mass: 1250 kg
top_speed: 140 km/h
features:
  frontal_airbags: true
  tpms: true
  esc: false
sources:
  - https://example.com/spec
  - Honda press kit
notes: figures from the brochure
"""


def spec_error(data: Any, **kwargs: Any) -> SpecError:
    with pytest.raises(SpecError) as info:
        vehicle_from_mapping(data, **kwargs)
    return info.value


def yaml_error(text: str) -> KeirulesError:
    with pytest.raises(KeirulesError) as info:
        vehicle_from_document(load_text(text, file="v.yaml"))
    return info.value


# --- every field kind ---------------------------------------------------------------------------


def test_full_spec_from_a_file(write: Write) -> None:
    path = write("n-box.yaml", FULL_SPEC)
    vehicle = load_vehicle(path)
    assert isinstance(vehicle, Vehicle)
    assert vehicle.source_file == str(path)
    # text
    assert vehicle.name == "Honda N-Box (JF5)"
    assert (vehicle.make, vehicle.model, vehicle.variant) == ("Honda", "N-Box", "JF5")
    assert vehicle.notes == "figures from the brochure"
    # country
    assert vehicle.market == "JP"
    # date
    assert vehicle.manufactured == PartialDate(dt.date(2023, 10, 5), dt.date(2023, 10, 5),
                                               "2023-10-05")
    assert vehicle.manufactured.precise
    # choices
    assert vehicle.category == "passenger"
    assert vehicle.powertrain == "combustion"
    assert vehicle.engine_cycle == "four_stroke"
    # integers
    assert (vehicle.wheels, vehicle.cylinders, vehicle.seats) == (4, 3, 4)
    # quantities
    assert isinstance(vehicle.length, Quantity)
    assert vehicle.length.base == Fraction("3.395")
    assert vehicle.width is not None and vehicle.width.base == Fraction("1.475")
    assert vehicle.width.text == "1475 mm"
    assert vehicle.height is not None and vehicle.height.base == Fraction("1.79")
    assert vehicle.wheelbase is not None and vehicle.wheelbase.base == Fraction("2.52")
    assert vehicle.track_front is not None and vehicle.track_front.base == Fraction("1.305")
    assert vehicle.track_rear is not None and vehicle.track_rear.base == Fraction("1.31")
    assert vehicle.displacement is not None
    assert vehicle.displacement.in_unit(lookup_unit("cc")) == 658
    assert vehicle.bore is not None and vehicle.bore.number == "60.0"
    assert vehicle.stroke is not None and vehicle.stroke.base == Fraction("0.0776")
    assert vehicle.max_power is not None and vehicle.max_power.base == 58 * Fraction("735.49875")
    assert vehicle.rated_power is not None and vehicle.rated_power.base == 40_000
    assert vehicle.max_payload is not None and vehicle.max_payload.base == 350
    assert vehicle.curb_mass is not None and vehicle.curb_mass.base == 900
    assert vehicle.gross_mass is not None and vehicle.gross_mass.base == 1250
    assert vehicle.top_speed is not None and vehicle.top_speed.base == Fraction(1400, 36)
    # features and text list
    assert dict(vehicle.features) == {"frontal_airbags": True, "tpms": True, "esc": False}
    assert vehicle.sources == ("https://example.com/spec", "Honda press kit")
    # stated, not derived
    assert vehicle.derived == frozenset()
    # value(): by field name and by feature
    assert vehicle.value("wheels") == 4
    assert vehicle.value("features.tpms") is True
    assert vehicle.value("features.esc") is False
    assert vehicle.value("features.missing") is None


def test_full_spec_from_json(write: Write) -> None:
    path = write(
        "v.json",
        '{"name": "x", "width": {"value": 58.1, "unit": "in"}, "wheels": 4, '
        '"market": "NO", "manufactured": 1994, "features": {"tpms": true}}',
    )
    vehicle = load_vehicle(path)
    assert vehicle.width is not None and vehicle.width.base == Fraction("1.47574")
    assert vehicle.market == "NO"
    assert vehicle.manufactured is not None and vehicle.manufactured.text == "1994"
    assert dict(vehicle.features) == {"tpms": True}


def test_only_name_is_required() -> None:
    vehicle = vehicle_from_mapping({"name": "x"})
    assert vehicle == Vehicle(name="x")
    assert vehicle.length is None
    assert dict(vehicle.features) == {}
    assert vehicle.sources == ()
    assert vehicle.source_file is None


def test_null_values_are_missing_values() -> None:
    data: dict[str, Any] = dict.fromkeys(FIELDS)
    data["name"] = "x"
    vehicle = vehicle_from_mapping(data)
    assert vehicle == Vehicle(name="x")


def test_every_field_is_a_vehicle_attribute() -> None:
    for name in FIELDS:
        assert hasattr(Vehicle(name="x"), name)
    assert quantity_fields() == {
        name: spec.dimension for name, spec in FIELDS.items() if spec.kind == "quantity"
    }
    assert set(quantity_fields().values()) == {"length", "volume", "power", "mass", "speed"}


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        ("name", 123, "123"),
        ("notes", "", ""),
        ("sources", "one source", ("one source",)),
        ("sources", [], ()),
        ("sources", ["a", 1], ("a", "1")),
        ("features", {}, {}),
        ("wheels", 1, 1),
        ("wheels", 32, 32),
        ("seats", 99, 99),
        ("cylinders", 32, 32),
        ("category", "cargo", "cargo"),
        ("powertrain", "electric", "electric"),
        ("engine_cycle", "rotary", "rotary"),
        ("market", "US", "US"),
    ],
)
def test_accepted_values(field: str, raw: Any, value: Any) -> None:
    data = {"name": "x", field: raw}
    assert vehicle_from_mapping(data).value(field) == value
    assert parse_field(field, raw) == value


# --- unknown keys and choices -------------------------------------------------------------------


def test_misspelt_key_suggests_the_field_with_its_line() -> None:
    error = yaml_error("name: x\nwidth: 1475 mm\nlenght: 3395 mm\n")
    assert isinstance(error, SpecError)
    assert error.field == "lenght"
    assert error.line == 3
    assert error.file == "v.yaml"
    assert "is not a field of a vehicle spec. Did you mean 'length'?" in error.message
    assert str(error).startswith("v.yaml, line 3, field 'lenght': is not a field")
    assert error.expected is not None and "length" in error.expected


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [("lenght", "length"), ("wheel", "wheels"), ("cylinder", "cylinders"),
     ("maxpower", "max_power"), ("feature", "features"), ("Name", "name")],
)
def test_suggestions(key: str, suggestion: str) -> None:
    error = spec_error({"name": "x", key: 1})
    assert error.field == key
    assert f"Did you mean '{suggestion}'?" in error.message


def test_unrelated_key_gets_no_suggestion() -> None:
    error = spec_error({"name": "x", "zzzzqqq": 1})
    assert "is not a field of a vehicle spec." in error.message
    assert "Did you mean" not in error.message


def test_non_text_keys_are_unknown_fields() -> None:
    error = spec_error({"name": "x", 1: "a"})
    assert error.field == "1"
    assert "is not a field" in error.message


def test_wrong_choice_lists_the_allowed_values() -> None:
    error = yaml_error("name: x\ncategory: truck\n")
    assert isinstance(error, SpecError)
    assert (error.field, error.line) == ("category", 2)
    assert error.message == "is not one of the allowed values."
    assert error.value == "truck"
    assert error.expected == "'passenger' or 'cargo'"
    assert str(error) == (
        "v.yaml, line 2, field 'category': is not one of the allowed values. "
        "Got: 'truck'. Expected: 'passenger' or 'cargo'."
    )


@pytest.mark.parametrize(
    ("field", "raw", "hint", "allowed"),
    [
        ("powertrain", "electirc", " Did you mean 'electric'?",
         "'combustion' or 'hybrid' or 'electric'"),
        ("powertrain", "Electric", " Did you mean 'electric'?",
         "'combustion' or 'hybrid' or 'electric'"),
        ("engine_cycle", "diesel", "", "'four_stroke' or 'two_stroke' or 'rotary'"),
        ("category", True, "", "'passenger' or 'cargo'"),
        ("category", 1, "", "'passenger' or 'cargo'"),
    ],
)
def test_wrong_choices(field: str, raw: Any, hint: str, allowed: str) -> None:
    error = spec_error({"name": "x", field: raw})
    assert error.message == f"is not one of the allowed values.{hint}"
    assert error.expected == allowed
    assert error.field == field


# --- countries and dates ------------------------------------------------------------------------


def test_market_no_stays_a_country() -> None:
    vehicle = vehicle_from_document(load_text("name: x\nmarket: NO\n"))
    assert vehicle.market == "NO"


@pytest.mark.parametrize("raw", ["jp", "JPN", "J", "", "J1", "ＪＰ", 81, True])
def test_bad_country(raw: Any) -> None:
    error = spec_error({"name": "x", "market": raw})
    assert error.field == "market"
    assert error.message == "is not a country code."
    assert error.value == raw


@pytest.mark.parametrize(
    ("yaml_value", "first", "last", "precise"),
    [
        ("1994", dt.date(1994, 1, 1), dt.date(1994, 12, 31), False),
        ("1994-05", dt.date(1994, 5, 1), dt.date(1994, 5, 31), False),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), False),
        ("2023-12", dt.date(2023, 12, 1), dt.date(2023, 12, 31), False),
        ("1994-05-17", dt.date(1994, 5, 17), dt.date(1994, 5, 17), True),
        ("2024-02-29", dt.date(2024, 2, 29), dt.date(2024, 2, 29), True),
        ("'1994'", dt.date(1994, 1, 1), dt.date(1994, 12, 31), False),
    ],
)
def test_partial_dates(yaml_value: str, first: dt.date, last: dt.date, precise: bool) -> None:
    vehicle = vehicle_from_document(load_text(f"name: x\nmanufactured: {yaml_value}\n"))
    assert vehicle.manufactured is not None
    assert vehicle.manufactured.first == first
    assert vehicle.manufactured.last == last
    assert vehicle.manufactured.precise is precise
    assert str(vehicle.manufactured) == yaml_value.strip("'")


def test_manufactured_year_as_int() -> None:
    vehicle = vehicle_from_mapping({"name": "x", "manufactured": 1994})
    assert vehicle.manufactured is not None
    assert vehicle.manufactured.first == dt.date(1994, 1, 1)
    assert not vehicle.manufactured.precise


def test_manufactured_as_a_python_date() -> None:
    vehicle = vehicle_from_mapping({"name": "x", "manufactured": dt.date(2001, 2, 3)})
    assert vehicle.manufactured is not None
    assert vehicle.manufactured.first == dt.date(2001, 2, 3)
    assert vehicle.manufactured.precise


@pytest.mark.parametrize(
    ("yaml_value", "message"),
    [
        ("2023-02-30", "is not a day of the calendar (2023-02 has no day 30)."),
        ("2023-02-29", "is not a day of the calendar (2023-02 has no day 29)."),
        ("2023-04-31", "is not a day of the calendar (2023-04 has no day 31)."),
        ("2023-13", "has no month 13."),
        ("2023-00", "has no month 0."),
        ("2023-13-01", "has no month 13."),
        ("1799", "has a year outside 1800-2200."),
        ("2201", "has a year outside 1800-2200."),
        ("1994-5", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD."),
        ("94", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD."),
        ("1994/05/17", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD."),
        ("17.05.1994", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD."),
        ("1994-05-17T10:00", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD."),
        ("１９９４", "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD."),
        ("1994.5", "is not a date."),
        ("true", "is not a date."),
        ("[1994]", "is not a date."),
    ],
)
def test_impossible_dates(yaml_value: str, message: str) -> None:
    error = yaml_error(f"name: x\nmanufactured: {yaml_value}\n")
    assert isinstance(error, SpecError)
    assert error.message == message
    assert (error.field, error.line) == ("manufactured", 2)
    assert error.expected == "a date such as 1994, 1994-05 or 1994-05-17"


# --- integers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("wheels", True, "is not a whole number."),
        ("wheels", False, "is not a whole number."),
        ("wheels", 4.0, "is not a whole number."),
        ("wheels", Decimal("4.0"), "is not a whole number."),
        ("wheels", Decimal("4"), "is not a whole number."),
        ("wheels", "4", "is text (the number is in quotes), not a whole number."),
        ("wheels", [4], "is not a whole number."),
        ("wheels", 0, "is out of range for number of road wheels."),
        ("wheels", -4, "is out of range for number of road wheels."),
        ("wheels", 33, "is out of range for number of road wheels."),
        ("wheels", 10**100, "is out of range for number of road wheels."),
        ("seats", True, "is not a whole number."),
        ("seats", 2.5, "is not a whole number."),
        ("seats", 0, "is out of range for seating capacity, driver included."),
        ("seats", 100, "is out of range for seating capacity, driver included."),
        ("seats", 10**40, "is out of range for seating capacity, driver included."),
        ("cylinders", 0, "is out of range for number of cylinders."),
    ],
)
def test_bad_integers(field: str, raw: Any, message: str) -> None:
    error = spec_error({"name": "x", field: raw}, file="v.yaml")
    assert error.message == message
    assert error.field == field
    assert error.value == raw
    shown = str(error)
    assert shown.startswith(f"v.yaml, field '{field}': {message}")
    assert len(shown) < 600


@pytest.mark.parametrize(("text", "line"), [("wheels: 4.0", 3), ("seats: yes", 3),
                                            ("wheels: 1e3", 3), ("seats: 99999", 3)])
def test_bad_integers_from_yaml_name_the_line(text: str, line: int) -> None:
    error = yaml_error(f"name: x\nmarket: JP\n{text}\n")
    assert error.line == line
    assert error.field == text.split(":")[0]


@pytest.mark.parametrize("field", ["wheels", "name", "manufactured"])
def test_huge_int_gives_a_printable_spec_error(field: str) -> None:
    data = {"name": "x", field: 10**5000}
    with pytest.raises(SpecError) as info:
        vehicle_from_mapping(data)
    assert str(info.value)


# --- quantities ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("length: 3395", "is a bare number (which unit?)."),
        ("length: 660 cc", "is a volume ('cc'), but this field is a length."),
        ("displacement: 3395 mm", "is a length ('mm'), but this field is a volume."),
        ("max_power: 47 kg", "is a mass ('kg'), but this field is a power."),
        ("top_speed: 140 kmh/s", "has an unknown unit: 'kmh/s' is not a unit keirules knows."),
        ("length: 9**9**9 m", "is an expression; write one number and one unit."),
        ("length: 3 395 mm", "groups digits with spaces, which is ambiguous; "
                             "write the digits together."),
        ("length: -5 mm", "is negative; a vehicle measurement is never below zero."),
        ("length: 1e999 m", "has an exponent too large for a vehicle measurement."),
        ("curb_mass: 900 KG", "has an unknown unit: write 'kg' for kilograms "
                              "(units are case-sensitive)."),
        ("width: {value: 1475}", "is a mapping that lacks 'unit'."),
        ("width: {value: 1475, unit: mm, note: x}", "is a mapping that has unknown keys 'note'."),
        ("width: [1475, mm]", "is a list, not a quantity."),
        ("width: true", "is not a quantity."),
    ],
)
def test_bad_quantities_name_field_and_line(text: str, message: str) -> None:
    error = yaml_error(f"name: x\n\n{text}\n")
    assert isinstance(error, QuantityError)
    field = text.split(":")[0]
    assert (error.field, error.line, error.file) == (field, 3, "v.yaml")
    assert error.message == message
    assert str(error).startswith(f"v.yaml, line 3, field '{field}': {message}")


def test_quantities_are_exact() -> None:
    vehicle = vehicle_from_mapping(
        {"name": "x", "displacement": "0.66 L", "length": "3.40 m", "width": "1480 mm"}
    )
    assert vehicle.displacement is not None and vehicle.length is not None
    assert vehicle.displacement.base == Fraction(660) * lookup_unit("cc").factor
    assert vehicle.length.base == Fraction(3400) * lookup_unit("mm").factor
    assert vehicle.width is not None and vehicle.width.base == Fraction("1.48")


# --- derived displacement -----------------------------------------------------------------------


def test_displacement_derived_from_bore_stroke_and_cylinders() -> None:
    vehicle = vehicle_from_document(
        load_text("name: x\nbore: 64.0 mm\nstroke: 68.2 mm\ncylinders: 3\n")
    )
    assert vehicle.derived == frozenset({"displacement"})
    displacement = vehicle.displacement
    assert displacement is not None
    assert displacement.dimension == "volume"
    assert displacement.unit.symbol == "cc"
    cc = displacement.in_unit(lookup_unit("cc"))
    # pi/4 * 6.4 cm * 6.4 cm * 6.82 cm * 3 = 658.196... cc
    assert abs(cc - Fraction("658.1963334906591")) < Fraction(1, 10**12)
    assert displacement.text == "658.2 cc"
    assert displacement.number == "658.2"
    assert displacement.base < 660 * lookup_unit("cc").factor


def test_displacement_derived_in_other_units() -> None:
    metric = vehicle_from_mapping(
        {"name": "x", "bore": "64 mm", "stroke": "68.2 mm", "cylinders": 3}
    )
    imperial = vehicle_from_mapping(
        {"name": "x", "bore": {"value": "2.51968503937", "unit": "in"},
         "stroke": "6.82 cm", "cylinders": 3}
    )
    assert metric.displacement is not None and imperial.displacement is not None
    difference = abs(metric.displacement.base - imperial.displacement.base)
    assert difference < Fraction(1, 10**12)


def test_stated_displacement_wins_over_the_derived_one() -> None:
    vehicle = vehicle_from_mapping(
        {"name": "x", "bore": "64.0 mm", "stroke": "68.2 mm", "cylinders": 3,
         "displacement": "0.66 L"}
    )
    assert vehicle.displacement is not None
    assert vehicle.displacement.text == "0.66 L"
    assert vehicle.displacement.base == Fraction(66, 100_000)
    assert vehicle.derived == frozenset()


@pytest.mark.parametrize(
    "data",
    [
        {"bore": "64.0 mm", "stroke": "68.2 mm"},
        {"bore": "64.0 mm", "cylinders": 3},
        {"stroke": "68.2 mm", "cylinders": 3},
        {"bore": "64.0 mm", "stroke": "68.2 mm", "cylinders": None},
    ],
)
def test_no_derived_displacement_without_all_three(data: dict[str, Any]) -> None:
    vehicle = vehicle_from_mapping({"name": "x", **data})
    assert vehicle.displacement is None
    assert vehicle.derived == frozenset()


# --- features and sources -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message", "value"),
    [
        ({"ABS": True}, "has a feature name that is not a lower-case name.", "ABS"),
        ({"frontal airbags": True}, "has a feature name that is not a lower-case name.",
         "frontal airbags"),
        ({"1abs": True}, "has a feature name that is not a lower-case name.", "1abs"),
        ({"a" * 65: True}, "has a feature name that is not a lower-case name.", "a" * 65),
        ({"ä": True}, "has a feature name that is not a lower-case name.", "ä"),
        ({1: True}, "has a feature name that is not a lower-case name.", 1),
        ({"abs": "yes"}, "says 'abs' is neither true nor false.", "yes"),
        ({"abs": 1}, "says 'abs' is neither true nor false.", 1),
        ({"abs": None}, "says 'abs' is neither true nor false.", None),
        (["abs"], "is not a mapping.", ["abs"]),
        ("abs", "is not a mapping.", "abs"),
        (True, "is not a mapping.", True),
    ],
)
def test_bad_features(raw: Any, message: str, value: Any) -> None:
    error = spec_error({"name": "x", "features": raw})
    assert error.field == "features"
    assert error.message == message
    assert error.value == value


def test_features_from_yaml_name_the_line() -> None:
    error = yaml_error("name: x\nfeatures:\n  abs: yes\n")
    assert (error.field, error.line) == ("features", 2)
    assert error.message == "says 'abs' is neither true nor false."


def test_good_features() -> None:
    vehicle = vehicle_from_mapping(
        {"name": "x", "features": {"tpms": True, "frontal_airbags": False, "esc": True}}
    )
    assert dict(vehicle.features) == {"tpms": True, "frontal_airbags": False, "esc": True}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"a": 1}, "is not a list."),
        (5, "is not a list."),
        ([None], "is not text."),
        ([Decimal("1.5")], "is not text."),
        ([["a"]], "is not text."),
        ([True], "is not text."),
        (["x" * 10_001], "is longer than 10000 characters."),
    ],
)
def test_bad_sources(raw: Any, message: str) -> None:
    error = spec_error({"name": "x", "sources": raw})
    assert (error.field, error.message) == ("sources", message)


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("name", True, "is not text."),
        ("name", ["x"], "is not text."),
        ("make", {"a": 1}, "is not text."),
        ("model", Decimal("1.5"), "is not text."),
        ("notes", "x" * 10_001, "is longer than 10000 characters."),
    ],
)
def test_bad_text(field: str, raw: Any, message: str) -> None:
    error = spec_error({"name": "x", field: raw} if field != "name" else {"name": raw})
    assert (error.field, error.message) == (field, message)


def test_long_text_at_the_limit_is_accepted() -> None:
    assert vehicle_from_mapping({"name": "x", "notes": "n" * 10_000}).notes == "n" * 10_000


# --- the spec as a whole ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [("- name: x\n", "a list (a spec is one mapping; check several specs by giving several "
                      "files)"),
     ("just text\n", "a single piece of text"), ("42\n", "a int"),
     ("name = 'x'\nwheels = 4\n", "TOML ('key = value' lines), which keirules does not "
      "read: write the spec as YAML ('name: Honda N-Box', 'wheels: 4') or JSON")],
)
def test_top_level_must_be_a_mapping(text: str, found: str) -> None:
    error = yaml_error(text)
    assert isinstance(error, SpecError)
    assert error.line == 1
    assert error.message == (
        "is not a vehicle spec: expected a mapping of field names to values "
        f"(e.g. 'name: Honda N-Box'), found {found}."
    )


def test_top_level_list_from_a_file(write: Write) -> None:
    path = write("v.yaml", "# comment\n- name: x\n- name: y\n")
    with pytest.raises(SpecError) as info:
        load_vehicle(path)
    assert (info.value.file, info.value.line) == (str(path), 2)
    assert "found a list" in info.value.message


def test_missing_name() -> None:
    error = yaml_error("length: 3395 mm\n")
    assert isinstance(error, SpecError)
    assert error.field == "name"
    assert error.message == "is missing; every spec needs a name."


def test_null_name() -> None:
    error = yaml_error("name:\nlength: 3395 mm\n")
    assert isinstance(error, SpecError)
    assert error.field == "name"
    assert error.message == "is empty; every spec needs a name."


def test_first_error_counts_the_others() -> None:
    error = yaml_error(
        "lenght: 3 m\ncategory: truck\nwheels: x\nseats: y\nheight: 3\nwidth: 4\n"
    )
    assert (error.field, error.line) == ("lenght", 1)
    assert error.message.endswith(
        "(This file has 5 more problem(s), in 'category', 'wheels', 'seats' and 2 more.)"
    )


def test_two_errors() -> None:
    error = yaml_error("name: x\nheight: 3\nwidth: 4\n")
    assert (error.field, error.line) == ("height", 2)
    assert error.message.endswith("(This file has 1 more problem(s), in 'width'.)")


def test_errors_in_a_file_name_file_field_and_line(write: Write) -> None:
    path = write("v.yaml", "name: x\nmarket: JP\nlength: 660 cc\n")
    with pytest.raises(QuantityError) as info:
        load_vehicle(path)
    assert str(info.value).startswith(f"{path}, line 3, field 'length': is a volume")


@pytest.mark.parametrize("content", ["", "a: &x 1\nb: *x\n", "name: x\nname: y\n"])
def test_unreadable_files_raise_input_file_error(write: Write, content: str) -> None:
    path = write("v.yaml", content)
    with pytest.raises(InputFileError):
        load_vehicle(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as info:
        load_vehicle(tmp_path / "nope.yaml")
    assert info.value.message == "no such file."


def test_parse_field() -> None:
    assert parse_field("length", "3.4 m").base == Fraction(17, 5)
    with pytest.raises(SpecError) as info:
        parse_field("lenght", "3.4 m")
    assert info.value.field == "lenght"
    with pytest.raises(QuantityError) as quantity_info:
        parse_field("length", "3.4")
    assert quantity_info.value.field == "length"


def test_spec_error_is_a_keirules_error() -> None:
    assert issubclass(SpecError, KeirulesError)


# --- property test ------------------------------------------------------------------------------

GOOD_VALUES = [
    "3395 mm", "0.66 L", "64 PS", "350 kg", "140 km/h", "JP", "NO", "1994", "1994-05",
    "2023-02-30", "passenger", "cargo", "electric", "four_stroke", 3, 4, 1994,
    {"value": 58.1, "unit": "in"}, {"abs": True}, ["a"],
]
VALUES = st.recursive(
    st.one_of(
        st.text(max_size=20),
        st.integers(),
        st.decimals(),
        st.floats(),
        st.none(),
        st.booleans(),
        st.sampled_from(GOOD_VALUES),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(["value", "unit"])),
                        children, max_size=3),
    ),
    max_leaves=6,
)
KEYS = st.one_of(st.sampled_from(sorted(FIELDS)), st.text(max_size=10), st.integers())


@settings(max_examples=examples(300), deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=8), st.booleans())
def test_any_mapping_gives_a_vehicle_or_a_keirules_error(
    data: dict[Any, Any], named: bool
) -> None:
    if named:
        data.setdefault("name", "x")
    try:
        vehicle = vehicle_from_mapping(data, file="v.yaml")
    except KeirulesError as error:
        assert str(error).startswith("v.yaml")
        assert error.field is not None
    else:
        assert isinstance(vehicle, Vehicle)
        assert vehicle.name is not None
        assert set(vehicle.derived) <= {"displacement"}


@settings(max_examples=examples(100), deadline=None)
@given(st.one_of(st.lists(st.integers()), st.text(), st.integers(), st.none(), st.decimals()))
def test_any_non_mapping_is_a_spec_error(data: Any) -> None:
    with pytest.raises(SpecError):
        vehicle_from_mapping(data)
