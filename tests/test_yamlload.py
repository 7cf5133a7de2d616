"""Safe YAML/JSON loading: hostile input refused with a line, YAML 1.2 scalars, line map."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from keirules.errors import InputFileError, KeirulesError
from keirules.yamlload import MAX_BYTES, MAX_DEPTH, Document, load_document, load_text

Write = Callable[[str, str], Path]

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@contextmanager
def refused(
    message: str | None = None, *, line: int | None = None, file: str = "spec.yaml"
) -> Iterator[pytest.ExceptionInfo[InputFileError]]:
    """Expect an InputFileError, quickly, with this message fragment, line and file."""
    started = time.perf_counter()
    with pytest.raises(InputFileError) as info:
        yield info
    assert time.perf_counter() - started < 2
    error = info.value
    if message is not None:
        assert message in error.message, error.message
    assert error.line == line
    assert error.file == file
    assert str(error).startswith(file)


# --- hostile YAML -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "name: x\nlength: 1 m\nname: y\n",
            "repeats the key 'name' (first given on line 1); each key may appear once.",
            3,
        ),
        (
            "name: x\nfeatures:\n  abs: true\n  abs: false\n",
            "repeats the key 'abs' (first given on line 3)",
            4,
        ),
        ("a: &x 1\nb: *x\n", "is refused: anchors and aliases (*name) are not supported.", 2),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "anchors and aliases", 3),
        (BILLION_LAUGHS, "anchors and aliases", 2),
        ("a: !!python/object:os.system {}\n",
         "uses the tag 'tag:yaml.org,2002:python/object:os.system', which is not allowed here.",
         1),
        ("x: 1\na: !!python/object/apply:os.system ['echo hi']\n", "python/object/apply", 2),
        ("a: !!python/name:os.system ''\n", "python/name:os.system", 1),
        ("a: !!binary aGVsbG8=\n", "uses the tag 'tag:yaml.org,2002:binary'", 1),
        ("a: !!set {x, y}\n", "uses the tag 'tag:yaml.org,2002:set'", 1),
        ("a: !!omap [x: 1]\n", "uses the tag 'tag:yaml.org,2002:omap'", 1),
        ("a: !!timestamp 2020-05-01\n", "uses the tag 'tag:yaml.org,2002:timestamp'", 1),
        ("a: !foo 1\n", "uses the tag '!foo'", 1),
        ("a: !!str {b: 1}\n", "uses the tag 'tag:yaml.org,2002:str'", 1),
        ("a: !!map [1]\n", "uses the tag 'tag:yaml.org,2002:map'", 1),
        ("%TAG !! tag:yaml.org,2002:python/\n---\na: !!object x\n",
         "uses the tag 'tag:yaml.org,2002:python/object'", 3),
        ("a: " + "[" * 10_000 + "]" * 10_000 + "\n",
         f"is refused: nesting is deeper than {MAX_DEPTH} levels.", 1),
        ("a: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", "nesting is deeper", 1),
        ("- " * 10_000 + "x\n", "nesting is deeper", 1),
        ("[" * 10_000, "nesting is deeper", 1),
        ("a: 1\n---\nb: 2\n", "is not valid YAML: but found another document.", 2),
        ("a: 1\n...\n---\nb: 2\n", "but found another document", 3),
        ("--- a\n--- b\n", "but found another document", 2),
        ("a: 1\nb: \x00\n", "contains NUL bytes; is it a binary file?", 2),
        ("\x00", "contains NUL bytes", 1),
        ("a: 1\nb: x\x07y\n",
         "contains the control character U+0007, which YAML does not allow.", 2),
        ("a: 1\n\nb: \x1b[31mred\n", "U+001B", 3),
        ("a: x\x7fy\n", "U+007F", 1),
        ("a: x\x80y\n", "U+0080", 1),
        ("a: \ud800\n", "U+D800", 1),
        ("a: \ufffe\n", "U+FFFE", 1),
        ("a: [1, 2\nb: 3\n", "is not valid YAML: ", 2),  # libyaml: did not find expected ','
        ("a:\n\tb: 1\n", "is not valid YAML", 2),
        ("a: 'open\n", "is not valid YAML", 2),
        ("1: a\n", "has a key that is not text", 1),
        ("a: 1\n~: a\n", "has a key that is not text", 2),
        ("true: a\n", "has a key that is not text", 1),
        ("? [a]\n: b\n", "has a key that is not text", 1),
        ("? {a: 1}\n: b\n", "has a key that is not text", 1),
    ],
)
def test_hostile_yaml_is_refused_with_a_line(text: str, message: str, line: int) -> None:
    with refused(message, line=line):
        load_text(text, file="spec.yaml")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "   \n\n", "\ufeff"])
def test_empty_document(text: str) -> None:
    with refused("is empty.", line=None):
        load_text(text, file="spec.yaml")


def test_text_over_the_size_limit() -> None:
    with refused("is larger than 1024 KiB", line=None):
        load_text("a: 1\n" + "#" * MAX_BYTES, file="spec.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!int 1.5\n", "int"),
        ("a: !!int 1e5\n", "int"),
        ("a: !!int +-\n", "int"),
        ("a: !!float 1e\n", "float"),
        ("a: !!float .\n", "float"),
        ("a: !!float --\n", "float"),
    ],
)
def test_explicit_number_tags_on_non_numbers(text: str, message: str) -> None:
    with refused(message, line=1):
        load_text(text, file="spec.yaml")


@pytest.mark.parametrize("text", ["a: !!bool yes\n", "a: !!bool 1\n", "a: !!null foo\n"])
def test_explicit_bool_and_null_tags_on_other_text(text: str) -> None:
    with refused(line=1):
        load_text(text, file="spec.yaml")


def test_explicit_plain_tags_are_allowed() -> None:
    document = load_text(
        "a: !!str 1\nb: !!int 2\nc: !!float 1.5\nd: !!bool true\ne: !!null ~\n"
        "f: !!seq [1]\ng: !!map {x: 1}\n"
    )
    assert document.data == {
        "a": "1", "b": 2, "c": Decimal("1.5"), "d": True, "e": None, "f": [1], "g": {"x": 1},
    }


def test_an_anchor_without_an_alias_is_harmless() -> None:
    assert load_text("a: &x 1\n").data == {"a": 1}


# --- load_document ------------------------------------------------------------------------------


def test_load_document_reads_yaml(write: Write) -> None:
    path = write("spec.yaml", "name: x\nlength: 3395 mm\n")
    document = load_document(path)
    assert document.data == {"name": "x", "length": "3395 mm"}
    assert document.file == str(path)
    assert document.line(("length",)) == 2


def test_load_document_accepts_a_str_path_and_a_bom(write: Write) -> None:
    path = write("spec.yaml", "\ufeffname: x\n")
    assert load_document(str(path)).data == {"name": "x"}


@pytest.mark.parametrize(
    ("raw", "byte", "line"),
    [
        (b"name: x\nlength: \xff\xfe3 mm\n", "byte 16 is 0xff", 2),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "byte 0 is 0x89", 1),
        (b"name: caf\xe9\n", "byte 9 is 0xe9", 1),
        ("name: x\n".encode("utf-16"), "byte 0 is 0xff", 1),
    ],
)
def test_non_utf8_file(tmp_path: Path, raw: bytes, byte: str, line: int) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(raw)
    with refused(f"is not UTF-8 text ({byte}); is it a binary file?", line=line,
                 file=str(path)):
        load_document(path)


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"name: x\n\x00\x01\x02")
    with refused("contains NUL bytes", line=2, file=str(path)):
        load_document(path)


def test_file_over_one_mib(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * MAX_BYTES)
    with refused("is larger than 1024 KiB; is it the right file?", line=None, file=str(path)):
        load_document(path)


def test_file_of_exactly_one_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    head = b"a: 1\n"
    path.write_bytes(head + b"#" * (MAX_BYTES - len(head)))
    assert path.stat().st_size == MAX_BYTES
    assert load_document(path).data == {"a": 1}


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    with refused("is empty.", line=None, file=str(path)):
        load_document(path)


def test_directory(tmp_path: Path) -> None:
    with refused("is a directory, not a file.", line=None, file=str(tmp_path)):
        load_document(tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with refused("no such file.", line=None, file=str(path)):
        load_document(path)


def test_json_suffix_means_json(write: Write) -> None:
    path = write("spec.JSON", '{"name": "x", "width": 1.50}')
    assert load_document(path).data == {"name": "x", "width": Decimal("1.50")}
    yaml_in_json = write("spec.json", "name: x\n")
    with refused("is not valid JSON", line=1, file=str(yaml_in_json)):
        load_document(yaml_in_json)


# --- YAML 1.2 scalars ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("Yes", "Yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("2020-05-01", "2020-05-01"),
        ("2020-05-01 10:00:00", "2020-05-01 10:00:00"),
        ("12:30", "12:30"),
        ("1:30:00", "1:30:00"),
        ("1.50", Decimal("1.50")),
        ("0.66", Decimal("0.66")),
        (".5", Decimal("0.5")),
        ("1.", Decimal("1")),
        ("1e3", Decimal("1E+3")),
        ("1.5E+3", Decimal("1.5E+3")),
        ("1e999", Decimal("1E+999")),
        ("-1.5", Decimal("-1.5")),
        ("3395", 3395),
        ("-5", -5),
        ("+5", 5),
        ("00123", 123),
        ("0x10", "0x10"),
        ("0o17", "0o17"),
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        ("1,000", "1,000"),
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        (".nan", ".nan"),
        ("9" * 50, "9" * 50),  # too long to be read as a number: left as text
        ("'1.5'", "1.5"),
        ('"true"', "true"),
        ("3395 mm", "3395 mm"),
    ],
)
def test_yaml_12_scalars(scalar: str, value: object) -> None:
    data = load_text(f"a: {scalar}\n").data
    assert data == {"a": value}
    assert type(data["a"]) is type(value)


def test_top_level_may_be_any_value() -> None:
    assert load_text("- a\n- b\n").data == ["a", "b"]
    assert load_text("hello\n").data == "hello"
    for empty in ("~\n", "---\n", "null\n"):  # a document holding only null is empty
        with refused("is empty (it holds only null).", line=None):
            load_text(empty, file="spec.yaml")


def test_unicode_text_is_kept() -> None:
    assert load_text("name: 日本 ㎜ ﬁ\n").data == {"name": "日本 ㎜ ﬁ"}


# --- the line map -------------------------------------------------------------------------------

SPEC = """\
# a comment
name: Honda N-Box
length: 3395 mm
features:
  abs: true
  esc: false
sources:
  - https://example.com/a
  - https://example.com/b
width: {value: 1475, unit: mm}
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ((), 2),
        (("name",), 2),
        (("length",), 3),
        (("features",), 4),
        (("features", "abs"), 5),
        (("features", "esc"), 6),
        (("sources",), 7),
        (("sources", 0), 8),
        (("sources", 1), 9),
        (("width",), 10),
        (("width", "unit"), 10),
        (("sources", 5), 7),  # no such item: the nearest enclosing value
        (("features", "nope", "deeper"), 4),
        (("nope",), 2),
    ],
)
def test_document_line(path: tuple[str | int, ...], line: int) -> None:
    document = load_text(SPEC, file="spec.yaml")
    assert isinstance(document, Document)
    assert document.file == "spec.yaml"
    assert document.line(path) == line


def test_document_line_without_lines() -> None:
    assert Document({"a": 1}, "x").line(("a",)) is None


# --- JSON ---------------------------------------------------------------------------------------


def test_json_numbers_are_exact() -> None:
    document = load_text('{"a": 1.50, "b": 3, "c": [1e3, 0.1], "d": "NO", "e": null}',
                         file="spec.json", json_syntax=True)
    assert document.data == {
        "a": Decimal("1.50"), "b": 3, "c": [Decimal("1E+3"), Decimal("0.1")], "d": "NO",
        "e": None,
    }
    assert type(document.data["a"]) is Decimal
    assert type(document.data["b"]) is int


def test_json_huge_numbers_stay_text() -> None:
    data = load_text('{"a": ' + "9" * 5000 + ', "b": 1.' + "9" * 5000 + "}",
                     json_syntax=True).data
    assert data == {"a": "9" * 5000, "b": "1." + "9" * 5000}


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"a": 1, "a": 2}',
         "repeats the key 'a' (first given on line 1); each key may appear once.", 1),
        ('{"x": {"a": 1, "a": 2}}', "repeats the key 'a'", 1),
        ('{"a": NaN}', "contains NaN, which is not a finite number.", None),
        ('{"a": Infinity}', "contains Infinity, which is not a finite number.", None),
        ('{"a": -Infinity}', "contains -Infinity, which is not a finite number.", None),
        ('{"a":\n 1,,}', "is not valid JSON: Expecting property name enclosed in double quotes.",
         2),
        ("", "is not valid JSON: Expecting value.", 1),
        ('{"a": 1}\n{"b": 2}', "is not valid JSON: Extra data.", 2),
        ("[" * 100_000 + "]" * 100_000, "is nested too deeply.", None),
        ('{"a": "\x00"}', "contains NUL bytes", 1),
    ],
)
def test_json_refused(text: str, message: str, line: int | None) -> None:
    with refused(message, line=line, file="spec.json"):
        load_text(text, file="spec.json", json_syntax=True)


def test_json_errors_name_the_line() -> None:
    with refused("repeats the key 'a'", line=3, file="spec.json"):
        load_text('{\n "a": 1,\n "a": 2\n}', file="spec.json", json_syntax=True)


# --- property tests -----------------------------------------------------------------------------

YAMLISH = st.text(alphabet=list(":-[]{}&*!|>'\"#%@?,~. \n\t\r\\abcnoy019eE\x00\x07\x85\ufeff"),
                  max_size=60)


def _load_any(text: str, json_syntax: bool) -> None:
    started = time.perf_counter()
    try:
        document = load_text(text, file="f.yaml", json_syntax=json_syntax)
    except InputFileError as error:
        assert str(error).startswith("f.yaml")
        assert error.line is None or error.line >= 1
    else:
        assert isinstance(document, Document)
    assert time.perf_counter() - started < 2


@settings(max_examples=examples(300), deadline=None)
@given(st.text(), st.booleans())
def test_any_text_loads_or_raises_input_file_error(text: str, json_syntax: bool) -> None:
    _load_any(text, json_syntax)


@settings(max_examples=examples(300), deadline=None)
@given(YAMLISH, st.booleans())
def test_yaml_like_text_loads_or_raises_input_file_error(text: str, json_syntax: bool) -> None:
    _load_any(text, json_syntax)


def test_input_file_error_is_a_keirules_error() -> None:
    assert issubclass(InputFileError, KeirulesError)
