"""Quantities: a strict grammar, exact values, dimension checks.

A quantity is written as a plain decimal number and one unit (``"3395 mm"``), or as a mapping
(``{value: 58.1, unit: in}``). The grammar below is matched in full before any unit lookup, so
nothing that could be read as an expression (``9**9**9 m``) ever reaches the unit registry.
Magnitudes are kept as exact fractions of the text as written, so ``0.66 L`` equals ``660 cc``.

>>> parse_quantity("0.66 L").base == parse_quantity("660 cc").base
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from keirules.errors import QuantityError
from keirules.units import DIMENSIONS, Unit, UnknownUnit, lookup_unit

__all__ = ["PLAUSIBLE", "SMALLEST", "Quantity", "check_plausible", "decimal_text", "parse_number",
           "parse_quantity"]

_EXAMPLES: Final = {
    "length": "'3395 mm', '3.4 m' or '133.7 in'",
    "volume": "'658 cc', '0.66 L' or '40.2 cu_in'",
    "power": "'64 PS', '47 kW' or '63 hp'",
    "mass": "'350 kg' or '772 lb'",
    "speed": "'140 km/h' or '25 mph'",
}

#: The largest value of each dimension, in SI base units, that any vehicle could have: far
#: beyond every real vehicle (a road train is 53 m long, the largest engines displace 25 m3),
#: so it refuses only absurd magnitudes (``4e23 m``), which would otherwise overflow the floats
#: a catalog compares with and make every margin meaningless.
PLAUSIBLE: Final = {
    "length": Fraction(10**4),  # 10 km
    "volume": Fraction(100),  # 100 m3
    "power": Fraction(10**9),  # 1 GW
    "mass": Fraction(10**7),  # 10,000 t
    "speed": Fraction(10**4),  # 10 km/s
}
_PLAUSIBLE_TEXT: Final = {"length": "10 km", "volume": "100 m^3", "power": "1 GW",
                          "mass": "10000 t", "speed": "10000 m/s"}
#: The smallest value other than zero of every dimension, in SI base units (a picometre, a
#: picowatt...): far below any measurement, and it keeps every margin in percent of a limit
#: (at most 10^18 %) within what every report prints exactly.
SMALLEST: Final = Fraction(1, 10**12)

#: The whole grammar of a quantity written as text.
QUANTITY_PATTERN: Final = re.compile(
    r"""
    (?P<number>
        [0-9]{1,30} (?: \. [0-9]{0,30} )?   # digits, optional decimal point and decimals
      | \. [0-9]{1,30}                      # or a leading decimal point
    )
    (?: [eE] (?P<exponent> [+-]? [0-9]{1,2} ) )?   # optional exponent, at most two digits
    [ ]?                                           # at most one plain space
    (?P<unit>
        [A-Za-z_]{1,40} (?: \^?[23] )?             # one unit name, optionally squared/cubed
        (?: / [A-Za-z_]{1,40} )?                   # optionally per one other unit name
    )
    """,
    re.VERBOSE | re.ASCII,
)

#: The grammar of a number on its own (a mapping's ``value`` or a CSV cell).
NUMBER_PATTERN: Final = re.compile(
    r"(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,2})?", re.ASCII
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A magnitude exactly as written, its unit, and the same value in SI base units."""

    magnitude: Fraction
    unit: Unit
    text: str
    #: The number exactly as written (``"3.40"``), for reports that quote limits.
    number: str

    @property
    def dimension(self) -> str:
        return self.unit.dimension

    @property
    def base(self) -> Fraction:
        """The value in the dimension's SI base unit, exact."""
        return self.magnitude * self.unit.factor

    def in_unit(self, unit: Unit) -> Fraction:
        """The value expressed in another unit of the same dimension, exact."""
        return self.base / unit.factor

    def __str__(self) -> str:
        return self.text


def parse_number(text: str, *, field: str | None = None) -> Fraction:
    """Read a plain non-negative decimal number exactly, or raise a QuantityError."""
    if not NUMBER_PATTERN.fullmatch(text):
        raise QuantityError(
            f"{_number_problem(text)}.",
            field=field,
            value=text,
            expected="a plain decimal number such as '3395' or '0.66'",
        )
    return Fraction(Decimal(text))


def parse_quantity(
    value: Any, *, field: str | None = None, dimension: str | None = None
) -> Quantity:
    """Parse a quantity from text or a ``{value, unit}`` mapping, checking its dimension.

    Raises :class:`QuantityError` naming the field, the value and what was expected.
    """
    expected = _expected(dimension)
    if isinstance(value, str):
        match = QUANTITY_PATTERN.fullmatch(value)
        if match is None or NUMBER_PATTERN.fullmatch(value):
            raise QuantityError(
                f"{_text_problem(value)}.", field=field, value=value, expected=expected
            )
        number = match["number"] + (f"e{match['exponent']}" if match["exponent"] else "")
        token = match["unit"]
        text = value
    elif isinstance(value, Mapping):
        number, token = _from_mapping(value, field=field, expected=expected)
        text = f"{number} {token}"
    elif isinstance(value, bool) or value is None:
        raise QuantityError(
            "is not a quantity.", field=field, value=value, expected=expected
        )
    elif isinstance(value, int | float | Decimal | Fraction):
        raise QuantityError(
            "is a bare number (which unit?).", field=field, value=value, expected=expected
        )
    else:
        raise QuantityError(
            f"is a {type(value).__name__}, not a quantity.",
            field=field,
            value=value,
            expected=expected,
        )
    magnitude = parse_number(number, field=field)
    try:
        unit = lookup_unit(token)
    except UnknownUnit as exc:
        raise QuantityError(
            f"has an unknown unit: {exc}.", field=field, value=value, expected=expected
        ) from None
    if dimension is not None and unit.dimension != dimension:
        raise QuantityError(
            f"is a {unit.dimension} ('{token}'), but this field is a {dimension}.",
            field=field,
            value=value,
            expected=expected,
        )
    check_plausible(magnitude * unit.factor, unit.dimension, field=field, value=value)
    return Quantity(magnitude, unit, text, number)


def check_plausible(base: Fraction, dimension: str, *, field: str | None = None,
                    value: Any = None) -> None:
    """Refuse a value (in SI base units) larger than any vehicle's (see :data:`PLAUSIBLE`) or,
    other than zero, smaller than :data:`SMALLEST`."""
    if 0 < base < SMALLEST:
        raise QuantityError(
            f"is far too small for a vehicle's {dimension} (less than 10^-12 of "
            f"{DIMENSIONS[dimension]}, other than 0); is the unit or the exponent wrong?",
            field=field, value=value, expected=f"a {dimension} such as {_EXAMPLES[dimension]}")
    if base > PLAUSIBLE[dimension]:
        raise QuantityError(
            f"is far too large for a vehicle's {dimension} (more than "
            f"{_PLAUSIBLE_TEXT[dimension]}); is the unit or the exponent wrong?",
            field=field, value=value, expected=f"a {dimension} of at most "
            f"{_PLAUSIBLE_TEXT[dimension]}, e.g. {_EXAMPLES[dimension]}")


def _from_mapping(value: Mapping[Any, Any], *, field: str | None, expected: str) -> tuple[str, str]:
    keys = set(value)
    if keys != {"value", "unit"}:
        extra = sorted(str(k) for k in keys - {"value", "unit"})
        missing = sorted({"value", "unit"} - keys)
        problem = []
        if missing:
            problem.append("lacks " + " and ".join(f"'{k}'" for k in missing))
        if extra:
            problem.append("has unknown keys " + ", ".join(f"'{k}'" for k in extra))
        raise QuantityError(
            "is a mapping that " + " and ".join(problem) + ".",
            field=field,
            value=dict(value),
            expected="a mapping with exactly 'value' and 'unit', e.g. {value: 3395, unit: mm}",
        )
    number, token = value["value"], value["unit"]
    if isinstance(number, bool) or not isinstance(number, int | float | Decimal | str):
        raise QuantityError(
            "has a 'value' that is not a number.", field=field, value=number, expected=expected
        )
    if isinstance(number, int) and abs(number) >= 10**30:
        raise QuantityError("has a 'value' too large for a vehicle measurement.", field=field,
                            value=number, expected=expected)
    if isinstance(number, float):
        number = repr(number)  # the shortest text that reads back as this float
    number = str(number)
    if not isinstance(token, str) or not re.fullmatch(
        r"[A-Za-z_]{1,40}(?:\^?[23])?(?:/[A-Za-z_]{1,40})?", token, re.ASCII
    ):
        raise QuantityError(
            "has a 'unit' that is not a single unit name.",
            field=field,
            value=token,
            expected="a unit name such as 'mm', 'cc', 'PS' or 'km/h'",
        )
    return number, token


def _expected(dimension: str | None) -> str:
    if dimension is None:
        return "a plain decimal number, a space and one unit, e.g. '3395 mm'"
    return f"a {dimension} as a plain decimal number and one unit, e.g. {_EXAMPLES[dimension]}"


def _number_problem(text: str) -> str:
    lowered = text.strip().lower()
    if not text.isascii():
        return "uses characters other than plain ASCII digits (write 0-9 and '.')"
    if lowered.lstrip("+-") in {"inf", "infinity", "nan", ".inf", ".nan"}:
        return "is not a finite number"
    if text.strip().startswith("-"):
        return "is negative; a vehicle measurement is never below zero"
    if "," in text:
        return (
            "uses a comma, which is ambiguous (decimal comma or digit group?); "
            "write '3395' or '3.4'"
        )
    if re.search(r"[0-9] +[0-9]", text):
        return "groups digits with spaces, which is ambiguous; write the digits together"
    if re.search(r"[eE][+-]?[0-9]{3,}", text):
        return "has an exponent too large for a vehicle measurement"
    if re.search(r"[*^()+/]|\*\*", text):
        return "is an expression; write the number itself"
    if len(text) > 60:
        return "is too long to be a measurement"
    return "is not a plain decimal number"


def _text_problem(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return "is empty"
    if NUMBER_PATTERN.fullmatch(stripped):
        return "is a bare number (which unit?)"
    if re.match(r"[+-]?\.?(inf|nan)", stripped, re.IGNORECASE):
        return "is not a finite number"
    if re.search(r"[0-9][eE][+-]?[0-9]{3,}", text):
        return "has an exponent too large for a vehicle measurement"
    if not text.isascii():
        return (
            "uses characters other than plain ASCII digits and unit letters "
            "(write e.g. 'mm' rather than a unit sign, '3' rather than a fullwidth digit)"
        )
    if stripped != text or "  " in text or "\t" in text:
        return "has extra spaces; write one number, one space and one unit"
    spaced = re.fullmatch(r"([0-9.]+) ([A-Za-z]+(?: [A-Za-z]+)+)", text)
    if spaced:
        return _spaced_unit_problem(spaced.group(1), spaced.group(2))
    head = re.match(r"[^A-Za-z_]*", text)
    number = head.group(0).strip() if head else ""
    if "**" in text or re.search(r"[*()]|\^(?![23]$)", text):
        return "is an expression; write one number and one unit"
    if number:
        return _number_problem(number)
    return "does not start with a number"


def _spaced_unit_problem(number: str, words: str) -> str:
    """'40 cu in': a unit written as several words; name the one-word unit when it exists."""
    joined = words.replace(" ", "_")
    try:
        lookup_unit(joined)
    except UnknownUnit:
        return (f"has a unit of several words ('{words}'); a unit is one word, such as "
                "'cu_in', 'km/h' or 'mm'")
    return f"writes the unit '{joined}' as several words; write '{number} {joined}'"


def decimal_text(value: Fraction, *, places: int = 12) -> str:
    """Render an exact value as a decimal string: exact when it terminates, else rounded.

    >>> decimal_text(Fraction(3395, 1000))
    '3.395'
    >>> decimal_text(Fraction(1, 3), places=4)
    '0.3333'
    """
    sign = "-" if value < 0 else ""
    value = abs(value)
    digits = _decimal_places(value.denominator)
    if 10**digits % value.denominator == 0 and digits <= places:
        scaled = value.numerator * 10**digits // value.denominator  # terminates: every digit
    else:
        digits = places
        scaled = math.floor(value * 10**places + Fraction(1, 2))  # half up
    return (sign if scaled else "") + _place_point(scaled, digits)


#: The one rule for digits shown to people (tables, Markdown, HTML, reasons; JSON stays exact):
#: a value is shown exactly when its decimal ends within this many places, else rounded to
#: ``places`` (3; 4 for ages) and marked '≈'. So 63 hp reads '≈63.874 PS' and '≈46.979 kW'.
EXACT_PLACES: Final = 6


def readable_text(value: Fraction, places: int = 3) -> str:
    """For people: exact when the decimal ends within :data:`EXACT_PLACES` places, else '≈'
    and ``places``.

    >>> readable_text(Fraction(3395, 1000)), readable_text(Fraction(135000, 1609344) * 1000)
    ('3.395', '≈83.885')
    >>> readable_text(Fraction(147574, 100000)), readable_text(Fraction(1, 3))
    ('1.47574', '≈0.333')
    """
    exact = decimal_text(value, places=EXACT_PLACES)
    if Fraction(exact) == value:
        return exact
    return "≈" + decimal_text(value, places=places)


def _decimal_places(denominator: int) -> int:
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives)


def _place_point(scaled: int, digits: int) -> str:
    text = str(scaled).rjust(digits + 1, "0")
    if digits == 0:
        return text
    whole, frac = text[:-digits], text[-digits:].rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def dimension_base_unit(dimension: str) -> str:
    """The SI base unit in which a dimension's values are compared."""
    return DIMENSIONS[dimension]
