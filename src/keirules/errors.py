"""One exception family for every kind of bad input.

Library code raises these with as much location as it knows (file, line, field, value, what was
expected); the command line prints ``str(error)`` as one paragraph and exits 2. Errors from
PyYAML, pint or the standard library are translated into these at the loading boundary and
never leak to callers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, Generic, Protocol, TypeVar

__all__ = [
    "BadRequest",
    "DateProblem",
    "InputFileError",
    "KeirulesError",
    "Locator",
    "MarketError",
    "PlotExtraMissing",
    "PluginError",
    "QuantityError",
    "RuleSetError",
    "SpecError",
    "UnknownNameError",
    "UnknownRuleSetError",
    "UnknownUnit",
    "UsageError",
    "did_you_mean",
    "field_name",
    "first_of",
    "more_problems",
    "printable",
    "show_name",
]

_MAX_SHOWN = 80
#: A name (field, key, column header, rule id) quoted in a message: at most this long.
MAX_NAME = 80
#: A file path in a message: at most this long.
_MAX_PATH = 240
#: A message's text, and what it expects: each at most this long once escaped.
_MAX_MESSAGE = 1500
# Control characters (C0, DEL, C1), lone surrogates, line and paragraph separators and the
# bidirectional controls: none of them may reach a terminal raw.
UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return repr(match[0])[1:-1]


def printable(text: str) -> str:
    """``text`` with every control character, lone surrogate and separator escaped (``\\n``,
    ``\\x1b``, ``\\ud800``), so that it prints as one line and encodes as UTF-8.

    >>> printable("a\\nb\\x1b[31m")
    'a\\\\nb\\\\x1b[31m'
    """
    return UNPRINTABLE.sub(_escape, text) if UNPRINTABLE.search(text) else text


def show_name(text: str, limit: int = MAX_NAME) -> str:
    """A name from a user's input (a key, a field, a header, a path) as a message quotes it:
    escaped by :func:`printable` and cut to ``limit`` characters, saying how long it was."""
    text = str(text)
    if len(text) <= limit:
        return printable(text)
    return f"{printable(text[:limit])}... ({len(text)} characters)"


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

    word = str(word)
    if len(word) > 2 * MAX_NAME:  # no name is that long: nothing is close, and comparing is slow
        return ""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
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

    def placed(self, *, line: int | None, field: str | None) -> KeirulesError:
        """A copy of this error at ``line`` and ``field`` (file, value and expectation kept):
        an error shared by many rows, placed on one of them. :meth:`located` fills in what is
        unknown; :class:`Locator` makes errors at a document path; these three are the ways
        to place an error."""
        return type(self)(self.message, file=self.file, line=line, field=field,
                          value=self.value, expected=self.expected)

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(show_name(self.file, _MAX_PATH))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{show_name(self.field)}'")
        text = (", ".join(where) + ": " if where else "") + _bounded(self.message)
        if self.value is not None:
            text += f" Got: {show_value(self.value)}."
        if self.expected:
            text += f" Expected: {_bounded(self.expected)}."
        return text


def _bounded(text: str) -> str:
    """A message part, escaped and (should it quote something huge) cut."""
    text = printable(str(text))
    if len(text) > _MAX_MESSAGE:
        text = text[:_MAX_MESSAGE] + f"... ({len(text)} characters)"
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


class BadRequest(UsageError):
    """A web request whose shape is wrong (not a JSON object, a field of the wrong type...)."""


class UnknownNameError(UsageError, KeyError):
    """A name (a route id, a rule id) that a report or rule set does not have; also a
    ``KeyError``, so that code catching lookups keeps working."""

    def __str__(self) -> str:  # KeyError would quote the message
        return KeirulesError.__str__(self)


class MarketError(KeirulesError):
    """A market file that breaks the market format (unknown key, missing route title...)."""


class PluginError(RuleSetError):
    """A rule set plugin that cannot be used: it fails to import, names no folder, its files
    are bad, or it provides a family that another provider already has."""

    def __init__(self, message: str, *, plugin: str, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.plugin = plugin


class PlotExtraMissing(KeirulesError, ImportError):
    """Drawing needs matplotlib (the ``keirules[plot]`` extra), and it is not installed."""


class DateProblem(ValueError):
    """The text is not a date of the accepted forms; the message says why.

    Raised by the date parsers without a location; the reader that knows the file, line and
    field turns it into a :class:`KeirulesError` of its kind."""


class UnknownUnit(LookupError):
    """The token names no unit (or one keirules refuses); the message says what to write.

    Raised by the unit lookup without a location; the quantity reader turns it into a
    :class:`QuantityError` naming the field."""


# -- locating and collecting ----------------------------------------------------------------

Path_ = tuple[str | int, ...]


class _Lines(Protocol):
    """What a locator needs of a document: its file and the line of a path in it."""

    @property
    def file(self) -> str: ...

    def line(self, path: Path_) -> int | None: ...


def field_name(path: Path_) -> str | None:
    """A document path as a field name in messages: ``rules.3.max`` (None for the root)."""
    return ".".join(str(p) for p in path) or None


_E = TypeVar("_E", bound=KeirulesError)


class Locator(Generic[_E]):
    """The one way to locate an error in a document: a path gives its file, line and field.

    Every file reader (rule sets, markets, regions, a rule set's tests) builds its errors with
    one, of its own error class; ``prefix`` places paths under a key (``tests``).
    """

    def __init__(self, document: _Lines, kind: type[_E], prefix: Path_ = ()) -> None:
        self.document = document
        self.kind = kind
        self.prefix = prefix

    def where(self, path: Path_) -> dict[str, Any]:
        full = (*self.prefix, *path)
        return {"file": self.document.file, "line": self.document.line(full),
                "field": field_name(full)}

    def error(self, path: Path_, message: str, **kw: Any) -> _E:
        """An error of this reader's kind at ``path``."""
        return self.kind(message, **self.where(path), **kw)

    def relocate(self, exc: KeirulesError, path: Path_) -> _E:
        """``exc`` (from a reader that knew no location) as this reader's error at ``path``."""
        return self.kind(exc.message, **self.where(path), value=exc.value,
                         expected=exc.expected)


def more_problems(errors: list[KeirulesError], where: str = "file") -> str:
    """What a first error adds about the others: '' for one, else ' (This file has 2 more
    problem(s), in 'width', 'height'.)' (``where``: file, row...)."""
    if len(errors) < 2:
        return ""
    others = ", ".join(f"'{error.field}'" for error in errors[1:4])
    more = "" if len(errors) <= 4 else f" and {len(errors) - 4} more"
    return f" (This {where} has {len(errors) - 1} more problem(s), in {others}{more}.)"


def first_of(errors: list[KeirulesError], where: str = "file") -> KeirulesError:
    """The one way to report several errors: the first, naming how many more there are and
    where (a copy; the errors collected are left as they were)."""
    first = errors[0]
    if len(errors) < 2:
        return first
    return type(first)(first.message + more_problems(errors, where), file=first.file,
                       line=first.line, field=first.field, value=first.value,
                       expected=first.expected)
