"""Every built-in figure rests on a legal basis, and no data file cites a copy of another site.

The loader refuses a built-in rule set whose rule lacks its instrument (or citation) and its
verification; this test scans every rule set, market and region file, and every example
vehicle (its ``sources`` and the addresses in its notes), for addresses on hosts that copy
other sites or are forums, and counts the rule sets that link the official text of
the instrument behind their legal rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from keirules import RuleSetError
from keirules.markets import builtin_markets_dir
from keirules.rulesets import registry as registry_module
from keirules.rulesets.basis import is_copy
from keirules.rulesets.catalog import Catalog, builtin_dir

RULESETS = sorted(builtin_dir().rglob("*.yaml"))
MARKETS = sorted(builtin_markets_dir().rglob("*.yaml"))
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.rglob("*.yaml"))
CATALOGS = sorted(EXAMPLES_DIR.rglob("*.csv"))


def _urls(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _urls(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _urls(value, f"{where}[{i}]")
    elif isinstance(data, str):
        for word in data.split():
            if word.startswith(("http://", "https://")):
                yield where, word.strip(".,;()<>\"'")


@pytest.mark.parametrize("path", RULESETS + MARKETS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_no_address_is_a_copy_or_a_forum(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    copies = [(where, url) for where, url in _urls(data) if is_copy(url)]
    assert not copies, f"{path}: cite the original, never a copy: {copies}"


@pytest.mark.parametrize("path", EXAMPLES + CATALOGS,
                         ids=lambda p: p.relative_to(EXAMPLES_DIR).as_posix())
def test_no_example_cites_a_copy_or_a_forum(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) if path.suffix == ".yaml" else text.replace(",", " ")
    copies = [(where, url) for where, url in _urls(data) if is_copy(url)]
    assert not copies, f"{path}: cite the original, never a copy: {copies}"


def test_the_examples_are_scanned() -> None:
    assert len(EXAMPLES) >= 15
    sources = [(path, url) for path in EXAMPLES
               for where, url in _urls(yaml.safe_load(path.read_text(encoding="utf-8")))
               if where.startswith("sources[")]
    assert len(sources) >= 50


@pytest.mark.parametrize(("url", "copy"), [
    ("https://ja.eyes4you.org/wikipedia_ja_all_maxi_2023-07/A/x", True),
    ("https://brorelol.gay/Wikipedia/articles/k/e/i/Kei_car.html", True),
    ("https://law.justia.com/codes/x", True), ("https://zawazawa.jp/nplate/topic/1", True),
    ("https://legiscan.com./MS/text/SB2002/2024", True),
    ("https://m.moam.info/pennsylvania-definitions_59acdd361723ddc0c5015c7d.html", True),
    ("https://afdc.energy.gov./laws/6448", False),
    ("http://piglix.com/piglix/Autozam_AZ-1", True), ("https://de.wiki.li/Autozam_AZ-1", True),
    ("https://review.clateway.com/wiki/view_html.php?q=Honda_Beat", True),
    ("http://mirror.rigvedawiki.net/w/x", True), ("https://manualmachine.com/gem/x", True),
    ("http://206.189.44.186/host-http-ko.m.wikipedia.org/wiki/x", True),
    ("https://ko.wikipedia.org/wiki/%EB%8C%80%EC%9A%B0_%ED%8B%B0%EC%BD%94", False),
    ("https://auto-new1.blogspot.com/2020/02/x.html", False),
    ("https://ja.wikipedia.org/wiki/%E8%BB%BD%E8%87%AA%E5%8B%95%E8%BB%8A", False),
    ("https://www.ecfr.gov/current/title-49", False),
    ("https://eur-lex.europa.eu/eli/reg/2013/168/oj", False),
    ("https://laws.e-gov.go.jp/law/326M50000800074", False), ("not a url", False),
])
def test_is_copy(url: str, copy: bool) -> None:
    assert is_copy(url) is copy


def test_every_built_in_rule_names_its_legal_basis() -> None:
    for ruleset in Catalog(plugins=False).all():
        for rule in ruleset.rules:
            assert rule.source.has_legal_basis, (ruleset.name, rule.id, rule.source.key)


def test_a_built_in_rule_set_without_a_legal_basis_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "rulesets" / "test-basis"
    folder.mkdir(parents=True)
    (folder / "2020.yaml").write_text(
        "family: test-basis\nversion: '2020'\ntitle: T\njurisdiction: JP\nstatus: in_force\n"
        "effective_from: 2020-01-01\nsources:\n  law: {title: A law, verified: text}\n"
        "rules:\n  - {id: length, field: length, max: 3.40 m}\n", encoding="utf-8")
    monkeypatch.setattr(registry_module, "builtin_dir", lambda: tmp_path / "rulesets")
    with pytest.raises(RuleSetError) as info:
        Catalog([tmp_path / "rulesets"], plugins=False).get("test-basis@2020")
    assert "lacks instrument or citation" in info.value.message
    assert info.value.field == "rules.0.source" and info.value.line == 10


def test_built_in_rule_sets_link_the_official_text_or_say_why_not() -> None:
    """Most rule sets link the official text behind every legal rule; each that cannot says
    why in the note of the unlinked source ("No official text ..." / "Not linked: ..."), so a
    reader knows the gap is known (a code published only through a portal with no address per
    section, a text not online, an address never seen)."""
    rulesets = Catalog(plugins=False).all()
    unlinked: dict[str, list[str]] = {}
    for rs in rulesets:
        for rule in rs.rules:
            if rule.severity == "legal" and not rule.source.url:
                unlinked.setdefault(rs.name, []).append(rule.source.key)
    for name, keys in unlinked.items():
        ruleset = next(rs for rs in rulesets if rs.name == name)
        for key in set(keys):
            note = " ".join((ruleset.sources[key].note or "").split())
            assert re.search(r"No official text|Not linked:", note), (name, key)
    share = 1 - len(unlinked) / len(rulesets)
    assert share >= 0.85, f"{share:.0%} link their official text; not: {sorted(unlinked)}"
