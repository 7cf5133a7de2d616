"""Every document as its JSON contract, in one module: ``to_json(document)``.

The report, a compare matrix, a timeline, a diff, the route documents (one market, every
region, several markets), an inventory's rows and summary, a catalog's summary, the ``list``
entries and a resolved rule set for ``show`` are all shaped here, so a field is named,
ordered and formatted once (a limit, a failure, a rule set's reference). ``to_json`` is a
:func:`functools.singledispatch` function: each model's module registers its own classes
(``to_json.register(Report, report_json)``), so this module imports none of them at run time
and sits below them all; the models' ``as_dict`` methods, part of the library API, are thin
calls to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import singledispatch
from typing import TYPE_CHECKING, Any, Final

from keirules.errors import UsageError
from keirules.quantity import decimal_text
from keirules.vocabulary import ROW_VERDICTS, Comparison, RouteStatus, Status

if TYPE_CHECKING:  # annotations only: no model module is imported from here
    from keirules.analysis import Diff, Matrix, RuleChange, Timeline
    from keirules.batch.results import CatalogSummary
    from keirules.inventory import InventoryRow, InventorySummary
    from keirules.regions import Region
    from keirules.report import Report, RuleResult
    from keirules.routing import (
        MarketsReport,
        RegionsReport,
        RegionSummary,
        RouteReport,
        RouteResult,
    )
    from keirules.rulesets.model import Rule, RuleSet

__all__ = [
    "REPORT_VERSION",
    "catalog_entries",
    "catalog_summary_json",
    "diff_json",
    "failure_json",
    "inventory_row_json",
    "inventory_summary_json",
    "limit_json",
    "markets_report_json",
    "matrix_json",
    "region_entry_json",
    "region_json",
    "region_summary_json",
    "regions_report_json",
    "report_json",
    "result_json",
    "route_report_json",
    "route_result_json",
    "rule_change_json",
    "rule_summary_json",
    "ruleset_json",
    "ruleset_ref",
    "timeline_json",
    "to_json",
]

#: The version of every JSON document's shape (``report_version``).
REPORT_VERSION: Final = 1


@singledispatch
def to_json(document: object) -> Any:
    """A document as the JSON data of its contract (dicts, lists, text, numbers)."""
    raise UsageError(f"no JSON form for {type(document).__name__}.", field="document",
                     expected="a Report, Matrix, Timeline, Diff, route document or inventory")


def _tool() -> dict[str, str]:
    from keirules.version import __version__

    return {"name": "keirules", "version": __version__}


def _iso(day: Any) -> str | None:
    return None if day is None else str(day.isoformat())


# -- one vehicle against one rule set --------------------------------------------------------


def _number(value: Fraction, result: RuleResult) -> str:
    """Exact decimal text; ages and derived values are rounded for reading."""
    if result.rule.limit.comparison.is_age:
        return decimal_text(value, places=4)  # a day is about 0.0027 years
    if result.derived:
        return decimal_text(value, places=3)
    return decimal_text(value)


def limit_json(result: RuleResult) -> dict[str, Any]:
    """A result's limit as reports show it: operator, value (ages in the limit's unit), unit."""
    limit = result.rule.limit
    if limit.quantity is not None:
        value: Any = limit.quantity.number
    elif limit.comparison is Comparison.ONE_OF:
        value = [str(v) for v in limit.value]
    elif limit.comparison.is_age and limit.age_unit is not None:
        value = str(int(limit.value) // limit.age_unit.months)
    elif limit.comparison is Comparison.FEATURE:
        value = "true"
    else:
        value = str(limit.value)
    return {"op": limit.op, "value": value, "unit": result.unit}


def result_json(result: RuleResult) -> dict[str, Any]:
    """One rule's result in the report contract."""
    measured = None
    if result.measured is not None:
        measured_value = result.measured
        shown = measured_value if isinstance(measured_value, str) else _number(
            measured_value, result)
        measured = {"value": shown, "unit": result.unit}
    margin = None
    if result.margin is not None and result.status != Status.UNKNOWN:
        percent = result.margin_percent
        margin = {
            "value": _number(result.margin, result),
            "unit": result.unit,
            "percent": None if percent is None else str(percent),
        }
    data: dict[str, Any] = {
        "rule": result.rule.id,
        "title": result.rule.title,
        "field": result.rule.field,
        "severity": str(result.rule.severity),
        "status": str(result.status),
        "measured": measured,
        "limit": limit_json(result),
        "margin": margin,
        "reason": result.reason,
        "source": result.source_dict(),
    }
    if result.rule.note:
        data["note"] = result.rule.note
    if result.derived:
        data["derived"] = True
    if result.threshold_date is not None:
        data["threshold_date"] = result.threshold_date.isoformat()
    if result.earliest_date is not None:
        data["earliest_date"] = result.earliest_date.isoformat()
    if result.notes:
        data["notes"] = list(result.notes)
    return data


def report_json(report: Report) -> dict[str, Any]:
    """The JSON report of the report contract."""
    ruleset = report.ruleset
    data: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "tool": _tool(),
        "vehicle": {"name": report.vehicle.name, "source": report.vehicle.source_file},
        "ruleset": {
            "name": ruleset.name,
            "family": ruleset.family,
            "version": ruleset.version,
            "title": ruleset.title,
            "jurisdiction": ruleset.jurisdiction,
            "effective_from": ruleset.effective_from.isoformat(),
            "effective_until": _iso(ruleset.effective_until),
            "status": str(ruleset.status),
            "extends": ruleset.extends,
            "file": None if ruleset.builtin else ruleset.file,
            "sha256": ruleset.sha256,
        },
        "on": report.on.isoformat(),
        "verdict": str(report.verdict),
        "results": [result_json(result) for result in report.results],
        "summary": report.summary,
    }
    if report.notes:
        data["notes"] = list(report.notes)
    return data


# -- many vehicles, many rule sets -----------------------------------------------------------


def ruleset_ref(ruleset: RuleSet) -> dict[str, Any]:
    """How compare, timeline, diff and routes JSON name a rule set."""
    return {
        "name": ruleset.name,
        "title": ruleset.title,
        "status": ruleset.status,
        "effective_from": ruleset.effective_from.isoformat(),
        "effective_until": _iso(ruleset.effective_until),
        "extends": ruleset.extends,
        "file": None if ruleset.builtin else ruleset.file,
        "sha256": ruleset.sha256,
    }


def failure_json(result: RuleResult) -> dict[str, Any]:
    """A failed rule with its margin, as compare, timeline and routes JSON list them."""
    data = result_json(result)
    return {"rule": result.rule.id, "measured": data["measured"], "limit": data["limit"],
            "margin": data["margin"], "reason": result.reason}


def _outcome(report: Report) -> dict[str, Any]:
    """A report's rule ids by outcome, as a matrix cell and a timeline period list them."""
    return {
        "failed": [r.rule.id for r in report.failures],
        "unknown": [r.rule.id for r in report.unknown],
        "warnings": [r.rule.id for r in report.warnings],
        "failures": [failure_json(r) for r in report.failures],
    }


def matrix_json(matrix: Matrix) -> dict[str, Any]:
    return {
        "report_version": REPORT_VERSION,
        "on": matrix.on.isoformat() if matrix.on else "manufactured",
        "rulesets": [ruleset_ref(rs) for rs in matrix.rulesets],
        "vehicles": [{"name": v.name, "source": v.source_file} for v in matrix.vehicles],
        "cells": [
            {
                "vehicle": i,
                "ruleset": j,
                "ruleset_name": report.ruleset.name,
                "on": report.on.isoformat(),
                "verdict": report.verdict,
                **_outcome(report),
            }
            for i, row in enumerate(matrix.reports)
            for j, report in enumerate(row)
        ],
    }


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    return {
        "report_version": REPORT_VERSION,
        "family": timeline.family,
        "vehicle": {"name": timeline.vehicle.name, "source": timeline.vehicle.source_file},
        "periods": [
            {
                "ruleset": p.ruleset.name,
                "from": p.start.isoformat(),
                "until": _iso(p.end),
                "verdict": p.verdict,
                **_outcome(p.report),
                "sha256": p.ruleset.sha256,
            }
            for p in timeline.periods
        ],
        "qualified": [
            {"from": start.isoformat(), "until": _iso(end)}
            for start, end in timeline.qualified()
        ],
    }


def rule_summary_json(rule: Rule | None) -> dict[str, Any] | None:
    """A rule as a diff shows each side of a change."""
    if rule is None:
        return None
    limit = rule.limit
    value: Any
    if limit.quantity is not None:
        value, unit = limit.quantity.number, limit.quantity.unit.symbol
    elif limit.comparison is Comparison.ONE_OF:
        value, unit = [str(v) for v in limit.value], None
    else:
        value, unit = limit.text, None
    return {
        "title": rule.title,
        "field": rule.field,
        "op": limit.op,
        "value": value,
        "unit": unit,
        "severity": rule.severity,
        "when": {c.field: [str(a) for a in c.allowed] for c in rule.when},
        "source": {"title": rule.source.title, "url": rule.source.url},
    }


def rule_change_json(change: RuleChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": change.rule,
        "change": change.change,
        "old": rule_summary_json(change.old),
        "new": rule_summary_json(change.new),
    }
    delta = change.delta
    if change.change == "changed" and delta and change.old is not None:  # the limit moved
        unit = change.old.limit.quantity.unit.symbol if change.old.limit.quantity else None
        data["delta"] = {"value": decimal_text(delta), "unit": unit, "percent": change.percent}
    if change.source_changed:
        data["source_changed"] = True
    return data


def diff_json(diff: Diff) -> dict[str, Any]:
    return {
        "report_version": REPORT_VERSION,
        "from": diff.old.name,
        "to": diff.new.name,
        "from_ruleset": ruleset_ref(diff.old),
        "to_ruleset": ruleset_ref(diff.new),
        "rules": [rule_change_json(change) for change in diff.changes],
    }


# -- routes ----------------------------------------------------------------------------------

#: The order of a summary's counts (``routing.ROUTE_STATUS_MEANINGS``'s).
_ROUTE_STATUSES: Final = (RouteStatus.OPEN, RouteStatus.CLOSED, RouteStatus.UNDETERMINED)


def _dated_failure(ruleset_name: str, result: RuleResult) -> dict[str, Any]:
    return {"ruleset": ruleset_name, **failure_json(result),
            **({"threshold_date": result.threshold_date.isoformat()}
               if result.threshold_date else {}),
            **({"earliest_date": result.earliest_date.isoformat()}
               if result.earliest_date else {})}


def route_result_json(result: RouteResult) -> dict[str, Any]:
    route = result.route
    return {
        "route": route.id,
        "title": route.title,
        "description": route.description,
        "region": route.region,
        "kind": route.kind,
        "requires": list(route.requires),
        "restrictions": list(route.restrictions),
        "decision": route.decision,
        "effective_from": _iso(route.effective_from),
        "effective_until": _iso(route.effective_until),
        "source": None if route.source is None else route.source.basis_dict(route.citation),
        "status": result.status,
        "binding": result.binding,
        "reason": result.reason,
        "rulesets": result.ruleset_names,
        "failed": [r.rule.id for _, r in result.failures],
        "unknown": [r.rule.id for _, r in result.unknown],
        "missing": result.missing,
        "warnings": [r.rule.id for _, r in result.warnings],
        "opens_on": _iso(result.opens_on),
        "possibly_from": _iso(result.possibly_from),
        "failures": [_dated_failure(rep.ruleset.name, r) for rep, r in result.failures],
        "checks": [{**ruleset_ref(rep.ruleset), "verdict": rep.verdict,
                    "summary": rep.summary} for rep in result.reports],
        "absent": [{"ruleset": a.name, "reason": a.reason, "starts": _iso(a.starts)}
                   for a in result.absent],
        "notes": result.all_notes,
    }


def route_report_json(report: RouteReport) -> dict[str, Any]:
    """The ``keirules routes --format json`` document."""
    return {
        "report_version": REPORT_VERSION,
        "tool": _tool(),
        "market": report.market.code,
        "title": report.market.title,
        "file": None if report.market.builtin else report.market.file,
        "vehicle": {"name": report.vehicle.name, "source": report.vehicle.source_file},
        "on": report.on.isoformat(),
        "region": report.region.code if report.region else None,
        "region_checked": report.region.checked.isoformat() if report.region else None,
        "routes": [route_result_json(route) for route in report.routes],
        "summary": {status: report.count(status) for status in _ROUTE_STATUSES},
    }


def region_summary_json(summary: RegionSummary) -> dict[str, Any]:
    best = summary.best
    return {
        "state": summary.region.code,
        "title": summary.region.title,
        "checked": summary.region.checked.isoformat(),
        "researched": summary.region.researched,
        "status": best.status,
        "best_route": best.route.id,
        "reason": best.reason,
        "opens_on": _iso(best.opens_on),
        "routes": [route_result_json(route) for route in summary.routes],
    }


def regions_report_json(report: RegionsReport) -> dict[str, Any]:
    return {
        "report_version": REPORT_VERSION,
        "tool": _tool(),
        "market": report.market.code,
        "title": report.market.title,
        "vehicle": {"name": report.vehicle.name, "source": report.vehicle.source_file},
        "on": report.on.isoformat(),
        "routes": [route_result_json(route) for route in report.federal],
        "states": [region_summary_json(region) for region in report.regions],
        "summary": {status: report.count(status) for status in _ROUTE_STATUSES},
    }


def markets_report_json(report: MarketsReport) -> dict[str, Any]:
    return {
        "report_version": REPORT_VERSION,
        "tool": _tool(),
        "vehicle": {"name": report.vehicle.name, "source": report.vehicle.source_file},
        "on": report.on.isoformat(),
        "markets": [{**route_report_json(market), "best_route": report.best(market).route.id,
                     "status": report.best(market).status}
                    for market in report.markets],
    }


# -- region layers: ``show US-CO`` and ``list --regions`` -------------------------------------


def region_json(region: Region) -> dict[str, Any]:
    """A region layer as ``show US-CO --format json`` writes it."""
    return {
        "market": region.market, "region": region.code, "title": region.title,
        "checked": region.checked.isoformat(), "researched": region.researched,
        "file": region.file, "notes": region.notes,
        "sources": {key: source.as_dict() for key, source in region.sources.items()},
        "routes": [{"route": r.id, "title": r.title, "kind": r.kind,
                    "requires": list(r.requires), "rulesets": [x.name for x in r.rulesets],
                    "decision": r.decision, "reason": r.reason,
                    "effective_from": _iso(r.effective_from),
                    "effective_until": _iso(r.effective_until),
                    "restrictions": list(r.restrictions)} for r in region.routes],
    }


def region_entry_json(region: Region) -> dict[str, Any]:
    """A region layer's line in ``list --regions --format json``."""
    return {"market": region.market, "region": region.code, "title": region.title,
            "checked": region.checked.isoformat(), "researched": region.researched,
            "routes": len(region.routes)}


# -- inventories -----------------------------------------------------------------------------


def inventory_row_json(row: InventoryRow) -> dict[str, Any]:
    return {"row": row.row, "name": row.name, "best": row.best,
            "routes": [{"route": r, "status": s, "opens_on": row.opens_on.get(r)}
                       for r, s in row.statuses.items()],
            "error": row.error}


def inventory_summary_json(summary: InventorySummary) -> dict[str, Any]:
    return {"market": summary.market, "region": summary.region, "on": summary.on.isoformat(),
            "rows": summary.rows, "errors": summary.errors, "open_now": summary.now,
            "undetermined": summary.undetermined,
            "opens_within_12_months": summary.within_year,
            "open_by_route": dict(sorted(summary.opened_by_route.items()))}


def catalog_summary_json(summary: CatalogSummary, catalog: str | None = None) -> dict[str, Any]:
    """A catalog's totals (``check CATALOG --format json``): rows by verdict, by failing rule,
    by rule set, the first bad rows; ``catalog`` defaults to the summary's own name."""
    return {
        "report_version": REPORT_VERSION,
        "catalog": summary.catalog if catalog is None else catalog,
        "rows": summary.rows,
        "verdicts": {verdict: summary.verdicts[verdict] for verdict in ROW_VERDICTS},
        "failed_rules": dict(summary.failing_rules.most_common()),
        "warning_rules": dict(summary.warning_rules.most_common()),
        "rulesets": dict(summary.rulesets.most_common()),
        "first_failures": [
            {"row": r.row, "name": r.name, "verdict": r.verdict, "failed": list(r.failed),
             "error": r.message} for r in summary.first_failures],
        "exit_code": summary.exit_code,
    }


# -- rule sets: ``list`` and ``show`` --------------------------------------------------------


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
            "effective_until": _iso(rs.effective_until),
            "jurisdiction": rs.jurisdiction,
        }
        for rs in rulesets
    ]
    if providers is not None:
        for entry, rs in zip(entries, rulesets, strict=True):
            entry["provider"] = providers.get(rs.family)
    return entries


def ruleset_json(ruleset: RuleSet) -> dict[str, Any]:
    """A resolved rule set (after ``extends``) in the rule set file's own shape (``show``)."""
    data = ruleset.canonical()
    data["effective_until"] = _iso(ruleset.effective_until)
    data["sources"] = {key: source.as_dict() for key, source in ruleset.sources.items()}
    data["rules"] = [_rule_json(rule) for rule in ruleset.rules]
    data["sha256"] = ruleset.sha256
    return data


def _rule_json(rule: Rule) -> dict[str, Any]:
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
