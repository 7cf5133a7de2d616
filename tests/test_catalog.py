"""The catalog: listing versions, deriving their periods and resolving names and dates."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import keirules
from keirules import Catalog, RuleSetError, UnknownRuleSetError, default_catalog
from keirules.rulesets import builtin_dir

D = dt.date
DAY = dt.timedelta(days=1)

VERSIONS = ["1949", "1950", "1951", "1955", "1960", "1976", "1990", "1998"]
NAMES = [f"jp-kei@{v}" for v in VERSIONS]
#: Every built-in family: Japan, Korea, the EU quadricycles and the US regimes.
BUILTIN_FAMILIES = [
    "au-older-vehicle", "au-sevs", "ca-import", "ca-riv",
    "eu-l6e", "eu-l6e-a", "eu-l6e-b", "eu-l7e", "eu-l7e-a", "eu-l7e-c", "jp-kei",
    "kr-gyeongcha", "kr-gyeongcha-micro", "uk-iva", "uk-registration-10-year",
    "us-fmvss-considerations", "us-import", "us-lsv", "us-off-road-import",
    "us-registered-importer", "us-show-or-display",
]
#: A US state's or Canadian province's own rules (us-tx-..., ca-qc-...) are data that grows
#: region by region.
STATE_FAMILY = re.compile(r"(us|ca)-[a-z]{2}-")


def national(families: list[str]) -> list[str]:
    return [family for family in families if not STATE_FAMILY.match(family)]

EFFECTIVE = [
    D(1949, 7, 8), D(1950, 7, 26), D(1951, 8, 16), D(1955, 4, 1), D(1960, 7, 1),
    D(1976, 1, 1), D(1990, 1, 1), D(1998, 10, 1),
]


def test_default_catalog_lists_jp_kei_in_order() -> None:
    catalog = default_catalog()
    assert national(catalog.families()) == BUILTIN_FAMILIES
    assert "jp-kei" in catalog.families()
    jp = [name for name in catalog.names() if name.startswith("jp-kei@")]
    assert jp == NAMES
    assert [h.name for h in catalog.headers("jp-kei")] == NAMES
    assert [h.effective_from for h in catalog.headers("jp-kei")] == EFFECTIVE


def test_default_catalog_is_shared() -> None:
    assert default_catalog() is default_catalog()


@pytest.mark.parametrize(
    ("name", "effective_from", "effective_until"),
    [
        (name, start, (EFFECTIVE[i + 1] - DAY) if i + 1 < len(EFFECTIVE) else None)
        for i, (name, start) in enumerate(zip(NAMES, EFFECTIVE, strict=True))
    ],
)
def test_effective_until_is_the_day_before_the_next_version(
    name: str, effective_from: dt.date, effective_until: dt.date | None
) -> None:
    ruleset = default_catalog().get(name)
    assert ruleset.effective_from == effective_from
    assert ruleset.effective_until == effective_until


def test_derived_periods_spelled_out() -> None:
    # The same derivation, written out by hand for the awkward ones.
    periods = {r.name: (r.effective_from, r.effective_until) for r in Catalog().all()}
    assert periods["jp-kei@1949"] == (D(1949, 7, 8), D(1950, 7, 25))
    assert periods["jp-kei@1951"] == (D(1951, 8, 16), D(1955, 3, 31))
    assert periods["jp-kei@1960"] == (D(1960, 7, 1), D(1975, 12, 31))
    assert periods["jp-kei@1990"] == (D(1990, 1, 1), D(1998, 9, 30))
    assert periods["jp-kei@1998"] == (D(1998, 10, 1), None)


@pytest.mark.parametrize(
    ("changeover", "new", "previous"),
    [
        (start, name, NAMES[i - 1] if i else None)
        for i, (name, start) in enumerate(zip(NAMES, EFFECTIVE, strict=True))
    ],
    ids=[day.isoformat() for day in EFFECTIVE],
)
def test_resolution_by_date_at_every_changeover(
    changeover: dt.date, new: str, previous: str | None
) -> None:
    catalog = Catalog()
    assert catalog.get("jp-kei", changeover).name == new
    assert keirules.load_ruleset("jp-kei", changeover).name == new
    if previous is None:
        with pytest.raises(UnknownRuleSetError):
            catalog.get("jp-kei", changeover - DAY)
    else:
        assert catalog.get("jp-kei", changeover - DAY).name == previous


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("1958-06-01", "jp-kei@1955"),
        ("1949-12-31", "jp-kei@1949"),
        ("1975-12-31", "jp-kei@1960"),
        ("1987-06-15", "jp-kei@1976"),
        ("2000-02-29", "jp-kei@1998"),
        ("2199-12-31", "jp-kei@1998"),
    ],
)
def test_bare_family_on_a_date(on: str, expected: str) -> None:
    assert default_catalog().get("jp-kei", dt.date.fromisoformat(on)).name == expected
    report = keirules.check({"name": "Probe", "length": "2 m"}, "jp-kei", on=on)
    assert report.ruleset.name == expected
    assert report.on == dt.date.fromisoformat(on)


def test_bare_family_defaults_to_today() -> None:
    assert default_catalog().get("jp-kei").name == "jp-kei@1998"


@pytest.mark.parametrize("on", [D(1949, 7, 7), D(1900, 1, 1), D(1800, 1, 1)])
def test_a_date_before_the_first_version(on: dt.date) -> None:
    with pytest.raises(UnknownRuleSetError) as info:
        default_catalog().get("jp-kei", on)
    assert on.isoformat() in str(info.value)
    assert "1949-07-08" in str(info.value)


def test_a_date_before_the_first_version_through_check() -> None:
    with pytest.raises(UnknownRuleSetError):
        keirules.check({"name": "Probe"}, "jp-kei", on="1949-07-07")


def test_unknown_family_lists_the_known_ones() -> None:
    with pytest.raises(UnknownRuleSetError) as info:
        default_catalog().get("kr-kei@1998")
    assert "kr-kei" in str(info.value)
    assert "jp-kei" in str(info.value)
    with pytest.raises(UnknownRuleSetError) as info:
        default_catalog().get("jp-kie")
    assert "Did you mean 'jp-kei'?" in str(info.value)


@pytest.mark.parametrize("version", ["1999", "1954", "latest", "1998-10-01"])
def test_unknown_version_lists_the_known_ones(version: str) -> None:
    with pytest.raises(UnknownRuleSetError) as info:
        default_catalog().get(f"jp-kei@{version}")
    text = str(info.value)
    assert version in text
    for name in NAMES:
        assert name in text


def test_unknown_rule_set_error_is_a_rule_set_error() -> None:
    assert issubclass(UnknownRuleSetError, RuleSetError)
    assert issubclass(UnknownRuleSetError, keirules.KeirulesError)


def test_resolved_rule_sets_are_cached_per_catalog() -> None:
    catalog = Catalog()
    assert catalog.get("jp-kei@1976") is catalog.get("jp-kei@1976")
    assert catalog.get("jp-kei", D(1980, 1, 1)) is catalog.get("jp-kei@1976")


def test_built_in_rule_sets_are_marked_builtin() -> None:
    assert all(ruleset.builtin for ruleset in Catalog().all())


# -- a catalog of one's own: drafts and what-ifs -------------------------------------------------

TEMPLATE = """\
format: keirules-ruleset/1
family: {family}
version: "{version}"
title: Toy rule set {version}
jurisdiction: XX
status: {status}
effective_from: {start}
sources:
  law: {{title: Toy law {version}, url: https://example.invalid/{version}}}
rules:
  - {{id: length, field: length, max: {limit}}}
"""


def _add(folder: Path, family: str, version: str, status: str, start: str, limit: str) -> Path:
    path = folder / family / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(family=family, version=version, status=status,
                                    start=start, limit=limit), encoding="utf-8")
    return path


@pytest.fixture
def toy(tmp_path: Path) -> Catalog:
    folder = tmp_path / "catalog"
    _add(folder, "toy-kei", "2000", "historical", "2000-01-01", "3.0 m")
    _add(folder, "toy-kei", "2005-draft", "draft", "2005-01-01", "3.1 m")
    _add(folder, "toy-kei", "2010", "in_force", "2010-01-01", "3.2 m")
    _add(folder, "toy-kei", "2020-whatif", "what_if", "2020-01-01", "3.3 m")
    _add(folder, "toy-kei", "2030-proposal", "proposal", "2030-01-01", "3.4 m")
    _add(folder, "wish-kei", "2001", "what_if", "2001-01-01", "9 m")
    return Catalog([folder])


def test_own_catalog_lists_every_version(toy: Catalog) -> None:
    assert toy.families() == ["toy-kei", "wish-kei"]
    assert toy.names() == [
        "toy-kei@2000", "toy-kei@2005-draft", "toy-kei@2010", "toy-kei@2020-whatif",
        "toy-kei@2030-proposal", "wish-kei@2001",
    ]
    assert "jp-kei" not in toy.families()  # built-ins only with the default folders


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2000, 1, 1), "toy-kei@2000"),
        (D(2005, 1, 1), "toy-kei@2000"),  # the draft starts here, but is never picked by date
        (D(2009, 12, 31), "toy-kei@2000"),
        (D(2010, 1, 1), "toy-kei@2010"),
        (D(2020, 1, 1), "toy-kei@2010"),  # the what-if starts here
        (D(2031, 1, 1), "toy-kei@2010"),  # the proposal starts here
    ],
)
def test_drafts_and_what_ifs_are_never_picked_by_date(
    toy: Catalog, on: dt.date, expected: str
) -> None:
    assert toy.get("toy-kei", on).name == expected


def test_drafts_and_what_ifs_are_picked_by_name(toy: Catalog) -> None:
    assert toy.get("toy-kei@2005-draft").status == "draft"
    assert toy.get("toy-kei@2020-whatif").status == "what_if"
    assert toy.get("toy-kei@2030-proposal").status == "proposal"
    assert toy.get("toy-kei@2020-whatif").rule("length").limit.text == "3.3 m"
    assert toy.get("wish-kei@2001").status == "what_if"


def test_undated_versions_do_not_cut_the_dated_periods(toy: Catalog) -> None:
    assert toy.get("toy-kei@2000").effective_until == D(2009, 12, 31)
    assert toy.get("toy-kei@2010").effective_until is None
    assert toy.get("toy-kei@2020-whatif").effective_until is None


def test_family_of_what_ifs_only_has_nothing_in_force(toy: Catalog) -> None:
    with pytest.raises(UnknownRuleSetError):
        toy.get("wish-kei", D(2024, 1, 1))
    with pytest.raises(UnknownRuleSetError):
        toy.get("toy-kei", D(1999, 12, 31))


def test_check_with_a_what_if_by_name(toy: Catalog) -> None:
    ruleset = keirules.load_ruleset("toy-kei@2020-whatif", catalog=toy)
    report = keirules.check({"name": "Long", "length": "3250 mm"}, ruleset, on="2024-01-01")
    assert report.ruleset.status == "what_if"
    assert report.verdict == "pass"
    in_force = keirules.load_ruleset("toy-kei", D(2024, 1, 1), catalog=toy)
    assert keirules.check({"name": "Long", "length": "3250 mm"}, in_force,
                          on="2024-01-01").verdict == "fail"


def test_catalog_file_must_match_its_place(tmp_path: Path) -> None:
    path = _add(tmp_path, "toy-kei", "2000", "historical", "2000-01-01", "3 m")
    path.rename(path.with_name("1999.yaml"))
    with pytest.raises(RuleSetError) as info:
        Catalog([tmp_path]).get("toy-kei@1999")
    assert info.value.file == str(path.with_name("1999.yaml"))
    assert "toy-kei@2000" in str(info.value)


def test_several_folders_add_families(tmp_path: Path) -> None:
    _add(tmp_path, "toy-kei", "2000", "historical", "2000-01-01", "3 m")
    catalog = Catalog([builtin_dir(), tmp_path])
    assert national(catalog.families()) == sorted([*BUILTIN_FAMILIES, "toy-kei"])
    assert catalog.get("jp-kei", D(1958, 6, 1)).name == "jp-kei@1955"
    assert catalog.get("toy-kei", D(2001, 1, 1)).name == "toy-kei@2000"


def test_file_path_names_a_rule_set(tmp_path: Path) -> None:
    path = _add(tmp_path, "toy-kei", "2000", "what_if", "2000-01-01", "3 m")
    assert Catalog([]).get(str(path)).name == "toy-kei@2000"
    assert keirules.load_ruleset(path).name == "toy-kei@2000"
    assert keirules.load_ruleset(str(path)).name == "toy-kei@2000"


def test_built_in_file_by_another_path_keeps_its_period() -> None:
    catalog = Catalog()
    other_spelling = builtin_dir() / "jp-kei" / ".." / "jp-kei" / "1990.yaml"
    assert catalog.load_file(other_spelling).effective_until == D(1998, 9, 30)
    assert catalog.get("jp-kei@1990").effective_until == D(1998, 9, 30)


# -- where the built-in rule sets are -----------------------------------------------------------


def _from_source_checkout() -> bool:
    package = Path(keirules.__file__).resolve().parent
    return (package.parent.parent / "rulesets").is_dir() and not (
        package / "builtin_rulesets"
    ).is_dir()


def test_built_in_folder_holds_the_jp_kei_files() -> None:
    folder = builtin_dir()
    assert folder.is_dir()
    assert sorted(p.stem for p in (folder / "jp-kei").glob("*.yaml")) == VERSIONS


@pytest.mark.skipif(_from_source_checkout(), reason="keirules is imported from a source checkout")
def test_built_in_folder_is_inside_the_installed_package() -> None:
    package = Path(keirules.__file__).resolve().parent
    assert builtin_dir() == package / "builtin_rulesets"
    assert builtin_dir().resolve().is_relative_to(package)


def test_built_in_folder_in_an_installed_layout(tmp_path: Path) -> None:
    """Lay the package out as a wheel installs it and import it from there."""
    site = tmp_path / "site"
    package = Path(keirules.__file__).resolve().parent
    shutil.copytree(package, site / "keirules",
                    ignore=shutil.ignore_patterns("__pycache__", "builtin_rulesets"))
    shutil.copytree(builtin_dir(), site / "keirules" / "builtin_rulesets")
    code = (
        "import keirules\n"
        "from keirules.rulesets import builtin_dir\n"
        "print(keirules.__file__)\n"
        "print(builtin_dir())\n"
        "print(keirules.default_catalog().get('jp-kei@1955').name)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=tmp_path, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    imported, folder, name = done.stdout.split("\n")[:3]
    assert Path(imported).resolve().is_relative_to(site.resolve())
    assert Path(folder).resolve() == (site / "keirules" / "builtin_rulesets").resolve()
    assert name == "jp-kei@1955"
