"""Rule sets from other packages: discovery, providers, precedence, broken plugins."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import keirules
from keirules.cli import main
from keirules.errors import UnknownRuleSetError
from keirules.rulesets import plugins as plugins_module
from keirules.rulesets.catalog import Catalog, default_catalog
from keirules.rulesets.plugins import PluginError, discover

ROOT = Path(__file__).resolve().parent.parent
BEAT = str(ROOT / "examples" / "honda-beat-pp1.yaml")
_names = itertools.count()

RULESET = """\
format: keirules-ruleset/1
family: {family}
version: "2026"
title: A test what-if
jurisdiction: JP
status: what_if
effective_from: 2026-01-01
sources:
  idea: {{title: A test}}
rules:
  - {{id: length, field: length, max: 3.40 m}}
"""

Install = Callable[..., str]


@pytest.fixture(autouse=True)
def _fresh_default_catalog() -> Iterator[None]:
    """The shared catalog caches what it discovered; each test starts and ends clean."""
    default_catalog.cache_clear()
    yield
    default_catalog.cache_clear()


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Install:
    """Fake an installed distribution: a package, its files and an entry point, on sys.path."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))

    def _install(dist: str, files: dict[str, str], value: str | None = None,
                 init: str = "") -> str:
        module = f"kr_plugin_{next(_names)}"
        package = site / module
        package.mkdir()
        (package / "__init__.py").write_text(init, encoding="utf-8")
        for name, text in files.items():
            path = package / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n",
                                       encoding="utf-8")
        target = (value or "{module}").format(module=module)
        (info / "entry_points.txt").write_text(
            f"[keirules.rulesets]\nrules = {target}\n", encoding="utf-8")
        monkeypatch.delitem(sys.modules, module, raising=False)
        return module

    return _install


def _ruleset(family: str) -> dict[str, str]:
    return {f"{family}/2026.yaml": RULESET.format(family=family)}


def test_a_plugin_family_is_found_by_name_and_names_its_provider(install: Install) -> None:
    install("acme-test-rules", _ruleset("acme-test"))
    catalog = Catalog()
    assert "acme-test" in catalog.families()
    assert catalog.provider("acme-test") == "acme-test-rules"
    assert catalog.provider("jp-kei") == "built-in"
    ruleset = catalog.get("acme-test@2026")
    assert ruleset.name == "acme-test@2026"
    assert not catalog.problems


def test_check_uses_a_plugin_rule_set_through_the_shared_catalog(install: Install) -> None:
    install("acme-test-rules", _ruleset("acme-test"))
    report = keirules.check({"name": "Long", "length": "3.5 m"}, "acme-test@2026")
    assert report.verdict == "fail"
    assert [r.rule.id for r in report.failures] == ["length"]


def test_a_plugin_rule_set_may_extend_a_built_in_one(install: Install) -> None:
    text = RULESET.format(family="acme-ext").replace("rules:\n  - {id: length, field: length, "
                                                     "max: 3.40 m}\n",
                                                     "extends: jp-kei@1998\nremove: [seats]\n")
    install("acme-ext-rules", {"acme-ext/2026.yaml": text})
    ruleset = Catalog().get("acme-ext@2026")
    assert ruleset.extends == "jp-kei@1998"
    assert "seats" not in [rule.id for rule in ruleset.rules]


def test_built_in_names_never_scan_installed_packages(
        install: Install, monkeypatch: pytest.MonkeyPatch) -> None:
    install("acme-test-rules", _ruleset("acme-test"))
    calls: list[int] = []

    def counting() -> object:
        calls.append(1)
        return discover()

    monkeypatch.setattr(plugins_module, "discover", counting)
    catalog = Catalog()
    catalog.get("jp-kei", keirules.resolve_on("2026-11-25"))
    catalog.get("jp-kei@1955")
    assert calls == []
    catalog.get("acme-test@2026")  # a name that is not built in: now it looks
    catalog.families()
    assert calls == [1]  # once, then cached


def test_checking_a_built_in_family_does_not_import_package_metadata() -> None:
    code = ("import sys, keirules; keirules.check(sys.argv[1]); print([m in sys.modules for m "
            "in ('importlib.metadata', 'keirules.rulesets.plugins', 'keirules.routing')])")
    done = subprocess.run([sys.executable, "-c", code, BEAT], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[False, False, False]"


def test_a_folder_catalog_ignores_plugins_unless_asked(install: Install, tmp_path: Path) -> None:
    install("acme-test-rules", _ruleset("acme-test"))
    assert "acme-test" not in Catalog([tmp_path / "none"]).families()
    assert "acme-test" in Catalog([tmp_path / "none"], plugins=True).families()


def test_a_plugin_cannot_shadow_a_built_in_family(
        install: Install, capsys: pytest.CaptureFixture[str]) -> None:
    install("evil-rules", {"jp-kei/1998.yaml": RULESET.format(family="jp-kei").replace(
        '"2026"', '"1998"')})
    catalog = Catalog()
    assert catalog.get("jp-kei@1998").builtin  # the built-in one is used
    assert catalog.provider("jp-kei") == "built-in"
    catalog.families()
    [problem] = catalog.problems
    assert "evil-rules" in str(problem) and "built in" in str(problem)
    assert main(["list", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert {e["provider"] for e in json.loads(out) if e["family"] == "jp-kei"} == {"built-in"}
    assert "warning" in err and "evil-rules" in err and "Traceback" not in err


def test_two_plugins_with_one_family_is_an_error_naming_both(install: Install) -> None:
    install("first-rules", _ruleset("acme-twin"))
    install("second-rules", _ruleset("acme-twin"))
    catalog = Catalog()
    with pytest.raises(PluginError) as caught:
        catalog.get("acme-twin@2026")
    assert "first-rules" in str(caught.value) and "second-rules" in str(caught.value)
    assert "acme-twin@2026" not in catalog.names()


def test_a_plugin_that_fails_to_import_is_named_and_built_ins_still_work(
        install: Install, capsys: pytest.CaptureFixture[str]) -> None:
    install("broken-rules", _ruleset("acme-broken"), init="import no_such_module_here\n")
    install("good-rules", _ruleset("acme-good"))
    assert main(["check", BEAT, "--on", "1991-06-01"]) == 0
    capsys.readouterr()
    assert main(["list", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert {"name": "acme-good@2026", "provider": "good-rules"}.items() <= next(
        e for e in json.loads(out) if e["family"] == "acme-good").items()
    assert "broken-rules" in err and "ModuleNotFoundError" in err
    assert "Traceback" not in err
    assert main(["check", BEAT, "--ruleset", "acme-broken@2026"]) == 2
    err = capsys.readouterr().err
    assert "no rule set family 'acme-broken'" in err and "broken-rules" in err
    assert err.count("\n") == 1  # one paragraph


def test_bad_yaml_in_a_plugin_names_the_plugin_the_file_and_the_line(
        install: Install, capsys: pytest.CaptureFixture[str]) -> None:
    bad = RULESET.format(family="acme-bad").replace("status: what_if", "status: wat_if")
    install("bad-rules", {"acme-bad/2026.yaml": bad})
    install("good-rules", _ruleset("acme-good"))
    with pytest.raises(PluginError) as caught:
        Catalog().get("acme-bad@2026")
    error = caught.value
    assert error.plugin == "bad-rules"
    assert error.file is not None and error.file.endswith("2026.yaml")
    assert error.line == 6 and error.field == "status"
    assert "rule set plugin 'bad-rules'" in str(error)
    assert main(["list", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "acme-good@2026" in [e["name"] for e in json.loads(out)]
    assert "bad-rules" in err and "line 6" in err
    assert main(["check", BEAT, "--ruleset", "acme-bad@2026"]) == 2
    assert "bad-rules" in capsys.readouterr().err


def test_an_error_in_a_plugin_rule_is_blamed_on_the_plugin(install: Install) -> None:
    bad = RULESET.format(family="acme-rule").replace("max: 3.40 m", "max: 660 cc")
    install("rule-rules", {"acme-rule/2026.yaml": bad})
    with pytest.raises(PluginError, match="rule-rules") as caught:
        Catalog().get("acme-rule@2026")
    assert caught.value.line == 11


def test_a_callable_entry_point_returns_the_folder(install: Install) -> None:
    folder = "str(__import__('pathlib').Path(__file__).parent / 'data')"
    init = f"def rulesets():\n    return {folder}\n"
    install("callable-rules", {"data/acme-call/2026.yaml": RULESET.format(family="acme-call")},
            value="{module}:rulesets", init=init)
    assert Catalog().get("acme-call@2026").family == "acme-call"


def test_an_entry_point_that_names_no_folder_is_a_problem(install: Install) -> None:
    install("odd-rules", {}, value="{module}:ANSWER", init="ANSWER = 42\n")
    install("gone-rules", {}, value="{module}:where", init="def where():\n    return '/no/such'\n")
    catalog = Catalog()
    catalog.families()
    problems = " ".join(str(p) for p in catalog.problems)
    assert "odd-rules" in problems and "int" in problems
    assert "gone-rules" in problems and "/no/such" in problems


def test_an_unknown_family_lists_plugin_families_too(install: Install) -> None:
    install("acme-test-rules", _ruleset("acme-test"))
    with pytest.raises(UnknownRuleSetError) as caught:
        Catalog().get("acme-tset@2026")
    assert "Did you mean 'acme-test'?" in str(caught.value)


def test_list_shows_the_provider_of_built_in_rule_sets(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert all("provider" in e for e in entries)
    assert {e["provider"] for e in entries if e["family"] == "jp-kei"} == {"built-in"}
    assert main(["list"]) == 0
    assert "every rule set listed is built in" in capsys.readouterr().out


def test_the_list_table_has_a_provider_column_when_a_plugin_provides_rule_sets(
        install: Install, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    install("acme-test-rules", _ruleset("acme-test"))
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-1] == "Provider"
    row = next(line for line in lines if line.startswith("acme-test@2026"))
    jp = next(line for line in lines if line.startswith("jp-kei@1998"))
    assert row.split()[-1] == "acme-test-rules" and jp.split()[-1] == "built-in"


def test_a_folder_catalog_names_its_folder_as_the_provider(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "acme-test").mkdir(parents=True)
    (folder / "acme-test" / "2026.yaml").write_text(RULESET.format(family="acme-test"),
                                                    encoding="utf-8")
    assert Catalog([folder]).provider("acme-test") == str(folder)
    with pytest.raises(UnknownRuleSetError):
        Catalog([folder]).provider("nothing")


def test_the_example_plugin_rule_set_is_valid_and_its_tests_agree(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "examples/plugin-package/src/acme_kei_rules/acme-kei/2026.yaml"
    assert main(["validate", str(path)]) == 0
    assert "2 test(s) agree" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("hatchling") is None,
                    reason="the example plugin's build backend (hatchling) is not installed")
def test_the_example_plugin_package_installs_and_is_used(tmp_path: Path) -> None:
    source = tmp_path / "plugin-package"
    shutil.copytree(ROOT / "examples" / "plugin-package", source)  # builds write beside it
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--disable-pip-version-check",
                    "--target", str(target), str(source)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    listing = subprocess.run([sys.executable, "-m", "keirules", "list", "--format", "json"],
                             capture_output=True, text=True, env=env, check=True)
    entries = {e["name"]: e for e in json.loads(listing.stdout)}
    assert entries["acme-kei@2026"]["provider"] == "acme-kei-rules"
    assert entries["acme-kei@2026"]["status"] == "what_if"
    over = {"name": "Over 64 PS", "max_power": "47.5 kW"}
    code = ("import json, sys, keirules; r = keirules.check(json.loads(sys.argv[1]), "
            "'acme-kei@2026'); print(r.verdict, [x.rule.id for x in r.failures])")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(over)], capture_output=True,
                          text=True, env=env, check=True)
    assert done.stdout.split(" ", 1) == ["fail", "['power-agreement']\n"]
