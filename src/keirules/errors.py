"""One exception family for every kind of bad input.

Library code raises these with as much location as it knows (file, line, field, value, what was
expected); the command line prints ``str(error)`` as one paragraph and exits 2. Errors from
PyYAML, pint or the standard library are translated into these at the loading boundary and
never leak to callers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = [
    "InputFileError",
    "KeirulesError",
    "QuantityError",
    "RuleSetError",
    "SpecError",
    "UnknownNameError",
    "UnknownRuleSetError",
    "UsageError",
    "did_you_mean",
]

_MAX_SHOWN = 80


def show_value(value: Any) -> str:
    """Quote a user's value safely: escaped, and cut short so a hostile value cannot flood."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return f"a whole number of about {int(value.bit_length() * 0.30103)} digits"
    # a YAML number or date reads as the user wrote it (1.60, not Decimal('1.60'))
    plain = isinstance(value, Decimal | Fraction | dt.date)
    text = value if isinstance(value, str) else str(value) if plain else repr(value)
    shown = repr(text[:_MAX_SHOWN]) if isinstance(value, str) else text[:_MAX_SHOWN]
    if len(text) > _MAX_SHOWN:
        shown += f"... ({len(text)} characters)"
    return shown


@dataclass(frozen=True)
class _Location:
    file: str | None = None
    line: int | None = None
    field: str | None = None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """A ' Did you mean ...?' hint for a misspelt name, or '' when nothing is close."""
    import difflib

    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


class KeirulesError(Exception):
    """Base class: bad input that keirules refuses, with where it was and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: Any = None,
        expected: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self._location = _Location(file, line, field)
        self.value = value
        self.expected = expected

    @property
    def file(self) -> str | None:
        return self._location.file

    @property
    def line(self) -> int | None:
        return self._location.line

    @property
    def field(self) -> str | None:
        return self._location.field

    def located(
        self, *, file: str | None = None, line: int | None = None, field: str | None = None
    ) -> KeirulesError:
        """Fill in location details that are still unknown (never overwrite known ones)."""
        loc = self._location
        self._location = replace(
            loc,
            file=loc.file or file,
            line=loc.line if loc.line is not None else line,
            field=loc.field or field,
        )
        return self

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.value is not None:
            text += f" Got: {show_value(self.value)}."
        if self.expected:
            text += f" Expected: {self.expected}."
        return text


class InputFileError(KeirulesError):
    """A file that cannot be read or parsed at all: missing, too large, not UTF-8, not YAML."""


class QuantityError(KeirulesError):
    """A quantity that is not a plain number with one known unit of the right dimension."""


class SpecError(KeirulesError):
    """A vehicle spec that breaks the vehicle spec contract (unknown key, wrong type...)."""


class RuleSetError(KeirulesError):
    """A rule set that breaks the rule set contract (bad limit, duplicate id, missing source...)."""


class UnknownRuleSetError(RuleSetError):
    """A rule set name, version or date that matches no known rule set."""


class UsageError(KeirulesError):
    """A command-line option or library argument that makes no sense (bad date, format...)."""


class UnknownNameError(UsageError, KeyError):
    """A name (a route id, a rule id) that a report or rule set does not have; also a
    ``KeyError``, so that code catching lookups keeps working."""

    def __str__(self) -> str:  # KeyError would quote the message
        return KeirulesError.__str__(self)
