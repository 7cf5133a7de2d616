"""Reading rule set files: validate every key with its line, then resolve and compile.

Reading happens in two steps so that a catalog can list a family's versions (the header: names,
status, dates) and resolve ``extends`` chains before compiling any rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from keirules.dates import DateProblem, parse_date
from keirules.errors import KeirulesError, Locator, RuleSetError, did_you_mean
from keirules.features import unknown_feature
from keirules.quantity import parse_quantity
from keirules.rulesets.model import (
    AGE_COUNTS,
    COMPARISONS,
    EVIDENCE_KINDS,
    SEVERITIES,
    STATUSES,
    VERIFICATIONS,
    Condition,
    Evidence,
    Limit,
    Rule,
    RuleSet,
    Source,
)
from keirules.vehicle import FIELDS, parse_field
from keirules.vocabulary import (
    AGE_PATTERN,
    FAMILY_PATTERN,
    FEATURE_NAME_PATTERN,
    ID_PATTERN,
    VERSION_PATTERN,
    AgeCount,
    AgeUnit,
    Comparison,
    RuleSetStatus,
    Severity,
)
from keirules.yamlload import Document

__all__ = [
    "EVIDENCE_KEYS",
    "FORMAT",
    "RULE_KEYS",
    "SOURCE_KEYS",
    "TOP_KEYS",
    "RuleSetHeader",
    "read_header",
    "read_sources",
    "resolve",
]

FORMAT: Final = "keirules-ruleset/1"
TOP_KEYS: Final = (
    "format", "family", "version", "title", "jurisdiction", "status", "effective_from",
    "effective_until", "extends", "sources", "notes", "rules", "remove", "tests",
)
REQUIRED_KEYS: Final = ("family", "version", "title", "jurisdiction", "status", "effective_from")
RULE_KEYS: Final = (
    "id", "title", "field", "feature", *COMPARISONS, "count", "severity", "when", "source",
    "note", "citation", "effective_from", "effective_until",
)
SOURCE_KEYS: Final = (
    "title", "instrument", "citation", "url", "verified", "evidence", "note",
)
EVIDENCE_KEYS: Final = ("title", "url", "kind")
_FAMILY: Final = FAMILY_PATTERN
_VERSION: Final = VERSION_PATTERN
_ID: Final = ID_PATTERN
_AGE: Final = AGE_PATTERN
# Which comparisons each kind of spec field supports.
_LEVELS: Final = tuple(c for c in Comparison if c.is_level)
_CHOICES: Final = (Comparison.EQUALS, Comparison.ONE_OF)
_ALLOWED: Final[dict[str, tuple[Comparison, ...]]] = {
    "quantity": _LEVELS,
    "integer": (*_LEVELS, Comparison.ONE_OF),
    "choice": _CHOICES,
    "country": _CHOICES,
    "text": _CHOICES,
    "date": (Comparison.MIN_AGE, Comparison.MAX_AGE),
}
_CONDITION_KINDS: Final = ("choice", "integer", "country", "text")
_LIMIT_EXAMPLES: Final = {
    "quantity": "a quantity such as '3.40 m'", "integer": "a whole number such as 4",
    "date": "an age such as '25 years'", "choice": "one of the values the field allows",
    "country": "a country code such as 'JP'", "text": "a text",
}


@dataclass(frozen=True)
class RuleSetHeader:
    """A rule set file read and checked at the top level, before its rules are compiled."""

    document: Document
    family: str
    version: str
    title: str
    jurisdiction: str
    status: RuleSetStatus
    effective_from: dt.date
    effective_until: dt.date | None
    extends: str | None
    sources: dict[str, Source]
    notes: str | None

    @property
    def name(self) -> str:
        return f"{self.family}@{self.version}"

    @property
    def file(self) -> str:
        return self.document.file


class _Context(Locator[RuleSetError]):
    """Rule set errors located in the document (:class:`keirules.errors.Locator`)."""

    def __init__(self, document: Document) -> None:
        super().__init__(document, RuleSetError)

    def text(self, data: Mapping[str, Any], path: tuple[str | int, ...], key: str,
             *, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.error((*path, key), "is missing.", expected="text")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.error((*path, key), "is not text.", value=value, expected="text")
        return str(value)


def read_header(document: Document) -> RuleSetHeader:
    """Check a rule set document's top level (keys, names, dates, sources)."""
    ctx = _Context(document)
    data = document.data
    if not isinstance(data, Mapping):
        raise ctx.error((), "is not a rule set: expected a mapping with 'family', 'version', "
                        "'rules' and so on.")
    for key in data:
        if key not in TOP_KEYS:
            raise ctx.error((key,), f"is not a key of a rule set.{did_you_mean(key, TOP_KEYS)}",
                            expected="one of " + ", ".join(TOP_KEYS))
    for key in REQUIRED_KEYS:
        if data.get(key) is None:
            raise ctx.error((key,), "is missing; every rule set needs it.")
    if data.get("format", FORMAT) != FORMAT:
        raise ctx.error(("format",), "is not a format this version of keirules reads.",
                        value=data["format"], expected=f"'{FORMAT}'")
    family = ctx.text(data, (), "family", required=True) or ""
    if not _FAMILY.fullmatch(family):
        raise ctx.error(("family",), "is not a family name.", value=family,
                        expected="lower-case words joined by hyphens, e.g. 'jp-kei'")
    version = ctx.text(data, (), "version", required=True) or ""
    if not _VERSION.fullmatch(version):
        raise ctx.error(("version",), "is not a version label.", value=version,
                        expected="a year or date such as '1998' or '2005-10-03'")
    status = data.get("status")
    if status not in STATUSES:
        raise ctx.error(("status",), f"is not a status.{did_you_mean(str(status), STATUSES)}",
                        value=status, expected=" or ".join(STATUSES))
    effective_from = _date(ctx, data, "effective_from")
    effective_until = _date(ctx, data, "effective_until") if data.get("effective_until") else None
    if effective_from and effective_until and effective_until < effective_from:
        raise ctx.error(("effective_until",), "is before effective_from.",
                        value=str(data["effective_until"]))
    extends = ctx.text(data, (), "extends")
    remove = data.get("remove")
    if remove is not None and extends is None:
        raise ctx.error(("remove",), "only makes sense with 'extends' (there is nothing to "
                        "remove rules from).")
    return RuleSetHeader(
        document=document,
        family=family,
        version=version,
        title=ctx.text(data, (), "title", required=True) or "",
        jurisdiction=ctx.text(data, (), "jurisdiction", required=True) or "",
        status=RuleSetStatus(status),
        effective_from=effective_from or dt.date.min,
        effective_until=effective_until,
        extends=extends,
        sources=_sources(ctx, data.get("sources")),
        notes=ctx.text(data, (), "notes"),
    )


def _date(ctx: _Context, data: Mapping[str, Any], key: str) -> dt.date | None:
    try:
        return parse_date(data[key])
    except DateProblem as exc:
        raise ctx.error((key,), f"{exc}.", value=data[key], expected="a date YYYY-MM-DD") from None


def read_sources(document: Document, raw: Any) -> dict[str, Source]:
    """The ``sources`` mapping of any keirules data file (rule set, market, region), checked;
    errors name the file and line."""
    return _sources(_Context(document), raw)


def _sources(ctx: _Context, raw: Any) -> dict[str, Source]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ctx.error(("sources",), "is not a mapping of source keys to sources.",
                        expected="e.g. ordinance: {title: ..., url: ...}")
    sources: dict[str, Source] = {}
    for key, value in raw.items():
        path = ("sources", key)
        if not isinstance(value, Mapping):
            raise ctx.error(path, "is not a source.", expected="a mapping with 'title' and "
                            "optionally 'instrument', 'citation', 'url', 'verified', "
                            "'evidence' and 'note'")
        for inner in value:
            if inner not in SOURCE_KEYS:
                raise ctx.error((*path, inner), f"is not a key of a source."
                                f"{did_you_mean(str(inner), SOURCE_KEYS)}",
                                expected=", ".join(SOURCE_KEYS))
        verified = value.get("verified")
        if verified is not None and verified not in VERIFICATIONS:
            raise ctx.error((*path, "verified"), "is not a verification."
                            f"{did_you_mean(str(verified), VERIFICATIONS)}", value=verified,
                            expected="text (read in the instrument) or secondary (only in "
                            "the evidence)")
        sources[str(key)] = Source(
            key=str(key),
            title=ctx.text(value, path, "title", required=True) or "",
            url=ctx.text(value, path, "url"),
            note=ctx.text(value, path, "note"),
            instrument=ctx.text(value, path, "instrument"),
            citation=ctx.text(value, path, "citation"),
            verified=None if verified is None else str(verified),
            evidence=_evidence(ctx, (*path, "evidence"), value.get("evidence")),
        )
    return sources


def _evidence(ctx: _Context, path: tuple[str | int, ...], raw: Any) -> tuple[Evidence, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ctx.error(path, "is not a list of evidence.",
                        expected="e.g. [{title: ..., url: ..., kind: association}]")
    items = []
    for i, item in enumerate(raw):
        where = (*path, i)
        if not isinstance(item, Mapping):
            raise ctx.error(where, "is not a piece of evidence.",
                            expected="a mapping with 'title', 'kind' and optionally 'url'")
        for inner in item:
            if inner not in EVIDENCE_KEYS:
                raise ctx.error((*where, inner), "is not a key of a piece of evidence."
                                f"{did_you_mean(str(inner), EVIDENCE_KEYS)}",
                                expected=", ".join(EVIDENCE_KEYS))
        kind = item.get("kind")
        if kind not in EVIDENCE_KINDS:
            raise ctx.error((*where, "kind"), "is not a kind of evidence."
                            f"{did_you_mean(str(kind), EVIDENCE_KINDS)}", value=kind,
                            expected=" or ".join(EVIDENCE_KINDS))
        items.append(Evidence(title=ctx.text(item, where, "title", required=True) or "",
                              kind=str(kind), url=ctx.text(item, where, "url")))
    return tuple(items)


def resolve(header: RuleSetHeader, base: RuleSet | None, *, builtin: bool = False,
            until: Callable[[RuleSetHeader], dt.date | None] | None = None) -> RuleSet:
    """Apply ``extends`` (``base``) and ``remove``, then compile this file's rules."""
    ctx = _Context(header.document)
    data = header.document.data
    sources = dict(base.sources) if base else {}
    sources.update(header.sources)
    if not sources:
        raise ctx.error(("sources",), "is missing: every rule set must cite at least one source "
                        "for its limits.", expected="sources: {key: {title: ..., url: ...}}")
    default_source = next(iter(header.sources.values()), None) or next(iter(sources.values()))
    rules: dict[str, Rule] = {rule.id: rule for rule in base.rules} if base else {}
    remove = data.get("remove") or []
    if not isinstance(remove, list):
        raise ctx.error(("remove",), "is not a list of rule ids.", value=remove)
    for i, item in enumerate(remove):
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise ctx.error(("remove", i), "is not a rule id.", value=item,
                            expected="the id of a rule of the base rule set, e.g. 'seats'")
        rule_id = str(item)
        if rule_id in {str(earlier) for earlier in remove[:i]}:
            raise ctx.error(("remove", i), "is listed twice.", value=rule_id)
        if rule_id not in rules:
            raise ctx.error(("remove", i), "names no rule of the base rule set."
                            f"{did_you_mean(rule_id, rules)}",
                            value=rule_id, expected="one of " + ", ".join(rules))
        del rules[rule_id]
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise ctx.error(("rules",), "is not a list of rules.")
    if not raw_rules and base is None:
        raise ctx.error(("rules",), "is empty: a rule set without 'extends' needs rules.")
    own: set[str] = set()
    period = (header.effective_from,
              header.effective_until or (until(header) if until else None))
    for i, raw in enumerate(raw_rules):
        rule = _rule(ctx, ("rules", i), raw, sources, default_source, header.name, period)
        if rule.id in own:
            raise ctx.error(("rules", i, "id"), "is used by another rule of this file; rule "
                            "ids must be unique.", value=rule.id)
        own.add(rule.id)
        rules[rule.id] = rule  # an inherited id is replaced in place
    return RuleSet(
        family=header.family,
        version=header.version,
        title=header.title,
        jurisdiction=header.jurisdiction,
        status=header.status,
        effective_from=header.effective_from,
        effective_until=header.effective_until or (until(header) if until else None),
        sources=sources,
        rules=tuple(rules.values()),
        notes=header.notes,
        extends=base.name if base else None,
        file=header.file,
        builtin=builtin,
    )


def _rule(ctx: _Context, path: tuple[str | int, ...], raw: Any, sources: Mapping[str, Source],
          default_source: Source, defined_in: str,
          period: tuple[dt.date, dt.date | None] = (dt.date.min, None)) -> Rule:
    if not isinstance(raw, Mapping):
        raise ctx.error(path, "is not a rule.", expected="a mapping with 'id', 'field' and a "
                        "comparison such as 'max: 3.40 m'")
    for key in raw:
        if key not in RULE_KEYS:
            raise ctx.error((*path, key), f"is not a key of a rule.{did_you_mean(key, RULE_KEYS)}",
                            expected="one of " + ", ".join(RULE_KEYS))
    rule_id = ctx.text(raw, path, "id", required=True) or ""
    if not _ID.fullmatch(rule_id):
        raise ctx.error((*path, "id"), "is not a rule id.", value=rule_id,
                        expected="lower-case letters, digits, '-', '_' or '.', e.g. 'length'")
    if ("field" in raw) == ("feature" in raw):
        raise ctx.error(path, f"rule '{rule_id}' must name exactly one of 'field' (a spec "
                        "field) or 'feature' (a declared equipment feature).")
    check = _feature_check if "feature" in raw else _field_check
    field, limit, title_default = check(ctx, path, raw, rule_id)
    severity = raw.get("severity", "legal")
    if severity not in SEVERITIES:
        hint = did_you_mean(str(severity), SEVERITIES)
        raise ctx.error((*path, "severity"), f"is not a severity.{hint}",
                        value=severity, expected=" or ".join(SEVERITIES))
    source_key = raw.get("source")
    if source_key is None:
        source = default_source
    elif not isinstance(source_key, str) or source_key not in sources:
        raise ctx.error((*path, "source"), "names no source of this rule set.", value=source_key,
                        expected="one of " + ", ".join(sources))
    else:
        source = sources[source_key]
    effective_from, effective_until = _rule_dates(ctx, path, raw, period)
    return Rule(
        id=rule_id,
        title=ctx.text(raw, path, "title") or title_default,
        field=field,
        limit=limit,
        source=source,
        severity=Severity(severity),
        when=_conditions(ctx, (*path, "when"), raw.get("when")),
        note=ctx.text(raw, path, "note"),
        citation=ctx.text(raw, path, "citation"),
        defined_in=defined_in,
        effective_from=effective_from,
        effective_until=effective_until,
    )


def _feature_check(ctx: _Context, path: tuple[str | int, ...], raw: Mapping[str, Any],
                   rule_id: str) -> tuple[str, Limit, str]:
    """A ``feature:`` rule's field, limit and default title."""
    comparisons = [key for key in COMPARISONS if key in raw]
    name = ctx.text(raw, path, "feature", required=True) or ""
    if not FEATURE_NAME_PATTERN.fullmatch(name):
        raise ctx.error((*path, "feature"), "is not a feature name.", value=name,
                        expected="a lower-case name such as 'frontal_airbags'")
    if comparisons:
        raise ctx.error((*path, comparisons[0]), "does not apply to a feature rule (the "
                        "spec's features map must say true).")
    if "count" in raw:
        raise ctx.error((*path, "count"), "only applies to an age rule (min_age or "
                        "max_age).", value=raw["count"])
    problem = unknown_feature(name)
    if problem is not None:
        raise ctx.error((*path, "feature"), problem, value=name,
                        expected="a name that 'keirules features' lists")
    field = f"features.{name}"
    limit = Limit(Comparison.FEATURE, "present", value=True)
    title_default = f"Equipment: {name.replace('_', ' ')}"
    return field, limit, title_default


def _field_check(ctx: _Context, path: tuple[str | int, ...], raw: Mapping[str, Any],
                 rule_id: str) -> tuple[str, Limit, str]:
    """A ``field:`` rule's field, its one comparison's compiled limit and default title."""
    comparisons = [key for key in COMPARISONS if key in raw]
    field = ctx.text(raw, path, "field", required=True) or ""
    spec = FIELDS.get(field)
    if spec is None or spec.kind not in _ALLOWED:
        known = [k for k, s in FIELDS.items() if s.kind in _ALLOWED]
        raise ctx.error((*path, "field"), f"is not a spec field a rule can check."
                        f"{did_you_mean(field, known)}", value=field,
                        expected="one of " + ", ".join(known))
    if len(comparisons) != 1:
        raise ctx.error(path, f"rule '{rule_id}' must have exactly one comparison, found "
                        f"{len(comparisons)}.", expected=", ".join(_ALLOWED[spec.kind]))
    comparison = comparisons[0]
    if comparison not in _ALLOWED[spec.kind]:
        raise ctx.error((*path, comparison), f"cannot compare '{field}' (a {spec.kind} "
                        "field).", expected=", ".join(_ALLOWED[spec.kind]))
    limit = _limit(ctx, (*path, comparison), field, comparison, raw[comparison])
    limit = _count(ctx, path, raw, limit)
    title_default = spec.meaning[:1].upper() + spec.meaning[1:]
    return field, limit, title_default


def _count(ctx: _Context, path: tuple[str | int, ...], raw: Mapping[str, Any],
           limit: Limit) -> Limit:
    """An age rule's ``count`` (day, month or calendar_year); refused on any other rule."""
    if not limit.comparison.is_age:
        if "count" in raw:
            raise ctx.error((*path, "count"), "only applies to an age rule (min_age or "
                            "max_age).", value=raw["count"])
        return limit
    count = raw.get("count", "day")
    if not isinstance(count, str) or count not in AGE_COUNTS:
        raise ctx.error((*path, "count"), "is not a way of counting an age."
                        f"{did_you_mean(str(count), AGE_COUNTS)}", value=count,
                        expected=" or ".join(AGE_COUNTS))
    if count == AgeCount.CALENDAR_YEAR and limit.age_unit is not AgeUnit.YEARS:
        raise ctx.error((*path, "count"), "counts calendar years, so the age must be written "
                        "in years.", value=limit.text, expected="e.g. '21 years'")
    return replace(limit, count=AgeCount(count))


def _rule_dates(ctx: _Context, path: tuple[str | int, ...], raw: Mapping[str, Any],
                period: tuple[dt.date, dt.date | None]) -> tuple[dt.date | None, dt.date | None]:
    """A rule's own ``effective_from`` / ``effective_until``, inside its version's period."""
    start, end = period
    found: dict[str, dt.date | None] = {}
    for key in ("effective_from", "effective_until"):
        if raw.get(key) is None:
            found[key] = None
            continue
        try:
            day = parse_date(raw[key])
        except DateProblem as exc:
            raise ctx.error((*path, key), f"{exc}.", value=raw[key],
                            expected="a date YYYY-MM-DD") from None
        if day < start or (end is not None and day > end):
            until_text = end.isoformat() if end else "open-ended"
            raise ctx.error((*path, key), "is outside the period of its rule set version "
                            f"({start.isoformat()} to {until_text}); a rule's own dates must "
                            "lie inside it.", value=day.isoformat())
        found[key] = day
    first, last = found["effective_from"], found["effective_until"]
    if first is not None and last is not None and last < first:
        raise ctx.error((*path, "effective_until"), "is before the rule's effective_from.",
                        value=last.isoformat())
    return first, last


def _limit(ctx: _Context, path: tuple[str | int, ...], field: str, comparison: Comparison,
           raw: Any) -> Limit:
    spec = FIELDS[field]
    if raw is None:
        raise ctx.error(path, "has no value (null); a comparison needs a limit.",
                        expected=_LIMIT_EXAMPLES.get(spec.kind, "a limit"))
    if spec.kind == "date":
        match = _AGE.fullmatch(raw) if isinstance(raw, str) else None
        if match is None:
            raise ctx.error(path, "is not an age.", value=raw,
                            expected="whole years or months, e.g. '25 years' or '6 months'")
        number = int(raw.partition(" ")[0])
        years = match[1].startswith("year")
        unit = AgeUnit.YEARS if years else AgeUnit.MONTHS
        return Limit(comparison, raw, value=number * unit.months, count=AgeCount.DAY,
                     age_unit=unit)
    try:
        if spec.kind == "quantity":
            quantity = parse_quantity(raw, field=field, dimension=spec.dimension)
            return Limit(comparison, quantity.text, quantity=quantity)
        if comparison is Comparison.ONE_OF:
            if not isinstance(raw, list) or not raw:
                raise ctx.error(path, "is not a non-empty list.", value=raw)
            for i, item in enumerate(raw):
                if item is None:
                    raise ctx.error((*path, i), "is null; every value listed must be one the "
                                    "field can hold.")
            values = tuple(parse_field(field, item) for item in raw)
            return Limit(comparison, ", ".join(str(v) for v in values), value=values)
        value = parse_field(field, raw)
        return Limit(comparison, str(value), value=value)
    except RuleSetError:
        raise
    except KeirulesError as exc:
        raise ctx.relocate(exc, path) from None


def _conditions(ctx: _Context, path: tuple[str | int, ...], raw: Any) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ctx.error(path, "is not a mapping of spec field to allowed value(s).",
                        expected="e.g. {powertrain: [combustion, hybrid]}")
    conditions = []
    for field, allowed in raw.items():
        spec = FIELDS.get(field)
        if spec is None or spec.kind not in _CONDITION_KINDS:
            known = [k for k, s in FIELDS.items() if s.kind in _CONDITION_KINDS]
            raise ctx.error((*path, field), f"is not a spec field a condition can test."
                            f"{did_you_mean(field, known)}", expected="one of " + ", ".join(known))
        items = allowed if isinstance(allowed, list) else [allowed]
        if not items:
            raise ctx.error((*path, field), "is an empty list: the rule could never apply.")
        if None in items:
            raise ctx.error((*path, field), "is null (or lists null): a spec's missing value "
                            "matches no condition, so the rule could never apply.",
                            expected="the value(s) of the field for which the rule applies")
        try:
            values = tuple(parse_field(field, item) for item in items)
        except KeirulesError as exc:
            raise ctx.relocate(exc, (*path, field)) from None
        conditions.append(Condition(field, values))
    return tuple(conditions)

