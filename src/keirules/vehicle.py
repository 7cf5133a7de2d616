"""The vehicle spec of the contract: its fields, the :class:`Vehicle` value and its loading.

``FIELDS`` is the one declaration of the spec's fields (kind, dimension, choices, meaning); the
loader, the JSON Schema and the docs all read it. Loading is strict and hand-written rather
than a pydantic model so that ``keirules check`` starts fast; ``keirules.schema`` builds the
pydantic model of the same fields for the JSON Schema.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

from keirules.dates import DateProblem, PartialDate, parse_partial_date
from keirules.errors import (
    InputFileError,
    KeirulesError,
    SpecError,
    UsageError,
    did_you_mean,
    first_of,
)
from keirules.features import unknown_feature
from keirules.quantity import Quantity, decimal_text, parse_quantity
from keirules.units import lookup_unit
from keirules.vocabulary import FEATURE_NAME_PATTERN
from keirules.yamlload import Document, load_document, text_problem

__all__ = [
    "FIELDS",
    "FieldSpec",
    "Vehicle",
    "contradiction",
    "load_vehicle",
    "parse_field",
    "quantity_fields",
    "vehicle_from_document",
    "vehicle_from_mapping",
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What one spec field holds: its kind, and its dimension or allowed values."""

    kind: str  # text | country | date | choice | integer | quantity | features | text_list
    meaning: str
    dimension: str | None = None
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] | None = None


def _spec(kind: str, meaning: str, *, required: bool = False, default: Any = None,
          factory: Callable[[], Any] | None = None, **details: Any) -> Any:
    """A :class:`Vehicle` field that is a spec field: its :class:`FieldSpec` in the metadata."""
    metadata = {"spec": FieldSpec(kind, meaning, **details)}
    if required:
        return field(metadata=metadata)
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def _quantity(dimension: str, meaning: str) -> Any:
    return _spec("quantity", meaning, dimension=dimension)


_FEATURE_NAME: Final = FEATURE_NAME_PATTERN
_COUNTRY: Final = re.compile(r"[A-Z]{2}", re.ASCII)
_MAX_TEXT: Final = 10_000
# pi to 50 places: derived displacements are not exact, and the report says they were derived.
_PI: Final = Fraction("3.14159265358979323846264338327950288419716939937510")
_PI_LOW: Final = Fraction("3.1415926535897932384626433832795028841971693993751")
_PI_HIGH: Final = Fraction("3.1415926535897932384626433832795028841971693993752")
_CC: Final = lookup_unit("cc")


@dataclass(frozen=True, slots=True)
class Vehicle:
    """One vehicle spec, validated: quantities exact, dates partial, enums checked.

    Its spec fields are declared here once, each with its :class:`FieldSpec` (kind, meaning,
    dimension, choices, bounds) in the field's metadata; :data:`FIELDS` is read from them, and
    the spec loader, the catalog path and the JSON Schema all use :data:`FIELDS`.
    """

    name: str = _spec("text", "what the report calls the vehicle", required=True)
    make: str | None = _spec("text", "manufacturer")
    model: str | None = _spec("text", "model name")
    variant: str | None = _spec("text", "variant, trim or chassis code")
    market: str | None = _spec("country", "where it is sold or registered (ISO 3166 alpha-2)")
    manufactured: PartialDate | None = _spec(
        "date", "date of manufacture: YYYY, YYYY-MM or YYYY-MM-DD")
    category: str | None = _spec("choice", "passenger car, or truck / van built for goods",
                                 choices=("passenger", "cargo"))
    wheels: int | None = _spec("integer", "number of road wheels", bounds=(1, 32))
    length: Quantity | None = _quantity("length", "overall length")
    width: Quantity | None = _quantity("length", "overall width")
    height: Quantity | None = _quantity("length", "overall height")
    wheelbase: Quantity | None = _quantity("length", "wheelbase")
    track_front: Quantity | None = _quantity("length", "front track width")
    track_rear: Quantity | None = _quantity("length", "rear track width")
    powertrain: str | None = _spec("choice", "what drives it",
                                   choices=("combustion", "hybrid", "electric"))
    engine_cycle: str | None = _spec("choice", "combustion engine type",
                                     choices=("four_stroke", "two_stroke", "rotary"))
    ignition: str | None = _spec("choice", "how the combustion engine ignites its fuel: "
                                 "positive (spark ignition, e.g. petrol) or compression (diesel)",
                                 choices=("positive", "compression"))
    displacement: Quantity | None = _quantity("volume",
                                              "total swept volume of the combustion engine")
    cylinders: int | None = _spec("integer", "number of cylinders", bounds=(1, 32))
    bore: Quantity | None = _quantity("length", "cylinder bore")
    stroke: Quantity | None = _quantity("length", "piston stroke")
    max_power: Quantity | None = _quantity("power", "maximum (peak) output")
    rated_power: Quantity | None = _quantity("power",
                                             "continuous rated output of an electric motor")
    seats: int | None = _spec("integer", "seating capacity, driver included", bounds=(1, 99))
    max_payload: Quantity | None = _quantity("mass", "maximum load capacity")
    curb_mass: Quantity | None = _quantity("mass", "mass in running order, unladen")
    gross_mass: Quantity | None = _quantity("mass", "gross vehicle mass / GVWR")
    top_speed: Quantity | None = _quantity("speed", "maximum design speed")
    features: Mapping[str, bool] = _spec("features", "safety equipment declared present or "
                                         "absent", factory=dict)
    sources: tuple[str, ...] = _spec("text_list", "where the figures came from", default=())
    notes: str | None = _spec("text", "free text")
    #: Fields computed rather than stated (e.g. displacement from bore, stroke and cylinders).
    derived: frozenset[str] = frozenset()
    #: Where the spec was read from, if from a file.
    source_file: str | None = None

    def value(self, name: str) -> Any:
        """The value of a spec field by name (``features.NAME`` for a declared feature)."""
        if name.startswith("features."):
            return self.features.get(name[len("features."):])
        return getattr(self, name)


#: Spec field name -> what it holds, in the spec's order (read from :class:`Vehicle`).
FIELDS: Final[dict[str, FieldSpec]] = {
    item.name: item.metadata["spec"] for item in dataclasses.fields(Vehicle)
    if "spec" in item.metadata}


def load_vehicle(path: str | Path) -> Vehicle:
    """Load and validate a vehicle spec from a YAML or JSON file."""
    if not isinstance(path, str | Path):
        raise UsageError(f"is not a spec file path (got {type(path).__name__}).", field="path",
                         expected="a path to a YAML or JSON vehicle spec")
    check_path(path)
    return vehicle_from_document(load_document(path))


def check_path(path: str | Path) -> None:
    """Refuse a file name no file system can hold (a NUL byte, a lone surrogate)."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        bad = True
    else:
        bad = "\x00" in text
    if bad:
        raise InputFileError("is not a file name: it holds a NUL byte or a lone surrogate.",
                             field="path", value=text.encode("utf-8", "backslashreplace")
                             .decode("ascii", "replace"))


def vehicle_from_document(document: Document) -> Vehicle:
    """Validate a loaded document as a vehicle spec, naming file and line in errors."""
    return vehicle_from_mapping(document.data, file=document.file, document=document)


def vehicle_from_mapping(
    data: Any, *, file: str | None = None, document: Document | None = None
) -> Vehicle:
    """Validate a plain mapping (as from YAML, JSON or Python) as a vehicle spec."""
    if not isinstance(data, Mapping):
        raise SpecError(
            "is not a vehicle spec: expected a mapping of field names to values "
            f"(e.g. 'name: Honda N-Box'), found {_what_it_is(data, file)}.",
            file=file,
            line=document.line(()) if document else None,
        )
    errors: list[KeirulesError] = []
    values: dict[str, Any] = {}
    for key, raw in data.items():
        try:
            values[str(key)] = _field_value(key, raw, document)
        except KeirulesError as exc:
            line = document.line((key,)) if document else None  # only now: JSON finds lines late
            errors.append(exc.located(file=file, line=line, field=str(key)))
    if "name" not in data and not errors:
        errors.append(
            SpecError("is missing; every spec needs a name.", file=file, field="name",
                      expected="a name such as 'Honda N-Box (JF5)'")
        )
    if errors:
        raise first_of(errors)
    problem = contradiction(values)
    if problem is not None:
        where = problem.field or ""
        raise problem.located(file=file, line=document.line((where,))
                              if document and where in data else None)
    derived: set[str] = set()
    if values.get("displacement") is None:
        computed = _derived_displacement(values)
        if computed is not None:
            values["displacement"] = computed
            derived.add("displacement")
    if not (values.get("name") or "").strip():
        raise SpecError("is empty; every spec needs a name.", file=file, field="name",
                        line=document.line(("name",)) if document else None)
    return Vehicle(**values, derived=frozenset(derived), source_file=file)


def _what_it_is(data: Any, file: str | None) -> str:
    """What a document that is not a mapping holds, in words a person recognises."""
    import re

    if isinstance(data, str):
        toml = (file or "").lower().endswith(".toml") or re.search(
            r"(?m)^\s*(\[[\w.-]+\]\s*$|[\w.-]+\s*=\s*\S)", data)
        if toml:
            return ("TOML ('key = value' lines), which keirules does not read: write the spec "
                    "as YAML ('name: Honda N-Box', 'wheels: 4') or JSON")
        return "a single piece of text"
    if isinstance(data, list):
        return "a list (a spec is one mapping; check several specs by giving several files)"
    return f"a {type(data).__name__}"


def _field_value(key: Any, raw: Any, document: Document | None) -> Any:
    spec = FIELDS.get(key) if isinstance(key, str) else None
    if spec is None:
        raise SpecError(f"is not a field of a vehicle spec.{did_you_mean(str(key), FIELDS)}",
                        expected="one of " + ", ".join(FIELDS))
    if raw is None:
        return None if key not in ("features", "sources") else _empty(key)
    if spec.kind == "quantity":
        return parse_quantity(raw, field=key, dimension=spec.dimension)
    if spec.kind == "text":
        return _text(raw)
    if spec.kind == "country":
        if not isinstance(raw, str) or not _COUNTRY.fullmatch(raw):
            raise SpecError("is not a country code.", value=raw,
                            expected="an ISO 3166 alpha-2 code in capitals, e.g. 'JP' or 'US'")
        return raw
    if spec.kind == "choice":
        if not isinstance(raw, str) or raw not in spec.choices:
            hint = did_you_mean(str(raw), spec.choices) if isinstance(raw, str) else ""
            raise SpecError(f"is not one of the allowed values.{hint}", value=raw,
                            expected=" or ".join(f"'{c}'" for c in spec.choices))
        return raw
    if spec.kind == "integer":
        return _integer(raw, spec)
    if spec.kind == "date":
        try:
            return parse_partial_date(raw)
        except DateProblem as exc:
            raise SpecError(f"{exc}.", value=raw,
                            expected="a date such as 1994, 1994-05 or 1994-05-17") from None
    if spec.kind == "features":
        return _features(raw, document)
    if spec.kind == "text_list":
        if isinstance(raw, str):
            return (raw,)
        if not isinstance(raw, list):
            raise SpecError("is not a list.", value=raw, expected="a list of texts (URLs, titles)")
        return tuple(_text(item) for item in raw)
    raise AssertionError(f"unhandled field kind {spec.kind}")  # pragma: no cover


def _empty(key: str) -> Any:
    return {} if key == "features" else ()


def _text(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise SpecError("is not text.", value=raw, expected="text")
    if isinstance(raw, int) and abs(raw) >= 10**40:
        raise SpecError("is a number too large to be a name.", value=raw, expected="text")
    text = str(raw)
    if len(text) > _MAX_TEXT:
        raise SpecError(f"is longer than {_MAX_TEXT} characters.", value=text)
    problem = text_problem(text)
    if problem is not None:  # a spec from Python or JSON Lines: files are checked as read
        raise SpecError(problem, value=text, expected="printable text")
    return text


def _integer(raw: Any, spec: FieldSpec) -> int:
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        raise SpecError("is text (the number is in quotes), not a whole number.", value=raw,
                        expected=f"the number without quotes, e.g. {raw.strip()} rather than "
                        f"\"{raw.strip()}\"")
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise SpecError("is not a whole number.", value=raw, expected="a whole number such as 4")
    low, high = spec.bounds or (0, 10**6)
    if not low <= raw <= high:
        raise SpecError(f"is out of range for {spec.meaning}.", value=raw,
                        expected=f"a whole number from {low} to {high}")
    return raw


def _features(raw: Any, document: Document | None) -> dict[str, bool]:
    if not isinstance(raw, Mapping):
        raise SpecError("is not a mapping.", value=raw,
                        expected="a mapping of feature name to true or false")
    result: dict[str, bool] = {}
    for name, present in raw.items():
        if not isinstance(name, str) or not _FEATURE_NAME.fullmatch(name):
            raise SpecError("has a feature name that is not a lower-case name.", value=name,
                            expected="names such as 'frontal_airbags'")
        if not isinstance(present, bool):
            raise SpecError(f"says '{name}' is neither true nor false.", value=present,
                            expected="true or false")
        problem = unknown_feature(name)
        if problem is not None:  # a typo would otherwise leave a feature rule 'unknown'
            raise SpecError(problem, field=f"features.{name}", value=name,
                            line=document.line(("features", name)) if document else None,
                            expected="a name that 'keirules features' lists")
        result[name] = present
    return result



def written_interval(quantity: Quantity) -> tuple[Fraction, Fraction]:
    """The values (in SI base units) that a figure as written may stand for: half a unit of
    its last written digit either side (``656 cc``: 655.5 to 656.5 cc; ``65.0 mm``: 64.95 to
    65.05 mm). A figure that is exact in its unit is still taken as rounded."""
    mantissa, _, exponent = quantity.number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    half = Fraction(1, 2) * Fraction(10) ** (int(exponent or 0) - decimals)
    factor = quantity.unit.factor
    return (max(quantity.magnitude - half, Fraction(0)) * factor,
            (quantity.magnitude + half) * factor)


def _shown(value: Fraction, quantity: Quantity) -> str:
    return f"{decimal_text(value / quantity.unit.factor, places=1)} {quantity.unit.symbol}"


def contradiction(values: Mapping[str, Any]) -> SpecError | None:
    """A spec error if two stated figures cannot both be true, beyond the rounding of the
    figures as written (see :func:`written_interval`); None if they can.

    Checked: a displacement against bore, stroke and cylinders; a wheelbase longer than the
    vehicle; a track wider than the vehicle; a curb mass (or curb mass plus payload) above the
    gross mass; a continuous rated power above the maximum power.
    """
    displacement = values.get("displacement")
    bore, stroke, cylinders = values.get("bore"), values.get("stroke"), values.get("cylinders")
    if displacement is not None and bore is not None and stroke is not None and \
            cylinders is not None:
        (b_lo, b_hi), (s_lo, s_hi) = written_interval(bore), written_interval(stroke)
        lo, hi = (_PI_LOW / 4 * b_lo**2 * s_lo * cylinders,
                  _PI_HIGH / 4 * b_hi**2 * s_hi * cylinders)
        d_lo, d_hi = written_interval(displacement)
        if d_hi < lo or d_lo > hi:
            computed = _PI / 4 * bore.base**2 * stroke.base * cylinders
            return SpecError(
                f"says {displacement.text}, but bore {bore.text}, stroke {stroke.text} and "
                f"{cylinders} cylinder(s) give {_shown(computed, displacement)} (between "
                f"{_shown(lo, displacement)} and {_shown(hi, displacement)} within the "
                "rounding of the figures as written): they cannot both be right.",
                field="displacement", value=displacement.text,
                expected="a displacement that agrees with bore, stroke and cylinders, or only "
                "one of the two")
    pairs = (("wheelbase", "length", "a wheelbase longer than the overall length"),
             ("track_front", "width", "a front track wider than the overall width"),
             ("track_rear", "width", "a rear track wider than the overall width"),
             ("curb_mass", "gross_mass", "a curb mass above the gross mass"),
             ("rated_power", "max_power", "a continuous rated power above the maximum power"))
    for small, large, what in pairs:
        a, b = values.get(small), values.get(large)
        if a is not None and b is not None and written_interval(a)[0] > written_interval(b)[1]:
            return SpecError(f"is {a.text}, more than {large} ({b.text}): {what} cannot be.",
                             field=small, value=a.text,
                             expected=f"at most {large}, or one of the two left out")
    curb, payload, gross = (values.get("curb_mass"), values.get("max_payload"),
                            values.get("gross_mass"))
    if curb is not None and payload is not None and gross is not None and \
            written_interval(curb)[0] + written_interval(payload)[0] > written_interval(gross)[1]:
        return SpecError(f"is {payload.text}, but curb mass {curb.text} plus payload is more "
                         f"than the gross mass ({gross.text}).", field="max_payload",
                         value=payload.text,
                         expected="curb mass + payload at most the gross mass")
    return None


def _derived_displacement(values: Mapping[str, Any]) -> Quantity | None:
    bore, stroke, cylinders = values.get("bore"), values.get("stroke"), values.get("cylinders")
    if bore is None or stroke is None or cylinders is None:
        return None
    volume_m3 = _PI / 4 * bore.base**2 * stroke.base * cylinders
    cc = volume_m3 / _CC.factor
    number = decimal_text(cc, places=1)
    return Quantity(cc, _CC, f"{number} cc", number)


def parse_field(name: str, raw: Any) -> Any:
    """Validate one field's value as the spec contract says (used by rule conditions)."""
    try:
        return _field_value(name, raw, None)
    except KeirulesError as exc:
        raise exc.located(field=name) from None


def quantity_fields() -> dict[str, str]:
    """Spec field name -> dimension, for every quantity field."""
    return {name: spec.dimension for name, spec in FIELDS.items() if spec.dimension}

