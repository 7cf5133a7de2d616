"""Safe loading of YAML and JSON documents, keeping the line of every value.

Specs and rule sets are written by hand and sometimes by hostile programs, so the loader is
deliberately narrower than YAML: no tags beyond the plain ones, no aliases (so no alias bombs),
no duplicate keys, bounded nesting and size, and YAML 1.2-style scalars (``NO`` is the text
"NO", not false; ``2020-05-01`` stays text; decimals are read exactly). Every problem becomes an
:class:`~keirules.errors.InputFileError` naming the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Final

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from keirules.errors import InputFileError

__all__ = ["Document", "load_document", "load_text"]

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


class _Resolver(BaseResolver):
    """YAML 1.2 core-schema scalars only: no sexagesimals, timestamps, yes/no booleans."""


_Resolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


class _Loader(Reader, Scanner, Parser, Composer, _Resolver):
    """PyYAML's pure-Python front end, composing nodes with an alias ban and a depth bound."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused("anchors and aliases (*name) are not supported", event.start_mark.line)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            line = self.peek_event().start_mark.line  # type: ignore[no-untyped-call]
            raise _Refused(f"nesting is deeper than {MAX_DEPTH} levels", line)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Refused(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line + 1


@dataclass(frozen=True)
class Document:
    """A loaded document: plain data (dicts, lists, text, int, Decimal, bool, None) and lines."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None


def open_input(path: str | Path) -> BinaryIO:
    """Open a user's file for reading, turning OS errors into an :class:`InputFileError`."""
    name = str(path)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputFileError("no such file.", file=name) from None
    except IsADirectoryError:
        raise InputFileError("is a directory, not a file.", file=name) from None
    except OSError as exc:
        raise InputFileError(f"cannot be read: {exc.strerror}.", file=name) from None


def load_document(path: str | Path) -> Document:
    """Read a YAML or JSON file (by suffix; ``.json`` is JSON) into a :class:`Document`."""
    name = str(path)
    with open_input(path) as handle:
        try:
            raw = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputFileError(f"cannot be read: {exc.strerror}.", file=name) from None
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
    return load_text(text, file=name, json_syntax=Path(name).suffix.lower() == ".json")


def load_text(text: str, *, file: str = "<text>", json_syntax: bool = False) -> Document:
    """Parse YAML (or JSON) text into a :class:`Document`, refusing anything hostile."""
    if len(text) > MAX_BYTES:
        raise InputFileError(f"is larger than {MAX_BYTES // 1024} KiB.", file=file)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputFileError("contains NUL bytes; is it a binary file?", file=file, line=line)
    if json_syntax:
        return _json_document(text, file)
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise InputFileError(
            f"contains the control character U+{exc.character:04X}, which YAML does not allow.",
            file=file,
            line=text[: exc.position].count("\n") + 1,
        ) from None
    except _Refused as exc:
        raise InputFileError(f"is refused: {exc}.", file=file, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unreadable"
        raise InputFileError(
            f"is not valid YAML: {problem}.", file=file, line=mark.line + 1 if mark else None
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise InputFileError(f"is not valid YAML: {type(exc).__name__}.", file=file) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise InputFileError("is empty.", file=file)
    lines: dict[Path_, int] = {}
    data = _Builder(file, lines).build(node, ())
    if data is None:
        raise InputFileError("is empty (it holds only null).", file=file)
    return Document(data, file, lines)


class _Builder:
    """Turn composed nodes into plain data, recording lines and refusing odd tags and keys."""

    def __init__(self, file: str, lines: dict[Path_, int]) -> None:
        self.file = file
        self.lines = lines

    def fail(self, message: str, node: Node) -> InputFileError:
        return InputFileError(message, file=self.file, line=node.start_mark.line + 1)

    def build(self, node: Node, path: Path_) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise self.fail(f"uses the tag '{node.tag}', which is not allowed here.", node)
            return dict(self._pairs(node, path))
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(f"uses the tag '{node.tag}', which is not allowed here.", node)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node)

    def _pairs(self, node: MappingNode, path: Path_) -> Iterator[tuple[str, Any]]:
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                raise self.fail(
                    "has a key that is not text (keys must be plain names such as 'length').",
                    key_node,
                )
            line = key_node.start_mark.line + 1
            if key in seen:
                raise self.fail(
                    f"repeats the key '{key}' (first given on line {seen[key]}); "
                    "each key may appear once.",
                    key_node,
                )
            seen[key] = line
            self.lines[(*path, key)] = line
            yield key, self.build(value_node, (*path, key))

    def _scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        pattern = _EXPLICIT.get(tag)
        if pattern is None:
            raise self.fail(f"uses the tag '{tag}', which is not allowed here.", node)
        if not pattern.fullmatch(text):
            if tag in (_INT, _FLOAT) and node.style is None and text.lower().lstrip("+-") in (
                    ".inf", ".nan"):
                return text  # left as text: the field's own check says it is not finite
            raise self.fail(f"is tagged '{tag.rsplit(':', 1)[-1]}' but {text[:40]!r} is not "
                            "one.", node)
        if tag == _BOOL:
            return text.lower() == "true"
        if tag == _NULL:
            return None
        if len(text) > _MAX_NUMBER_DIGITS:
            return text  # left as text: the field's own check explains what is wrong
        return int(text) if tag == _INT else Decimal(text)


def _json_document(text: str, file: str) -> Document:
    """JSON is parsed by the json module; lines come from reading it as YAML where that works."""
    try:
        data = load_json_text(text, file)
    except InputFileError as exc:
        if "repeats the key" in exc.message:
            load_text(text, file=file)  # YAML reading names the line of the repeated key
        raise
    try:
        lines = load_text(text, file=file).lines
    except InputFileError:
        lines = {}
    return Document(data, file, lines)


def load_json_text(text: str, file: str) -> Any:
    """Parse JSON text as a spec file is parsed: exact numbers, no duplicate keys, no NaN."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise InputFileError(
                    f"repeats the key '{key}'; each key may appear once.", file=file
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
        return json.loads(
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
