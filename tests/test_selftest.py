"""Rule sets' own tests: the built-in ones agree, and a disagreement is reported clearly."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from keirules import RuleSetError, default_catalog
from keirules.selftest import read_tests, run_tests

Write = Callable[[str, str], Path]

WHATIF = """\
family: us-kei-whatif
version: "2026"
title: What if the US took the kei box with a 1.6 m width
jurisdiction: US
status: what_if
effective_from: 2026-01-01
extends: jp-kei@1998
sources:
  idea: {title: An analyst's what-if}
rules:
  - {id: width, field: width, max: 1.60 m, source: idea}
tests:
  - vehicle: {name: Wide kei, category: passenger, wheels: 4, seats: 4, length: 3.4 m,
              width: 1515 mm,
              height: 1.5 m, powertrain: electric}
    verdict: pass
"""


@pytest.mark.parametrize("name", default_catalog().names())
def test_builtin_rule_set_tests_agree(name: str) -> None:
    catalog = default_catalog()
    header = next(h for h in catalog.headers(name.split("@")[0]) if h.name == name)
    tests = read_tests(header)
    assert tests, f"{name} carries tests with known vehicles"
    assert run_tests(catalog.get(name), tests) == []


def test_whatif_tests_agree_then_disagree_after_an_edit(write: Write) -> None:
    path = write("whatif.yaml", WHATIF)
    ok = subprocess.run([sys.executable, "-m", "keirules", "validate", str(path)],
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "1 test(s) agree" in ok.stdout
    path.write_text(WHATIF.replace("max: 1.60 m", "max: 1.50 m"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "keirules", "validate", str(path)],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    for needle in ("1 of 1 test(s)", "line 13", "'Wide kei'", "expected verdict pass",
                   "got verdict fail"):
        assert needle in bad.stderr, bad.stderr


@pytest.mark.parametrize(
    ("test", "needle"),
    [
        ("  - {vehicle: {name: x}, verdict: maybe}", "tests.0.verdict"),
        ("  - {vehicle: nope.yaml, verdict: pass}", "no such file"),
        ("  - {vehicle: {name: x, lenght: 1 m}, verdict: pass}", "Did you mean 'length'"),
        ("  - {vehicle: {name: x}, verdict: pass, on: 2026-02-30}", "tests.0.on"),
        ("  - {vehicle: {name: x}, verdict: pass, falied: [width]}", "Did you mean 'failed'"),
    ],
)
def test_malformed_tests_are_rejected_with_their_line(write: Write, test: str,
                                                      needle: str) -> None:
    path = write("whatif.yaml", WHATIF.split("tests:")[0] + "tests:\n" + test + "\n")
    header = default_catalog().load_file(path)
    from keirules.rulesets.loader import read_header
    from keirules.yamlload import load_document

    with pytest.raises(RuleSetError) as info:
        read_tests(read_header(load_document(path)))
    assert needle in str(info.value)
    assert info.value.line == 13
    assert header.name == "us-kei-whatif@2026"


def test_a_test_naming_an_unknown_rule_is_a_disagreement(write: Write) -> None:
    path = write("whatif.yaml", WHATIF.replace("verdict: pass", "verdict: pass\n"
                                               "    failed: [widht]"))
    from keirules.rulesets.loader import read_header
    from keirules.yamlload import load_document

    problems = run_tests(default_catalog().load_file(path),
                         read_tests(read_header(load_document(path))))
    assert any("'widht'" in p for p in problems)


def test_the_old_module_path_still_works() -> None:
    import keirules.selftest as moved
    from keirules.rulesets import selftest as old

    assert old.run_tests is moved.run_tests and old.read_tests is moved.read_tests
    with pytest.raises(AttributeError):
        old.nothing_here  # noqa: B018
