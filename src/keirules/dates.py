"""Dates as specs and rule sets write them: full dates, and partial ones for manufacture.

A partial date (``1994`` or ``1994-05``) stands for its first day; :class:`PartialDate` keeps the
period it covers so that reports can say when that period spans a change of rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

from keirules.errors import DateProblem

__all__ = [
    "DateProblem",  # defined in keirules.errors
    "PartialDate",
    "add_months",
    "add_years",
    "age_in_months",
    "age_last_day",
    "age_reached",
    "parse_date",
    "parse_partial_date",
    "precision_text",
]

_DATE: Final = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)
EARLIEST_YEAR: Final = 1800
LATEST_YEAR: Final = 2200


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; it stands for its first day."""

    first: dt.date
    last: dt.date
    text: str

    @property
    def precise(self) -> bool:
        return self.first == self.last

    def __str__(self) -> str:
        return self.text


def parse_partial_date(value: Any) -> PartialDate:
    """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a year as an integer)."""
    if isinstance(value, bool):
        raise DateProblem("is not a date")
    if isinstance(value, int):
        if not 1000 <= value <= 9999:
            raise DateProblem("is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        value = str(value)
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise DateProblem(f"has a year outside {EARLIEST_YEAR}-{LATEST_YEAR}")
        return PartialDate(day, day, day.isoformat())
    if not isinstance(value, str):
        raise DateProblem("is not a date")
    match = _DATE.fullmatch(value)
    if match is None:
        raise DateProblem("is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateProblem(f"has a year outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    if match[2] is None:
        return PartialDate(dt.date(year, 1, 1), dt.date(year, 12, 31), value)
    month = int(match[2])
    if not 1 <= month <= 12:
        raise DateProblem(f"has no month {month}")
    if match[3] is None:
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        return PartialDate(dt.date(year, month, 1), next_month - dt.timedelta(days=1), value)
    try:
        day = dt.date(year, month, int(match[3]))
    except ValueError:
        raise DateProblem(
            f"is not a day of the calendar ({year}-{month:02d} has no day {match[3]})"
        ) from None
    return PartialDate(day, day, value)


def parse_date(value: Any) -> dt.date:
    """Read a full date ``YYYY-MM-DD``; partial dates are refused here."""
    parsed = parse_partial_date(value)
    if not parsed.precise or len(parsed.text) != 10:
        raise DateProblem("is not a full date of the form YYYY-MM-DD")
    return parsed.first


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 1 March in common years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later, or the next month's first day if it is short."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    try:
        return dt.date(year, month + 1, day.day)
    except ValueError:
        return dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)


def _first_of_month(year: int, month: int) -> dt.date:
    """The first day of ``month`` (1-based, may run past 12) of ``year``."""
    extra, index = divmod(month - 1, 12)
    return dt.date(year + extra, index + 1, 1)


def age_reached(made: dt.date, months: int, count: str) -> dt.date:
    """The first day on which a vehicle made on ``made`` is at least ``months`` old.

    ``count`` says how the age is counted: ``day`` (the same calendar day that many months
    later; a day the month lacks becomes the next month's first), ``month`` (whole calendar
    months: from the first day of the month that many months on) or ``calendar_year`` (the
    year of the date minus the year of manufacture: from 1 January of that year).
    """
    if count == "calendar_year":
        return dt.date(made.year + months // 12, 1, 1)
    if count == "month":
        return _first_of_month(made.year, made.month + months)
    return add_months(made, months)


def age_last_day(made: dt.date, months: int, count: str) -> dt.date:
    """The last day on which a vehicle made on ``made`` is at most ``months`` old."""
    if count == "calendar_year":
        return dt.date(made.year + months // 12, 12, 31)
    if count == "month":
        return _first_of_month(made.year, made.month + months + 1) - dt.timedelta(days=1)
    return add_months(made, months)


def age_in_months(made: dt.date, on: dt.date, count: str) -> Fraction:
    """The age on ``on`` in months as ``count`` counts it (0 before ``made``, never negative).

    By day it is exact: whole months, then the part-month as a fraction of that month's days.
    """
    if on <= made:
        return Fraction(0)
    if count == "calendar_year":
        return Fraction((on.year - made.year) * 12)
    whole = (on.year - made.year) * 12 + on.month - made.month
    if count == "month":
        return Fraction(whole)
    if add_months(made, whole) > on:
        whole -= 1
    start, end = add_months(made, whole), add_months(made, whole + 1)
    return whole + Fraction((on - start).days, (end - start).days)


def precision_text(made: PartialDate) -> str:
    """'known only to the year' / 'known only to the month' / 'known to the day'."""
    if made.precise:
        return "known to the day"
    if made.first.month == 1 and made.last.month == 12 and made.first.year == made.last.year:
        return "known only to the year"
    return "known only to the month"
