"""The catalog of rule sets: finding them by name, by version, by date or by file path.

Built-in rule sets live in ``rulesets/FAMILY/VERSION.yaml`` and ship inside the wheel as
``keirules/builtin_rulesets``. Files are parsed only when a family is first asked for, and a
resolved rule set is compiled once and kept.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from keirules.errors import InputFileError, RuleSetError, UnknownRuleSetError, did_you_mean
from keirules.rulesets.loader import RuleSetHeader, read_header, resolve
from keirules.rulesets.model import RuleSet
from keirules.yamlload import load_document

__all__ = ["Catalog", "builtin_dir", "default_catalog", "looks_like_path"]

_SUFFIXES = (".yaml", ".yml", ".json")


def builtin_dir() -> Path:
    """Where the built-in rule sets are: inside the installed package, or in a checkout."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "builtin_rulesets"
    if shipped.is_dir():
        return shipped
    return package.parent.parent / "rulesets"  # a source checkout (src/keirules -> rulesets)


def looks_like_path(name: str) -> bool:
    """Whether a rule set name is a file path rather than FAMILY or FAMILY@VERSION."""
    return name.endswith(_SUFFIXES) or "/" in name or os.sep in name


class Catalog:
    """Rule sets by family and version, from one or more folders of ``FAMILY/VERSION.yaml``."""

    def __init__(self, folders: Iterable[Path] | None = None) -> None:
        self.folders = [builtin_dir()] if folders is None else list(folders)
        self._files: dict[str, dict[str, Path]] | None = None
        self._headers: dict[str, list[RuleSetHeader]] = {}
        self._resolved: dict[str, RuleSet] = {}

    # -- discovery -------------------------------------------------------------------------
    def _index(self) -> dict[str, dict[str, Path]]:
        if self._files is None:
            files: dict[str, dict[str, Path]] = {}
            for folder in self.folders:
                if not folder.is_dir():
                    continue
                for family_dir in sorted(folder.iterdir()):
                    if not family_dir.is_dir():
                        continue
                    for path in sorted(family_dir.iterdir()):
                        if path.suffix in _SUFFIXES and path.is_file():
                            files.setdefault(family_dir.name, {})[path.stem] = path
            self._files = files
        return self._files

    def families(self) -> list[str]:
        return sorted(self._index())

    def headers(self, family: str) -> list[RuleSetHeader]:
        """A family's versions, ordered by effective date."""
        if family not in self._headers:
            files = self._index().get(family)
            if files is None:
                raise self._unknown_family(family)
            headers = []
            for version, path in files.items():
                header = read_header(load_document(path))
                if (header.family, header.version) != (family, version):
                    raise RuleSetError(
                        f"declares {header.name}, but its place in the catalog says "
                        f"{family}@{version}.", file=str(path), field="family")
                headers.append(header)
            self._headers[family] = sorted(headers, key=lambda h: (h.effective_from, h.version))
        return self._headers[family]

    def names(self) -> list[str]:
        return [h.name for family in self.families() for h in self.headers(family)]

    def all(self) -> list[RuleSet]:
        return [self.get(name) for name in self.names()]

    # -- resolution ------------------------------------------------------------------------
    def get(self, name: str, on: dt.date | None = None) -> RuleSet:
        """Resolve ``FAMILY``, ``FAMILY@VERSION`` or a file path to a compiled rule set.

        A bare family means the version in force on ``on`` (default: today); drafts,
        proposals and what-ifs are never chosen by date.
        """
        if looks_like_path(name):
            return self.load_file(Path(name))
        family, at, version = name.partition("@")
        if not at:
            return self._by_date(family, on or dt.date.today())
        for header in self.headers(family):
            if header.version == version:
                return self._resolve(header, ())
        known = [h.version for h in self.headers(family)]
        raise UnknownRuleSetError(
            f"'{family}' has no version '{version}'.{did_you_mean(version, known)}",
            field="ruleset", value=name, expected="one of " + ", ".join(
                f"{family}@{v}" for v in known))

    def _by_date(self, family: str, on: dt.date) -> RuleSet:
        headers = [h for h in self.headers(family) if h.status in ("in_force", "historical")]
        for header in reversed(headers):
            if header.effective_from <= on:
                ruleset = self._resolve(header, ())
                if ruleset.in_force_on(on):
                    return ruleset
                break
        first = headers[0].effective_from.isoformat() if headers else "never"
        raise UnknownRuleSetError(
            f"no version of '{family}' was in force on {on.isoformat()} (its first version "
            f"took effect on {first}).", field="on", value=on.isoformat(),
            expected=f"a date on or after {first}, or a version such as {family}@VERSION")

    def until(self, header: RuleSetHeader) -> dt.date | None:
        """The derived end of a dated version: the day before the family's next version."""
        if header.effective_until or header.status not in ("in_force", "historical"):
            return header.effective_until
        files = self._index().get(header.family, {})
        listed = files.get(header.version)
        if listed is None or Path(header.file).resolve() != listed.resolve():
            return None  # a rule set from elsewhere is not part of this family's timeline
        dated = [h for h in self.headers(header.family) if h.status in ("in_force", "historical")]
        later = [h.effective_from for h in dated if h.effective_from > header.effective_from]
        return min(later) - dt.timedelta(days=1) if later else None

    def load_file(self, path: Path) -> RuleSet:
        """Load a rule set file from anywhere (its ``extends`` may name catalog entries)."""
        return self._resolve(read_header(load_document(path)), ())

    def _resolve(self, header: RuleSetHeader, chain: tuple[str, ...]) -> RuleSet:
        key = str(Path(header.file).resolve())
        cached = self._resolved.get(key)
        if cached is not None:
            return cached
        if key in chain:
            raise RuleSetError("extends itself through a chain of rule sets: "
                               + " -> ".join((*chain, key)) + ".", file=header.file,
                               line=header.document.line(("extends",)), field="extends")
        base = None
        if header.extends:
            base = self._base(header, (*chain, key))
        builtin = any(_inside(Path(header.file), folder) for folder in self.folders)
        ruleset = resolve(header, base, builtin=builtin, until=self.until)
        self._resolved[key] = ruleset
        return ruleset

    def _base(self, header: RuleSetHeader, chain: tuple[str, ...]) -> RuleSet:
        target = header.extends or ""
        line = header.document.line(("extends",))
        try:
            if looks_like_path(target):
                path = Path(header.file).parent / target
                try:
                    document = load_document(path)
                except InputFileError as exc:
                    if exc.file != str(path) or exc.line is not None:
                        raise
                    raise RuleSetError(f"names the file '{target}', which {exc.message}",
                                       file=header.file, line=line, field="extends",
                                       value=str(path)) from None
                return self._resolve(read_header(document), chain)
            family, at, version = target.partition("@")
            if not at:
                raise RuleSetError("names a family without a version; 'extends' must name one "
                                   "version, e.g. 'jp-kei@1998', or a file.", value=target)
            for candidate in self.headers(family):
                if candidate.version == version:
                    return self._resolve(candidate, chain)
            self.get(target)  # raises the helpful unknown-version error
        except UnknownRuleSetError as exc:
            raise UnknownRuleSetError(exc.message, file=header.file, line=line, field="extends",
                               value=target, expected=exc.expected) from None
        except RuleSetError as exc:
            if exc.file is None:
                exc.located(file=header.file, line=line, field="extends")
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _unknown_family(self, family: str) -> UnknownRuleSetError:
        known = self.families()
        return UnknownRuleSetError(
            f"there is no rule set family '{family}'.{did_you_mean(family, known)}",
            field="ruleset", value=family,
            expected="a family (" + ", ".join(known) + "), FAMILY@VERSION, or a rule set file "
            "path; 'keirules list' shows them all")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


@cache
def default_catalog() -> Catalog:
    """The catalog of built-in rule sets, shared by the library and the command line."""
    return Catalog()
