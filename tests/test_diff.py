"""``diff``: what changed between two rule sets, rule by rule, with the size of each change.

Exit status: 0 whenever both rule sets could be read (a difference is not a failure), 2 for
bad input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import EXAMPLES, examples
from conftest import run_cli as cli
from hypothesis import given, settings
from hypothesis import strategies as st

from keirules import Diff, RuleChange, diff

Write = Callable[[str, str], Path]

US_WIDTH = EXAMPLES / "whatif" / "us-kei-1600-width.yaml"
KEI_EV = EXAMPLES / "whatif" / "kei-ev.yaml"


def _rules(data: dict[str, object]) -> dict[str, dict[str, object]]:
    rules = data["rules"]
    assert isinstance(rules, list)
    return {r["rule"]: r for r in rules}


# -- jp-kei 1990 -> 1998 ------------------------------------------------------------------------


def test_1990_to_1998_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "diff", "jp-kei@1990", "jp-kei@1998", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["from"], data["to"]) == ("jp-kei@1990", "jp-kei@1998")
    rules = _rules(data)
    assert {name: r["change"] for name, r in rules.items()} == {
        "length": "changed", "width": "changed", "height": "same", "wheels": "same",
        "displacement": "same", "power-agreement": "same", "seats": "added",
        "payload": "added",
    }
    length, width = rules["length"], rules["width"]
    assert (length["old"]["value"], length["new"]["value"], length["new"]["unit"]) == \
        ("3.30", "3.40", "m")
    assert length["delta"] == {"value": "0.1", "unit": "m", "percent": "3.03"}
    assert (width["old"]["value"], width["new"]["value"]) == ("1.40", "1.48")
    assert width["delta"] == {"value": "0.08", "unit": "m", "percent": "5.714"}
    assert rules["displacement"]["old"] == {**rules["displacement"]["new"],
                                            "source": rules["displacement"]["old"]["source"]}
    assert "delta" not in rules["displacement"]
    # Restated in the 1998 table: the same check, cited from the newer instrument.
    assert rules["displacement"]["source_changed"] is True
    assert rules["seats"]["old"] is None
    assert rules["seats"]["new"]["value"] == "4"


def test_1990_to_1998_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "diff", "jp-kei@1990", "jp-kei@1998")
    assert code == 0
    lines = {line.split()[0]: " ".join(line.split()) for line in out.splitlines()
             if line.strip()}
    assert lines["length"].startswith("length changed <= 3.30 m <= 3.40 m +0.1 m (+3%)")
    assert lines["width"].startswith("width changed <= 1.40 m <= 1.48 m +0.08 m")
    assert "(+5.7%)" in out
    assert lines["displacement"].startswith("displacement same <= 660 cc")
    assert lines["seats"].startswith("seats added <= 4")


def test_json_shape_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "diff", "jp-kei@1951", "jp-kei@1955", "-f", "json")
    data = json.loads(out)
    assert {"from", "to", "rules"} <= set(data)
    for rule in data["rules"]:
        assert {"rule", "change", "old", "new"} <= set(rule)
        assert rule["change"] in ("added", "removed", "changed", "same")
        assert (rule["old"] is None) == (rule["change"] == "added")
        assert (rule["new"] is None) == (rule["change"] == "removed")
    changes = {r["rule"]: r["change"] for r in data["rules"]}
    assert changes["displacement-four-stroke"] == "removed"
    assert changes["displacement-two-stroke"] == "removed"
    assert changes["displacement"] == "added"
    # The old rule set's order first, then what the new one adds.
    assert [r["rule"] for r in data["rules"]][-1] == "displacement"


def test_library_and_command_line_agree(capsys: pytest.CaptureFixture[str]) -> None:
    result = diff("jp-kei@1976", "jp-kei@1990")
    assert isinstance(result, Diff)
    assert all(isinstance(c, RuleChange) for c in result.changes)
    assert [c.rule for c in result.of("changed")] == ["length", "displacement"]
    _, out, _ = cli(capsys, "diff", "jp-kei@1976", "jp-kei@1990", "-f", "json")
    assert json.loads(out) == json.loads(json.dumps(result.as_dict()))


def test_a_rule_set_against_itself_is_all_same(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "diff", "jp-kei@1998", "jp-kei", "--on", "2026-01-01",
                       "-f", "json")
    assert code == 0
    assert {r["change"] for r in json.loads(out)["rules"]} == {"same"}


def test_family_names_resolve_on_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "diff", "jp-kei", "jp-kei@1998", "--on", "1958-06-01",
                    "-f", "json")
    assert json.loads(out)["from"] == "jp-kei@1955"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["jp-kei@1990", "jp-kei@1999"], "has no version '1999'"),
        (["jp-kay@1990", "jp-kei@1998"], "Did you mean 'jp-kei'?"),
        (["jp-kei@1990", "missing.yaml"], "missing.yaml"),
        (["jp-kei", "jp-kei@1998", "--on", "1900-01-01"], "no version of 'jp-kei'"),
        (["jp-kei@1990"], "the following arguments are required"),
    ],
)
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], args: list[str],
                           needle: str) -> None:
    code, out, err = cli(capsys, "diff", *args)
    assert code == 2
    assert out == ""
    assert err.startswith("keirules: error: ") and err.count("\n") == 1
    assert needle in err


# -- a what-if against its base ----------------------------------------------------------------


def test_what_if_against_its_base(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "diff", "jp-kei@1998", str(KEI_EV), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["to"] == "kei-ev-whatif@2026"
    assert data["to_ruleset"]["extends"] == "jp-kei@1998"
    assert data["to_ruleset"]["status"] == "what_if"
    rules = _rules(data)
    assert {name: r["change"] for name, r in rules.items()} == {
        "length": "changed", "width": "same", "height": "same", "wheels": "same",
        "displacement": "removed", "power-agreement": "removed", "seats": "same",
        "payload": "same", "battery-electric": "added",
    }
    assert rules["length"]["delta"] == {"value": "0.2", "unit": "m", "percent": "5.882"}
    assert rules["length"]["new"]["source"]["title"].startswith("Analyst's scenario")
    assert rules["battery-electric"]["new"]["op"] == "=="


def test_what_if_against_its_base_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "diff", "jp-kei@1998", str(US_WIDTH))
    assert code == 0
    assert out.startswith("jp-kei@1998 -> us-kei-whatif@2026")
    width = next(" ".join(line.split()) for line in out.splitlines()
                 if line.startswith("width"))
    assert width == "width changed <= 1.48 m <= 1.60 m +0.12 m (+8.1%)"
    assert sum(line.split()[1:2] == ["same"] for line in out.splitlines()) == 7


def test_base_against_what_if_reverses_the_sign() -> None:
    back = diff(US_WIDTH, "jp-kei@1998")
    [width] = back.of("changed")
    assert width.delta == Fraction(-12, 100)
    assert width.percent == "-7.5"


# -- the size of a change ----------------------------------------------------------------------

PAIR = """\
family: test-kei
version: "{version}"
title: Test
jurisdiction: JP
status: what_if
effective_from: 2026-01-01
sources: {{law: {{title: Test Act}}}}
rules:
  - {rule}
"""


def _pair(write: Write, old: str, new: str) -> RuleChange:
    a = write("a.yaml", PAIR.format(version="a", rule=old))
    b = write("b.yaml", PAIR.format(version="b", rule=new))
    [change] = diff(a, b).changes
    return change


@pytest.mark.parametrize(
    ("old", "new", "delta", "percent", "unit"),
    [
        ("{id: x, field: length, max: 3400 mm}", "{id: x, field: length, max: 3.45 m}",
         "50", "1.471", "mm"),
        ("{id: x, field: seats, max: 4}", "{id: x, field: seats, max: 2}", "-2", "-50", None),
        ("{id: x, field: max_power, max: 64 PS}", "{id: x, field: max_power, max: 47 kW}",
         None, None, None),  # converted exactly; the JSON rounds to 12 places
        ("{id: x, field: length, max: 0 m}", "{id: x, field: length, max: 1 m}",
         "1", None, "m"),  # no percentage of nothing
    ],
)
def test_delta_is_exact_in_the_old_unit(write: Write, old: str, new: str, delta: str | None,
                                        percent: str | None, unit: str | None) -> None:
    change = _pair(write, old, new)
    assert change.change == "changed"
    data = change.as_dict()["delta"]
    if delta is None:  # 47 kW = 63.902...PS
        assert change.delta == Fraction(47000, 1) / Fraction(73549875, 100000) - 64
        assert data == {"value": "-0.097783986716", "unit": "PS", "percent": "-0.153"}
        return
    assert data == {"value": delta, "unit": unit, "percent": percent}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A cap that became a floor has no "difference".
        ("{id: x, field: length, max: 3.4 m}", "{id: x, field: length, min: 3.0 m}"),
        # The same id now checks another field, of another dimension.
        ("{id: x, field: length, max: 3.4 m}", "{id: x, field: displacement, max: 660 cc}"),
        # Or another field of the same dimension.
        ("{id: x, field: length, max: 3.4 m}", "{id: x, field: width, max: 3.5 m}"),
        ("{id: x, field: seats, max: 4}", "{id: x, field: seats, one_of: [2, 4]}"),
    ],
)
def test_no_delta_between_different_kinds_of_limit(write: Write, old: str, new: str) -> None:
    change = _pair(write, old, new)
    assert change.change == "changed"
    assert change.delta is None and change.percent is None
    assert "delta" not in change.as_dict()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("{id: x, field: length, max: 3.40 m}", "{id: x, field: length, max: 3400 mm}"),
        ("{id: x, field: length, max: 3.4 m}", "{id: x, field: length, max: 3.40 m}"),
        ("{id: x, field: displacement, max: 0.66 L}", "{id: x, field: displacement, "
         "max: 660 cc}"),
        ("{id: x, field: length, max: 3.4 m}", "{id: x, title: Renamed, field: length, "
         "max: 3.4 m, note: A note.}"),
    ],
)
def test_the_same_check_written_differently_is_same(write: Write, old: str, new: str) -> None:
    assert _pair(write, old, new).change == "same"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("{id: x, field: length, max: 3.4 m}", "{id: x, field: length, max: 3.4 m, "
         "severity: advisory}"),
        ("{id: x, field: length, max: 3.4 m}", "{id: x, field: length, max: 3.4 m, "
         "when: {category: cargo}}"),
        ("{id: x, field: length, max: 3.4 m}", "{id: x, field: length, less_than: 3.4 m}"),
    ],
)
def test_severity_condition_or_comparison_make_a_change(write: Write, old: str,
                                                        new: str) -> None:
    change = _pair(write, old, new)
    assert change.change == "changed"
    assert "delta" not in change.as_dict()  # the limit itself did not move


@settings(max_examples=examples(50), deadline=None)
@given(old=st.integers(min_value=1, max_value=10**6), new=st.integers(min_value=0,
                                                                    max_value=10**6))
def test_delta_and_percent_follow_the_limits(tmp_path_factory: pytest.TempPathFactory,
                                             old: int, new: int) -> None:
    folder = tmp_path_factory.mktemp("pair")
    a, b = folder / "a.yaml", folder / "b.yaml"
    a.write_text(PAIR.format(version="a", rule=f"{{id: x, field: length, max: {old} mm}}"))
    b.write_text(PAIR.format(version="b", rule=f"{{id: x, field: length, max: {new} mm}}"))
    [change] = diff(a, b).changes
    if old == new:
        assert change.change == "same" and change.delta == 0
        return
    assert change.change == "changed"
    assert change.delta == new - old
    assert change.percent is not None
    assert abs(Fraction(change.percent) - Fraction(new - old, old) * 100) <= Fraction(1, 2000)
