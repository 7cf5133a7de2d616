"""JSON Schemas of the three contracts, generated from pydantic models.

The vehicle model is built from :data:`keirules.vehicle.FIELDS`, the same declaration the
loader validates against, so the schema cannot drift from what ``keirules check`` accepts.
The rule set and report models mirror the loader's key lists and :meth:`Report.as_dict`;
tests check both (key lists, and every example report validated against the report model).
pydantic is imported only here: loading it costs more than a whole ``keirules check``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from keirules.features import FEATURES
from keirules.rulesets.loader import EVIDENCE_KEYS, RULE_KEYS, SOURCE_KEYS, TOP_KEYS
from keirules.rulesets.model import EVIDENCE_KINDS, VERIFICATIONS
from keirules.vehicle import FIELDS, FieldSpec
from keirules.vocabulary import (
    AGE_PATTERN,
    FAMILY_PATTERN,
    ID_PATTERN,
    AgeCount,
    RuleSetStatus,
    Severity,
    Status,
    Verdict,
    anchored,
)

# The vocabularies as plain strings (the schema's enums are the contract's words).
AGE_COUNTS: tuple[str, ...] = tuple(c.value for c in AgeCount)
SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
STATUSES: tuple[str, ...] = tuple(s.value for s in RuleSetStatus)
RULE_STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
VERDICTS: tuple[str, ...] = tuple(v.value for v in Verdict)

__all__ = ["REPORT_MODEL", "RULESET_MODEL", "VEHICLE_MODEL", "json_schema"]

QUANTITY_TEXT = (
    r"^(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,2})? ?"
    r"[A-Za-z_]{1,40}(?:\^?[23])?(?:/[A-Za-z_]{1,40})?$"
)
DATE_TEXT = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
_STRICT = ConfigDict(extra="forbid")


class QuantityMapping(BaseModel):
    """A quantity written as a mapping: ``{value: 58.1, unit: in}``."""

    model_config = _STRICT
    value: float | str = Field(description="a plain non-negative decimal number")
    unit: str = Field(pattern=r"^[A-Za-z_]{1,40}(?:\^?[23])?(?:/[A-Za-z_]{1,40})?$")


#: The equipment vocabulary as an object with one optional boolean per name, so that an
#: editor offers the names and shows what each means (``keirules features`` lists the same).
FEATURES_MODEL: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "Features",
    __config__=_STRICT,
    __doc__="Equipment declared present (true) or absent (false).",
    **{name: (bool | None, Field(None, description=f"{f.meaning} [{f.standard}]"))
       for name, f in FEATURES.items()},
)


def _vehicle_field(name: str, spec: FieldSpec) -> tuple[Any, Any]:
    doc = spec.meaning + (f" ({spec.dimension})" if spec.dimension else "")
    if spec.kind == "quantity":
        text = str | QuantityMapping
        return (text | None, Field(None, description=doc,
                                    json_schema_extra={"x-dimension": spec.dimension}))
    if spec.kind == "choice":
        return (Literal[spec.choices] | None, Field(None, description=doc))
    if spec.kind == "integer":
        low, high = spec.bounds or (0, 10**6)
        return (int | None, Field(None, ge=low, le=high, description=doc))
    if spec.kind == "date":
        return (int | str | None, Field(None, description=doc,
                                         json_schema_extra={"pattern": DATE_TEXT}))
    if spec.kind == "country":
        return (str | None, Field(None, pattern=r"^[A-Z]{2}$", description=doc))
    if spec.kind == "features":
        return (FEATURES_MODEL | None, Field(None, description=doc))
    if spec.kind == "text_list":
        return (list[str] | None, Field(None, description=doc))
    if name == "name":
        return (str, Field(description=doc))
    return (str | None, Field(None, description=doc))


VEHICLE_MODEL: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "VehicleSpec",
    __config__=_STRICT,
    __doc__="A vehicle spec, version 1 (see the vehicle spec contract).",
    **{name: _vehicle_field(name, spec) for name, spec in FIELDS.items()},
)


class EvidenceModel(BaseModel):
    """A secondary document where a source's figures were checked."""

    model_config = _STRICT
    title: str
    url: str | None = None
    kind: Literal[EVIDENCE_KINDS]  # type: ignore[valid-type]


class SourceModel(BaseModel):
    """A source that rules cite by key: the legal instrument, its official text, and how the
    figures were verified."""

    model_config = _STRICT
    title: str
    instrument: str | None = Field(None, description="the instrument's number as published")
    citation: str | None = Field(None, description="pinpoint: article, paragraph, table")
    url: str | None = Field(None, description="the official text, where one exists")
    verified: Literal[VERIFICATIONS] | None = Field(  # type: ignore[valid-type]
        None, description="text: read in the instrument; secondary: only in the evidence")
    evidence: list[EvidenceModel] | None = None
    note: str | None = None


LimitText = str | int | float | list[str | int]


class RuleModel(BaseModel):
    """One rule: a field (or feature), exactly one comparison, and optional metadata."""

    model_config = _STRICT
    id: str = Field(pattern=anchored(ID_PATTERN))
    title: str | None = None
    field: str | None = Field(None, description="the spec field checked")
    feature: Literal[tuple(FEATURES)] | None = Field(  # type: ignore[valid-type]
        None, description="a feature the spec's features must declare (keirules features)")
    max: LimitText | None = None
    min: LimitText | None = None
    less_than: LimitText | None = None
    greater_than: LimitText | None = None
    equals: LimitText | None = None
    one_of: list[str | int] | None = None
    min_age: str | None = Field(None, pattern=anchored(AGE_PATTERN))
    max_age: str | None = Field(None, pattern=anchored(AGE_PATTERN))
    count: Literal[tuple(AGE_COUNTS)] | None = Field(  # type: ignore[valid-type]
        None, description="how an age rule counts the age: day (default), month or "
        "calendar_year (the year of the date minus the year of manufacture)")
    effective_from: str | None = Field(
        None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        description="the rule applies from this day (inside its version's period)")
    effective_until: str | None = Field(
        None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        description="the rule applies until this day, inclusive (inside its version's period)")
    severity: Literal[SEVERITIES] = "legal"  # type: ignore[valid-type]
    when: dict[str, str | int | list[str | int]] | None = None
    source: str | None = None
    note: str | None = None
    citation: str | None = None


class RuleSetModel(BaseModel):
    """A rule set file, version 1 (see the rule set contract)."""

    model_config = _STRICT
    format: Literal["keirules-ruleset/1"] = "keirules-ruleset/1"
    family: str = Field(pattern=anchored(FAMILY_PATTERN))
    version: str | int
    title: str
    jurisdiction: str
    status: Literal[STATUSES]  # type: ignore[valid-type]
    effective_from: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    effective_until: str | None = Field(None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    extends: str | None = None
    sources: dict[str, SourceModel] | None = None
    notes: str | None = None
    rules: list[RuleModel] | None = None
    remove: list[str] | None = None
    tests: list[dict[str, Any]] | None = None


class _Value(BaseModel):
    value: str | list[str] | None
    unit: str | None


class _Limit(BaseModel):
    op: str
    value: str | list[str]
    unit: str | None


class _Margin(BaseModel):
    value: str
    unit: str | None
    percent: str | None


class _ResultSource(BaseModel):
    title: str
    url: str | None
    instrument: str | None = None
    citation: str | None = None
    verified: Literal[VERIFICATIONS] | None = None  # type: ignore[valid-type]


class ResultModel(BaseModel):
    """One rule's result in a report."""

    model_config = _STRICT
    rule: str
    title: str
    field: str
    severity: Literal[SEVERITIES]  # type: ignore[valid-type]
    status: Literal[RULE_STATUSES]  # type: ignore[valid-type]
    measured: _Value | None
    limit: _Limit
    margin: _Margin | None
    reason: str
    source: _ResultSource
    note: str | None = None
    derived: bool | None = None
    threshold_date: str | None = None
    earliest_date: str | None = None
    notes: list[str] | None = None


class _Tool(BaseModel):
    name: str
    version: str


class _VehicleRef(BaseModel):
    name: str
    source: str | None


class _RuleSetRef(BaseModel):
    name: str
    family: str
    version: str
    title: str
    jurisdiction: str
    effective_from: str
    effective_until: str | None
    status: Literal[STATUSES]  # type: ignore[valid-type]
    extends: str | None
    file: str | None
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class _Summary(BaseModel):
    model_config = _STRICT
    pass_: int = Field(alias="pass")
    fail: int
    unknown: int
    not_applicable: int
    warnings: int


class ReportModel(BaseModel):
    """The JSON report of one vehicle against one rule set, version 1."""

    model_config = _STRICT
    report_version: Literal[1]
    tool: _Tool
    vehicle: _VehicleRef
    ruleset: _RuleSetRef
    on: str
    verdict: Literal[VERDICTS]  # type: ignore[valid-type]
    results: list[ResultModel]
    summary: _Summary
    notes: list[str] | None = None


def _declared_keys(model: type[BaseModel], keys: tuple[str, ...]) -> None:
    """The rule set keys are declared by the loader, which validates files without pydantic;
    a model here that names other keys is a bug caught when the schema is built."""
    if set(model.model_fields) != set(keys):
        raise AssertionError(f"{model.__name__} names keys {sorted(model.model_fields)}, the "
                             f"loader reads {sorted(keys)}")


for _model, _keys in ((RuleSetModel, TOP_KEYS), (RuleModel, RULE_KEYS),
                      (SourceModel, SOURCE_KEYS), (EvidenceModel, EVIDENCE_KEYS)):
    _declared_keys(_model, _keys)

RULESET_MODEL: type[BaseModel] = RuleSetModel
REPORT_MODEL: type[BaseModel] = ReportModel
_MODELS = {"vehicle": VEHICLE_MODEL, "ruleset": RULESET_MODEL, "report": REPORT_MODEL}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``vehicle``, ``ruleset`` or ``report``."""
    schema = _MODELS[kind].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
