"""Formats for CI pipelines: JUnit XML and GitHub workflow annotations.

``check --format junit``: one test suite per vehicle, one test case per rule (a legal failure is
a ``<failure>``, a missing input or a rule that does not apply is ``<skipped>``, a failed
voluntary or advisory rule passes with a note, or fails with ``--fail-on-warning``); a spec that
could not be read is an ``<error>``. ``check --format github``: one ``::error`` annotation per
legal failure (``::warning`` per warning or missing input) at the spec file and the line of the
field the rule reads, so the pull request shows it beside that line, then a ``::notice`` per
vehicle with its verdict. ``validate`` gives one test case (or annotation) per file, at the line
of the problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from xml.sax.saxutils import quoteattr

from keirules.errors import KeirulesError
from keirules.render.cells import counts_text
from keirules.report import Report, RuleResult

__all__ = ["check_github", "check_junit", "validate_github", "validate_junit"]

#: (spec as given, the error that stopped it)
Problem = tuple[str, KeirulesError]


@cache
def _lines(file: str) -> dict[str, int]:
    """Top-level key -> line in a spec or rule set file, ``features.NAME`` -> a declared
    feature's line and ``rules.ID`` -> the rule's line;
    empty when the file cannot be read again (standard input, removed since)."""
    from keirules.yamlload import load_document

    try:
        document = load_document(file)
    except (KeirulesError, OSError):
        return {}
    lines: dict[str, int] = {}
    data = document.data
    if not isinstance(data, dict):
        return lines
    for key in data:
        line = document.line((key,))
        if line is not None:
            lines[str(key)] = line
    features = data.get("features")
    if isinstance(features, dict):
        for name in features:
            line = document.line(("features", name))
            if line is not None:
                lines[f"features.{name}"] = line
    rules = data.get("rules")
    if isinstance(rules, list):
        for index, rule in enumerate(rules):
            if isinstance(rule, dict) and "id" in rule:
                line = document.line(("rules", index))
                if line is not None:
                    lines[f"rules.{rule['id']}"] = line
    return lines


def _spec_line(report: Report, result: RuleResult) -> int | None:
    file = report.vehicle.source_file
    if not file or file.startswith("<"):
        return None
    lines = _lines(file)
    field = result.rule.field
    return lines.get(field) or lines.get(field.split(".", 1)[0]) or lines.get("name")


def _rule_place(report: Report, result: RuleResult) -> str:
    """Where the rule is written: its rule set, and for a user's file the file and line."""
    ruleset = report.ruleset
    if ruleset.builtin or not ruleset.file:
        return f"{ruleset.name} rule '{result.rule.id}'"
    line = _lines(ruleset.file).get(f"rules.{result.rule.id}")
    where = f"{ruleset.file}:{line}" if line else ruleset.file
    return f"{ruleset.name} rule '{result.rule.id}' ({where})"


# -- JUnit -----------------------------------------------------------------------------------

def _junit(suites: list[str], name: str) -> str:
    totals = {key: 0 for key in ("tests", "failures", "errors", "skipped")}
    for suite in suites:
        head = suite.split(">", 1)[0]
        for key in totals:
            marker = f' {key}="'
            if marker in head:
                totals[key] += int(head.split(marker, 1)[1].split('"', 1)[0])
    attributes = " ".join(f'{key}="{value}"' for key, value in totals.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<testsuites name={quoteattr(name)} {attributes}>\n" + "".join(suites)
            + "</testsuites>\n")


def _case(classname: str, name: str, file: str | None, line: int | None, body: str) -> str:
    where = f" file={quoteattr(file)}" if file else ""
    if line is not None:
        where += f' line="{line}"'
    text = f"    <testcase classname={quoteattr(classname)} name={quoteattr(name)}{where}"
    return text + (f">\n{body}    </testcase>\n" if body else "/>\n")


def _element(tag: str, message: str, kind: str, text: str = "") -> str:
    inner = f">{_xml_text(text)}</{tag}>" if text else "/>"
    type_attr = f" type={quoteattr(kind)}" if kind else ""
    return f"      <{tag} message={quoteattr(message)}{type_attr}{inner}\n"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _suite(name: str, file: str | None, cases: list[str], counts: dict[str, int]) -> str:
    where = f" file={quoteattr(file)}" if file else ""
    attributes = " ".join(f'{key}="{counts.get(key, 0)}"'
                          for key in ("tests", "failures", "errors", "skipped"))
    return (f"  <testsuite name={quoteattr(name)} {attributes}{where}>\n" + "".join(cases)
            + "  </testsuite>\n")


def _report_suite(report: Report, fail_on_warning: bool) -> str:
    file = report.vehicle.source_file
    counts = {"tests": 0, "failures": 0, "skipped": 0}
    cases = []
    for result in report.results:
        counts["tests"] += 1
        body = ""
        if result.status == "fail" and (not result.is_warning or fail_on_warning):
            counts["failures"] += 1
            body = _element("failure", result.reason, result.rule.severity,
                            f"{result.rule.title}: {result.reason} ({_rule_place(report, result)})")
        elif result.is_warning:
            body = f"      <system-out>{_xml_text('warning: ' + result.reason)}</system-out>\n"
        elif result.status == "unknown":
            counts["skipped"] += 1
            body = _element("skipped", f"not checked: {result.reason}", "")
        elif result.status == "not_applicable":
            counts["skipped"] += 1
            body = _element("skipped", f"does not apply: {result.reason}", "")
        cases.append(_case(report.ruleset.name, result.rule.id, file,
                           _spec_line(report, result), body))
    name = f"{report.vehicle.name} under {report.ruleset.name} on {report.on.isoformat()}"
    return _suite(name, file, cases, counts)


def _problem_suite(spec: str, error: KeirulesError, classname: str) -> str:
    body = _element("error", str(error), type(error).__name__)
    case = _case(classname, error.field or "file", error.file or spec, error.line, body)
    return _suite(spec, error.file or spec, [case], {"tests": 1, "errors": 1})


def check_junit(reports: Sequence[Report], fail_on_warning: bool = False,
                problems: Sequence[Problem] = ()) -> str:
    """JUnit XML for ``keirules check``: a suite per vehicle, a case per rule."""
    suites = [_report_suite(report, fail_on_warning) for report in reports]
    suites += [_problem_suite(spec, error, "keirules check") for spec, error in problems]
    return _junit(suites, "keirules check")


def validate_junit(outcomes: Sequence[tuple[str, str | KeirulesError]]) -> str:
    """JUnit XML for ``keirules validate``: one case per file."""
    cases = []
    errors = 0
    for path, outcome in outcomes:
        if isinstance(outcome, KeirulesError):
            errors += 1
            cases.append(_case("keirules validate", path, outcome.file or path, outcome.line,
                               _element("failure", str(outcome), type(outcome).__name__)))
        else:
            cases.append(_case("keirules validate", path, path, None,
                               f"      <system-out>{_xml_text(outcome)}</system-out>\n"))
    suite = _suite("keirules validate", None, cases,
                   {"tests": len(outcomes), "failures": errors})
    return _junit([suite], "keirules validate")


# -- GitHub workflow annotations ----------------------------------------------------------

def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, *, file: str | None = None, line: int | None = None,
               title: str | None = None) -> str:
    """One workflow command: ``::error file=F,line=L,title=T::message``."""
    properties: list[str] = []
    if file:
        properties.append(f"file={_property(file)}")
        if line is not None:
            properties.append(f"line={line}")
    if title:
        properties.append(f"title={_property(title)}")
    head = f"::{level} " + ",".join(properties) if properties else f"::{level}"
    return f"{head}::{_data(message)}\n"


def _report_annotations(report: Report, fail_on_warning: bool) -> list[str]:
    file = report.vehicle.source_file
    shown = file if file and not file.startswith("<") else None
    lines: list[str] = []
    for result in report.results:
        warning = result.is_warning and not fail_on_warning
        if result.status == "fail":
            level = "warning" if warning else "error"
            kind = f"{result.rule.severity} rule" if result.is_warning else "rule"
            lines.append(annotation(
                level, f"{result.rule.title}: {result.reason} ({_rule_place(report, result)})",
                file=shown, line=_spec_line(report, result),
                title=f"{report.ruleset.name}: {kind} {result.rule.id} failed"))
        elif result.status == "unknown" and result.rule.severity == "legal":
            lines.append(annotation(
                "warning", f"{result.rule.title}: not checked, {result.reason}",
                file=shown, line=_spec_line(report, result),
                title=f"{report.ruleset.name}: {result.rule.id} not checked"))
    lines.append(annotation(
        "notice", f"{report.verdict}: {counts_text(report).rstrip('.')}", file=shown,
        title=f"{report.vehicle.name} under {report.ruleset.name} on {report.on.isoformat()}"))
    return lines


def check_github(reports: Sequence[Report], fail_on_warning: bool = False,
                 problems: Sequence[Problem] = ()) -> str:
    """GitHub workflow annotations for ``keirules check``."""
    lines: list[str] = []
    for report in reports:
        lines += _report_annotations(report, fail_on_warning)
    for spec, error in problems:
        lines.append(_error_annotation(spec, error))
    return "".join(lines)


def _error_annotation(path: str, error: KeirulesError) -> str:
    return annotation("error", str(error), file=error.file or path, line=error.line,
                      title=f"keirules: {error.field or 'file'} refused")


def validate_github(outcomes: Sequence[tuple[str, str | KeirulesError]]) -> str:
    """GitHub workflow annotations for ``keirules validate``: an error per bad file."""
    lines: list[str] = []
    for path, outcome in outcomes:
        if isinstance(outcome, KeirulesError):
            lines.append(_error_annotation(path, outcome))
    good = sum(1 for _, outcome in outcomes if not isinstance(outcome, KeirulesError))
    lines.append(annotation("notice", f"{good} of {len(outcomes)} file(s) valid",
                            title="keirules validate"))
    return "".join(lines)
