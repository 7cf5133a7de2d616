"""Loading rule set files: a valid file compiles, and every bad one is refused with its place.

Each rejection must be a :class:`keirules.RuleSetError` that names the file, the line and the
field (the dotted path of the offending key), so that a policy analyst can go straight to it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

import keirules
from keirules import Catalog, RuleSet, RuleSetError, UnknownRuleSetError

HEADER = """\
format: keirules-ruleset/1
family: test-kei
version: "1"
title: Test rule set
jurisdiction: JP
status: what_if
effective_from: 2000-01-01
"""
SOURCES = """\
sources:
  law:
    title: Test Act, Appended Table 1
    url: https://example.invalid/law
  other:
    title: Another source
    url: https://example.invalid/other
"""
RULES = """\
rules:
  - id: length
    title: Overall length
    field: length
    max: 3.40 m
"""
MINIMAL = HEADER + SOURCES + RULES


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line of ``text`` that contains ``needle``."""
    found = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) >= nth, f"{needle!r} occurs {len(found)} times in the test text"
    return found[nth - 1]


def write(folder: Path, text: str, name: str = "rules.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path, catalog: Catalog | None = None) -> RuleSet:
    return (catalog if catalog is not None else Catalog([])).load_file(path)


def assert_located(err: RuleSetError, path: Path, line: int, field: str) -> None:
    """The error names the file, line and field, both as attributes and in its text."""
    assert err.file == str(path)
    assert err.line == line
    assert err.field == field
    assert str(err).startswith(f"{path}, line {line}, field '{field}': ")


# -- a valid rule set ------------------------------------------------------------------------


def test_minimal_rule_set_loads(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    ruleset = load(path)
    assert ruleset.name == "test-kei@1"
    assert (ruleset.family, ruleset.version) == ("test-kei", "1")
    assert ruleset.title == "Test rule set"
    assert ruleset.jurisdiction == "JP"
    assert ruleset.status == "what_if"
    assert ruleset.effective_from == dt.date(2000, 1, 1)
    assert ruleset.effective_until is None
    assert ruleset.extends is None
    assert ruleset.builtin is False
    assert ruleset.file == str(path)
    assert list(ruleset.sources) == ["law", "other"]
    [rule] = ruleset.rules
    assert rule.id == "length"
    assert rule.title == "Overall length"
    assert rule.field == "length"
    assert rule.severity == "legal"
    assert rule.when == ()
    assert rule.limit.comparison == "max"
    assert rule.limit.op == "<="
    assert rule.limit.text == "3.40 m"
    assert rule.limit.quantity is not None
    assert rule.limit.quantity.base == Fraction(34, 10)  # metres
    # Without 'source:' a rule cites the rule set's first source.
    assert rule.source.key == "law"
    assert rule.source.title == "Test Act, Appended Table 1"
    assert rule.source.url == "https://example.invalid/law"
    assert rule.defined_in == "test-kei@1"


def test_every_kind_of_rule_compiles(tmp_path: Path) -> None:
    text = HEADER + SOURCES + """\
rules:
  - {id: length, field: length, max: 3400 mm, source: other}
  - {id: seats, field: seats, max: 4}
  - {id: wheels, field: wheels, one_of: [3, 4], when: {category: [passenger, cargo]}}
  - {id: cargo-only, field: category, equals: cargo, severity: advisory}
  - {id: import-age, field: manufactured, min_age: 25 years, citation: "49 USC 30112(b)(9)"}
  - {id: young, field: manufactured, max_age: 6 months, note: A note.}
  - {id: airbags, feature: frontal_airbags, severity: voluntary}
  - {id: speed, field: top_speed, greater_than: 60 km/h}
  - {id: mass, field: curb_mass, less_than: 1000 kg}
  - {id: power, field: max_power, min: 5 kW, when: {powertrain: electric}}
"""
    ruleset = load(write(tmp_path, text))
    rules = {rule.id: rule for rule in ruleset.rules}
    assert [rule.id for rule in ruleset.rules] == [
        "length", "seats", "wheels", "cargo-only", "import-age", "young", "airbags", "speed",
        "mass", "power",
    ]
    assert rules["length"].source.key == "other"
    assert rules["seats"].limit.value == 4
    assert rules["wheels"].limit.value == (3, 4)
    assert rules["wheels"].when == (keirules.Condition("category", ("passenger", "cargo")),)
    assert rules["cargo-only"].limit.value == "cargo"
    assert rules["cargo-only"].severity == "advisory"
    assert rules["import-age"].limit.value == 25 * 12  # months
    assert rules["import-age"].citation == "49 USC 30112(b)(9)"
    assert rules["young"].limit.value == 6
    assert rules["young"].note == "A note."
    assert rules["airbags"].field == "features.frontal_airbags"
    assert rules["airbags"].feature == "frontal_airbags"
    assert rules["airbags"].severity == "voluntary"
    assert rules["speed"].limit.op == ">"
    assert rules["mass"].limit.op == "<"
    assert rules["power"].limit.op == ">="
    assert rules["power"].when == (keirules.Condition("powertrain", ("electric",)),)


# -- rejections: file, line, field -------------------------------------------------------------

# (case, text, needle on the offending line, field, fragments of the message)
REJECTIONS = [
    (
        "limit of the wrong dimension",
        MINIMAL.replace("max: 3.40 m", "max: 660 cc"),
        "max: 660 cc", "rules.0.max", ["volume", "length", "660 cc"],
    ),
    (
        "unknown field, with a suggestion",
        MINIMAL.replace("field: length", "field: lenght"),
        "field: lenght", "rules.0.field", ["Did you mean 'length'?", "lenght"],
    ),
    (
        "unknown top-level key, with a suggestion",
        MINIMAL.replace("title: Test rule set", "titel: Test rule set"),
        "titel:", "titel", ["Did you mean 'title'?"],
    ),
    (
        "unknown rule key, with a suggestion",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    severty: voluntary"),
        "severty:", "rules.0.severty", ["Did you mean 'severity'?"],
    ),
    (
        "unknown source key of a source",
        MINIMAL.replace("    url: https://example.invalid/law", "    ulr: https://x.invalid"),
        "ulr:", "sources.law.ulr", ["Did you mean 'url'?"],
    ),
    (
        "source that does not exist",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    source: lw"),
        "source: lw", "rules.0.source", ["'lw'", "law", "other"],
    ),
    (
        "zero comparisons",
        MINIMAL.replace("    max: 3.40 m\n", ""),
        "- id: length", "rules.0", ["exactly one comparison", "found 0"],
    ),
    (
        "two comparisons",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    min: 1 m"),
        "- id: length", "rules.0", ["exactly one comparison", "found 2"],
    ),
    (
        "field and feature together",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    feature: abs"),
        "- id: length", "rules.0", ["'field'", "'feature'"],
    ),
    (
        "comparison on a feature rule",
        MINIMAL.replace("    field: length\n    max: 3.40 m", "    feature: abs\n    max: 1 m"),
        "max: 1 m", "rules.0.max", ["feature"],
    ),
    (
        "min_age on a length",
        MINIMAL.replace("max: 3.40 m", "min_age: 25 years"),
        "min_age:", "rules.0.min_age", ["length", "max, min"],
    ),
    (
        "max on a category",
        MINIMAL.replace("field: length\n    max: 3.40 m", "field: category\n    max: cargo"),
        "max: cargo", "rules.0.max", ["category", "equals, one_of"],
    ),
    (
        "max on a date",
        MINIMAL.replace("field: length\n    max: 3.40 m", "field: manufactured\n    max: 1990"),
        "max: 1990", "rules.0.max", ["manufactured", "min_age, max_age"],
    ),
    (
        "age that is not an age",
        MINIMAL.replace("field: length\n    max: 3.40 m",
                        "field: manufactured\n    min_age: 25 yrs"),
        "min_age:", "rules.0.min_age", ["25 years"],
    ),
    (
        "integer limit that is not a whole number",
        MINIMAL.replace("field: length\n    max: 3.40 m", "field: seats\n    max: 4.5"),
        "max: 4.5", "rules.0.max", ["whole number"],
    ),
    (
        "one_of that is not a list",
        MINIMAL.replace("field: length\n    max: 3.40 m", "field: wheels\n    one_of: 4"),
        "one_of: 4", "rules.0.one_of", ["list"],
    ),
    (
        "when on an unknown field, with a suggestion",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    when: {powertrian: electric}"),
        "when:", "rules.0.when.powertrian", ["Did you mean 'powertrain'?"],
    ),
    (
        "when with a wrong enum value, with a suggestion",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    when: {powertrain: electirc}"),
        "when:", "rules.0.when.powertrain", ["electirc", "Did you mean 'electric'?"],
    ),
    (
        "when with a wrong value in a list",
        MINIMAL.replace("    max: 3.40 m",
                        "    max: 3.40 m\n    when:\n      category: [passenger, truck]"),
        "category: [passenger, truck]", "rules.0.when.category", ["truck", "cargo"],
    ),
    (
        "when with an empty list",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    when: {powertrain: []}"),
        "when:", "rules.0.when.powertrain", ["empty"],
    ),
    (
        "when on a quantity field",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    when: {length: 3 m}"),
        "when:", "rules.0.when.length", ["condition"],
    ),
    (
        "bad severity, with a suggestion",
        MINIMAL.replace("    max: 3.40 m", "    max: 3.40 m\n    severity: volunatry"),
        "severity:", "rules.0.severity", ["Did you mean 'voluntary'?"],
    ),
    (
        "bad status, with a suggestion",
        MINIMAL.replace("status: what_if", "status: inforce"),
        "status:", "status", ["Did you mean 'in_force'?", "historical"],
    ),
    (
        "effective_until before effective_from",
        MINIMAL.replace("effective_from: 2000-01-01",
                        "effective_from: 2000-01-01\neffective_until: 1999-12-31"),
        "effective_until:", "effective_until", ["before effective_from", "1999-12-31"],
    ),
    (
        "a day that is not in the calendar",
        MINIMAL.replace("effective_from: 2000-01-01", "effective_from: 2023-02-30"),
        "effective_from:", "effective_from", ["2023-02-30", "YYYY-MM-DD"],
    ),
    (
        "a partial effective date",
        MINIMAL.replace("effective_from: 2000-01-01", "effective_from: 2000-01"),
        "effective_from:", "effective_from", ["YYYY-MM-DD"],
    ),
    (
        "remove without extends",
        MINIMAL + "remove: [length]\n",
        "remove:", "remove", ["extends"],
    ),
    (
        "missing required key",
        MINIMAL.replace("jurisdiction: JP\n", ""),
        "format:", "jurisdiction", ["missing"],
    ),
    (
        "unknown format",
        MINIMAL.replace("keirules-ruleset/1", "keirules-ruleset/2"),
        "format:", "format", ["keirules-ruleset/1"],
    ),
    (
        "no rules and no extends",
        HEADER + SOURCES + "rules: []\n",
        "rules:", "rules", ["extends"],
    ),
]


@pytest.mark.parametrize(
    ("text", "needle", "field", "fragments"),
    [pytest.param(*case[1:], id=case[0]) for case in REJECTIONS],
)
def test_rejection_names_file_line_and_field(
    tmp_path: Path, text: str, needle: str, field: str, fragments: list[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RuleSetError) as info:
        load(path)
    assert_located(info.value, path, line_of(text, needle), field)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_duplicate_rule_id_names_the_second_one(tmp_path: Path) -> None:
    text = MINIMAL + "  - id: length\n    field: width\n    max: 1.48 m\n"
    path = write(tmp_path, text)
    with pytest.raises(RuleSetError) as info:
        load(path)
    assert_located(info.value, path, line_of(text, "- id: length", nth=2), "rules.1.id")
    assert "'length'" in str(info.value)
    assert "unique" in str(info.value)


def test_rule_set_without_any_source_is_refused(tmp_path: Path) -> None:
    text = HEADER + RULES
    path = write(tmp_path, text)
    with pytest.raises(RuleSetError) as info:
        load(path)
    # No 'sources' key: the error points at the top of the document.
    assert_located(info.value, path, 1, "sources")
    assert "source" in info.value.message


def test_empty_sources_mapping_is_refused(tmp_path: Path) -> None:
    text = HEADER + "sources: {}\n" + RULES
    path = write(tmp_path, text)
    with pytest.raises(RuleSetError) as info:
        load(path)
    assert_located(info.value, path, line_of(text, "sources:"), "sources")


# -- extends: rejections ----------------------------------------------------------------------

EXTENDS_1998 = HEADER + "extends: jp-kei@1998\n"


def test_remove_of_an_id_the_base_lacks(tmp_path: Path) -> None:
    text = EXTENDS_1998 + "remove: [seats, no-such-rule]\n"
    path = write(tmp_path, text)
    with pytest.raises(RuleSetError) as info:
        load(path, Catalog())
    assert_located(info.value, path, line_of(text, "remove:"), "remove.1")
    assert "no-such-rule" in str(info.value)
    assert "power-agreement" in str(info.value)  # the base's ids are listed


@pytest.mark.parametrize(
    ("target", "known"),
    [
        ("jp-kei@2099", ["jp-kei@1949", "jp-kei@1955", "jp-kei@1998"]),
        ("jp-kie@1998", ["Did you mean 'jp-kei'?"]),
    ],
)
def test_extends_of_an_unknown_rule_set(tmp_path: Path, target: str, known: list[str]) -> None:
    text = HEADER + f"extends: {target}\n"
    path = write(tmp_path, text)
    with pytest.raises(UnknownRuleSetError) as info:
        load(path, Catalog())
    err = info.value
    assert err.file == str(path)
    assert err.line == line_of(text, "extends:")
    assert target.partition("@")[0] in str(err)
    for name in known:
        assert name in str(err)


def test_extends_of_an_unknown_version_names_the_extends_field(tmp_path: Path) -> None:
    text = HEADER + "extends: jp-kei@2099\n"
    path = write(tmp_path, text)
    with pytest.raises(UnknownRuleSetError) as info:
        load(path, Catalog())
    assert_located(info.value, path, line_of(text, "extends:"), "extends")


def test_extends_of_a_bare_family(tmp_path: Path) -> None:
    text = HEADER + "extends: jp-kei\n"
    path = write(tmp_path, text)
    with pytest.raises(RuleSetError) as info:
        load(path, Catalog())
    assert_located(info.value, path, line_of(text, "extends:"), "extends")
    assert "version" in info.value.message


def test_extends_of_a_missing_file(tmp_path: Path) -> None:
    text = HEADER + SOURCES + "extends: missing.yaml\n"
    path = write(tmp_path, text)
    with pytest.raises(keirules.KeirulesError) as info:
        load(path)
    assert info.value.file == str(path)
    assert info.value.line == line_of(text, "extends:")
    assert info.value.field == "extends"


def _cyclic_pair(folder: Path) -> tuple[Path, Path]:
    a = write(folder, HEADER + SOURCES + RULES + "extends: b.yaml\n", "a.yaml")
    b_text = HEADER.replace('version: "1"', 'version: "2"') + "extends: a.yaml\n"
    b = write(folder, b_text, "b.yaml")
    return a, b


@pytest.mark.parametrize("start", ["a.yaml", "b.yaml"])
def test_extends_cycle_between_two_files(tmp_path: Path, start: str) -> None:
    _cyclic_pair(tmp_path)
    first = tmp_path / start
    with pytest.raises(RuleSetError) as info:
        load(first)
    err = info.value
    assert err.field == "extends"
    assert err.file is not None
    assert Path(err.file).resolve() == first.resolve()
    assert err.line == line_of(first.read_text(), "extends:")
    assert "a.yaml" in err.message
    assert "b.yaml" in err.message


def test_extends_itself(tmp_path: Path) -> None:
    text = HEADER + SOURCES + RULES + "extends: self.yaml\n"
    path = write(tmp_path, text, "self.yaml")
    with pytest.raises(RuleSetError) as info:
        load(path)
    assert info.value.field == "extends"
    assert info.value.line == line_of(text, "extends:")


def test_extends_cycle_through_catalog_names(tmp_path: Path) -> None:
    one = HEADER.replace("test-kei", "loop-kei").replace("status: what_if", "status: historical")
    two = one.replace('version: "1"', 'version: "2"').replace("2000-01-01", "2010-01-01")
    write(tmp_path, one + SOURCES + "extends: loop-kei@2\n", "loop-kei/1.yaml")
    write(tmp_path, two + SOURCES + "extends: loop-kei@1\n", "loop-kei/2.yaml")
    with pytest.raises(RuleSetError) as info:
        Catalog([tmp_path]).get("loop-kei@1")
    assert info.value.field == "extends"
    assert "loop-kei" in str(info.value)


# -- extends: mechanics -----------------------------------------------------------------------

CHILD = HEADER + """\
extends: jp-kei@1998
remove: [seats]
sources:
  mine:
    title: My proposal
    url: https://example.invalid/mine
rules:
  - id: width
    title: Overall width (wider)
    field: width
    max: 1.60 m
  - id: airbags
    feature: frontal_airbags
  - id: power-agreement
    field: max_power
    max: 47 kW
    severity: voluntary
    source: jama-agreement
"""


def test_extends_keeps_replaces_removes_and_merges(tmp_path: Path) -> None:
    catalog = Catalog()
    base = catalog.get("jp-kei@1998")
    child = load(write(tmp_path, CHILD), catalog)
    assert child.extends == "jp-kei@1998"
    # Inherited rules keep their order; replaced ones keep their place; new ones come last.
    assert [rule.id for rule in child.rules] == [
        "length", "width", "height", "wheels", "displacement", "power-agreement", "payload",
        "airbags",
    ]
    assert "seats" not in {rule.id for rule in child.rules}
    for rule_id in ("length", "height", "wheels", "displacement", "payload"):
        assert child.rule(rule_id) == base.rule(rule_id)
        assert child.rule(rule_id).defined_in == "jp-kei@1998"
    width = child.rule("width")
    assert width.limit.text == "1.60 m"
    assert width.title == "Overall width (wider)"
    assert width.defined_in == "test-kei@1"
    assert width.source.key == "mine"  # default: the file's own first source
    power = child.rule("power-agreement")
    assert power.limit.text == "47 kW"
    assert power.source == base.sources["jama-agreement"]  # an inherited source key
    assert child.rule("airbags").field == "features.frontal_airbags"
    # Sources: the base's first, then this file's.
    assert list(child.sources) == [*base.sources, "mine"]
    assert child.sources["mine"].title == "My proposal"
    # The base itself is untouched.
    assert [rule.id for rule in base.rules] == [
        "length", "width", "height", "wheels", "displacement", "power-agreement", "seats",
        "payload",
    ]
    assert base.rule("width").limit.text == "1.48 m"


def test_extends_without_own_rules_or_sources(tmp_path: Path) -> None:
    ruleset = load(write(tmp_path, EXTENDS_1998), Catalog())
    base = Catalog().get("jp-kei@1998")
    assert ruleset.rules == base.rules
    assert dict(ruleset.sources) == dict(base.sources)
    assert ruleset.extends == "jp-kei@1998"


def test_extends_a_file_by_relative_path(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL.replace('version: "1"', 'version: "base"'), "shared/base.yaml")
    text = HEADER.replace('version: "1"', 'version: "child"') + """\
extends: ../shared/base.yaml
rules:
  - {id: width, field: width, max: 1.48 m}
"""
    child = load(write(tmp_path, text, "child/child.yaml"))
    assert child.extends == "test-kei@base"
    assert [rule.id for rule in child.rules] == ["length", "width"]
    assert child.rule("width").source.key == "law"  # no own sources: the base's first


def test_sha256_differs_from_base_and_is_stable(tmp_path: Path) -> None:
    path = write(tmp_path, CHILD)
    first = load(path, Catalog())
    again = load(path, Catalog())
    assert re.fullmatch(r"[0-9a-f]{64}", first.sha256)
    assert first.sha256 == again.sha256
    assert first.sha256 != Catalog().get("jp-kei@1998").sha256
    # Even a child that changes nothing differs from its base (it is another rule set).
    plain = load(write(tmp_path, EXTENDS_1998, "plain.yaml"), Catalog())
    assert plain.sha256 != Catalog().get("jp-kei@1998").sha256


def test_sha256_is_taken_over_resolved_content(tmp_path: Path) -> None:
    # The same content, written differently (comments, flow style, key order, quoting).
    restyled = """\
# A comment that changes nothing.
family: test-kei
format: "keirules-ruleset/1"
version: '1'
jurisdiction: JP
title: "Test rule set"
effective_from: "2000-01-01"
status: what_if
rules:
  - {field: length, max: 3.40 m, id: length, title: Overall length}
sources:
  law: {url: "https://example.invalid/law", title: "Test Act, Appended Table 1"}
  other: {title: Another source, url: https://example.invalid/other}
"""
    one = load(write(tmp_path, MINIMAL, "one/rules.yaml"))
    two = load(write(tmp_path, restyled, "two/rules.yaml"))
    assert one.sha256 == two.sha256
    # A copy in another folder, loaded by another catalog: same hash.
    copy = tmp_path / "three" / "copy.yaml"
    copy.parent.mkdir()
    shutil.copy(tmp_path / "one" / "rules.yaml", copy)
    assert load(copy).sha256 == one.sha256


def test_sha256_of_equal_resolved_extends(tmp_path: Path) -> None:
    # Two children that reach the same resolved rules by different routes.
    direct = CHILD
    roundabout = CHILD.replace("remove: [seats]\n", "remove: [seats, payload]\n") + """\
  - id: payload
    title: Maximum payload, cargo vehicles (practice; no legal cap found)
    field: max_payload
    max: 350 kg
    when: {category: cargo}
    severity: advisory
    source: capacity
    note: >-
      Widely stated as part of the kei standard, but not in 別表第一 and not found in any
      other instrument.
"""
    one = load(write(tmp_path, direct, "one.yaml"), Catalog())
    two = load(write(tmp_path, roundabout, "two.yaml"), Catalog())
    # The re-added payload rule moves to the end, so the content (rule order) differs...
    assert [r.id for r in two.rules][-1] == "payload"
    assert one.sha256 != two.sha256
    # ...and with the same order the hashes agree.
    reordered = roundabout.replace("remove: [seats, payload]", "remove: [seats]")
    three = load(write(tmp_path, reordered, "three.yaml"), Catalog())
    assert [r.id for r in three.rules] == [r.id for r in one.rules]
    assert three.sha256 == one.sha256


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("max: 3.40 m", "max: 3.41 m"),
        ("title: Overall length", "title: Length"),
        ("    max: 3.40 m", "    max: 3.40 m\n    severity: advisory"),
        ("    max: 3.40 m", "    max: 3.40 m\n    when: {category: cargo}"),
        ("    max: 3.40 m", "    max: 3.40 m\n    source: other"),
        ('version: "1"', 'version: "2"'),
        ("status: what_if", "status: draft"),
    ],
)
def test_sha256_changes_with_content(tmp_path: Path, old: str, new: str) -> None:
    assert old in MINIMAL
    one = load(write(tmp_path, MINIMAL, "one.yaml"))
    two = load(write(tmp_path, MINIMAL.replace(old, new), "two.yaml"))
    assert one.sha256 != two.sha256


def test_an_error_quotes_a_yaml_number_as_written(write: Callable[[str, str], Path]) -> None:
    """A bare number in a limit is shown as the analyst wrote it, not as Decimal('1.60')."""
    path = write("r.yaml", "format: keirules-ruleset/1\nfamily: t\nversion: '1'\ntitle: T\n"
                 "jurisdiction: JP\nstatus: what_if\neffective_from: 2000-01-01\n"
                 "sources:\n  s: {title: S}\n"
                 "rules:\n  - {id: width, field: width, max: 1.60}\n")
    with pytest.raises(keirules.RuleSetError) as caught:
        keirules.load_ruleset(str(path))
    message = str(caught.value)
    assert "Got: 1.60." in message and "Decimal" not in message
    assert "line 11" in message
