"""Plain-text cells shared by every human-readable format (terminal, Markdown, HTML).

One place decides how a measured value, a limit, a margin or a verdict reads, so the three
formats can never disagree; each format only adds its own styling around these strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from keirules.quantity import readable_text
from keirules.report import Report, RuleResult
from keirules.rulesets.model import Rule, RuleSet
from keirules.vocabulary import AgeCount, Comparison, Severity, Status, Verdict

if TYPE_CHECKING:  # annotations only: `keirules check` never loads the analysis module
    from keirules.analysis import RuleChange, Timeline

__all__ = [
    "STATUS_WORDS",
    "VERDICTS",
    "VERDICT_WORDS",
    "WARNINGS_HEADING",
    "cell_detail",
    "count_text",
    "counts_text",
    "delta_text",
    "limit_text",
    "margin_text",
    "measured_text",
    "qualified_text",
    "rule_dates_text",
    "rule_limit_text",
    "ruleset_dates",
    "source_numbers",
    "status_key",
    "timeline_failures",
    "unknown_heading",
]

#: verdict -> (label, meaning)
VERDICTS: Final[dict[str, tuple[str, str]]] = {
    Verdict.PASS: ("PASS", "compliant: every legal rule passed or did not apply"),
    Verdict.FAIL: ("FAIL", "not compliant: at least one legal rule failed"),
    Verdict.INCOMPLETE: ("INCOMPLETE", "undetermined: no legal rule failed, but some could not be "
                                 "checked"),
}
#: verdict -> the word for it among others (a matrix cell, a timeline row, in the terminal):
#: only a failure in capitals, as the rule statuses are.
VERDICT_WORDS: Final[dict[str, str]] = {
    Verdict.PASS: "pass", Verdict.FAIL: "FAIL", Verdict.INCOMPLETE: "incomplete",
}
#: The status key of a failed voluntary or advisory rule (see :func:`status_key`).
WARNING: Final = "warning"
#: status key (see :func:`status_key`) -> word shown
STATUS_WORDS: Final[dict[str, str]] = {
    Status.PASS: "pass",
    Status.FAIL: "FAIL",
    WARNING: "WARN",
    Status.UNKNOWN: "unknown",
    Status.NOT_APPLICABLE: "n/a",
}


#: The heading of a report's failed voluntary and advisory rules, in every format.
WARNINGS_HEADING: Final = "Warnings (voluntary or advisory rules; they do not decide the verdict)"


def counts_text(report: Report) -> str:
    """'7 passed, 0 failed, 0 unknown, 1 not applicable, 0 warning(s).'"""
    counts = report.summary
    return (f"{counts['pass']} passed, {counts['fail']} failed, {counts['unknown']} unknown, "
            f"{counts['not_applicable']} not applicable, {counts['warnings']} warning(s).")


def status_key(result: RuleResult) -> str:
    """The result's status, with a failed voluntary or advisory rule shown as a warning."""
    return WARNING if result.is_warning else result.status


def _places(result: RuleResult) -> int:
    return 4 if result.rule.limit.comparison.is_age else 3


def measured_text(result: RuleResult) -> str:
    if result.measured is None:
        return "—" if result.status is not Status.NOT_APPLICABLE else ""
    if isinstance(result.measured, str):
        return result.measured
    shown = readable_text(result.measured, _places(result))
    suffix = " (derived)" if result.derived else ""
    return f"{shown} {result.unit or ''}".rstrip() + suffix


def limit_text(result: RuleResult) -> str:
    """The limit as the rule set writes it, with its operator: '<= 3.40 m'."""
    limit = result.rule.limit
    if limit.comparison is Comparison.FEATURE:
        return "present"
    data = result.limit_dict()
    value = data["value"]
    if isinstance(value, list):
        value = ", ".join(value)
    return f"{limit.op} {value} {data['unit'] or ''}".rstrip()


def margin_text(result: RuleResult) -> str:
    """Signed headroom in the limit's unit and as a percentage; empty when there is none."""
    if result.margin is None or result.status in (Status.UNKNOWN, Status.NOT_APPLICABLE):
        return ""
    sign = "+" if result.margin > 0 else ""
    shown = readable_text(result.margin, _places(result))
    shown = "≈" + sign + shown[1:] if shown.startswith("≈") else sign + shown
    text = f"{shown} {result.unit or ''}".rstrip()
    percent = result.margin_percent
    if percent is not None:
        text += f" ({sign}{_percent(percent)}%)"
    return text


def count_text(count: str | None) -> str:
    """How an age is counted, in words ('' for the default, by day)."""
    words: dict[str, str] = {AgeCount.MONTH: "whole calendar months",
                             AgeCount.CALENDAR_YEAR: "calendar years"}
    return words.get(count or AgeCount.DAY, "")


def rule_dates_text(rule: Rule) -> list[str]:
    """A rule's own dates, in words: ['from 2029-09-01', 'until 2031-08-31']."""
    parts = []
    if rule.effective_from is not None:
        parts.append(f"from {rule.effective_from.isoformat()}")
    if rule.effective_until is not None:
        parts.append(f"until {rule.effective_until.isoformat()}")
    return parts


def rule_limit_text(rule: Rule | None) -> str:
    """A rule's check in one phrase, with its condition and severity: for show and diff."""
    if rule is None:
        return ""
    limit = rule.limit
    text = "present" if limit.comparison is Comparison.FEATURE else f"{limit.op} {limit.text}"
    if limit.count not in (None, AgeCount.DAY):
        text += f" ({count_text(limit.count)})"
    if rule.when:
        text += " when " + "; ".join(
            f"{c.field} {' or '.join(str(a) for a in c.allowed)}" for c in rule.when)
    dates = rule_dates_text(rule)
    if dates:
        text += " (" + ", ".join(dates) + ")"
    if rule.severity is not Severity.LEGAL:
        text += f" ({rule.severity})"
    return text


def delta_text(change: RuleChange) -> str:
    """'+0.10 m (+3.03%)' for a changed limit; empty when the change has no size."""
    data = change.as_dict().get("delta")
    if not data:
        return ""
    sign = "+" if not data["value"].startswith("-") else ""
    text = f"{sign}{data['value']} {data['unit'] or ''}".rstrip()
    if data["percent"] is not None:
        text += f" ({sign}{_percent(Decimal(data['percent']))}%)"
    return text


def _percent(percent: Decimal) -> str:
    """A percentage for people: one decimal, as every format shows margins and changes."""
    return f"{percent.quantize(Decimal('0.1')).normalize():f}"


def source_numbers(ruleset: RuleSet) -> dict[str, int]:
    """Source key -> footnote number, in the order the rules first cite them."""
    numbers: dict[str, int] = {}
    for rule in ruleset.rules:
        numbers.setdefault(rule.source.key, len(numbers) + 1)
    return numbers


def ruleset_dates(ruleset: RuleSet) -> str:
    until = ruleset.effective_until.isoformat() if ruleset.effective_until else "today"
    return f"{ruleset.effective_from.isoformat()} to {until}"


def cell_detail(report: Report, as_built: bool = False) -> list[str]:
    """What a matrix cell lists: the legal rules that failed; or, when none did, '? field' for
    each input missing (equipment counted, not listed: a cell is no place for twelve names).
    Checked as built, the cell first names the rule set and the date it was checked on."""
    if as_built:
        return [f"{report.ruleset.name} on {report.on.isoformat()}", *cell_detail(report)]
    failed = [r.rule.id for r in report.failures]
    if failed:
        return failed
    fields = list(dict.fromkeys(r.rule.field for r in report.unknown
                                if r.rule.severity is Severity.LEGAL))
    features = [f for f in fields if f.startswith("features.")]
    if len(features) > 2:
        fields = [f for f in fields if f not in features]
        fields.append(f"{len(features)} features")
    return [f"? {field}" for field in fields]


def timeline_failures(report: Report) -> list[str]:
    """For a timeline row: each failed rule with its margin, then each missing legal input."""
    failed = [f"{r.rule.id} {margin_text(r)}".rstrip() for r in report.failures]
    failed += [f"? {r.rule.id} ({_why_unknown(report, r)})" for r in report.unknown
               if r.rule.severity is Severity.LEGAL]
    return failed


def _why_unknown(report: Report, result: RuleResult) -> str:
    """'missing' when the spec lacks the rule's input; 'date window' when it has it but a
    partial date of manufacture leaves the answer open."""
    if report.vehicle.value(result.rule.field) is None:
        return "missing"
    return "date window" if result.rule.field == "manufactured" else "undecided"


def unknown_heading(report: Report) -> str:
    """The heading of a report's list of unknown rules."""
    if all(report.vehicle.value(r.rule.field) is None or r.rule.when
           for r in report.unknown):
        return "Not checked (missing from the spec)"
    return "Not decided (missing from the spec, or a partial date of manufacture)"


def qualified_text(timeline: Timeline) -> str:
    """'X qualified: 1990-01-01 to today.' or 'X never qualified under jp-kei.'"""
    spans = timeline.qualified()
    if not spans:
        return f"{timeline.vehicle.name} never qualified under {timeline.family}."
    shown = ", ".join(f"{a.isoformat()} to {_day(b)}" for a, b in spans)
    return f"{timeline.vehicle.name} qualified: {shown}."


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "today"
