"""A rule set's own tests: known vehicles and the verdicts the author expects.

A rule set file may carry ``tests:``, each naming a vehicle (a spec file path relative to the
rule set file, or an inline spec), an optional date and the expected verdict and failing rules.
``keirules validate`` runs them, so an analyst who edits a what-if learns when it stops meaning
what they thought::

    tests:
      - vehicle: ../../examples/honda-beat-pp1.yaml
        on: 1991-05-15          # default: the rule set's effective_from
        verdict: pass
      - vehicle: {name: Too long, length: 3.5 m, width: 1.4 m, height: 1.5 m}
        verdict: fail
        failed: [length]        # exactly these legal rules fail
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from keirules.dates import DateProblem, parse_date
from keirules.engine import evaluate
from keirules.errors import KeirulesError, Locator, RuleSetError, did_you_mean
from keirules.rulesets.loader import RuleSetHeader
from keirules.rulesets.model import RuleSet
from keirules.vehicle import Vehicle, load_vehicle, vehicle_from_mapping
from keirules.vocabulary import Verdict

__all__ = ["TEST_KEYS", "VERDICTS", "RuleSetTest", "read_tests", "run_tests"]

TEST_KEYS: Final = ("vehicle", "on", "verdict", "failed", "unknown", "note")
VERDICTS: Final = tuple(Verdict)


@dataclass(frozen=True)
class RuleSetTest:
    """One expectation: this vehicle, on this date, gets this verdict (and these failures)."""

    line: int | None
    vehicle: Vehicle
    on: dt.date | None
    verdict: Verdict
    failed: frozenset[str] | None
    unknown: frozenset[str] | None


def read_tests(header: RuleSetHeader) -> list[RuleSetTest]:
    """Read and check a rule set file's ``tests`` (loading the vehicles they name)."""
    document = header.document
    raw = document.data.get("tests") if isinstance(document.data, Mapping) else None
    if raw is None:
        return []

    error = Locator(document, RuleSetError, prefix=("tests",)).error

    if not isinstance(raw, list):
        raise error((), "is not a list of tests.")
    tests = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise error((i,), "is not a test.", expected="a mapping with 'vehicle' and 'verdict'")
        for key in item:
            if key not in TEST_KEYS:
                raise error((i, key), f"is not a key of a test.{did_you_mean(key, TEST_KEYS)}",
                            expected="one of " + ", ".join(TEST_KEYS))
        if item.get("verdict") not in VERDICTS:
            raise error((i, "verdict"), "is missing or not a verdict.", value=item.get("verdict"),
                        expected=" or ".join(VERDICTS))
        on = None
        if item.get("on") is not None:
            try:
                on = parse_date(item["on"])
            except DateProblem as exc:
                raise error((i, "on"), f"{exc}.", value=item["on"],
                            expected="a date YYYY-MM-DD") from None
        tests.append(RuleSetTest(
            line=document.line(("tests", i)),
            vehicle=_vehicle(header, item.get("vehicle"), error, i),
            on=on,
            verdict=Verdict(item["verdict"]),
            failed=_ids(item, "failed", error, i),
            unknown=_ids(item, "unknown", error, i),
        ))
    return tests


def _vehicle(header: RuleSetHeader, raw: Any, error: Any, i: int) -> Vehicle:
    try:
        if isinstance(raw, str):
            return load_vehicle(Path(header.file).parent / raw)
        if isinstance(raw, Mapping):
            return vehicle_from_mapping(raw, file=header.file)
    except KeirulesError as exc:
        raise error((i, "vehicle"), f"names a vehicle that cannot be used: {exc}") from None
    raise error((i, "vehicle"), "is missing or not a vehicle.",
                expected="a spec file path relative to this file, or an inline spec mapping")


def _ids(item: Mapping[str, Any], key: str, error: Any, i: int) -> frozenset[str] | None:
    raw = item.get(key)
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise error((i, key), "is not a list of rule ids.", value=raw)
    return frozenset(raw)


def run_tests(ruleset: RuleSet, tests: list[RuleSetTest]) -> list[str]:
    """Evaluate each test; return one sentence per disagreement (empty when all agree)."""
    known = {rule.id for rule in ruleset.rules}
    problems = []
    for test in tests:
        where = f"{ruleset.file}, line {test.line}" if test.line else str(ruleset.file)
        for ids in (test.failed, test.unknown):
            for rule_id in sorted((ids or frozenset()) - known):
                problems.append(f"{where}: the test names rule '{rule_id}', which "
                                f"{ruleset.name} does not have.")
        day = test.on or ruleset.effective_from
        report = evaluate(test.vehicle, ruleset, day)
        failed = frozenset(r.rule.id for r in report.failures)
        unknown = frozenset(r.rule.id for r in report.unknown if r.rule.legal)
        expected = [f"verdict {test.verdict}"]
        actual = [f"verdict {report.verdict}"]
        ok = report.verdict == test.verdict
        if test.failed is not None:
            expected.append("failed " + (", ".join(sorted(test.failed)) or "none"))
            actual.append("failed " + (", ".join(sorted(failed)) or "none"))
            ok = ok and failed == test.failed
        if test.unknown is not None:
            expected.append("unknown " + (", ".join(sorted(test.unknown)) or "none"))
            actual.append("unknown " + (", ".join(sorted(unknown)) or "none"))
            ok = ok and unknown == test.unknown
        if not ok:
            # Say why, even where the test did not list the rules it expected to fail.
            if test.failed is None and failed:
                actual.append("failed " + ", ".join(sorted(failed)))
            if test.unknown is None and unknown:
                actual.append("unknown " + ", ".join(sorted(unknown)))
            problems.append(
                f"{where}: '{test.vehicle.name}' on {day.isoformat()} under {ruleset.name}: "
                f"expected {'; '.join(expected)}, but got {'; '.join(actual)}.")
    return problems
