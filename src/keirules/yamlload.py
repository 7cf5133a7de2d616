"""Safe loading of YAML and JSON documents, keeping the line of every value.

Specs and rule sets are written by hand and sometimes by hostile programs, so the loader is
deliberately narrower than YAML: no tags beyond the plain ones, no aliases (so no alias bombs),
no duplicate keys, bounded nesting and size, and YAML 1.2-style scalars (``NO`` is the text
"NO", not false; ``2020-05-01`` stays text; decimals are read exactly). Every problem becomes an
:class:`~keirules.errors.InputFileError` naming the file and line.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Final

import yaml
from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from keirules.errors import UNPRINTABLE, InputFileError, show_name

__all__ = ["Document", "FileStamp", "load_document", "load_text", "text_problem"]

MAX_BYTES: Final = 1 << 20
MAX_DEPTH: Final = 32
_MAX_NUMBER_DIGITS: Final = 40

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


_EXPLICIT: Final = {
    _BOOL: re.compile(r"true|True|TRUE|false|False|FALSE"),
    _NULL: re.compile(r"~|null|Null|NULL|"),
    _INT: re.compile(r"[-+]?[0-9]+"),
    _FLOAT: re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?"),
}


# A plain scalar's first character -> the implicit types it may have, in the order tried.
_IMPLICIT: Final[dict[str, tuple[tuple[str, re.Pattern[str]], ...]]] = {}
for _tag, _first in ((_BOOL, "tTfF"), (_NULL, "~nN"), (_INT, "-+0123456789"),
                     (_FLOAT, "-+0123456789.")):
    for _char in _first:
        _IMPLICIT[_char] = (*_IMPLICIT.get(_char, ()), (_tag, _EXPLICIT[_tag]))

# What YAML allows in a stream at all (PyYAML's Reader.NON_PRINTABLE, as a whole-text search).
_NOT_YAML: Final = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Refused inside a key (escapes can write them): every control character, lone surrogates and
# separators; inside a value the same, except tab and line breaks (a carriage return only
# before a line feed: alone, it would overwrite a terminal's line).
_BAD_KEY: Final = UNPRINTABLE
_BAD_TEXT: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")

_FastParser: Any
try:  # libyaml's parser when PyYAML was built with it: several times faster than pure Python
    from yaml._yaml import CParser as _FastParser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _FastParser = None


class _PureParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser (events only), where libyaml is missing."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


def _parser(text: str) -> Any:
    return _FastParser(text) if _FastParser is not None else _PureParser(text)


class _Refused(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line + 1


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: its identity, size and times, and a hash of its bytes.

    :meth:`current` says whether the file still holds those bytes, so that caches of what was
    read from it (rule sets, markets) are never stale: a changed size, time or inode means
    changed, and a file modified within two seconds of being read (when a quick edit could keep
    the same size and time stamp) is hashed again.
    """

    path: str
    stat: tuple[int, int, int, int]
    digest: int
    read_ns: int

    def current(self) -> bool:
        try:
            stat = os.stat(self.path)
        except (OSError, ValueError):
            return False
        if _stat_key(stat) != self.stat:
            return False
        if self.read_ns - self.stat[2] > _RACY_NS:
            return True
        now = time.time_ns()
        try:
            with open(self.path, "rb") as handle:
                same = _digest(handle.read(MAX_BYTES + 1)) == self.digest
        except OSError:
            return False
        if same and now - self.stat[2] > _RACY_NS:  # these bytes are now older than a tick
            object.__setattr__(self, "read_ns", now)
        return same


_RACY_NS: Final = 2_000_000_000


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _digest(raw: bytes) -> int:
    """The bytes' hash: a cache lives no longer than its process, and so does this hash."""
    return hash(raw)


@dataclass(frozen=True)
class Document:
    """A loaded document: plain data (dicts, lists, text, int, Decimal, bool, None) and lines."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)
    #: The file as it was read (None for text not read from a file).
    stamp: FileStamp | None = field(default=None, compare=False, repr=False)
    #: Finds the lines when first asked for (JSON: parsed as JSON, lines only for messages).
    find_lines: Callable[[], dict[Path_, int]] | None = field(
        default=None, compare=False, repr=False)

    def line(self, path: Path_) -> int | None:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        lines = self.lines
        if not lines and self.find_lines is not None:
            lines.update(self.find_lines())
            object.__setattr__(self, "find_lines", None)
        for end in range(len(path), -1, -1):
            found = lines.get(path[:end])
            if found is not None:
                return found
        return None


def open_input(path: str | Path) -> BinaryIO:
    """Open a user's file for reading, turning OS errors into an :class:`InputFileError`."""
    name = str(path)
    problem = _path_problem(name)
    if problem:
        raise InputFileError(problem, file=name)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputFileError("no such file.", file=name) from None
    except IsADirectoryError:
        raise InputFileError("is a directory, not a file.", file=name) from None
    except OSError as exc:
        raise InputFileError(f"cannot be read: {exc.strerror}.", file=name) from None
    except ValueError as exc:  # pragma: no cover - _path_problem catches what this can be
        raise InputFileError(f"is not a file name: {exc}.", file=name) from None


def _path_problem(name: str) -> str | None:
    """Why a path can never name a file (a NUL byte, a lone surrogate), or None."""
    if "\x00" in name:
        return "is not a file name: it contains a NUL character."
    if _SURROGATE.search(name):
        return "is not a file name: it contains a lone surrogate (not a character)."
    return None


_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")


def load_document(path: str | Path) -> Document:
    """Read a YAML or JSON file (by suffix; ``.json`` is JSON) into a :class:`Document`."""
    name = str(path)
    with open_input(path) as handle:
        try:
            stat = _stat_key(os.fstat(handle.fileno()))
            raw = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputFileError(f"cannot be read: {exc.strerror}.", file=name) from None
    stamp = FileStamp(name, stat, _digest(raw), time.time_ns())
    if len(raw) > MAX_BYTES:
        raise InputFileError(
            f"is larger than {MAX_BYTES // 1024} KiB; is it the right file?", file=name
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"is not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x}); is it a binary file?",
            file=name,
            line=line,
        ) from None
    document = load_text(text, file=name, json_syntax=Path(name).suffix.lower() == ".json")
    return replace(document, stamp=stamp)


def load_text(text: str, *, file: str = "<text>", json_syntax: bool = False) -> Document:
    """Parse YAML (or JSON) text into a :class:`Document`, refusing anything hostile."""
    if len(text) > MAX_BYTES:
        raise InputFileError(f"is larger than {MAX_BYTES // 1024} KiB.", file=file)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputFileError("contains NUL bytes; is it a binary file?", file=file, line=line)
    if json_syntax:
        return _json_document(text, file)
    bad = _NOT_YAML.search(text)
    if bad is not None:
        raise InputFileError(
            f"contains the control character U+{ord(bad[0]):04X}, which YAML does not allow.",
            file=file, line=text.count("\n", 0, bad.start()) + 1)
    lines: dict[Path_, int] = {}
    try:
        data = _Builder(file, lines).build(_parser(text))
    except _Refused as exc:
        raise InputFileError(f"is refused: {exc}.", file=file, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unreadable"
        if problem == "found invalid Unicode character escape code":  # libyaml's words
            problem = ("found an escape that is not a character (\\uD800 to \\uDFFF are halves "
                       "of a character, never one on their own)")
        if "maximum nesting depth" in problem:  # libyaml's own bound, far above ours
            raise InputFileError(f"is refused: nesting is deeper than {MAX_DEPTH} levels.",
                                 file=file, line=mark.line + 1 if mark else None) from None
        raise InputFileError(
            f"is not valid YAML: {problem}.", file=file, line=mark.line + 1 if mark else None
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise InputFileError(f"is not valid YAML: {type(exc).__name__}.", file=file) from None
    if data is _NOTHING:
        raise InputFileError("is empty.", file=file)
    if data is None:
        raise InputFileError("is empty (it holds only null).", file=file)
    return Document(data, file, lines)


_NOTHING: Final = object()
_NO_KEY: Final = object()


class _Builder:
    """Build plain data straight from parser events, iteratively: record lines, refuse odd
    tags, aliases, duplicate or non-text keys and unprintable text, and bound the nesting."""

    def __init__(self, file: str, lines: dict[Path_, int]) -> None:
        self.file = file
        self.lines = lines
        #: The first problem found in the data; raised once the whole stream has parsed, so that
        #: a syntax error, an alias or too deep a nesting anywhere is what gets reported first.
        self.problem: InputFileError | None = None

    def fail(self, message: str, event: Any) -> None:
        if self.problem is None:
            self.problem = InputFileError(message, file=self.file,
                                          line=event.start_mark.line + 1)

    def build(self, parser: Any) -> Any:
        """The single document's data, or _NOTHING for an empty stream."""
        get, check = parser.get_event, parser.check_event
        get()  # the stream's start
        if check(StreamEndEvent):
            return _NOTHING
        get()  # the document's start
        root = self._events(get)
        get()  # the document's end
        if not check(StreamEndEvent):
            event = get()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", None,
                "but found another document", event.start_mark)
        if self.problem is not None:
            raise self.problem
        return root

    def _events(self, get: Callable[[], Any]) -> Any:
        lines = self.lines
        # Open containers: [container, path, key awaiting its value (maps), keys seen (maps)].
        stack: list[list[Any]] = []
        root: Any = _NOTHING
        skipping = 0  # the depth inside a key that is a mapping or a list (refused, skipped)
        while True:
            event = get()
            kind = type(event)
            if kind is AliasEvent:
                raise _Refused("anchors and aliases (*name) are not supported",
                               event.start_mark.line)
            if skipping:
                if kind is MappingStartEvent or kind is SequenceStartEvent:
                    skipping += 1
                elif kind is not ScalarEvent:
                    skipping -= 1
                if len(stack) + skipping > MAX_DEPTH:
                    raise _Refused(f"nesting is deeper than {MAX_DEPTH} levels",
                                   event.start_mark.line)
                continue
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                top = stack[-1] if stack else None
                line = event.start_mark.line + 1
                if top is not None and isinstance(top[0], dict) and top[2] is _NO_KEY:
                    self._key(top, event, line)
                    if kind is not ScalarEvent:
                        skipping = 1
                    continue
                if top is None:
                    path: Path_ = ()
                elif isinstance(top[0], dict):
                    path = (*top[1], top[2])
                else:
                    path = (*top[1], len(top[0]))
                if len(stack) + 1 > MAX_DEPTH:
                    raise _Refused(f"nesting is deeper than {MAX_DEPTH} levels",
                                   event.start_mark.line)
                lines.setdefault(path, line)
                value: Any
                if kind is ScalarEvent:
                    value = self._scalar(event, path)
                else:
                    tag = event.tag
                    want = _MAP if kind is MappingStartEvent else _SEQ
                    if tag is not None and tag != "!" and tag != want:
                        self.fail(f"uses the tag '{show_name(tag)}', which is not "
                                  "allowed here.", event)
                    value = {} if kind is MappingStartEvent else []
                if top is None:
                    root = value
                elif isinstance(top[0], dict):
                    top[0][top[2]] = value
                    top[2] = _NO_KEY
                else:
                    top[0].append(value)
                if kind is not ScalarEvent:
                    stack.append([value, path, _NO_KEY, {}])
                elif top is None:
                    return root
            else:  # the end of a mapping or a sequence
                stack.pop()
                if not stack:
                    return root

    def _key(self, top: list[Any], event: Any, line: int) -> None:
        key = self._scalar(event, None) if type(event) is ScalarEvent else None
        top[2] = object()  # where the value goes if the key is refused: the problem is raised
        if not isinstance(key, str):
            self.fail(
                "has a key that is not text (keys must be plain names such as 'length').", event)
            return
        bad = _BAD_KEY.search(key)
        if bad is not None:
            self.fail(f"has the key '{show_name(key)}', which contains the control "
                      f"character U+{ord(bad[0]):04X}; keys are plain names.", event)
            return
        seen = top[3]
        if key in seen:
            self.fail(
                f"repeats the key '{show_name(key)}' (first given on line {seen[key]}); "
                "each key may appear once.",
                event,
            )
            return
        seen[key] = line
        self.lines[(*top[1], key)] = line
        top[2] = key

    def _scalar(self, event: Any, path: Path_ | None) -> Any:
        tag, text = event.tag, event.value
        if tag is None or tag == "!":
            if event.implicit[0]:
                for candidate, pattern in _IMPLICIT.get(text[:1], ()):
                    if pattern.fullmatch(text):
                        tag = candidate
                        break
                else:
                    tag = _NULL if not text else _STR
            else:
                tag = _STR
        if tag == _STR:
            if path is not None:
                bad = _BAD_TEXT.search(text)
                if bad is not None:
                    self.fail(_bad_text_message(path, bad[0]), event)
            return text
        explicit = _EXPLICIT.get(tag)
        if explicit is None:
            self.fail(f"uses the tag '{show_name(tag)}', which is not allowed here.", event)
            return None
        if not explicit.fullmatch(text):
            if tag in (_INT, _FLOAT) and event.style in (None, "") and text.lower().lstrip(
                    "+-") in (".inf", ".nan"):
                return text  # left as text: the field's own check says it is not finite
            self.fail(f"is tagged '{tag.rsplit(':', 1)[-1]}' but {show_name(text, 40)!r} is "
                      "not one.", event)
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag == _NULL:
            return None
        if len(text) > _MAX_NUMBER_DIGITS:
            return text  # left as text: the field's own check explains what is wrong
        return int(text) if tag == _INT else Decimal(text)


def text_problem(text: str) -> str | None:
    """What makes a text unprintable (a control character other than tab and line breaks, or
    a lone surrogate), as the end of a message, or None if it is fine."""
    bad = _BAD_TEXT.search(text)
    if bad is None:
        return None
    char = bad[0]
    kind = ("a lone surrogate (half of a character)" if "\ud800" <= char <= "\udfff"
            else "the control character")
    return (f"holds {kind} U+{ord(char):04X}; text may hold tabs and line breaks but no other "
            "control characters.")


def _bad_text_message(path: Path_, char: str) -> str:
    where = ".".join(str(part) for part in path)
    kind = ("a lone surrogate (half of a character)" if "\ud800" <= char <= "\udfff"
            else "the control character")
    return (f"holds {kind} U+{ord(char):04X} in '{show_name(where)}'; text may hold tabs and "
            "line breaks but no other control characters.")


def _json_document(text: str, file: str) -> Document:
    """JSON is parsed by the json module; lines are found only if a message asks for one."""
    try:
        data = load_json_text(text, file)
    except InputFileError as exc:
        if "repeats the key" in exc.message:
            load_text(text, file=file)  # YAML reading names the line of the repeated key
        raise

    def find_lines() -> dict[Path_, int]:
        try:
            return load_text(text, file=file).lines
        except InputFileError:
            return {}

    return Document(data, file, {}, find_lines=find_lines)


def load_json_text(text: str, file: str) -> Any:
    """Parse JSON text as a spec file is parsed: exact numbers, no duplicate keys, no NaN."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise InputFileError(
                    f"repeats the key '{show_name(key)}'; each key may appear once.", file=file
                )
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise InputFileError(f"contains {name}, which is not a finite number.", file=file)

    def integer(digits: str) -> int | str:
        return int(digits) if len(digits) <= _MAX_NUMBER_DIGITS else digits

    def number(digits: str) -> Decimal | str:
        return Decimal(digits) if len(digits) <= _MAX_NUMBER_DIGITS else digits

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_float=number,
            parse_int=integer,
            parse_constant=constant,
        )
    except json.JSONDecodeError as exc:
        raise InputFileError(f"is not valid JSON: {exc.msg}.", file=file, line=exc.lineno) from None
    except RecursionError:
        raise InputFileError("is nested too deeply.", file=file) from None
    if _BAD_TEXT.search(text) or _BAD_ESCAPE.search(text):
        _refuse_unprintable(data, file)
    return data


# A JSON escape that writes a control character or a lone surrogate half (those that a key may
# not hold and a text only sometimes: the data is then looked through).
_BAD_ESCAPE: Final = re.compile(r"\\(?:u(?:00[0-1]|00[89]|007f|d[89a-f])|[bfnrt])",
                                re.IGNORECASE)


def _refuse_unprintable(data: Any, file: str) -> None:
    """Raise naming the first key or text that holds a control character or lone surrogate."""
    pending: list[tuple[Path_, Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            bad = _BAD_TEXT.search(value)
            if bad is not None:
                raise InputFileError(_bad_text_message(path, bad[0]), file=file)
        elif isinstance(value, dict):
            for key, item in value.items():
                bad = _BAD_KEY.search(key)
                if bad is not None:
                    raise InputFileError(
                        f"has the key '{show_name(key)}', which contains the control character "
                        f"U+{ord(bad[0]):04X}; keys are plain names.", file=file)
                pending.append(((*path, key), item))
        elif isinstance(value, list):
            pending.extend(((*path, i), item) for i, item in enumerate(value))
