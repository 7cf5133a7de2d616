"""Exact unit factors: a built-in table for common units, pint for the rest.

The table covers every unit the built-in rule sets and ordinary spec sheets use, so the common
path never imports pint (building pint's registry costs more than a whole ``keirules check``).
Each factor is an exact rational number of SI base units; ``tests/test_units.py`` checks every
entry against pint. This is the only module that imports pint, and pint only ever sees a single
unit token that already matched the quantity grammar, never an expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any, Final

from keirules.errors import UnknownUnit

__all__ = ["DIMENSIONS", "Unit", "UnknownUnit", "lookup_unit"]

#: The physical dimensions a vehicle spec uses, with their SI base unit.
DIMENSIONS: Final = {
    "length": "m",
    "volume": "m^3",
    "power": "W",
    "mass": "kg",
    "speed": "m/s",
}


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written, its dimension and its exact size in SI base units."""

    symbol: str
    dimension: str
    factor: Fraction


_INCH = Fraction("0.0254")
_FOOT = Fraction("0.3048")
_POUND = Fraction("0.45359237")
_MILE = Fraction("1609.344")
_LBF = _POUND * Fraction("9.80665")
_HOUR = 3600

# Unit symbol or name -> (dimension, SI factor). Keys are case-sensitive, as units are.
_TABLE: Final[dict[str, tuple[str, Fraction]]] = {}


def _add(dimension: str, factor: Fraction | int | str, *names: str) -> None:
    for name in names:
        _TABLE[name] = (dimension, Fraction(factor))


_add("length", 1, "m", "meter", "metre", "meters", "metres")
_add("length", Fraction(1, 1000), "mm", "millimeter", "millimetre", "millimeters", "millimetres")
_add("length", Fraction(1, 100), "cm", "centimeter", "centimetre", "centimeters", "centimetres")
_add("length", 1000, "km", "kilometer", "kilometre", "kilometers", "kilometres")
_add("length", _INCH, "in", "inch", "inches")
_add("length", _FOOT, "ft", "foot", "feet")
_add("length", _FOOT * 3, "yd", "yard", "yards")
_add("length", _MILE, "mi", "mile", "miles")

_add("volume", 1, "m3", "m^3")
_add("volume", Fraction(1, 10**6), "cc", "cm3", "cm^3", "mL", "ml", "milliliter", "millilitre")
_add("volume", Fraction(1, 1000), "L", "l", "liter", "litre", "liters", "litres", "dm3", "dm^3")
_add("volume", _INCH**3, "cu_in", "cubic_inch", "in3", "in^3")
_add("volume", _FOOT**3, "cu_ft", "cubic_foot", "ft3", "ft^3")

_add("power", 1, "W", "watt", "watts")
_add("power", 1000, "kW", "kilowatt", "kilowatts")
_add("power", 10**6, "MW", "megawatt", "megawatts")
# Metric horsepower (Pferdestaerke): 75 kgf*m/s = 735.49875 W exactly. Not pint's "PS"
# (petasiemens), and "ps" (picoseconds) is deliberately not accepted.
_add("power", Fraction("735.49875"), "PS", "metric_horsepower")
# Mechanical horsepower: 550 ft*lbf/s exactly, as pint defines "hp".
_add("power", 550 * _FOOT * _LBF, "hp", "horsepower", "bhp")

_add("mass", 1, "kg", "kilogram", "kilograms")
_add("mass", Fraction(1, 1000), "g", "gram", "grams")
_add("mass", 1000, "t", "tonne", "tonnes", "metric_ton")
_add("mass", _POUND, "lb", "lbs", "pound", "pounds")

_add("speed", 1, "m/s")
_add("speed", Fraction(1000, _HOUR), "km/h", "kph", "kmh", "kilometer/hour", "kilometre/hour")
_add("speed", _MILE / _HOUR, "mph", "mi/h", "mile/hour")
_add("speed", Fraction(1852, _HOUR), "kn", "knot", "knots")

#: Tokens refused even though pint knows them, with what to write instead.
REFUSED: Final = {
    "ps": "'ps' is picoseconds to the unit registry; write 'PS' for metric horsepower",
    "Ps": "write 'PS' for metric horsepower",
    "HP": "write 'hp' for mechanical horsepower or 'PS' for metric horsepower",
    "CC": "write 'cc' for cubic centimetres",
    "MM": "write 'mm' for millimetres (units are case-sensitive)",
    "KW": "write 'kW' for kilowatts (units are case-sensitive)",
    "Kw": "write 'kW' for kilowatts (units are case-sensitive)",
    "kw": "write 'kW' for kilowatts (units are case-sensitive)",
    "KG": "write 'kg' for kilograms (units are case-sensitive)",
    "Kg": "write 'kg' for kilograms (units are case-sensitive)",
}

# pint's dimensionality (as sorted items) -> our dimension name.
_PINT_DIMENSIONS: Final = {
    (("[length]", 1),): "length",
    (("[length]", 3),): "volume",
    (("[length]", 2), ("[mass]", 1), ("[time]", -3)): "power",
    (("[mass]", 1),): "mass",
    (("[length]", 1), ("[time]", -1)): "speed",
}


def lookup_unit(token: str) -> Unit:
    """Find a unit by its token: the built-in table first, then pint's registry."""
    if token in REFUSED:
        raise UnknownUnit(REFUSED[token])
    entry = _TABLE.get(token)
    if entry is not None:
        return Unit(token, entry[0], entry[1])
    if not _COMPOUND.fullmatch(token):  # pint never sees what the quantity grammar refuses
        shown = token if len(token) <= 40 else token[:40] + "..."
        raise UnknownUnit(f"'{shown}' is not a unit keirules knows")
    return _lookup_in_pint(token)


#: A unit token: one name (at most 40 letters), optionally squared or cubed, optionally per
#: one other name (which may carry a power too, so that 'm/s^2' is named for what it is).
_COMPOUND: Final = re.compile(r"([A-Za-z_]{1,40})(\^?[23])?(?:/([A-Za-z_]{1,40})(?:\^?[23])?)?",
                              re.ASCII)


@cache
def _lookup_in_pint(token: str) -> Unit:
    unit = _pint_unit(token)
    shape = _COMPOUND.fullmatch(token)
    if shape is not None and (shape[2] or shape[3]):
        _check_compound(token, unit, shape[1], shape[3])
    return unit


def _check_compound(token: str, unit: Unit, base: str, per: str | None) -> None:
    """A unit written with a power or a quotient is one unit, not an expression: a length cubed
    for a volume (``mm^3``), a length per a time for a speed (``ft/s``), and nothing else."""
    length = _dimensions(base) == {"[length]": 1}
    if per is None and unit.dimension == "volume" and length:
        return
    powered = token[len(base):][:1] in ("^", "2", "3")
    if (per is not None and unit.dimension == "speed" and length and not powered
            and _dimensions(per) == {"[time]": 1}):
        return
    raise UnknownUnit(f"'{token}' is an expression of units, not one unit; write a single "
                      "unit such as 'mm', 'cc', 'kW', 'kg' or 'km/h'")


def _dimensions(token: str) -> dict[str, Any] | None:
    try:
        return dict(_registry().Quantity(Fraction(1), token).dimensionality)
    except Exception:  # pint raises several unrelated types for unknown names
        return None


def _pint_unit(token: str) -> Unit:
    registry = _registry()
    try:
        quantity = registry.Quantity(Fraction(1), token).to_base_units()
    except Exception as exc:  # pint raises several unrelated types for unknown names
        raise UnknownUnit(f"'{token}' is not a unit keirules knows") from exc
    dims: dict[str, Any] = dict(quantity.dimensionality)
    key = tuple(sorted((name, int(power)) for name, power in dims.items()))
    dimension = _PINT_DIMENSIONS.get(key)
    if dimension is None:
        shown = " * ".join(f"{name}^{power}" for name, power in key) or "dimensionless"
        raise UnknownUnit(f"'{token}' is a unit of {shown}, which no vehicle field uses")
    return Unit(token, dimension, Fraction(quantity.magnitude))


@cache
def _registry() -> Any:
    import pint  # deferred: building the registry is the slowest thing keirules could do

    return pint.UnitRegistry(non_int_type=Fraction)


def table_units() -> dict[str, tuple[str, Fraction]]:
    """The built-in table, for tests that check it against pint."""
    return dict(_TABLE)
