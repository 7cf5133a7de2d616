"""JSON for programs: reports, rule sets and the catalog, as the contracts shape them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from keirules.report import Report
from keirules.rulesets.model import Rule, RuleSet
from keirules.vocabulary import Comparison

__all__ = ["catalog_entries", "dumps", "report_json", "ruleset_dict"]


def dumps(data: Any) -> str:
    """Stable, readable JSON (UTF-8 text kept as is)."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def report_json(report: Report) -> str:
    return dumps(report.as_dict())


def catalog_entries(rulesets: list[RuleSet],
                    providers: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The ``keirules list`` JSON: one entry per family version; with ``providers`` (family
    -> ``built-in`` or a plugin's distribution name), a ``provider`` field in each."""
    entries = [
        {
            "name": rs.name,
            "family": rs.family,
            "version": rs.version,
            "title": rs.title,
            "status": rs.status,
            "effective_from": rs.effective_from.isoformat(),
            "effective_until": rs.effective_until.isoformat() if rs.effective_until else None,
            "jurisdiction": rs.jurisdiction,
        }
        for rs in rulesets
    ]
    if providers is not None:
        for entry, rs in zip(entries, rulesets, strict=True):
            entry["provider"] = providers.get(rs.family)
    return entries


def ruleset_dict(ruleset: RuleSet) -> dict[str, Any]:
    """A resolved rule set (after ``extends``) in the rule set file's own shape."""
    data = ruleset.canonical()
    data["effective_until"] = (
        ruleset.effective_until.isoformat() if ruleset.effective_until else None
    )
    data["sources"] = {key: source.as_dict() for key, source in ruleset.sources.items()}
    data["rules"] = [_rule_dict(rule) for rule in ruleset.rules]
    data["sha256"] = ruleset.sha256
    return data


def _rule_dict(rule: Rule) -> dict[str, Any]:
    """A rule as a rule set file would write it (``max: 3.40 m``), plus where it came from."""
    limit = rule.limit
    item: dict[str, Any] = {"id": rule.id, "title": rule.title}
    if rule.feature:
        item["feature"] = rule.feature
    else:
        item["field"] = rule.field
        if limit.quantity is not None:
            item[str(limit.comparison)] = limit.quantity.text
        elif limit.comparison is Comparison.ONE_OF:
            item[str(limit.comparison)] = list(limit.value)
        elif limit.comparison.is_age:
            item[str(limit.comparison)] = limit.text
            item["count"] = str(limit.age_count)
        else:
            item[str(limit.comparison)] = limit.value
    for key in ("effective_from", "effective_until"):
        day = getattr(rule, key)
        if day is not None:
            item[key] = day.isoformat()
    item["severity"] = str(rule.severity)
    if rule.when:
        item["when"] = {c.field: list(c.allowed) for c in rule.when}
    item["source"] = rule.source.key
    for key in ("note", "citation"):
        if getattr(rule, key):
            item[key] = getattr(rule, key)
    item["defined_in"] = rule.defined_in
    return item
