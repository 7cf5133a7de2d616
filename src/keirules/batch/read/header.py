"""A catalog's header: each column names a spec field, and a quantity column its unit.

``length [mm]`` is the field ``length`` in millimetres; the unit is looked up here, once per
column, with the same table and grammar as a quantity in a spec. ``features.NAME`` is one
declared feature (cells ``true`` or ``false``). Anything that keeps every row from being read
(an unknown field, a unit of the wrong dimension, a quantity without a unit, no ``name``) is an
error for the whole file, on line 1, naming the column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from keirules.errors import KeirulesError, QuantityError, SpecError, did_you_mean
from keirules.quantity import parse_quantity
from keirules.units import Unit
from keirules.vehicle import FIELDS, FieldSpec, parse_field

__all__ = ["ColumnSpec", "parse_header"]

FEATURE_PREFIX: Final = "features."
_FEATURE_SPEC: Final = FieldSpec("feature", "a declared feature: true or false")


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of a catalog: its header text, the spec field it holds and its unit."""

    index: int
    header: str
    field: str
    spec: FieldSpec
    unit: Unit | None = None


def parse_header(cells: Sequence[str | None], *, file: str | None = None,
                 line: int | None = 1) -> list[ColumnSpec]:
    """Read a header row; raise a :class:`KeirulesError` naming the file, line 1 and column."""
    columns: list[ColumnSpec] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(cells):
        header = (raw or "").strip()
        try:
            column = _column(index, header)
            if column.field in seen:
                raise SpecError(f"names the same field as column {seen[column.field] + 1} "
                                f"(column {index + 1}); each field may have one column.")
        except KeirulesError as exc:
            raise type(exc)(exc.message, file=file, line=line, field=header or None,
                            value=exc.value, expected=exc.expected) from None
        seen[column.field] = index
        columns.append(column)
    if "name" not in seen:
        raise SpecError("has no 'name' column; every vehicle in a catalog needs a name.",
                        file=file, line=line,
                        expected="a header such as 'name,length [mm],width [mm],...'")
    return columns


def _column(index: int, header: str) -> ColumnSpec:
    where = f"(column {index + 1})"
    parts = _split(header)
    if not header or parts is None:
        raise SpecError(f"is not a column name {where}." if header else
                        f"is empty {where}; every column names a spec field.",
                        value=header or None, expected="a field, or a field and its unit in "
                        "brackets, e.g. 'seats' or 'length [mm]'")
    name, token = parts
    if name.startswith(FEATURE_PREFIX):
        _feature_name(name[len(FEATURE_PREFIX):], where)
        if token is not None:
            raise SpecError(f"is a feature {where}, which takes no unit.",
                            expected="cells 'true' or 'false' under a header such as "
                            "'features.frontal_airbags'")
        return ColumnSpec(index, header, name, _FEATURE_SPEC)
    spec = FIELDS.get(name)
    if spec is None:
        raise SpecError(f"is not a field of a vehicle spec {where}."
                        f"{did_you_mean(name, FIELDS)}", expected="one of " + ", ".join(FIELDS))
    if spec.kind == "features":
        raise SpecError(f"is a mapping {where}; give each feature its own column.",
                        expected="headers such as 'features.frontal_airbags'")
    if spec.dimension is None:
        if token is not None:
            raise SpecError(f"is not a quantity {where}, so it takes no unit in brackets.",
                            value=token, expected=f"the header '{name}'")
        return ColumnSpec(index, header, name, spec)
    example = f"'{name} [{_UNIT_EXAMPLES[spec.dimension]}]'"
    if not token:
        raise QuantityError(f"has no unit {where}; a column of quantities carries its unit in "
                            "brackets, and its cells are plain numbers.",
                            expected=f"a header such as {example}")
    try:
        unit = parse_quantity({"value": "1", "unit": token}, field=name,
                              dimension=spec.dimension).unit
    except QuantityError as exc:
        raise QuantityError(f"{exc.message.rstrip('.')} {where}.", value=token,
                            expected=f"a {spec.dimension} unit in brackets, e.g. {example}"
                            ) from None
    return ColumnSpec(index, header, name, spec, unit)


def _split(header: str) -> tuple[str, str | None] | None:
    """``field [unit]`` -> (field, unit), ``field`` -> (field, None), in linear time; None if
    the brackets are anything else (more than one pair, or text after the ``]``)."""
    opening, closing = header.count("["), header.count("]")
    if not opening and not closing:
        return header.rstrip(), None
    if opening != 1 or closing != 1 or not header.endswith("]"):
        return None
    cut = header.index("[")
    return header[:cut].rstrip(), header[cut + 1:-1].strip()


def _feature_name(name: str, where: str) -> None:
    try:
        parse_field("features", {name: True})
    except KeirulesError as exc:
        raise SpecError(f"{exc.message.rstrip('.')} {where}.", value=name,
                        expected=exc.expected) from None


_UNIT_EXAMPLES: Final = {"length": "mm", "volume": "cc", "power": "PS", "mass": "kg",
                         "speed": "km/h"}
