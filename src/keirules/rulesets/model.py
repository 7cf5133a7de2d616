"""The resolved, compiled form of a rule set: immutable values the engine evaluates.

A :class:`RuleSet` here is already resolved (``extends`` and ``remove`` applied) and compiled
(limits parsed into exact values in SI base units), so evaluating a vehicle does no parsing and
no unit lookups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

from keirules.quantity import Quantity
from keirules.vocabulary import AgeCount, AgeUnit, Comparison, RuleSetStatus, Severity

__all__ = [
    "AGE_COUNTS",
    "COMPARISONS",
    "DATED_STATUSES",
    "EVIDENCE_KINDS",
    "SEVERITIES",
    "STATUSES",
    "VERIFICATIONS",
    "Condition",
    "Evidence",
    "Limit",
    "Rule",
    "RuleSet",
    "Source",
]

#: Comparison key in a rule -> the operator shown in reports.
COMPARISONS: Final = {c: c.op for c in Comparison.rule_keys()}
SEVERITIES: Final = tuple(Severity)
#: How an age rule counts the age (``count:``) -> what it means.
AGE_COUNTS: Final = {c: c.meaning for c in AgeCount}
STATUSES: Final = tuple(RuleSetStatus)
#: Only these are ever picked by date; the others must be named explicitly.
DATED_STATUSES: Final = tuple(s for s in RuleSetStatus if s.dated)
#: How a source's figures were checked: read in the instrument's own text, or only elsewhere.
VERIFICATIONS: Final = ("text", "secondary")
#: What kind of document a piece of evidence is, from the most to the least authoritative.
EVIDENCE_KINDS: Final = (
    "government", "law_database", "gazette", "association", "press", "encyclopedia", "dealer",
    "blog",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A secondary document where a source's figures were checked (never the legal basis)."""

    title: str
    kind: str
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Source:
    """A legal or documentary source that rules cite by key.

    ``instrument`` and ``citation`` name the legal basis (the instrument's number as published,
    and the article, paragraph or table); ``url`` links its official text; ``verified`` says
    whether the figures were read in that text (``text``) or only in the ``evidence``
    (``secondary``).
    """

    key: str
    title: str
    url: str | None = None
    note: str | None = None
    instrument: str | None = None
    citation: str | None = None
    verified: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def has_legal_basis(self) -> bool:
        """Whether the source names its instrument or citation and how it was verified."""
        return bool(self.title and self.verified and (self.instrument or self.citation))

    def basis_dict(self, citation: str | None = None) -> dict[str, Any]:
        """The legal basis as reports name it: title, link, instrument, the pinpoint (a
        rule's or route's own ``citation``, else the source's) and how it was verified."""
        data: dict[str, Any] = {"title": self.title, "url": self.url}
        if self.instrument:
            data["instrument"] = self.instrument
        if citation or self.citation:
            data["citation"] = citation or self.citation
        if self.verified:
            data["verified"] = self.verified
        return data

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "url": self.url, "note": self.note}
        for key in ("instrument", "citation", "verified"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.evidence:
            data["evidence"] = [item.as_dict() for item in self.evidence]
        return data


@dataclass(frozen=True, slots=True)
class Limit:
    """A rule's limit: the text as written and its compiled value.

    ``quantity`` is set for physical fields; ``value`` holds an integer, a choice, a tuple
    (``one_of``), an age in whole months (``min_age``/``max_age``) or True (a feature).
    """

    comparison: Comparison
    text: str
    quantity: Quantity | None = None
    value: Any = None
    #: For ``min_age`` / ``max_age``: how the age is counted.
    count: AgeCount | None = None
    #: For ``min_age`` / ``max_age``: the unit the limit is written in.
    age_unit: AgeUnit | None = None

    def __post_init__(self) -> None:
        # Plain strings are accepted and typed here, so every limit carries its behaviour.
        object.__setattr__(self, "comparison", Comparison(self.comparison))
        if self.count is not None:
            object.__setattr__(self, "count", AgeCount(self.count))
        if self.age_unit is not None:
            object.__setattr__(self, "age_unit", AgeUnit(self.age_unit))
        elif self.comparison.is_age:
            object.__setattr__(self, "age_unit", AgeUnit.YEARS)

    @property
    def op(self) -> str:
        return self.comparison.op

    @property
    def age_count(self) -> AgeCount:
        """How an age rule counts (by day unless it says otherwise)."""
        return self.count or AgeCount.DAY


@dataclass(frozen=True, slots=True)
class Condition:
    """One clause of a rule's ``when``: the spec field must hold one of ``allowed``."""

    field: str
    allowed: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """One check of one spec field (or one declared feature) against one limit."""

    id: str
    title: str
    field: str  # a spec field, or "features.NAME"
    limit: Limit
    source: Source
    severity: Severity = Severity.LEGAL
    when: tuple[Condition, ...] = ()
    note: str | None = None
    citation: str | None = None
    #: The rule set (FAMILY@VERSION) whose file defines this rule.
    defined_in: str = ""
    #: Rule-level dates inside the version's period; outside them the rule does not apply.
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def legal(self) -> bool:
        """Whether only this rule's failure fails a verdict (a voluntary or advisory one warns)."""
        return self.severity is Severity.LEGAL

    @property
    def feature(self) -> str | None:
        return self.field[len("features."):] if self.field.startswith("features.") else None

    def in_force_on(self, day: dt.date) -> bool:
        """Whether ``day`` is inside the rule's own dates (always, if it has none)."""
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until)

    def canonical(self) -> dict[str, Any]:
        """The rule's content for hashing and diffs (independent of where it was defined)."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "field": self.field,
            "comparison": str(self.limit.comparison),
            "limit": self.limit.text,
            "severity": str(self.severity),
            "when": {c.field: list(c.allowed) for c in self.when},
            "source": self.source.as_dict(),
            "note": self.note,
            "citation": self.citation,
        }
        # Only when set, so that the hashes of rule sets without them stay as they were.
        if self.effective_from is not None:
            data["effective_from"] = self.effective_from.isoformat()
        if self.effective_until is not None:
            data["effective_until"] = self.effective_until.isoformat()
        if self.limit.count not in (None, AgeCount.DAY):
            data["count"] = str(self.limit.count)
        return data


@dataclass(frozen=True)
class RuleSet:
    """One version of one family of rules, resolved and compiled."""

    family: str
    version: str
    title: str
    jurisdiction: str
    status: RuleSetStatus
    effective_from: dt.date
    effective_until: dt.date | None
    sources: Mapping[str, Source]
    rules: tuple[Rule, ...]
    notes: str | None = None
    extends: str | None = None
    file: str | None = None
    builtin: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", RuleSetStatus(self.status))

    @property
    def name(self) -> str:
        return f"{self.family}@{self.version}"

    @property
    def dated(self) -> bool:
        """Whether this rule set may be chosen by date (not a draft, proposal or what-if)."""
        return self.status.dated

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        from keirules.errors import UnknownNameError, did_you_mean

        known = [rule.id for rule in self.rules]
        raise UnknownNameError(f"is not a rule of {self.name}."
                               f"{did_you_mean(str(rule_id), known)}", field="rule",
                               value=rule_id, expected="one of " + ", ".join(known))

    def canonical(self) -> dict[str, Any]:
        """The resolved content that :attr:`sha256` is taken over."""
        return {
            "format": "keirules-ruleset/1",
            "family": self.family,
            "version": self.version,
            "title": self.title,
            "jurisdiction": self.jurisdiction,
            "status": str(self.status),
            "effective_from": self.effective_from.isoformat(),
            "extends": self.extends,
            "notes": self.notes,
            "rules": [rule.canonical() for rule in self.rules],
        }

    @cached_property  # a rule set never changes once resolved; every report names its hash
    def sha256(self) -> str:
        """Hash of the resolved content: equal exactly when two reports name the same rules."""
        text = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
