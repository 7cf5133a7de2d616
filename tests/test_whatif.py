"""What-if rule sets: named only, never picked by date, always naming their base.

The two scenarios in examples/whatif/ are real files an analyst would write; the rest of the
mechanics (``remove``, overriding in place, hashes, errors) is checked on small files here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, examples
from conftest import run_cli as cli
from hypothesis import given, settings
from hypothesis import strategies as st

import keirules
from keirules import Catalog, RuleSetError, UnknownRuleSetError
from keirules.rulesets import builtin_dir
from keirules.rulesets.loader import RuleSetHeader, read_header
from keirules.selftest import read_tests, run_tests
from keirules.yamlload import load_document

Write = Callable[[str, str], Path]

WHATIF_DIR = EXAMPLES / "whatif"
US_WIDTH = WHATIF_DIR / "us-kei-1600-width.yaml"
KEI_EV = WHATIF_DIR / "kei-ev.yaml"
WHATIFS = sorted(WHATIF_DIR.glob("*.yaml"))
BASE = "jp-kei@1998"
SMART = EXAMPLES / "smart-fortwo-w450.yaml"
SAKURA = EXAMPLES / "nissan-sakura-b6aw.yaml"


def _header(path: Path) -> RuleSetHeader:
    return read_header(load_document(path))


# -- the example scenarios ----------------------------------------------------------------------


def test_there_are_two_example_what_ifs() -> None:
    assert [p.name for p in WHATIFS] == ["kei-ev.yaml", "us-kei-1600-width.yaml"]


@pytest.mark.parametrize("path", WHATIFS, ids=lambda p: p.stem)
def test_example_what_if_is_a_what_if_on_jp_kei_1998(path: Path) -> None:
    ruleset = keirules.load_ruleset(path)
    assert ruleset.status == "what_if"
    assert not ruleset.dated
    assert ruleset.extends == BASE
    assert ruleset.effective_until is None
    assert ruleset.builtin is False
    # The scenario's own figures cite the scenario, which says it is not law.
    scenario = ruleset.sources["scenario"]
    assert "hypothetical" in scenario.title.lower() and "not law" in scenario.title
    own = [rule for rule in ruleset.rules if rule.defined_in == ruleset.name]
    assert own and all(rule.source.key == "scenario" for rule in own)
    # Everything else is inherited with its legal source.
    base = keirules.load_ruleset(BASE)
    for rule in ruleset.rules:
        if rule.defined_in != ruleset.name:
            assert rule == base.rule(rule.id)


@pytest.mark.parametrize("path", WHATIFS, ids=lambda p: p.stem)
def test_example_what_if_tests_agree(path: Path) -> None:
    tests = read_tests(_header(path))
    assert len(tests) >= 4, "each scenario carries tests with known vehicles and boundaries"
    assert {t.verdict for t in tests} >= {"pass", "fail"}
    assert run_tests(keirules.load_ruleset(path), tests) == []


def test_validate_runs_the_what_ifs_tests() -> None:
    done = subprocess.run([sys.executable, "-m", "keirules", "validate", *map(str, WHATIFS)],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "rule set kei-ev-whatif@2026, 7 rules, 5 test(s) agree" in done.stdout
    assert "rule set us-kei-whatif@2026, 8 rules, 5 test(s) agree" in done.stdout


def test_us_width_scenario_changes_only_the_width() -> None:
    ruleset = keirules.load_ruleset(US_WIDTH)
    base = keirules.load_ruleset(BASE)
    assert [r.id for r in ruleset.rules] == [r.id for r in base.rules]
    changed = [r.id for r in ruleset.rules if r != base.rule(r.id)]
    assert changed == ["width"]
    assert ruleset.rule("width").limit.text == "1.60 m"
    assert ruleset.rule("width").note is not None
    # The smart fortwo (1.515 m) fails the real rule set but passes the scenario.
    assert keirules.check(SMART, BASE, on="2026-06-01").verdict == "fail"
    assert keirules.check(SMART, US_WIDTH, on="2026-06-01").verdict == "pass"


def test_ev_scenario_removes_two_rules_overrides_one_in_place_and_adds_one() -> None:
    ruleset = keirules.load_ruleset(KEI_EV)
    base = keirules.load_ruleset(BASE)
    kept = [r.id for r in base.rules if r.id not in ("displacement", "power-agreement")]
    # The overridden rule keeps its place (first); the new rule comes last.
    assert [r.id for r in ruleset.rules] == [*kept, "battery-electric"]
    assert ruleset.rules[0].id == "length"
    assert ruleset.rule("length").limit.text == "3.60 m"
    assert ruleset.rule("length").defined_in == "kei-ev-whatif@2026"
    assert ruleset.rule("width") == base.rule("width")
    assert keirules.check(SAKURA, KEI_EV, on="2026-06-01").verdict == "pass"


# -- never by date, always by name ------------------------------------------------------------


def _user_catalog(tmp_path: Path) -> Catalog:
    """The built-in rule sets plus a user folder holding both scenarios in catalog layout,
    and a what-if filed under the jp-kei family itself."""
    folder = tmp_path / "mine"
    for path in WHATIFS:
        header = _header(path)
        target = folder / header.family / f"{header.version}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8").split("\ntests:")[0]  # tests name ../ files
        target.write_text(text, encoding="utf-8")
    inside = US_WIDTH.read_text(encoding="utf-8")
    inside = inside.replace("family: us-kei-whatif", "family: jp-kei").replace(
        'version: "2026"', 'version: "2026-us-width"').split("\ntests:")[0]
    (folder / "jp-kei").mkdir()
    (folder / "jp-kei" / "2026-us-width.yaml").write_text(inside, encoding="utf-8")
    return Catalog([builtin_dir(), folder])


def test_what_if_by_name_from_a_user_folder(tmp_path: Path) -> None:
    catalog = _user_catalog(tmp_path)
    assert "us-kei-whatif" in catalog.families()
    by_name = catalog.get("us-kei-whatif@2026")
    assert by_name.status == "what_if"
    assert by_name.sha256 == keirules.load_ruleset(US_WIDTH).sha256  # same content
    assert catalog.get("jp-kei@2026-us-width").status == "what_if"
    report = keirules.check(SMART, keirules.load_ruleset("kei-ev-whatif@2026", catalog=catalog),
                            on="2026-06-01")
    assert report.ruleset.name == "kei-ev-whatif@2026"


@pytest.mark.parametrize("family", ["us-kei-whatif", "kei-ev-whatif"])
@pytest.mark.parametrize("day", [dt.date(2026, 1, 1), dt.date(2026, 11, 25), dt.date(2100, 1, 1)])
def test_a_family_of_what_ifs_has_nothing_in_force(tmp_path: Path, family: str,
                                                   day: dt.date) -> None:
    with pytest.raises(UnknownRuleSetError) as info:
        _user_catalog(tmp_path).get(family, day)
    assert "no version" in str(info.value)


@pytest.fixture(scope="module")
def catalog_with_what_ifs(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return _user_catalog(tmp_path_factory.mktemp("catalog"))


@settings(max_examples=examples(60), deadline=None)
@given(day=st.dates(min_value=dt.date(1949, 7, 8), max_value=dt.date(2200, 12, 31)))
def test_resolving_jp_kei_by_date_never_returns_the_what_if(catalog_with_what_ifs: Catalog,
                                                           day: dt.date) -> None:
    chosen = catalog_with_what_ifs.get("jp-kei", day)
    assert chosen.status in ("in_force", "historical")
    assert chosen.name == keirules.default_catalog().get("jp-kei", day).name
    assert chosen.sha256 == keirules.default_catalog().get("jp-kei", day).sha256


def test_what_if_takes_no_place_in_the_timeline_or_the_periods(tmp_path: Path) -> None:
    catalog = _user_catalog(tmp_path)
    names = [p.ruleset.name for p in keirules.timeline(SMART, "jp-kei", catalog=catalog).periods]
    assert names == [f"jp-kei@{v}" for v in
                     ("1949", "1950", "1951", "1955", "1960", "1976", "1990", "1998")]
    assert catalog.get("jp-kei@1998").effective_until is None  # not cut short by the what-if


def test_what_if_by_file_path_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "check", str(SMART), "--ruleset", str(US_WIDTH),
                       "--on", "2026-06-01", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["ruleset"]["name"] == "us-kei-whatif@2026"
    assert data["ruleset"]["status"] == "what_if"
    assert data["ruleset"]["file"] == str(US_WIDTH)


def test_what_if_family_name_alone_is_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "check", str(SMART), "--ruleset", "us-kei-whatif")
    assert code == 2 and out == ""
    assert "no rule set family 'us-kei-whatif'" in err
    assert "file path" in err


# -- every report names the base ------------------------------------------------------------


def test_check_report_names_the_base(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "check", str(SMART), "-r", str(KEI_EV), "--on", "2026-06-01",
                    "-f", "json")
    assert json.loads(out)["ruleset"]["extends"] == BASE
    _, table, _ = cli(capsys, "check", str(SMART), "-r", str(KEI_EV), "--on", "2026-06-01")
    assert "extends jp-kei@1998" in " ".join(table.split())
    assert "(what if," in table


def test_compare_names_the_base(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("compare", str(SMART), "-r", BASE, "-r", str(US_WIDTH), "--on", "2026-06-01")
    code, out, _ = cli(capsys, *args, "-f", "json")
    assert code == 1
    rulesets = json.loads(out)["rulesets"]
    assert [(r["name"], r["status"], r["extends"]) for r in rulesets] == [
        ("jp-kei@1998", "in_force", "jp-kei@1990"),
        ("us-kei-whatif@2026", "what_if", "jp-kei@1998"),
    ]
    _, table, _ = cli(capsys, *args)
    flat = " ".join(table.split())
    assert "us-kei-whatif@2026 = What if: a US kei class" in flat
    assert "1.60 m width, extends jp-kei@1998" in flat


def test_diff_names_both_and_the_base(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "diff", BASE, str(US_WIDTH), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["to"] == "us-kei-whatif@2026"
    assert data["to_ruleset"]["extends"] == BASE
    assert data["to_ruleset"]["file"] == str(US_WIDTH)


# -- hashes ------------------------------------------------------------------------------------


def test_sha256_differs_from_the_base_and_between_scenarios() -> None:
    hashes = {keirules.load_ruleset(p).sha256 for p in (*WHATIFS, BASE)}
    assert len(hashes) == 3
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)


@pytest.mark.parametrize("path", WHATIFS, ids=lambda p: p.stem)
def test_sha256_is_stable_across_catalogs_places_and_processes(tmp_path: Path,
                                                               path: Path) -> None:
    first = keirules.load_ruleset(path).sha256
    assert Catalog().load_file(path).sha256 == first
    elsewhere = tmp_path / "deep" / "folder" / "copy.yaml"
    elsewhere.parent.mkdir(parents=True)
    shutil.copy(path, elsewhere)
    assert Catalog().load_file(elsewhere).sha256 == first
    code = f"import keirules; print(keirules.load_ruleset({str(path)!r}).sha256)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == first


def test_sha256_follows_the_base(write: Write) -> None:
    """A what-if on another base version is another rule set, even with the same own rules."""
    text = US_WIDTH.read_text(encoding="utf-8").split("\ntests:")[0]
    on_1998 = keirules.load_ruleset(write("a/w.yaml", text))
    on_1990 = keirules.load_ruleset(write("b/w.yaml", text.replace(
        "extends: jp-kei@1998", "extends: jp-kei@1990")))
    assert on_1998.sha256 != on_1990.sha256


# -- remove and override mechanics ------------------------------------------------------------

SCENARIO = """\
family: test-whatif
version: "1"
title: A test scenario
jurisdiction: JP
status: what_if
effective_from: 2026-01-01
extends: jp-kei@1998
sources:
  scenario: {title: "Analyst's scenario (hypothetical)"}
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("remove", "field", "needles"),
    [
        ("[seats, no-such-rule]", "remove.1", ["names no rule of the base rule set",
                                               "'no-such-rule'", "one of length, width"]),
        ("[Seats]", "remove.0", ["Did you mean 'seats'?"]),
        ("[seats, seats]", "remove.1", ["is listed twice"]),
        ("[{id: seats}]", "remove.0", ["is not a rule id"]),
        ("[[seats]]", "remove.0", ["is not a rule id"]),
        ("[null]", "remove.0", ["is not a rule id"]),
        ("[true]", "remove.0", ["is not a rule id"]),
        ("seats", "remove", ["is not a list of rule ids"]),
    ],
)
def test_bad_remove_is_an_error_with_file_and_line(write: Write, remove: str, field: str,
                                                   needles: list[str]) -> None:
    text = SCENARIO + f"remove: {remove}\n"
    path = write("scenario.yaml", text)
    with pytest.raises(RuleSetError) as info:
        Catalog().load_file(path)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), _line(text, "remove:"), field)
    for needle in needles:
        assert needle in str(err)


def test_bad_remove_on_the_command_line_is_one_paragraph(write: Write) -> None:
    path = write("scenario.yaml", SCENARIO + "remove: [{id: seats}]\n")
    done = subprocess.run([sys.executable, "-m", "keirules", "validate", str(path)],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert f"{path}, line 10, field 'remove.0': is not a rule id" in done.stderr


def test_remove_then_redefine_moves_the_rule_to_the_end(write: Write) -> None:
    path = write("scenario.yaml", SCENARIO + """\
remove: [length]
rules:
  - {id: length, field: length, max: 3.50 m}
""")
    ruleset = Catalog().load_file(path)
    assert [r.id for r in ruleset.rules][-1] == "length"


OVERRIDES = {
    "length": "{id: length, field: length, max: 3.50 m}",
    "height": "{id: height, field: height, max: 2.10 m}",
    "seats": "{id: seats, field: seats, max: 5}",
    "payload": "{id: payload, field: max_payload, max: 400 kg, when: {category: cargo}}",
}


@pytest.mark.parametrize("rule_id", OVERRIDES)
def test_overriding_any_rule_keeps_every_rules_place(write: Write, rule_id: str) -> None:
    base = keirules.load_ruleset(BASE)
    old = base.rule(rule_id)
    path = write("scenario.yaml", SCENARIO + f"rules:\n  - {OVERRIDES[rule_id]}\n")
    ruleset = Catalog().load_file(path)
    assert [r.id for r in ruleset.rules] == [r.id for r in base.rules]
    assert ruleset.rule(rule_id) != old
    assert ruleset.rule(rule_id).source.key == "scenario"
    assert [r for r in ruleset.rules if r.id != rule_id] == \
        [r for r in base.rules if r.id != rule_id]


def test_a_what_if_without_own_sources_cannot_cite_a_scenario(write: Write) -> None:
    """The scenario's figures must cite something: an unknown source key is refused."""
    text = SCENARIO.split("sources:")[0] + """\
rules:
  - {id: width, field: width, max: 1.60 m, source: scenario}
"""
    path = write("scenario.yaml", text)
    with pytest.raises(RuleSetError) as info:
        Catalog().load_file(path)
    assert info.value.field == "rules.0.source"
    assert "names no source" in str(info.value)


def test_a_disagreeing_test_says_which_rules_failed_or_were_missing(write: Write) -> None:
    """The test did not list the rules; the disagreement still says why."""
    path = write("scenario.yaml", SCENARIO + """\
rules:
  - {id: width, field: width, max: 1.50 m}
tests:
  - vehicle: {name: Wide, category: passenger, wheels: 4, seats: 4, length: 3.4 m,
              width: 1.55 m, height: 1.5 m, powertrain: electric}
    verdict: pass
  - vehicle: {name: No height, category: passenger, wheels: 4, seats: 4, length: 3.4 m,
              width: 1.45 m, powertrain: electric}
    verdict: pass
""")
    problems = run_tests(Catalog().load_file(path), read_tests(_header(path)))
    assert len(problems) == 2
    assert problems[0].endswith("expected verdict pass, but got verdict fail; failed width.")
    assert problems[1].endswith(
        "expected verdict pass, but got verdict incomplete; unknown height.")
