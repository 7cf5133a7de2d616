"""What fuzzing found: each input that once crashed, hung, flooded or went stale, now refused
with a :class:`~keirules.errors.KeirulesError` naming where, or handled, in the library, the
command line and every catalog path."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

import keirules
from keirules.batch import check_catalog, check_rows
from keirules.batch.header import parse_header
from keirules.errors import (
    InputFileError,
    KeirulesError,
    QuantityError,
    RuleSetError,
    SpecError,
    printable,
    show_name,
)
from keirules.markets import find_market
from keirules.quantity import parse_quantity
from keirules.report import percent_text
from keirules.rulesets.catalog import Catalog
from keirules.yamlload import load_document, load_text

Write = Callable[[str, str], Path]

RULESET = """\
format: keirules-ruleset/1
family: mine
version: "1"
title: Mine
jurisdiction: {jurisdiction}
status: draft
effective_from: 2020-01-01
sources:
  s: {{title: Source S}}
rules:
  - {rule}
"""


def ruleset(rule: str = "{id: length, field: length, max: 3.40 m}",
            jurisdiction: str = "JP") -> str:
    return RULESET.format(rule=rule, jurisdiction=jurisdiction)


def one_paragraph(text: str) -> None:
    """A message as the command line prints it: one printable line, of bounded size."""
    body = text.removesuffix("\n")
    assert "\n" not in body and "\x1b" not in body
    assert printable(body) == body
    assert len(body) < 3000
    body.encode("utf-8")


# -- internal errors ------------------------------------------------------------------------------
def test_an_absurd_length_is_refused_naming_the_field(write: Write,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = write("big.yaml", "name: big\nlength: 4e23 m\n")
    code, out, err = run_cli(capsys, "check", str(path))
    assert code == 2 and out == ""
    assert "line 2, field 'length': is far too large for a vehicle's length" in err
    one_paragraph(err)
    with pytest.raises(QuantityError, match="far too large"):
        keirules.check({"name": "big", "length": "4e23 m"})


@pytest.mark.parametrize("text", ["10001 m", "1e5 m", "100.1 m3", "1e10 W", "2e7 kg",
                                  "1e5 m/s"])
def test_each_dimension_has_a_plausible_range(text: str) -> None:
    with pytest.raises(QuantityError, match="far too large"):
        parse_quantity(text)


def test_the_largest_plausible_values_are_accepted() -> None:
    for text in ("10 km", "100 m3", "1000 MW", "10000 t", "36000 km/h"):
        parse_quantity(text)


def test_percentages_are_exact_at_any_magnitude() -> None:
    assert percent_text(Fraction(10**40, 3)) == percent_text(Fraction(10**40, 3) + Fraction(1,
                                                                                           10**6))
    assert str(percent_text(Fraction(10**40, 3))) == "3" * 40 + ".333"
    assert str(percent_text(Fraction(-1, 2000))) == "-0.001"
    assert str(percent_text(Fraction(1, 3000))) == "0"
    assert str(percent_text(Fraction(125, 1))) == "125"


def test_limits_and_values_too_small_to_be_measured_are_refused(write: Write) -> None:
    path = write("tiny.yaml", ruleset("{id: length, field: length, max: 1e-90 m}"))
    with pytest.raises(RuleSetError, match="far too small"):
        keirules.check({"name": "x", "length": "3 m"}, str(path))
    with pytest.raises(QuantityError, match="far too small"):
        parse_quantity("1e-13 m")
    assert parse_quantity("0e-40 m").base == 0


def test_the_largest_margin_prints_exactly(write: Write) -> None:
    path = write("tiny.yaml", ruleset("{id: length, field: length, max: 1e-12 m}"))
    report = keirules.check({"name": "x", "length": "10 km"}, str(path))
    data = report.as_dict()
    assert data["verdict"] == "fail"
    assert data["results"][0]["margin"]["percent"] == "-999999999999999900"
    keirules.render_markdown(report)
    keirules.render_html(report)
    json.dumps(data)


CATALOG_CSV = "name,bore [km],stroke [km],cylinders\nbig,10e99,10e99,1\nok,,,\n"


def test_an_overflowing_derived_displacement_costs_only_its_row(write: Write) -> None:
    path = write("c.csv", CATALOG_CSV)
    rows = list(check_catalog(path))
    assert [r.verdict for r in rows] == ["error", "incomplete"]
    assert "field 'bore [km]': is far too large" in (rows[0].message or "")
    assert rows[1].name == "ok"


def test_the_same_in_json_lines_and_in_memory(write: Write) -> None:
    big = {"name": "big", "bore": "10e99 km", "stroke": "10e99 km", "cylinders": 1}
    ok = {"name": "ok"}
    path = write("c.jsonl", json.dumps(big) + "\n" + json.dumps(ok) + "\n")
    for source in (path, [big, ok]):
        rows = list(check_catalog(source))
        assert [r.verdict for r in rows] == ["error", "incomplete"]
        assert "far too large" in (rows[0].message or "")


def test_a_row_whose_evaluation_fails_costs_only_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    from keirules.batch.compiled import CompiledRuleSet

    real = CompiledRuleSet.evaluate

    def fragile(self: CompiledRuleSet, block: Any) -> Any:
        names = block.field("name")[0]
        if "bad" in names:
            raise OverflowError("simulated")
        return real(self, block)

    monkeypatch.setattr(CompiledRuleSet, "evaluate", fragile)
    rows = list(check_rows(["name", "seats"], [["a", "4"], ["bad", "4"], ["c", "2"]]))
    assert [r.verdict for r in rows] == ["incomplete", "error", "incomplete"]
    assert "internal error (OverflowError)" in (rows[1].message or "")
    rows = list(check_rows(["name"], [["bad"]]))  # a block of one row: still a row error
    assert [r.verdict for r in rows] == ["error"]


def test_a_lone_surrogate_in_a_spec_is_refused_where_read(write: Write,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    path = write("s.yaml", 'length: 3.3 m\nname: "\\uD800"\n')
    code, _out, err = run_cli(capsys, "check", str(path))
    assert code == 2
    assert "line 2: is not valid YAML: found an escape that is not a character" in err
    one_paragraph(err)
    path = write("s.json", '{"length": "3.3 m",\n "name": "\\uD800"}\n')
    code, _out, err = run_cli(capsys, "check", str(path))
    assert code == 2
    assert "holds a lone surrogate (half of a character) U+D800 in 'name'" in err
    one_paragraph(err)
    with pytest.raises(InputFileError, match="U\\+D800"):
        load_text('{"name": "\\ud800"}', json_syntax=True)
    with pytest.raises(SpecError, match="lone surrogate"):
        keirules.check({"name": "\ud800"})


def test_a_lone_surrogate_in_json_lines_costs_only_its_row(
        write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("s.jsonl", '{"name": "\\ud800"}\n{"name": "ok", "seats": 4}\n')
    out = tmp_path / "out.csv"
    code, _stdout, err = run_cli(capsys, "check", str(path), "--format", "csv", "-o", str(out))
    assert code == 2, err
    text = out.read_bytes().decode("utf-8")  # valid UTF-8
    lines = text.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("1,,error,") and "U+D800" in lines[1]
    assert lines[2].startswith("2,ok,incomplete,")


@pytest.mark.parametrize("jurisdiction", ['"\\uD800"', '"J\\u0007P"', '"\\u001b[31mJP"'])
def test_control_characters_in_rule_set_fields_are_refused(write: Write,
                                                           jurisdiction: str) -> None:
    path = write("mine.yaml", ruleset(jurisdiction=jurisdiction))
    with pytest.raises(InputFileError) as info:
        keirules.check({"name": "x"}, str(path))
    assert info.value.line == 5
    assert "in 'jurisdiction'" in str(info.value) or "not a character" in str(info.value)
    one_paragraph(str(info.value))


@pytest.mark.parametrize("text", ['"a\\u0000b": 1\n', '"a\\u001bb": 1\n', '"a\\nb": 1\n',
                                  'x:\n  "a\\u0085": 1\n'])
def test_keys_with_control_characters_are_refused(text: str) -> None:
    with pytest.raises(InputFileError, match="which contains the control character"):
        load_text(text)


@pytest.mark.parametrize("text", ['{"a\\u0000b": 1}', '{"x": {"a\\u001bb": 1}}',
                                  '{"a\\nb": 1}', '{"\\ud800": 1}'])
def test_json_keys_with_control_characters_are_refused(text: str) -> None:
    with pytest.raises(InputFileError, match="which contains the control character"):
        load_text(text, json_syntax=True)


def test_csv_cells_with_control_characters_are_refused_row_by_row() -> None:
    rows = list(check_rows(["name", "make"], [["a\x1b[31m", "x"], ["b", "\x07"], ["c", "ok"]]))
    assert [r.verdict for r in rows] == ["error", "error", "incomplete"]
    assert "U+001B" in (rows[0].message or "") and "U+0007" in (rows[1].message or "")
    assert rows[0].name == "a\\x1b[31m"  # a bad row's name, as every output shows it


@pytest.mark.parametrize(("extends", "match"), [
    ('"a\\0.yaml"', "control character U\\+0000 in 'extends'"),
    ('"\\uD800.yaml"', "not a character"),
])
def test_extends_that_cannot_name_a_file(write: Write, extends: str, match: str) -> None:
    path = write("mine.yaml", ruleset() + f"extends: {extends}\n")
    with pytest.raises(KeirulesError, match=match) as info:
        Catalog().load_file(path)
    one_paragraph(str(info.value))


@pytest.mark.parametrize("name", ["a\x00.yaml", "\ud800.yaml"])
def test_a_spec_path_that_cannot_name_a_file(name: str) -> None:
    with pytest.raises(InputFileError, match="is not a file name"):
        keirules.check(name)
    with pytest.raises(InputFileError, match="is not a file name"):
        keirules.check({"name": "x"}, name)


@pytest.mark.parametrize(("rule", "match"), [
    ("{id: w, feature: esc, source: []}", "names no source"),
    ("{id: seats, field: seats, max: ~}", "has no value \\(null\\)"),
    ("{id: c, field: category, equals: ~}", "has no value \\(null\\)"),
    ("{id: l, field: length, max: ~}", "has no value \\(null\\)"),
    ("{id: a, field: manufactured, min_age: ~}", "has no value \\(null\\)"),
    ("{id: s, field: seats, max: 4, when: {category: ~}}", "is null"),
    ("{id: s, field: seats, max: 4, when: {category: [passenger, ~]}}", "is null"),
    ("{id: s, field: seats, one_of: [~, 4]}", "is null"),
])
def test_bad_limits_and_conditions_are_refused_at_load_time(write: Write, rule: str,
                                                            match: str) -> None:
    path = write("mine.yaml", ruleset(rule))
    with pytest.raises(RuleSetError, match=match) as info:
        Catalog().load_file(path)
    assert info.value.line == 11


@pytest.mark.parametrize(("text", "field"), [("3 m^2/m", "length"), ("1 cal/s", "max_power"),
                                             ("1 kWh/h", "max_power"), ("1 J/s", "max_power"),
                                             ("1 m3/m^2", "length")])
def test_compound_units_are_refused(text: str, field: str) -> None:
    with pytest.raises(QuantityError, match="unit"):
        keirules.check({"name": "x", field: text})


def test_single_units_with_a_power_or_per_time_are_kept() -> None:
    assert parse_quantity("2 ft/s").dimension == "speed"
    assert parse_quantity("2 mm^3").dimension == "volume"
    assert parse_quantity("2 km/min").dimension == "speed"


@pytest.mark.parametrize("line", ["\xa0", "\x1c", "\u2028", " \xa0 "])
def test_json_lines_of_other_white_space_are_reported(write: Write, line: str) -> None:
    path = write("c.jsonl", '{"name": "a"}\n' + line + '\n\n  \n{"name": "b"}\n')
    rows = list(check_catalog(path))
    assert [(r.row, r.verdict) for r in rows] == [(1, "incomplete"), (2, "error"),
                                                 (3, "incomplete")]
    assert rows[1].line == 2


# -- one paragraph --------------------------------------------------------------------------------
HOSTILE_KEY = "a\n\nTraceback (most recent call last):\n\u001b[31mb"


@pytest.mark.parametrize("key", [HOSTILE_KEY, "k" * 200_000])
def test_a_hostile_key_gives_one_short_paragraph(write: Write, key: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write("k.json", json.dumps({"name": "x", key: 1}))
    code, _out, err = run_cli(capsys, "check", str(path))
    assert code == 2
    one_paragraph(err)
    assert len(err) < 1500
    with pytest.raises(SpecError) as info:
        keirules.check({"name": "x", key: 1})
    one_paragraph(str(info.value))


@pytest.mark.parametrize("header", [HOSTILE_KEY, "k" * 200_000, "length [\x1b[31m]"])
def test_a_hostile_csv_header_gives_one_short_paragraph(write: Write, header: str,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    path = write("h.csv", f'name,"{header}"\nx,1\n')
    code, _out, err = run_cli(capsys, "check", str(path))
    assert code == 2
    one_paragraph(err)
    assert len(err) < 1500


def test_show_name_escapes_and_cuts() -> None:
    assert show_name("a\nb\x1b\ud800") == "a\\nb\\x1b\\ud800"
    assert show_name("x" * 100, 10) == "x" * 10 + "... (100 characters)"


# -- linear time ----------------------------------------------------------------------------------
def timed(call: Callable[[], Any]) -> float:
    started = time.thread_time()  # processor time: other programs on the machine do not count
    with contextlib.suppress(KeirulesError):
        call()
    return time.thread_time() - started


@pytest.mark.parametrize("spaces", [32_000, 1 << 20])
def test_the_csv_header_is_read_in_linear_time(spaces: int) -> None:
    assert timed(lambda: parse_header(["name", "a" + " " * spaces + "b"])) < 0.5
    assert timed(lambda: parse_header(["name", "length" + " " * spaces + "[mm]"])) < 0.5


@pytest.mark.parametrize("words", ["megawatts ", "megawattz ", "cu in "])
def test_a_unit_of_a_thousand_words_is_refused_quickly(words: str) -> None:
    parse_quantity("1 furlong")  # the unit registry is built once per process: not counted
    assert timed(lambda: parse_quantity("7 " + words * 1000 + "x", field="length")) < 0.05


def test_large_yaml_and_json_load_quickly(tmp_path: Path) -> None:
    flow = "sources: [" + ", ".join(f"s{i}" for i in range(80_000)) + "]\n"
    keys = "".join(f"k{i}: v{i}\n" for i in range(90_000))
    spec = {"name": "x", "sources": ["https://example.org/x"] * 40_000}
    json_path = tmp_path / "big.json"
    json_path.write_text(json.dumps(spec))
    assert len(flow) > 600_000 and len(keys) > 1_000_000 - 100_000
    # Pure-Python YAML took 16 s, 11.6 s and 11 s for these on the machine that found them.
    assert timed(lambda: load_text(flow)) < 4
    assert timed(lambda: load_text(keys)) < 4
    assert timed(lambda: keirules.check(str(json_path))) < 1
    assert timed(lambda: load_text("a: " + "[" * 1000 + "\n")) < 0.1


def test_json_lines_are_found_only_for_messages(write: Write) -> None:
    document = load_document(write("s.json", '{\n  "name": "x",\n  "seats": "four"\n}\n'))
    assert document.lines == {}
    assert document.line(("seats",)) == 3
    with pytest.raises(SpecError) as info:
        keirules.check(document.file)
    assert info.value.line == 3


# -- no stale answers -----------------------------------------------------------------------------
CAR = {"name": "x", "length": "3.50 m"}


def test_an_edited_rule_set_is_read_again(write: Write) -> None:
    path = write("mine.yaml", ruleset())
    assert keirules.check(CAR, str(path)).verdict == "fail"
    path.write_text(ruleset().replace("3.40", "3.60"))  # the same size, within the same second
    assert keirules.check(CAR, str(path)).verdict == "pass"
    path.write_text(ruleset().replace("3.40", "3.45"))
    assert keirules.check(CAR, str(path)).verdict == "fail"


def test_an_edited_base_is_read_again(write: Write) -> None:
    base = write("base.yaml", ruleset())
    child = write("child.yaml", ruleset("{id: seats, field: seats, max: 4}").replace(
        "family: mine", "family: child") + "extends: base.yaml\n")
    assert keirules.check(CAR, str(child)).verdict == "fail"
    base.write_text(ruleset().replace("3.40", "3.60"))
    assert keirules.check(CAR, str(child)).verdict == "incomplete"  # seats unknown, length ok


def test_an_old_file_is_not_hashed_on_every_check(write: Write) -> None:
    path = write("mine.yaml", ruleset())
    past = time.time() - 3600
    os.utime(path, (past, past))
    catalog = Catalog()
    first = catalog.load_file(path)
    assert catalog.load_file(path) is first  # unchanged: the cached rule set, not re-parsed


def test_the_command_line_reads_an_edited_rule_set_again(
        write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("mine.yaml", ruleset())
    spec = write("car.yaml", "name: x\nlength: 3.50 m\n")
    assert run_cli(capsys, "check", str(spec), "--ruleset", str(path))[0] == 1
    path.write_text(ruleset().replace("3.40", "3.60"))
    assert run_cli(capsys, "check", str(spec), "--ruleset", str(path))[0] == 0


def test_an_edited_family_version_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "rulesets" / "mine"
    folder.mkdir(parents=True)
    path = folder / "1.yaml"
    path.write_text(ruleset())
    catalog = Catalog([tmp_path / "rulesets"])
    assert keirules.check(CAR, catalog.get("mine@1")).verdict == "fail"
    path.write_text(ruleset().replace("3.40", "3.60"))
    assert keirules.check(CAR, catalog.get("mine@1")).verdict == "pass"


def test_an_edited_market_file_is_read_again(write: Write) -> None:
    text = (Path(keirules.markets.builtin_markets_dir()) / "us.yaml").read_text()
    path = write("markets/us.yaml", text)
    assert find_market(path).title == "United States"
    path.write_text(text.replace("title: United States", "title: United Statez"))
    assert find_market(path).title == "United Statez"


# -- the harness ----------------------------------------------------------------------------------
@pytest.mark.fuzz
@pytest.mark.slow
def test_a_short_fuzz_pass_finds_nothing() -> None:
    import importlib.util

    from conftest import ROOT

    path = ROOT / "benchmarks" / "fuzz.py"
    spec = importlib.util.spec_from_file_location("keirules_fuzz", path)
    assert spec is not None and spec.loader is not None
    fuzz = importlib.util.module_from_spec(spec)
    sys.modules["keirules_fuzz"] = fuzz  # dataclasses look their module up
    spec.loader.exec_module(fuzz)
    summary = fuzz.run(1500, seed=11, limit=2.0)
    assert summary.inputs == 1500
    assert set(summary.per_target) == set(fuzz.TARGETS)
    assert summary.findings == []
