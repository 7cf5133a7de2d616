"""The built-in unit table against pint, exactly, and the lookup of tokens only pint knows."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pint
import pytest

from keirules.units import DIMENSIONS, REFUSED, Unit, UnknownUnit, lookup_unit, table_units

TABLE = table_units()

#: Names the table deliberately maps to a different pint name.
RENAMED = {
    # pint's "PS" is petasiemens (conductance); spec sheets mean metric horsepower.
    "PS": "metric_horsepower",
}

#: Names pint 0.25 does not define, with the pint expression for the same unit. pint reads a
#: unit name with a trailing digit ("m3") as one undefined name, not a power; it has no
#: "brake horsepower" (bhp is mechanical horsepower measured at the crankshaft) and no "kmh".
UNKNOWN_TO_PINT = {
    "m3": "m**3",
    "cm3": "cm**3",
    "dm3": "dm**3",
    "in3": "inch**3",
    "ft3": "foot**3",
    "bhp": "horsepower",
    "kmh": "km/h",
}

#: pint dimensionality (sorted items) -> keirules dimension name.
PINT_DIMENSION = {
    (("[length]", 1),): "length",
    (("[length]", 3),): "volume",
    (("[length]", 2), ("[mass]", 1), ("[time]", -3)): "power",
    (("[mass]", 1),): "mass",
    (("[length]", 1), ("[time]", -1)): "speed",
}


@pytest.fixture(scope="module")
def registry() -> Any:
    return pint.UnitRegistry(non_int_type=Fraction)


def pint_base(registry: Any, name: str) -> tuple[str | None, Fraction]:
    """The keirules dimension and the exact SI factor pint gives for a unit expression."""
    quantity = registry.Quantity(Fraction(1), name).to_base_units()
    key = tuple(sorted((dim, int(power)) for dim, power in dict(quantity.dimensionality).items()))
    return PINT_DIMENSION.get(key), Fraction(quantity.magnitude)


def test_the_table_is_not_empty_and_covers_every_dimension() -> None:
    assert len(TABLE) > 50
    assert {dimension for dimension, _ in TABLE.values()} == set(DIMENSIONS)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_table_entry_equals_pint_exactly(registry: Any, name: str) -> None:
    dimension, factor = TABLE[name]
    pint_name = RENAMED.get(name) or UNKNOWN_TO_PINT.get(name) or name
    pint_dimension, pint_factor = pint_base(registry, pint_name)
    assert type(factor) is Fraction
    assert factor == pint_factor, (name, factor, pint_factor)
    assert dimension == pint_dimension, (name, dimension, pint_dimension)


@pytest.mark.parametrize("name", sorted(UNKNOWN_TO_PINT))
def test_names_listed_as_unknown_to_pint_really_are(registry: Any, name: str) -> None:
    """Keeps UNKNOWN_TO_PINT honest: if pint learns one of these names, compare it directly."""
    assert name in TABLE
    with pytest.raises(pint.UndefinedUnitError):
        registry.Quantity(Fraction(1), name)


def test_ps_is_not_pints_ps(registry: Any) -> None:
    pint_dimension, _ = pint_base(registry, "PS")
    assert pint_dimension is None  # petasiemens: no vehicle dimension
    assert TABLE["PS"] == ("power", Fraction("735.49875"))
    assert lookup_unit("PS").factor == Fraction(75) * Fraction("9.80665")


@pytest.mark.parametrize(
    ("name", "dimension", "factor"),
    [
        ("mm", "length", Fraction(1, 1000)),
        ("in", "length", Fraction(254, 10000)),
        ("ft", "length", Fraction(3048, 10000)),
        ("mi", "length", Fraction(1609344, 1000)),
        ("cc", "volume", Fraction(1, 10**6)),
        ("L", "volume", Fraction(1, 1000)),
        ("cu_in", "volume", Fraction(254, 10000) ** 3),
        ("kW", "power", Fraction(1000)),
        ("PS", "power", Fraction(73549875, 100000)),
        ("hp", "power", 550 * Fraction("0.3048") * Fraction("0.45359237") * Fraction("9.80665")),
        ("lb", "mass", Fraction(45359237, 10**8)),
        ("km/h", "speed", Fraction(5, 18)),
        ("mph", "speed", Fraction("1609.344") / 3600),
        ("kn", "speed", Fraction(1852, 3600)),
    ],
)
def test_known_factors(name: str, dimension: str, factor: Fraction) -> None:
    unit = lookup_unit(name)
    assert unit == Unit(name, dimension, factor)


@pytest.mark.parametrize(
    ("token", "dimension", "factor"),
    [
        ("furlong", "length", Fraction(660 * 1200, 3937)),  # 660 US survey feet
        ("nautical_mile", "length", Fraction(1852)),
        ("mm^3", "volume", Fraction(1, 10**9)),
        ("Mm", "length", Fraction(10**6)),
        ("mW", "power", Fraction(1, 1000)),
        ("in/s", "speed", Fraction(254, 10000)),
        ("ft/s", "speed", Fraction(3048, 10000)),
        ("angstrom", "length", Fraction(1, 10**10)),
        ("oz", "mass", Fraction(45359237, 10**8) / 16),
    ],
)
def test_tokens_only_pint_knows(
    registry: Any, token: str, dimension: str, factor: Fraction
) -> None:
    assert token not in TABLE
    unit = lookup_unit(token)
    assert unit.symbol == token
    assert unit.dimension == dimension
    assert type(unit.factor) is Fraction
    assert unit.factor == factor
    assert (unit.dimension, unit.factor) == pint_base(registry, token)


@pytest.mark.parametrize("token", ["ps", "Ps", "KW", "Kw", "kw", "HP", "CC", "MM", "KG", "Kg"])
def test_refused_tokens(token: str) -> None:
    with pytest.raises(UnknownUnit) as info:
        lookup_unit(token)
    assert str(info.value) == REFUSED[token]


@pytest.mark.parametrize(
    ("token", "shown"),
    [
        ("s", "[time]^1"),
        ("sec", "[time]^1"),
        ("Hz", "[time]^-1"),
        ("m^2", "[length]^2"),
        ("kWh", "[length]^2 * [mass]^1 * [time]^-2"),
        ("m/s^2", "[length]^1 * [time]^-2"),
        ("lb/s", "[mass]^1 * [time]^-1"),
        ("percent", "dimensionless"),
        ("pi", "dimensionless"),
        ("in/in", "dimensionless"),
    ],
)
def test_units_of_no_vehicle_dimension_are_rejected(token: str, shown: str) -> None:
    with pytest.raises(UnknownUnit) as info:
        lookup_unit(token)
    assert str(info.value) == f"'{token}' is a unit of {shown}, which no vehicle field uses"


@pytest.mark.parametrize(
    "token",
    ["blorp", "_", "__", "nan", "inf", "E", "None", "True", "import", "for", "__import__",
     "__class__", "m/__class__", "m2", "mm3", "x^2", "Hp"],
)
def test_unknown_tokens(token: str) -> None:
    with pytest.raises(UnknownUnit) as info:
        lookup_unit(token)
    assert str(info.value) == f"'{token}' is not a unit keirules knows"


def test_unknown_unit_is_a_lookup_error() -> None:
    assert issubclass(UnknownUnit, LookupError)


def test_table_units_returns_a_copy() -> None:
    copy = table_units()
    copy["mm"] = ("length", Fraction(1))
    del copy["m"]
    assert lookup_unit("mm").factor == Fraction(1, 1000)
    assert lookup_unit("m").factor == 1


def test_units_are_case_sensitive() -> None:
    assert lookup_unit("Mm").factor == 10**9 * lookup_unit("mm").factor
    assert lookup_unit("mW").dimension == lookup_unit("MW").dimension == "power"
    assert lookup_unit("MW").factor == 10**6
    assert lookup_unit("mW").factor == Fraction(1, 1000)
