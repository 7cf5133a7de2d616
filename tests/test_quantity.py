"""Quantities: the strict grammar, exact values, and every rejection the spec contract lists."""

from __future__ import annotations

import time
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from conftest import examples
from hypothesis import example, given, settings
from hypothesis import strategies as st

from keirules.errors import KeirulesError, QuantityError
from keirules.quantity import (
    QUANTITY_PATTERN,
    Quantity,
    decimal_text,
    dimension_base_unit,
    parse_number,
    parse_quantity,
)
from keirules.units import DIMENSIONS, lookup_unit


@pytest.fixture(scope="module", autouse=True)
def _warm_pint() -> None:
    """Build pint's registry once, so timing checks measure parsing, not pint's start-up."""
    lookup_unit("furlong")


def base(text: str) -> Fraction:
    return parse_quantity(text).base


# --- exactness --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("0.66 L", "660 cc"),
        ("0.660 L", "660.0 cc"),
        ("0.658 L", "658 cc"),
        ("1480 mm", "1.48 m"),
        ("1480 mm", "148 cm"),
        ("3.40 m", "3400 mm"),
        ("3395 mm", "3.395 m"),
        ("1.2e3 mm", "1.2 m"),
        ("1E+3 mm", "1 m"),
        ("12e-1 m", "1200 mm"),
        (".5 m", "500 mm"),
        ("5. m", "5000 mm"),
        ("1 in", "25.4 mm"),
        ("12 in", "1 ft"),
        ("3 ft", "1 yd"),
        ("1 mi", "1609.344 m"),
        ("1 L", "1000 mL"),
        ("1 cu_in", "16.387064 cc"),
        ("1 PS", "0.73549875 kW"),
        ("1 kW", "1000 W"),
        ("1 lb", "0.45359237 kg"),
        ("1 t", "1000 kg"),
        ("36 km/h", "10 m/s"),
        ("1 mph", "1.609344 km/h"),
        ("1 kn", "1.852 km/h"),
    ],
)
def test_equal_values_in_different_units_are_exactly_equal(left: str, right: str) -> None:
    assert base(left) == base(right)
    assert parse_quantity(left).dimension == parse_quantity(right).dimension


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("660.000001 cc", "0.660001 L"),
        ("0.660001 L", "661 cc"),
        ("1480.001 mm", "1.481 m"),
        ("3.399999 m", "3400 mm"),
        ("64 PS", "47.08 kW"),
    ],
)
def test_a_hair_apart_is_not_equal(smaller: str, larger: str) -> None:
    assert base(smaller) < base(larger)


def test_58_1_inches_is_exact() -> None:
    quantity = parse_quantity("58.1 in", field="width", dimension="length")
    assert quantity.magnitude == Fraction(581, 10)
    assert quantity.base == Fraction("1.47574")
    assert quantity.in_unit(lookup_unit("mm")) == Fraction("1475.74")


def test_64_ps_in_kw_is_exact() -> None:
    quantity = parse_quantity("64 PS", dimension="power")
    assert quantity.in_unit(lookup_unit("kW")) == Fraction("47.07192")
    assert quantity.base == 64 * Fraction("735.49875")


def test_25_mph_in_kmh_is_exact() -> None:
    quantity = parse_quantity("25 mph", dimension="speed")
    assert quantity.in_unit(lookup_unit("km/h")) == Fraction("40.2336")
    assert quantity.base == Fraction(25 * 1609344, 1000 * 3600)


def test_quantity_keeps_the_text_as_written() -> None:
    quantity = parse_quantity("3.40 m", field="length", dimension="length")
    assert isinstance(quantity, Quantity)
    assert quantity.text == "3.40 m"
    assert str(quantity) == "3.40 m"
    assert quantity.number == "3.40"
    assert quantity.magnitude == Fraction(17, 5)
    assert type(quantity.magnitude) is Fraction
    assert quantity.unit.symbol == "m"
    assert quantity.dimension == "length"
    assert quantity.base == Fraction(17, 5)


@pytest.mark.parametrize(
    ("text", "number", "symbol"),
    [
        ("3395 mm", "3395", "mm"),
        ("3395mm", "3395", "mm"),
        ("1.2e3 mm", "1.2e3", "mm"),
        ("1.2E+3mm", "1.2e+3", "mm"),
        ("140 km/h", "140", "km/h"),
        ("2 m^3", "2", "m^3"),
        ("0 mm", "0", "mm"),
        ("00012 mm", "00012", "mm"),
    ],
)
def test_number_and_unit_are_split(text: str, number: str, symbol: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.number == number
    assert quantity.unit.symbol == symbol
    assert quantity.text == text


@pytest.mark.parametrize("dimension", sorted(DIMENSIONS))
def test_dimension_base_unit(dimension: str) -> None:
    assert dimension_base_unit(dimension) == DIMENSIONS[dimension]
    assert lookup_unit(DIMENSIONS[dimension]).factor == 1


# --- the mapping form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "magnitude", "text"),
    [
        (3395, "mm", Fraction(3395), "3395 mm"),
        (0, "mm", Fraction(0), "0 mm"),
        (Decimal("58.1"), "in", Fraction(581, 10), "58.1 in"),
        (Decimal("1.50"), "m", Fraction(3, 2), "1.50 m"),
        (Decimal("1E+3"), "mm", Fraction(1000), "1E+3 mm"),
        ("0.66", "L", Fraction(66, 100), "0.66 L"),
        ("1.2e3", "mm", Fraction(1200), "1.2e3 mm"),
        (58.1, "in", Fraction(581, 10), "58.1 in"),  # the float as written, not its binary value
        (0.1, "m", Fraction(1, 10), "0.1 m"),
        (1e16, "pm", Fraction(10**16), "1e+16 pm"),  # 10 km: the largest length accepted
        (1e-07, "mm", Fraction(1, 10**7), "1e-07 mm"),
        (64, "PS", Fraction(64), "64 PS"),
        (140, "km/h", Fraction(140), "140 km/h"),
    ],
)
def test_mapping_form(value: Any, unit: str, magnitude: Fraction, text: str) -> None:
    quantity = parse_quantity({"value": value, "unit": unit})
    assert quantity.magnitude == magnitude
    assert quantity.unit.symbol == unit
    assert quantity.text == text


def test_mapping_equals_text() -> None:
    assert parse_quantity({"value": 58.1, "unit": "in"}).base == base("58.1 in")
    assert parse_quantity({"value": Decimal("0.66"), "unit": "L"}).base == base("660 cc")


# --- rejections -------------------------------------------------------------------------------

EXPECTED_LENGTH = (
    "a length as a plain decimal number and one unit, e.g. '3395 mm', '3.4 m' or '133.7 in'"
)

REJECTED_TEXT = [
    ("3395", "is a bare number (which unit?)."),
    ("3.4", "is a bare number (which unit?)."),
    ("660 cc", "is a volume ('cc'), but this field is a length."),
    ("64 PS", "is a power ('PS'), but this field is a length."),
    ("9**9**9 m", "is an expression; write one number and one unit."),
    ("9**9 m", "is an expression; write one number and one unit."),
    ("(3) m", "is an expression; write one number and one unit."),
    ("3^2 m", "is an expression; write one number and one unit."),
    ("2*3 m", "is an expression; write one number and one unit."),
    ("+3 mm", "is an expression; write the number itself."),
    ("3 395 mm", "groups digits with spaces, which is ambiguous; write the digits together."),
    ("3,4 m", "uses a comma, which is ambiguous (decimal comma or digit group?); "
              "write '3395' or '3.4'."),
    ("3,395 mm", "uses a comma, which is ambiguous (decimal comma or digit group?); "
                 "write '3395' or '3.4'."),
    ("-5 mm", "is negative; a vehicle measurement is never below zero."),
    ("-0 mm", "is negative; a vehicle measurement is never below zero."),
    ("inf m", "is not a finite number."),
    ("-inf m", "is not a finite number."),
    ("Infinity m", "is not a finite number."),
    (".inf m", "is not a finite number."),
    ("nan mm", "is not a finite number."),
    ("NaN mm", "is not a finite number."),
    ("3 blorp", "has an unknown unit: 'blorp' is not a unit keirules knows."),
    ("3 ps", "has an unknown unit: 'ps' is picoseconds to the unit registry; "
             "write 'PS' for metric horsepower."),
    ("3 KW", "has an unknown unit: write 'kW' for kilowatts (units are case-sensitive)."),
    ("3 s", "has an unknown unit: 's' is a unit of [time]^1, which no vehicle field uses."),
    ("１２ mm", "uses characters other than plain ASCII digits and unit letters "
               "(write e.g. 'mm' rather than a unit sign, '3' rather than a fullwidth digit)."),
    ("3395 ㎜", "uses characters other than plain ASCII digits and unit letters "
               "(write e.g. 'mm' rather than a unit sign, '3' rather than a fullwidth digit)."),
    ("٣ m", "uses characters other than plain ASCII digits and unit letters "
            "(write e.g. 'mm' rather than a unit sign, '3' rather than a fullwidth digit)."),
    ("1e999 m", "has an exponent too large for a vehicle measurement."),
    ("1e100 m", "has an exponent too large for a vehicle measurement."),
    ("1" * 10_000 + " mm", "is too long to be a measurement."),
    ("", "is empty."),
    ("   ", "is empty."),
    ("3.4  m", "has extra spaces; write one number, one space and one unit."),
    (" 3 m", "has extra spaces; write one number, one space and one unit."),
    ("3 m ", "has extra spaces; write one number, one space and one unit."),
    ("3\tm", "has extra spaces; write one number, one space and one unit."),
    ("3 m\n", "has extra spaces; write one number, one space and one unit."),
    ("m", "does not start with a number."),
    ("mm 3395", "does not start with a number."),
    ("1.2.3 mm", "is not a plain decimal number."),
    ("1e5e5 m", "is not a plain decimal number."),
]


@pytest.mark.parametrize(("text", "message"), REJECTED_TEXT)
def test_rejected_text(text: str, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(QuantityError) as info:
        parse_quantity(text, field="length", dimension="length")
    assert time.perf_counter() - started < 1
    error = info.value
    assert error.message == message
    assert error.field == "length"
    assert error.value == text
    assert error.expected == EXPECTED_LENGTH
    shown = str(error)
    assert shown.startswith("field 'length': " + message)
    assert "Got: " in shown
    assert shown.endswith(f"Expected: {EXPECTED_LENGTH}.")
    assert len(shown) < 600  # a 10,000-digit value is cut short when shown


@pytest.mark.parametrize("text", ["1e2", "1.5e3", "2E3"])
def test_bare_number_with_exponent_is_called_a_bare_number(text: str) -> None:
    with pytest.raises(QuantityError) as info:
        parse_quantity(text, field="length", dimension="length")
    assert info.value.message == "is a bare number (which unit?)."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "is not a quantity."),
        (True, "is not a quantity."),
        (False, "is not a quantity."),
        (3395, "is a bare number (which unit?)."),
        (0, "is a bare number (which unit?)."),
        (3.4, "is a bare number (which unit?)."),
        (Decimal("3.4"), "is a bare number (which unit?)."),
        (Fraction(17, 5), "is a bare number (which unit?)."),
        ([3395, "mm"], "is a list, not a quantity."),
        (["3395 mm"], "is a list, not a quantity."),
        ((3395, "mm"), "is a tuple, not a quantity."),
        ({"3395 mm"}, "is a set, not a quantity."),
        (b"3395 mm", "is a bytes, not a quantity."),
    ],
)
def test_rejected_non_text(value: Any, message: str) -> None:
    with pytest.raises(QuantityError) as info:
        parse_quantity(value, field="length", dimension="length")
    assert info.value.message == message
    assert info.value.field == "length"
    assert info.value.value == value
    assert info.value.expected == EXPECTED_LENGTH
    assert str(info.value).startswith("field 'length': " + message)


MAPPING_EXPECTED = "a mapping with exactly 'value' and 'unit', e.g. {value: 3395, unit: mm}"
NUMBER_EXPECTED = "a plain decimal number such as '3395' or '0.66'"
UNIT_EXPECTED = "a unit name such as 'mm', 'cc', 'PS' or 'km/h'"


@pytest.mark.parametrize(
    ("mapping", "message", "value", "expected"),
    [
        ({"value": 1}, "is a mapping that lacks 'unit'.", {"value": 1}, MAPPING_EXPECTED),
        ({"unit": "m"}, "is a mapping that lacks 'value'.", {"unit": "m"}, MAPPING_EXPECTED),
        ({}, "is a mapping that lacks 'unit' and 'value'.", {}, MAPPING_EXPECTED),
        (
            {"value": 1, "unit": "m", "x": 2},
            "is a mapping that has unknown keys 'x'.",
            {"value": 1, "unit": "m", "x": 2},
            MAPPING_EXPECTED,
        ),
        (
            {"value": 1, "units": "m"},
            "is a mapping that lacks 'unit' and has unknown keys 'units'.",
            {"value": 1, "units": "m"},
            MAPPING_EXPECTED,
        ),
        (
            {"value": True, "unit": "m"},
            "has a 'value' that is not a number.", True, EXPECTED_LENGTH,
        ),
        (
            {"value": None, "unit": "m"},
            "has a 'value' that is not a number.", None, EXPECTED_LENGTH,
        ),
        (
            {"value": [1], "unit": "m"},
            "has a 'value' that is not a number.", [1], EXPECTED_LENGTH,
        ),
        (
            {"value": Fraction(1, 3), "unit": "m"},
            "has a 'value' that is not a number.", Fraction(1, 3), EXPECTED_LENGTH,
        ),
        (
            {"value": "1", "unit": "1 m"},
            "has a 'unit' that is not a single unit name.", "1 m", UNIT_EXPECTED,
        ),
        (
            {"value": "1", "unit": 5},
            "has a 'unit' that is not a single unit name.", 5, UNIT_EXPECTED,
        ),
        (
            {"value": "1", "unit": "m*s"},
            "has a 'unit' that is not a single unit name.", "m*s", UNIT_EXPECTED,
        ),
        (
            {"value": "1", "unit": "㎜"},
            "has a 'unit' that is not a single unit name.", "㎜", UNIT_EXPECTED,
        ),
        (
            {"value": -5, "unit": "mm"},
            "is negative; a vehicle measurement is never below zero.", "-5", NUMBER_EXPECTED,
        ),
        (
            {"value": Decimal("-1"), "unit": "mm"},
            "is negative; a vehicle measurement is never below zero.", "-1", NUMBER_EXPECTED,
        ),
        (
            {"value": float("inf"), "unit": "m"},
            "is not a finite number.", "inf", NUMBER_EXPECTED,
        ),
        (
            {"value": float("nan"), "unit": "m"},
            "is not a finite number.", "nan", NUMBER_EXPECTED,
        ),
        (
            {"value": Decimal("NaN"), "unit": "m"},
            "is not a finite number.", "NaN", NUMBER_EXPECTED,
        ),
        (
            {"value": "inf", "unit": "m"},
            "is not a finite number.", "inf", NUMBER_EXPECTED,
        ),
        (
            {"value": 1e100, "unit": "m"},
            "has an exponent too large for a vehicle measurement.", "1e+100", NUMBER_EXPECTED,
        ),
        (
            {"value": "3 395", "unit": "mm"},
            "groups digits with spaces, which is ambiguous; write the digits together.",
            "3 395",
            NUMBER_EXPECTED,
        ),
        (
            {"value": "3,4", "unit": "m"},
            "uses a comma, which is ambiguous (decimal comma or digit group?); "
            "write '3395' or '3.4'.",
            "3,4",
            NUMBER_EXPECTED,
        ),
        (
            {"value": "１２", "unit": "mm"},
            "uses characters other than plain ASCII digits (write 0-9 and '.').",
            "１２",
            NUMBER_EXPECTED,
        ),
        (
            {"value": "9**9", "unit": "m"},
            "is an expression; write the number itself.", "9**9", NUMBER_EXPECTED,
        ),
        (
            {"value": "", "unit": "m"},
            "is not a plain decimal number.", "", NUMBER_EXPECTED,
        ),
        (
            {"value": "1" * 10_000, "unit": "m"},
            "is too long to be a measurement.", "1" * 10_000, NUMBER_EXPECTED,
        ),
        (
            {"value": 3, "unit": "cc"},
            "is a volume ('cc'), but this field is a length.",
            {"value": 3, "unit": "cc"},
            EXPECTED_LENGTH,
        ),
        (
            {"value": 3, "unit": "KW"},
            "has an unknown unit: write 'kW' for kilowatts (units are case-sensitive).",
            {"value": 3, "unit": "KW"},
            EXPECTED_LENGTH,
        ),
    ],
)
def test_rejected_mapping(mapping: Any, message: str, value: Any, expected: str) -> None:
    with pytest.raises(QuantityError) as info:
        parse_quantity(mapping, field="length", dimension="length")
    error = info.value
    assert error.message == message
    assert error.field == "length"
    assert error.value == value
    assert error.expected == expected
    assert str(error).startswith("field 'length': " + message)


def test_huge_int_in_mapping_is_a_quantity_error() -> None:
    with pytest.raises(QuantityError):
        parse_quantity({"value": 10**5000, "unit": "mm"}, field="length", dimension="length")


def test_without_a_dimension_any_vehicle_dimension_is_accepted() -> None:
    for text, dimension in [
        ("3 mm", "length"), ("3 cc", "volume"), ("3 PS", "power"), ("3 kg", "mass"),
        ("3 km/h", "speed"),
    ]:
        assert parse_quantity(text).dimension == dimension
    with pytest.raises(QuantityError) as info:
        parse_quantity("3")
    assert info.value.field is None
    assert info.value.expected == "a plain decimal number, a space and one unit, e.g. '3395 mm'"


def test_quantity_error_is_a_keirules_error() -> None:
    assert issubclass(QuantityError, KeirulesError)


# --- parse_number and decimal_text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3395", Fraction(3395)),
        ("3.40", Fraction(17, 5)),
        (".5", Fraction(1, 2)),
        ("5.", Fraction(5)),
        ("1e3", Fraction(1000)),
        ("1E-3", Fraction(1, 1000)),
        ("0", Fraction(0)),
        ("0.1", Fraction(1, 10)),
        ("9" * 30 + "." + "9" * 30, Fraction(10**60 - 1, 10**30)),
    ],
)
def test_parse_number(text: str, value: Fraction) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", " 1", "1 ", "-1", "+1", "1,5", "1e100", "1" * 31, "inf", "nan", "1/2", "0x10",
             "1_000", "１"],
)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(QuantityError) as info:
        parse_number(text, field="wheelbase")
    assert info.value.field == "wheelbase"
    assert info.value.value == text


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Fraction(3395, 1000), 12, "3.395"),
        (Fraction(1, 3), 4, "0.3333"),
        (Fraction(2, 3), 4, "0.6667"),
        (Fraction(-1, 8), 12, "-0.125"),
        (Fraction(-1, 3), 2, "-0.33"),
        (Fraction(0), 12, "0"),
        (Fraction(10), 12, "10"),
        (Fraction(100), 0, "100"),
        (Fraction(1, 100), 12, "0.01"),
        (Fraction(1, 10**13), 12, "0"),
        (Fraction(1, 10**13), 13, "0.0000000000001"),
        (Fraction(1, 2**20), 12, "0.000000953674"),
        (Fraction(1, 2**20), 20, "0.00000095367431640625"),
        (Fraction(10**30 + 1, 10**30), 40, "1.000000000000000000000000000001"),
        (Fraction(123456789), 12, "123456789"),
        (Fraction(7, 4), 1, "1.8"),
        (Fraction("47.07192"), 12, "47.07192"),
    ],
)
def test_decimal_text(value: Fraction, places: int, text: str) -> None:
    assert decimal_text(value, places=places) == text


def test_decimal_text_default_places_is_12() -> None:
    assert decimal_text(Fraction(1, 3)) == "0.333333333333"
    assert decimal_text(Fraction(1, 10**12)) == "0.000000000001"


def test_decimal_text_has_no_negative_zero() -> None:
    assert decimal_text(Fraction(-1, 1000), places=2) == "0"


@given(
    st.fractions(max_denominator=10**9).filter(lambda f: abs(f) < 10**12),
    st.integers(min_value=0, max_value=20),
)
def test_decimal_text_is_within_half_a_place(value: Fraction, places: int) -> None:
    text = decimal_text(value, places=places)
    assert abs(Fraction(text) - value) <= Fraction(1, 2 * 10**places)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=8, max_value=10**12,
                   min_value=-(10**12)))
def test_decimal_text_is_exact_when_it_terminates(value: Decimal) -> None:
    assert Fraction(decimal_text(Fraction(value), places=8)) == Fraction(value)


# --- property tests -----------------------------------------------------------------------------

UNIT_WORDS = ["mm", "m", "cm", "in", "ft", "cc", "L", "cu_in", "PS", "kW", "hp", "kg", "lb",
              "km/h", "mph", "e", "E", "ps", "s", "inf", "nan", "^", "/", "**", "m^3", "furlong"]
GRAMMARISH = st.lists(
    st.one_of(st.sampled_from(list("0123456789.e-* +,")), st.sampled_from(UNIT_WORDS)),
    max_size=12,
).map("".join)


def _check_any(value: Any, dimension: str | None) -> None:
    started = time.perf_counter()
    try:
        quantity = parse_quantity(value, field="length", dimension=dimension)
    except QuantityError as error:
        assert str(error)  # the message renders
        assert error.field == "length"
    else:
        assert isinstance(quantity, Quantity)
        assert QUANTITY_PATTERN.fullmatch(quantity.text) or isinstance(value, dict)
        assert quantity.dimension in DIMENSIONS
        assert dimension is None or quantity.dimension == dimension
        assert quantity.base >= 0
    assert time.perf_counter() - started < 1


DIMENSION_OR_NONE = st.sampled_from([None, *sorted(DIMENSIONS)])


@settings(max_examples=examples(300), deadline=None)
@given(st.text(), DIMENSION_OR_NONE)
@example("9**9**9 m", None)
@example("1" * 100_000 + " mm", None)
@example("1 " * 50_000 + "m", None)
@example("1e" * 50_000, None)
def test_any_text_gives_a_quantity_or_a_quantity_error(text: str, dimension: str | None) -> None:
    _check_any(text, dimension)


@settings(max_examples=examples(300), deadline=None)
@given(GRAMMARISH, DIMENSION_OR_NONE)
def test_grammar_like_text_gives_a_quantity_or_a_quantity_error(
    text: str, dimension: str | None
) -> None:
    _check_any(text, dimension)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.one_of(st.text(max_size=20), GRAMMARISH, st.integers(), st.floats(), st.decimals(),
              st.none(), st.booleans()),
    st.one_of(st.sampled_from(UNIT_WORDS), st.text(max_size=10), st.integers(), st.none()),
    DIMENSION_OR_NONE,
)
def test_any_mapping_gives_a_quantity_or_a_quantity_error(
    value: Any, unit: Any, dimension: str | None
) -> None:
    _check_any({"value": value, "unit": unit}, dimension)


MM_VALUES = st.decimals(min_value=0, max_value=10**7, places=6, allow_nan=False,
                        allow_infinity=False)


def _written_in(length_m: Fraction, symbol: str) -> str | None:
    """The length written exactly in another unit, or None if it does not terminate."""
    value = length_m / lookup_unit(symbol).factor
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return None
    text = decimal_text(value, places=60)
    assert Fraction(text) == value
    return f"{text} {symbol}"


@settings(max_examples=examples(300), deadline=None)
@given(MM_VALUES)
@example(Decimal("1480"))
@example(Decimal("3399.999999"))
@example(Decimal("25.4"))
@example(Decimal("0"))
def test_unit_invariance(mm: Decimal) -> None:
    expected = parse_quantity(f"{mm} mm").base
    assert expected == Fraction(mm) / 1000
    for symbol in ("m", "cm", "in", "ft", "km"):
        text = _written_in(expected, symbol)
        if text is None:
            continue
        assert parse_quantity(text, dimension="length").base == expected, text


@settings(max_examples=examples(300), deadline=None)
@given(st.integers(min_value=0, max_value=10**8))
def test_unit_invariance_for_thousandths_of_an_inch(thou: int) -> None:
    inches = Fraction(thou, 1000)
    expected = parse_quantity(f"{decimal_text(inches, places=3)} in").base
    assert expected == inches * Fraction(254, 10000)
    for symbol in ("mm", "m", "cm"):
        text = _written_in(expected, symbol)
        assert text is not None  # a thousandth of an inch is 0.0254 mm: it terminates
        assert parse_quantity(text).base == expected, text


@settings(max_examples=examples(300), deadline=None)
@given(MM_VALUES)
@example(Decimal("3400"))
@example(Decimal("3400.000000"))
@example(Decimal("3400.000001"))
@example(Decimal("3399.999999"))
def test_comparison_agrees_with_decimal_arithmetic(mm: Decimal) -> None:
    within = parse_quantity(f"{mm} mm").base <= parse_quantity("3.40 m").base
    assert within == (mm <= Decimal("3400"))
