"""Shared checks for the built-in rule set tests of the regimes beyond Japan.

Each test module writes its reference table by hand (every figure of every version, from the
regulations reference), and these helpers compare a resolved rule set with it, evaluate probe
vehicles, and read what ``keirules show`` prints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import keirules
from keirules import RuleSet, parse_quantity
from keirules.cli import main

#: rule id -> (field or "features.NAME", comparison, limit, when, severity)
Row = tuple[str, str, Any, dict[str, tuple[Any, ...]], str]
ALWAYS: dict[str, tuple[Any, ...]] = {}
ENGINE = {"powertrain": ("combustion", "hybrid")}
ELECTRIC = {"powertrain": ("electric",)}


def builtin(name: str) -> RuleSet:
    return keirules.default_catalog().get(name)


def legal(field: str, comparison: str, limit: Any,
          when: dict[str, tuple[Any, ...]] | None = None) -> Row:
    return (field, comparison, limit, when or ALWAYS, "legal")


def advisory(field: str, comparison: str, limit: Any,
             when: dict[str, tuple[Any, ...]] | None = None) -> Row:
    return (field, comparison, limit, when or ALWAYS, "advisory")


def feature(name: str, severity: str = "legal",
            when: dict[str, tuple[Any, ...]] | None = None) -> Row:
    return (f"features.{name}", "feature", True, when or ALWAYS, severity)


def assert_matches(ruleset: RuleSet, table: dict[str, Row]) -> None:
    """The rule set has exactly these rules, each with this field, limit, condition, severity."""
    assert sorted(rule.id for rule in ruleset.rules) == sorted(table)
    for rule_id, (field, comparison, limit, when, severity) in table.items():
        rule = ruleset.rule(rule_id)
        assert rule.field == field, rule_id
        assert rule.limit.comparison == comparison, rule_id
        assert rule.severity == severity, rule_id
        assert {c.field: tuple(c.allowed) for c in rule.when} == when, rule_id
        if comparison == "feature":
            assert rule.limit.value is True
        elif comparison in ("min_age", "max_age"):
            assert rule.limit.text == limit, rule_id
        elif isinstance(limit, int):
            assert rule.limit.quantity is None
            assert rule.limit.value == limit, rule_id
        elif field == "category":
            assert rule.limit.value == limit, rule_id
        else:
            expected = parse_quantity(limit)
            assert rule.limit.quantity is not None, rule_id
            # Exactly equal, and written in the same unit as the reference.
            assert rule.limit.quantity.base == expected.base, rule_id
            assert rule.limit.quantity.unit.symbol == expected.unit.symbol, rule_id


def statuses(data: dict[str, Any], name: str, on: dt.date | str) -> dict[str, str]:
    """Rule id -> status for a probe vehicle (a spec mapping without its name)."""
    report = keirules.check({"name": "Probe", **data}, name, on=on)
    return {result.rule.id: result.status for result in report.results}


def show_text(name: str, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> str:
    """What ``keirules show NAME`` prints, with runs of white space made single spaces."""
    monkeypatch.setenv("COLUMNS", "2000")
    assert main(["show", name]) == 0
    return " ".join(capsys.readouterr().out.split())


def assert_show_prints_sources_and_notes(name: str, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = builtin(name)
    text = show_text(name, capsys, monkeypatch)
    assert ruleset.name in text
    assert ruleset.notes and " ".join(ruleset.notes.split()) in text
    for source in ruleset.sources.values():
        assert " ".join(source.title.split()) in text, source.key
        if source.url:
            assert source.url in text, source.key
        if source.note:
            assert " ".join(source.note.split()) in text, source.key
