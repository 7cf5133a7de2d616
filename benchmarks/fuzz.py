"""Fuzz every parser and command of keirules with generated and mutated inputs.

Each input is made from the seed and its own index (input 41 of seed 7 is the same on every
run), fed to one target, and timed. Targets: quantity text and mappings, plain numbers, spec
mappings, spec YAML and JSON files, rule set YAML files (one file rewritten in place, so a
stale cache would show), CSV and JSON Lines catalogs (from files and in memory), catalogs of
mappings, dates, names (rule sets, markets, features, paths), market and region files, the
command line and the web service's handlers, in process.
Every spec that loads is checked, and its report rendered as JSON, Markdown, HTML and a table.

Reported, each with its target, index and input:

- ``internal``: an exception that is not a :class:`~keirules.errors.KeirulesError`, or a
  command line run that says "internal error";
- ``lost-row``: a catalog row whose result differs from checking the same vehicle on its own
  (a row error where the single check succeeds counts too);
- ``stale``: a rule set that differs from the same file read by a fresh catalog;
- ``message``: an error message or output that is not one printable paragraph of bounded size
  (control characters, lone surrogates, a line break in a message, more than 4,000 characters);
- ``slow``: an input that took more than ``--limit`` seconds of processor time (default 0.5;
  processor time, so that other programs on a shared machine do not count); ``hang``: one
  stopped after ``--hard-limit`` seconds of wall time.

Usage::

    python benchmarks/fuzz.py [--inputs 20000] [--seed 1] [--limit 0.5] [--report FILE]
                              [--targets quantity,spec_yaml,...] [--replay INDEX]

A long pass (a million inputs takes about an hour on one core)::

    nice python benchmarks/fuzz.py --inputs 1000000 --seed 2026 --report fuzz.json

The exit status is 1 if anything was found. ``--replay INDEX`` runs one input again and
shows its traceback. Date objects outside 1800-2200 and non-text rule set arguments are not
generated: they belong to the library's argument handling, tested on their own.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import keirules
from keirules.batch import check_catalog, check_rows
from keirules.batch.check.text_cells import missing_spellings
from keirules.dates import parse_date, parse_partial_date
from keirules.errors import KeirulesError
from keirules.quantity import parse_number, parse_quantity
from keirules.rulesets.catalog import Catalog
from keirules.units import table_units
from keirules.vehicle import FIELDS, vehicle_from_mapping
from keirules.yamlload import load_json_text, load_text

# -- what is checked of every message and output ------------------------------------------------
MAX_MESSAGE = 4000
# In a message: nothing unprintable at all (a message is one line).
_BAD_IN_MESSAGE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
# In an output (tables, Markdown, HTML, JSON): line breaks and tabs only.
_BAD_IN_OUTPUT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")


class Finding(Exception):
    """Something the harness reports (other than an internal error)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


class _Hang(BaseException):
    pass


def check_message(error: KeirulesError) -> None:
    text = str(error)
    if len(text) > MAX_MESSAGE:
        raise Finding("message", f"a message of {len(text)} characters")
    bad = _BAD_IN_MESSAGE.search(text)
    if bad is not None:
        raise Finding("message", f"U+{ord(bad[0]):04X} in the message {text[:200]!r}")


def check_output(text: str, what: str) -> None:
    bad = _BAD_IN_OUTPUT.search(text)
    if bad is not None:
        raise Finding("message", f"U+{ord(bad[0]):04X} in the {what} output")
    text.encode("utf-8")  # strict: raises on anything that is not a character


# -- building blocks of inputs --------------------------------------------------------------------
SPECIAL = ["\x00", "\x1b", "\x1b[31m", "\n", "\r", "\t", "\x1c", "\x7f", "\x85",
           "\xa0", "\u2028", "\ud800", "\udfff", "\ufeff", "\u202e", "é", "㎜", "３", "[",
           "]", "{", "}", "'", '"', ",", ":", "#", "&a", "*a", "!!", "|", ">", "%", "@", "`",
           "-", "^", "/", "e", "E", ".", " ", "  ", "~", "\\", "\\u", "\\x1b", "\\uD800",
           "null", "---", "..", "9" * 40, "e99", "e-99", "Traceback (most recent call last):\n",
           "\U0001F600"]
UNITS = [*sorted(table_units()), "furlong", "Mm", "mW", "in/s", "ft/s", "oz", "mm^3", "ps",
         "HP", "KW", "m^2/m", "cal/s", "kWh/h", "J/s", "kWh", "s", "m^2", "percent", "nm", "pm",
         "ft^3", "in3", "xyz", ""]
DIMENSIONS = [None, "length", "volume", "power", "mass", "speed"]
RULESET_NAMES = ["jp-kei", "jp-kei@1998", "jp-kei@1976", "jp-kei@1949", "eu-l6e", "us-lsv",
                 "kr-gyeong"]


def number_text(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return str(rng.randrange(10 ** rng.randrange(1, 8)))
    if kind == 1:
        return f"{rng.randrange(10000)}.{rng.randrange(10 ** rng.randrange(1, 6))}"
    if kind == 2:
        return f"{rng.randrange(1, 999)}e{rng.choice(['', '+', '-'])}{rng.randrange(100)}"
    if kind == 3:
        return rng.choice(["0", ".5", "5.", "1e", "-1", "+1", "inf", "nan", ".inf", "1,5",
                           "3 395", "9**9", "1/2", "0x10", "١٢", "1_000", "1e999", "4e23"])
    if kind == 4:
        return "".join(rng.choice("0123456789.eE+-") for _ in range(rng.randrange(1, 12)))
    return f"{rng.randrange(100, 5000)}{rng.choice(['', '.0', '.5', '.25'])}"


def quantity_text(rng: random.Random) -> str:
    return number_text(rng) + rng.choice(["", " ", " ", " ", "  "]) + rng.choice(UNITS)


def mutate(text: str, rng: random.Random) -> str:
    """Insert, delete, replace, repeat or cut pieces of ``text``."""
    for _ in range(rng.randrange(1, 5)):
        op = rng.randrange(6)
        at = rng.randrange(len(text) + 1)
        if op == 0:
            text = text[:at] + rng.choice(SPECIAL) + text[at:]
        elif op == 1 and text:
            text = text[:at] + text[at + rng.randrange(1, 8):]
        elif op == 2 and text:
            text = text[:at] + chr(rng.randrange(0, 0x3000)) + text[at + 1:]
        elif op == 3 and text:
            piece = text[at:at + rng.randrange(1, 20)]
            text = text[:at] + piece * rng.choice([2, 3, 10, 100, 1000]) + text[at:]
        elif op == 4:
            text = text[:at]
        else:
            text = text[:at] + rng.choice(SPECIAL) * rng.choice([1, 2, 50, 1000]) + text[at:]
    return text[:300_000]


def odd_value(rng: random.Random) -> Any:
    return rng.choice([None, True, False, 0, -1, 10**50, 1.5, float("nan"), float("inf"),
                       Decimal("1.60"), "", " ", [], {}, [None], {"value": 1}, ["a", 1],
                       {"value": "1", "unit": "m", "x": 1}, rng.choice(SPECIAL),
                       "x" * rng.choice([100, 20_000]), dt.date(2000, 1, 1)])


def field_value(name: str, rng: random.Random) -> Any:
    """A value for a spec field: mostly valid, sometimes odd."""
    spec = FIELDS[name]
    if rng.random() < 0.15:
        return odd_value(rng)
    if spec.kind == "quantity":
        if rng.random() < 0.3:
            return {"value": rng.choice([number_text(rng), rng.randrange(5000),
                                         rng.random() * 4000]), "unit": rng.choice(UNITS)}
        return quantity_text(rng)
    if spec.kind == "integer":
        return rng.choice([rng.randrange(0, 40), rng.randrange(1, 9), str(rng.randrange(9))])
    if spec.kind == "choice":
        return rng.choice([*spec.choices, "Passenger", "diesel"])
    if spec.kind == "country":
        return rng.choice(["JP", "US", "DE", "jp", "XX", "JPN"])
    if spec.kind == "date":
        return rng.choice([f"{rng.randrange(1900, 2030)}",
                           f"{rng.randrange(1900, 2030)}-{rng.randrange(1, 13):02d}",
                           f"{rng.randrange(1900, 2030)}-{rng.randrange(1, 13):02d}-"
                           f"{rng.randrange(1, 32):02d}", "2000-02-30", "0000", "99999"])
    if spec.kind == "features":
        return {rng.choice(["frontal_airbags", "esc", "abs", "seat_belts", "Bad", "x"]):
                rng.choice([True, False, "yes"]) for _ in range(rng.randrange(3))}
    if spec.kind == "text_list":
        return [rng.choice(["https://example.org", "a title", rng.choice(SPECIAL)])]
    return rng.choice(["Honda N-Box", "Suzuki Alto", "x", "名前", rng.choice(SPECIAL) + "car"])


def spec_mapping(rng: random.Random) -> dict[str, Any]:
    names = list(FIELDS)
    spec: dict[str, Any] = {"name": field_value("name", rng)} if rng.random() < 0.95 else {}
    for name in rng.sample(names, rng.randrange(0, 12)):
        spec[name] = field_value(name, rng)
    if rng.random() < 0.05:
        spec[rng.choice(["lenght", "a\n\nTraceback\x1b[31m", "x" * 5000, "\ud800"])] = "1 m"
    return spec


def yaml_scalar(value: Any, rng: random.Random) -> str:
    if isinstance(value, str):
        if rng.random() < 0.5 and value.isprintable() and value.strip() == value and value:
            return value
        return json.dumps(value, ensure_ascii=rng.random() < 0.5)
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def spec_yaml(rng: random.Random) -> str:
    lines = [f"{key}: {yaml_scalar(value, rng)}" for key, value in spec_mapping(rng).items()]
    text = "\n".join(lines) + "\n"
    return mutate(text, rng) if rng.random() < 0.4 else text


RULES = [
    "{id: length, field: length, max: 3.40 m}",
    "{id: width, field: width, less_than: 1.48 m, when: {category: passenger}}",
    "{id: seats, field: seats, max: 4}",
    "{id: seats, field: seats, max: ~}",
    "{id: w, feature: esc, source: []}",
    "{id: w, feature: frontal_airbags}",
    "{id: c, field: category, equals: ~}",
    "{id: c, field: category, equals: cargo, severity: advisory}",
    "{id: s, field: seats, max: 4, when: {category: ~}}",
    "{id: s, field: seats, one_of: [~, 4]}",
    "{id: s, field: seats, one_of: [2, 4]}",
    "{id: d, field: displacement, max: 660 cc, when: {powertrain: [combustion, hybrid]}}",
    "{id: p, field: max_power, max: 64 PS}",
    "{id: a, field: manufactured, min_age: 25 years}",
    "{id: a, field: manufactured, max_age: 6 months}",
    "{id: t, field: top_speed, max: 60 km/h}",
    "{id: m, field: curb_mass, max: 1e99 kg}",
    "{id: m, field: length, max: 4e23 m}",
    "{id: m, field: length, max: 1e-99 m}",
    "{id: q, field: length, max: 3 m^2/m}",
    "{id: x, field: market, one_of: [JP, US]}",
]


def ruleset_yaml(rng: random.Random) -> str:
    extends = rng.choice([None, None, None, "jp-kei@1998", "jp-kei", "missing.yaml",
                          '"a\\0.yaml"', '"\\uD800.yaml"', "../x.yaml", "jp-kei@0000"])
    title = rng.choice(["Mine", '"a\\nb\\u001b[31m"', '"\\uD800"', "x" * 300])
    jurisdiction = rng.choice(["JP", '"\\uD800"', '"J\\u0007P"', "US-CO"])
    lines = ["format: keirules-ruleset/1", "family: fuzz", 'version: "1"', f"title: {title}",
             f"jurisdiction: {jurisdiction}", f"status: {rng.choice(['draft', 'what_if'])}",
             "effective_from: 2020-01-01", "sources:", "  s: {title: Source S}"]
    if extends:
        lines.append(f"extends: {extends}")
    rules = rng.sample(RULES, rng.randrange(0 if extends else 1, 5))
    lines.append("rules:" if rules else "rules: []")
    lines += [f"  - {rule}" for rule in rules]
    text = "\n".join(lines) + "\n"
    return mutate(text, rng) if rng.random() < 0.3 else text


# -- catalogs -------------------------------------------------------------------------------------
CATALOG_FIELDS = ["length", "width", "height", "displacement", "max_power", "seats", "wheels",
                  "category", "powertrain", "engine_cycle", "manufactured", "market",
                  "bore", "stroke", "cylinders", "curb_mass", "top_speed",
                  "features.frontal_airbags", "features.esc", "make"]
CATALOG_UNITS = {"length": ["mm", "m", "in"], "volume": ["cc", "L"], "power": ["PS", "kW"],
                 "mass": ["kg", "lb"], "speed": ["km/h", "mph"]}


def catalog_header(rng: random.Random) -> list[str]:
    header = ["name"]
    for name in rng.sample(CATALOG_FIELDS, rng.randrange(1, 8)):
        spec = FIELDS.get(name)
        if spec is not None and spec.dimension:
            unit = rng.choice(CATALOG_UNITS[spec.dimension])
            if rng.random() < 0.05:
                unit = rng.choice(["km", "10e99", "", "m^2/m", "cal/s", "[x]"])
            header.append(f"{name} [{unit}]")
        else:
            header.append(name)
    if rng.random() < 0.05:
        header.append(rng.choice(["a" + " " * 20_000 + "b", "a\n\nTraceback\x1b[31m", "x [y] [z]",
                                  "name", "", "length [mm] x"]))
    rng.shuffle(header)
    return header


def catalog_cell(column: str, rng: random.Random) -> str:
    name = column.split(" [")[0]
    if rng.random() < 0.15:
        return ""
    if rng.random() < 0.08:
        return rng.choice(["10e99", "4e23", "-1", "1e", "\ud800", "\x1b[31m", "\xa0", "x" * 11_000,
                           " ", "1 mm", "nan", "true", "\x1c"])
    if name.startswith("features."):
        return rng.choice(["true", "false", "True", "yes"])
    spec = FIELDS.get(name)
    if spec is None:
        return "?"
    if spec.kind == "quantity":
        return number_text(rng)
    if spec.kind == "integer":
        return str(rng.randrange(0, 12))
    value = field_value(name, rng)
    return value if isinstance(value, str) else "x"


def row_mapping(header: list[str], row: list[str]) -> dict[str, Any]:
    """The spec a catalog row stands for, as a single check reads it."""
    spec: dict[str, Any] = {}
    for column, cell in zip(header, row, strict=True):
        column = column.strip()
        name, _, unit = column.partition("[")
        name = name.strip()
        kind = "feature" if name.startswith("features.") else FIELDS[name].kind
        if cell == "" or cell in missing_spellings(name, kind):
            continue  # '-', 'N/A', 'NA', 'n/a': missing in a catalog (not in name, NA in market)
        if name.startswith("features."):
            flag = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
                    "FALSE": False}.get(cell, cell)
            spec.setdefault("features", {})[name[len("features."):]] = flag
        elif FIELDS[name].kind == "quantity":
            spec[name] = {"value": cell, "unit": unit.rstrip("]").strip()}
        elif FIELDS[name].kind == "integer":
            spec[name] = int(cell) if cell.isascii() and cell.isdigit() and len(cell) < 10 else cell
        else:
            spec[name] = cell
    return spec


def single(spec: Any, ruleset: str, on: Any) -> tuple[Any, ...]:
    try:
        report = keirules.check(spec, ruleset, on)
    except KeirulesError as exc:
        check_message(exc)
        return ("error",)
    render(report, full=False)
    return (report.verdict, tuple(r.rule.id for r in report.failures),
            tuple(r.rule.id for r in report.unknown), tuple(r.rule.id for r in report.warnings),
            report.ruleset.name)


def row_outcome(result: Any) -> tuple[Any, ...]:
    if result.verdict == "error":
        message = result.message or ""
        if "internal error" in message:
            raise AssertionError(f"row {result.row}: {message}")
        if _BAD_IN_MESSAGE.search(message) or len(message) > MAX_MESSAGE:
            raise Finding("message", f"row {result.row}'s message {message[:200]!r}")
        return ("error",)
    return (result.verdict, result.failed, result.unknown, result.warnings, result.ruleset)


def compare_rows(results: list[Any], specs: list[Any], ruleset: str, on: Any) -> None:
    if len(results) != len(specs):
        raise Finding("lost-row", f"{len(specs)} rows in, {len(results)} results out")
    for i, (result, spec) in enumerate(zip(results, specs, strict=True)):
        got, want = row_outcome(result), single(spec, ruleset, on)
        if got != want:
            raise Finding("lost-row", f"row {i + 1}: catalog {got}, single check {want}")


def catalog_case(rng: random.Random) -> tuple[list[str], list[list[str]], str, Any]:
    header = catalog_header(rng)
    rows = [[catalog_cell(column, rng) for column in header] for _ in range(rng.randrange(1, 7))]
    for row in rows:
        if "name" in header and rng.random() < 0.9:
            row[header.index("name")] = f"car {rng.randrange(100)}"
    ruleset = rng.choice(RULESET_NAMES[:4])
    on = rng.choice([None, "2026-01-01", "1990-06-30", "manufactured", "2000-02-29"])
    return header, rows, ruleset, on


# -- the targets ----------------------------------------------------------------------------------
@dataclass
class Context:
    """What the targets share: a folder for files, and the catalog whose cache is tested."""

    folder: Path
    catalog: Catalog = field(default_factory=Catalog)

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.folder / name
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        return path


def render(report: Any, *, full: bool) -> None:
    check_output(json.dumps(report.as_dict(), ensure_ascii=False), "JSON")
    if not full:
        return
    check_output(keirules.render_markdown(report), "Markdown")
    check_output(keirules.render_html(report), "HTML")
    from rich.console import Console

    from keirules.render.terminal import rich_renderable

    console = Console(file=io.StringIO(), width=100, color_system=None, force_terminal=False)
    console.print(rich_renderable(report))
    check_output(console.file.getvalue(), "table")  # type: ignore[attr-defined]


def check_vehicle(vehicle: Any, rng: random.Random) -> None:
    ruleset = rng.choice(RULESET_NAMES)
    on = rng.choice([None, "2026-01-01", "1955-01-01", "manufactured"])
    try:
        report = keirules.check(vehicle, ruleset, on)
    except KeirulesError as exc:
        check_message(exc)
        return
    render(report, full=rng.random() < 0.2)


def t_quantity(rng: random.Random, ctx: Context) -> Any:
    text = quantity_text(rng)
    if rng.random() < 0.4:
        text = mutate(text, rng)
    parse_quantity(text, field="length", dimension=rng.choice(DIMENSIONS))
    return text


def t_quantity_mapping(rng: random.Random, ctx: Context) -> Any:
    number = rng.choice([number_text(rng), odd_value(rng), rng.random() * 10**rng.randrange(30)])
    value = {"value": number, "unit": rng.choice([*UNITS, odd_value(rng)])}
    parse_quantity(value, field="width", dimension=rng.choice(DIMENSIONS))
    return value


def t_number(rng: random.Random, ctx: Context) -> Any:
    text = mutate(number_text(rng), rng) if rng.random() < 0.5 else number_text(rng)
    parse_number(text, field="bore")
    return text


def t_spec_mapping(rng: random.Random, ctx: Context) -> Any:
    spec = spec_mapping(rng)
    check_vehicle(vehicle_from_mapping(spec), rng)
    return spec


def t_spec_yaml(rng: random.Random, ctx: Context) -> Any:
    text = spec_yaml(rng)
    document = load_text(text, file="spec.yaml")
    check_vehicle(keirules.vehicle.vehicle_from_document(document), rng)
    return text


def t_spec_json(rng: random.Random, ctx: Context) -> Any:
    spec = spec_mapping(rng)
    text = json.dumps(spec, default=str, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.3:
        text = mutate(text, rng)
    if rng.random() < 0.02:  # a large file: linear time
        text = json.dumps({**spec, "sources": ["https://example.org/x"] * 20_000}, default=str)
    document = load_text(text, file="spec.json", json_syntax=True)
    check_vehicle(keirules.vehicle.vehicle_from_document(document), rng)
    return text


def t_ruleset(rng: random.Random, ctx: Context) -> Any:
    text = ruleset_yaml(rng)
    path = ctx.write("ruleset.yaml", text)  # one file, rewritten: a stale cache would show
    try:
        ruleset = ctx.catalog.load_file(path)
    except KeirulesError as exc:
        check_message(exc)
        try:
            Catalog().load_file(path)
        except KeirulesError:
            return text
        raise Finding("stale", "the shared catalog refused a file a fresh one reads") from None
    fresh = Catalog().load_file(path)
    if _shape(ruleset) != _shape(fresh):
        raise Finding("stale", "the shared catalog gave an old rule set")
    for _ in range(2):
        spec = spec_mapping(rng)
        with contextlib.suppress(KeirulesError):
            report = keirules.evaluate(vehicle_from_mapping(spec), ruleset,
                                       dt.date(2026, 1, 1))
            render(report, full=rng.random() < 0.2)
    return text


def _shape(ruleset: Any) -> tuple[Any, ...]:
    return (ruleset.title, ruleset.jurisdiction, ruleset.extends,
            tuple((r.id, r.field, r.limit.text, r.severity, r.when) for r in ruleset.rules))


def t_csv(rng: random.Random, ctx: Context) -> Any:
    header, rows, ruleset, on = catalog_case(rng)
    from_file = rng.random() < 0.4
    try:
        if from_file:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
            text = buffer.getvalue()
            mutated = rng.random() < 0.2
            if mutated:
                text = mutate(text, rng)
            path = ctx.write("catalog.csv", text)
            results = list(check_catalog(path, ruleset, on))
            if mutated:
                for result in results:
                    row_outcome(result)
                return text
        else:
            results = list(check_rows(header, rows, ruleset, on))
    except KeirulesError as exc:
        check_message(exc)
        return (header, rows)
    if len({column.split("[")[0].strip() for column in header}) == len(header):
        compare_rows(results, [row_mapping(header, row) for row in rows], ruleset, on)
    return (header, rows)


def t_jsonl(rng: random.Random, ctx: Context) -> Any:
    specs = [spec_mapping(rng) for _ in range(rng.randrange(1, 6))]
    lines = [json.dumps(spec, default=str, ensure_ascii=rng.random() < 0.5) for spec in specs]
    for i in range(len(lines)):
        if rng.random() < 0.1:
            lines[i] = rng.choice(["\xa0", "\x1c", "", "  ", "\u2028", "{", "[]", "null",
                                   mutate(lines[i], rng)])
    text = "\n".join(lines) + "\n"
    path = ctx.write("catalog.jsonl", text)
    ruleset = rng.choice(RULESET_NAMES[:4])
    on = rng.choice([None, "2026-01-01", "manufactured"])
    try:
        results = list(check_catalog(path, ruleset, on))
    except KeirulesError as exc:
        check_message(exc)
        return text
    kept = [line for line in text.split("\n") if line.strip(" \t\r\n")]
    singles = []
    for line in kept:
        try:
            singles.append(load_json_text(line, "x"))
        except KeirulesError:
            singles.append(["unreadable"])  # a list: the single check refuses it too
    compare_rows(results, singles, ruleset, on)
    return text


def t_mappings(rng: random.Random, ctx: Context) -> Any:
    specs = [spec_mapping(rng) for _ in range(rng.randrange(1, 6))]
    ruleset = rng.choice(RULESET_NAMES[:4])
    on = rng.choice([None, "2026-01-01", "manufactured"])
    try:
        results = list(check_catalog(specs, ruleset, on))
    except KeirulesError as exc:
        check_message(exc)
        return specs
    compare_rows(results, specs, ruleset, on)
    return specs


def t_dates(rng: random.Random, ctx: Context) -> Any:
    value: Any = rng.choice([
        f"{rng.randrange(0, 10000):04d}-{rng.randrange(0, 14):02d}-{rng.randrange(0, 33):02d}",
        f"{rng.randrange(1700, 2300)}", f"{rng.randrange(1700, 2300)}-{rng.randrange(0, 14):02d}",
        mutate("2020-05-17", rng), rng.randrange(3000), dt.date(rng.randrange(1800, 2201), 1, 1),
        odd_value(rng)])
    for parse in (parse_partial_date, parse_date):
        with contextlib.suppress(ValueError):  # DateProblem: the callers turn it into an error
            parse(value)
    if isinstance(value, str):
        spec = {"name": "x", "manufactured": value, "length": "3.3 m"}
        with contextlib.suppress(KeirulesError):
            keirules.check(spec, "jp-kei", rng.choice([value, "manufactured", None]))
    return value


def t_names(rng: random.Random, ctx: Context) -> Any:
    name = rng.choice([*RULESET_NAMES, "jp-kei@", "@1998", "jp-kei@1998@x", "a\x00.yaml",
                       "\ud800.yaml", "missing.yaml", "x/y", "jp-kei" * 100, "JP-KEI"])
    if rng.random() < 0.5:
        name = mutate(name, rng)
    spec = {"name": "x", "length": "3.3 m"}
    with contextlib.suppress(KeirulesError):
        keirules.check(spec, name)
    with contextlib.suppress(KeirulesError):
        keirules.check(name)  # a spec path
    from keirules.markets import find_market

    with contextlib.suppress(KeirulesError):
        find_market(rng.choice(["US", "jp", name]))
    return name


def t_cli(rng: random.Random, ctx: Context) -> Any:
    from keirules.cli import main

    command = rng.choice(["check", "check", "check-catalog", "validate", "show", "timeline",
                          "compare", "features", "routes", "routes-catalog"])
    if command == "check":
        path = ctx.write("cli-spec.yaml", spec_yaml(rng))
        argv = ["check", str(path), "--ruleset", rng.choice(RULESET_NAMES),
                "--format", rng.choice(["table", "json", "markdown", "html"])]
    elif command == "check-catalog":
        header, rows, ruleset, _on = catalog_case(rng)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
        path = ctx.write("cli-catalog.csv", buffer.getvalue())
        argv = ["check", str(path), "--ruleset", ruleset,
                "--format", rng.choice(["table", "csv", "jsonl"])]
    elif command == "validate":
        path = ctx.write("cli-ruleset.yaml", ruleset_yaml(rng))
        argv = ["validate", str(path)]
    elif command == "show":
        argv = ["show", rng.choice([*RULESET_NAMES, mutate("jp-kei@1998", rng)])]
    elif command == "timeline":
        path = ctx.write("cli-spec2.yaml", spec_yaml(rng))
        argv = ["timeline", str(path)]
    elif command == "compare":
        path = ctx.write("cli-spec3.yaml", spec_yaml(rng))
        argv = ["compare", str(path)]
    elif command == "routes":
        path = ctx.write("cli-spec4.yaml", spec_yaml(rng))
        argv = ["routes", str(path), "--market", rng.choice(["US", "us", "XX"])]
    elif command == "routes-catalog":
        header, rows, _ruleset, _on = catalog_case(rng)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
        path = ctx.write("cli-inventory.csv", buffer.getvalue())
        argv = ["routes", str(path), "--market", "US", "--format", rng.choice(["csv", "jsonl"])]
    else:
        argv = ["features"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0) if not isinstance(exc.code, str) else 2
    stderr = err.getvalue()
    if "internal error" in stderr:
        raise AssertionError(stderr.strip()[:500])
    try:
        check_output(out.getvalue(), "command line")
    except Finding as exc:
        raise Finding(exc.kind, f"{exc} of {argv}") from None
    for line in stderr.splitlines():  # one line per message (a catalog: one per bad row)
        if (_BAD_IN_MESSAGE.search(line) or len(line) > MAX_MESSAGE + 200
                or not line.startswith(("keirules: ", "usage: ", "  "))):
            raise Finding("message", f"stderr line {line[:200]!r} of {argv}")
    if code not in (0, 1, 2, 3):
        raise Finding("message", f"exit status {code} of {argv}")
    return argv


def t_web(rng: random.Random, ctx: Context) -> Any:
    """The web service's handlers, in process (no HTTP): a decoded body as a client sends it."""
    from keirules.web.handlers import check, routes, timeline

    data: dict[str, Any] = {}
    if rng.random() < 0.7:
        data["spec"] = spec_mapping(rng) if rng.random() < 0.9 else odd_value(rng)
    else:
        data["spec_yaml"] = spec_yaml(rng)
    handler = rng.choice([check, check, routes, timeline])
    if handler is check:
        if rng.random() < 0.3:
            data["ruleset_yaml"] = ruleset_yaml(rng).replace("extends: ../x.yaml", "")
        else:
            data["ruleset"] = rng.choice([*RULESET_NAMES, mutate("jp-kei", rng), "x.yaml"])
        if rng.random() < 0.5:
            data["on"] = rng.choice(["2026-01-01", "manufactured", mutate("2020-01-01", rng)])
    elif handler is routes:
        data["market"] = rng.choice(["US", "us", "JP", mutate("US", rng)])
        if rng.random() < 0.3:
            data["state"] = rng.choice(["CO", "all", "XX", mutate("CA", rng)])
    else:
        data["family"] = rng.choice(["jp-kei", "kr-gyeongcha", mutate("jp-kei", rng)])
    if rng.random() < 0.05:
        data[rng.choice(["x", "spec\n", "\ud800"])] = 1
    try:
        result = handler(data)
    except KeirulesError as exc:
        check_message(exc)
        return data
    check_output(json.dumps(result, ensure_ascii=False), "web JSON")
    return data


def t_market(rng: random.Random, ctx: Context) -> Any:
    """A built-in market or region file, mutated, read as a market or a region layer."""
    from keirules.markets import builtin_markets_dir, find_market, read_market
    from keirules.regions import read_region

    files = _market_files(builtin_markets_dir())
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.9:
        text = mutate(text, rng)
    document = load_text(text, file=path.name)
    if path.parent.name == builtin_markets_dir().name:
        market = read_market(document)
    else:
        market = find_market(path.parent.name)
        read_region(document, market)
    return market.code


_MARKET_FILES: list[Path] = []


def _market_files(folder: Path) -> list[Path]:
    if not _MARKET_FILES:
        _MARKET_FILES.extend(sorted(folder.glob("*.yaml")) + sorted(folder.glob("*/*.yaml")))
    return _MARKET_FILES


TARGETS: dict[str, tuple[int, Callable[[random.Random, Context], Any]]] = {
    "quantity": (16, t_quantity),
    "quantity_mapping": (5, t_quantity_mapping),
    "number": (6, t_number),
    "spec_mapping": (14, t_spec_mapping),
    "spec_yaml": (14, t_spec_yaml),
    "spec_json": (8, t_spec_json),
    "ruleset": (8, t_ruleset),
    "csv": (8, t_csv),
    "jsonl": (4, t_jsonl),
    "mappings": (4, t_mappings),
    "dates": (6, t_dates),
    "names": (6, t_names),
    "cli": (1, t_cli),
    "web": (3, t_web),
    "market": (3, t_market),
}


# -- running --------------------------------------------------------------------------------------
@dataclass
class Summary:
    seed: int
    inputs: int = 0
    seconds: float = 0.0
    per_target: Counter[str] = field(default_factory=Counter)
    findings: list[dict[str, Any]] = field(default_factory=list)
    slowest: tuple[float, str, int] = (0.0, "", -1)

    def as_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "inputs": self.inputs, "seconds": round(self.seconds, 1),
                "per_target": dict(self.per_target), "findings": self.findings,
                "slowest": {"seconds": round(self.slowest[0], 4), "target": self.slowest[1],
                            "index": self.slowest[2]}}


def choose(seed: int, index: int, names: list[str]) -> tuple[str, random.Random]:
    rng = random.Random(f"{seed}/{index}")
    weights = [TARGETS[name][0] for name in names]
    return rng.choices(names, weights)[0], rng


def run_one(name: str, rng: random.Random, ctx: Context) -> Any:
    try:
        return TARGETS[name][1](rng, ctx)
    except KeirulesError as exc:
        check_message(exc)
        return None


@contextlib.contextmanager
def _hard_limit(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer"):  # pragma: no cover - not on POSIX
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(inputs: int, seed: int = 1, *, targets: list[str] | None = None, limit: float = 0.5,
        hard_limit: float = 10.0, start: int = 0, progress: Callable[[Summary], None] | None = None,
        ) -> Summary:
    """Run ``inputs`` inputs (indices ``start`` on) and return what was found."""
    names = targets or list(TARGETS)
    summary = Summary(seed)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="keirules-fuzz-") as folder:
        ctx = Context(Path(folder))
        warm_up(ctx)
        for index in range(start, start + inputs):
            name, rng = choose(seed, index, names)
            started = time.perf_counter()
            cpu = time.thread_time()
            kind = detail = None
            try:
                with _hard_limit(hard_limit):
                    run_one(name, rng, ctx)
            except Finding as exc:
                kind, detail = exc.kind, str(exc)
            except _Hang:
                kind, detail = "hang", f"stopped after {hard_limit} s"
            except Exception as exc:
                kind = "internal"
                detail = "".join(traceback.format_exception_only(exc)).strip()[:500]
            # Processor time, so that other programs on a shared machine do not count.
            elapsed = time.thread_time() - cpu
            if kind is None and elapsed > limit:
                wall = time.perf_counter() - started
                kind, detail = "slow", f"{elapsed:.3f} s of processor time ({wall:.3f} s)"
            if elapsed > summary.slowest[0]:
                summary.slowest = (elapsed, name, index)
            if kind is not None:
                summary.findings.append({"kind": kind, "target": name, "index": index,
                                         "detail": detail})
            summary.inputs += 1
            summary.per_target[name] += 1
            if progress is not None and summary.inputs % 10_000 == 0:
                summary.seconds = time.perf_counter() - began
                progress(summary)
    summary.seconds = time.perf_counter() - began
    return summary


def warm_up(ctx: Context) -> None:
    """Pay once, untimed, for what a process pays on first use (the unit registry, imports)."""
    with contextlib.suppress(KeirulesError):
        parse_quantity("1 furlong")
    for index, name in enumerate(TARGETS):
        with contextlib.suppress(Exception):
            run_one(name, random.Random(f"warm-up/{index}"), ctx)


def replay(seed: int, index: int, targets: list[str] | None) -> None:
    """Run one input again, printing it and any traceback."""
    name, rng = choose(seed, index, targets or list(TARGETS))
    with tempfile.TemporaryDirectory(prefix="keirules-fuzz-") as folder:
        ctx = Context(Path(folder))
        print(f"input {index} of seed {seed}: target {name}")
        state = rng.getstate()
        try:
            made = run_one(name, rng, ctx)
        except Exception:
            traceback.print_exc()
            made = None
        if made is None:
            rng.setstate(state)
        print("input:", repr(made)[:2000])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="the first input's index")
    parser.add_argument("--limit", type=float, default=0.5, help="seconds; slower is reported")
    parser.add_argument("--hard-limit", type=float, default=10.0)
    parser.add_argument("--targets", help="comma-separated: " + ", ".join(TARGETS))
    parser.add_argument("--report", help="write the summary as JSON to this file")
    parser.add_argument("--replay", type=int, help="run input INDEX again, with its traceback")
    args = parser.parse_args(argv)
    targets = args.targets.split(",") if args.targets else None
    for name in targets or ():
        if name not in TARGETS:
            parser.error(f"no target {name!r}")
    if args.replay is not None:
        replay(args.seed, args.replay, targets)
        return 0

    def progress(summary: Summary) -> None:
        print(f"{summary.inputs} inputs, {summary.seconds:.0f} s, "
              f"{len(summary.findings)} found, slowest {summary.slowest[0]:.3f} s "
              f"({summary.slowest[1]} #{summary.slowest[2]})", flush=True)
        if args.report:
            Path(args.report).write_text(json.dumps(summary.as_dict(), indent=1))

    summary = run(args.inputs, args.seed, targets=targets, limit=args.limit,
                  hard_limit=args.hard_limit, start=args.start, progress=progress)
    if args.report:
        Path(args.report).write_text(json.dumps(summary.as_dict(), indent=1))
    kinds = Counter(finding["kind"] for finding in summary.findings)
    print(f"{summary.inputs} inputs in {summary.seconds:.1f} s "
          f"({summary.inputs / max(summary.seconds, 1e-9):.0f}/s), seed {summary.seed}; "
          f"slowest {summary.slowest[0]:.3f} s ({summary.slowest[1]} #{summary.slowest[2]})")
    print("per target: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.per_target.items())))
    print("found: " + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "nothing"))
    for finding in summary.findings[:50]:
        print(f"  {finding['kind']} {finding['target']} #{finding['index']}: {finding['detail']}")
    return 1 if summary.findings else 0


if __name__ == "__main__":
    os.environ.setdefault("KEIRULES_FUZZ", "1")
    sys.exit(main())
