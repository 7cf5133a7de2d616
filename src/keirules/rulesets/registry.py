"""The catalog of rule sets: finding them by name, by version, by date or by file path.

Built-in rule sets live in ``rulesets/FAMILY/VERSION.yaml`` and ship inside the wheel as
``keirules/builtin_rulesets``. Files are parsed only when a family is first asked for, and a
resolved rule set is compiled once and kept.

Other packages add families through the ``keirules.rulesets`` entry point group (see
:mod:`keirules.rulesets.plugins`). They are looked for only when a name is not built in, or
when every rule set is listed, so that checking against a built-in family never pays for
scanning installed packages. A plugin cannot replace a built-in family: the built-in one is
used and the plugin's is reported as a problem; two plugins offering one family is an error.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from keirules.errors import (
    InputFileError,
    KeirulesError,
    RuleSetError,
    UnknownRuleSetError,
    did_you_mean,
)
from keirules.rulesets.loader import RuleSetHeader, read_header, resolve
from keirules.rulesets.model import RuleSet

if TYPE_CHECKING:  # the plugins module loads only when plugins are looked for
    from keirules.rulesets.plugins import Plugin, PluginError
from keirules.yamlload import FileStamp, load_document

__all__ = [
    "BUILTIN",
    "Catalog",
    "RuleSetRegistry",
    "builtin_dir",
    "default_catalog",
    "looks_like_path",
]

_SUFFIXES = (".yaml", ".yml", ".json")
#: What ``keirules list`` shows as the provider of the rule sets that ship with keirules.
BUILTIN = "built-in"


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


class RuleSetRegistry:
    """Rule sets by family and version, from one or more folders of ``FAMILY/VERSION.yaml``.

    ``plugins`` says whether installed ``keirules.rulesets`` plugins join in; by default they
    do for the built-in catalog (no ``folders`` given) and do not for explicit folders.
    """

    def __init__(self, folders: Iterable[Path] | None = None, *,
                 plugins: bool | None = None) -> None:
        self.use_plugins = folders is None if plugins is None else plugins
        self.folders = [builtin_dir()] if folders is None else list(folders)
        self._files: dict[str, dict[str, Path]] | None = None
        self._plugin_files: dict[str, dict[str, Path]] | None = None
        self._plugin_of: dict[str, Plugin] = {}
        self._conflicts: dict[str, PluginError] = {}
        self._problems: dict[str, PluginError] = {}
        self._unloaded: list[PluginError] = []  # plugins that would not even load
        self._headers: dict[str, list[RuleSetHeader]] = {}
        # Resolved rule sets by resolved file path, with the files each was read from (its own
        # and its bases'): a cached one is used only while every one of them is unchanged.
        self._resolved: dict[str, tuple[RuleSet, tuple[FileStamp, ...]]] = {}
        self._by_path: dict[str, str] = {}  # a path as given -> its key in _resolved
        self._keys: dict[str, str] = {}  # a file name -> its resolved path

    # -- discovery -------------------------------------------------------------------------
    def _index(self) -> dict[str, dict[str, Path]]:
        """The catalog's own folders (the built-in rule sets by default): no plugins."""
        if self._files is None:
            files: dict[str, dict[str, Path]] = {}
            for folder in self.folders:
                for family, versions in _scan(folder).items():
                    files.setdefault(family, {}).update(versions)
            self._files = files
        return self._files

    def _plugins(self) -> dict[str, dict[str, Path]]:
        """Families from installed plugins, discovered on first use (never built-in ones)."""
        if self._plugin_files is None:
            self._plugin_files = {}
            if not self.use_plugins:
                return self._plugin_files
            from keirules.rulesets.plugins import PluginError, discover

            plugins, self._unloaded = discover()
            for problem in self._unloaded:
                self._problem(problem)
            own = self._index()
            offered: dict[str, list[Plugin]] = {}
            for plugin in plugins:
                for family, versions in _scan(plugin.folder).items():
                    if family in own:
                        self._problem(PluginError(
                            f"{plugin.label} provides the family '{family}', which is built "
                            f"in; the built-in '{family}' is used and the plugin's is ignored.",
                            plugin=plugin.name, field="family", value=family,
                            expected="a family name of the plugin's own"))
                        continue
                    offered.setdefault(family, []).append(plugin)
                    self._plugin_files.setdefault(family, {}).update(versions)
            for family, providers in offered.items():
                if len(providers) == 1:
                    self._plugin_of[family] = providers[0]
                    continue
                del self._plugin_files[family]
                error = PluginError(
                    f"the family '{family}' is provided by more than one rule set plugin: "
                    + ", ".join(p.label for p in providers) + "; it is not used until only "
                    "one of them is installed.", plugin=providers[0].name, field="ruleset",
                    value=family, expected="one plugin per family")
                self._conflicts[family] = error
                self._problem(error)
        return self._plugin_files

    def _problem(self, error: PluginError) -> None:
        self._problems.setdefault(str(error), error)

    @property
    def problems(self) -> list[PluginError]:
        """Plugins that could not be used so far (``keirules list`` shows them as warnings)."""
        return list(self._problems.values())

    def _family_files(self, family: str) -> dict[str, Path] | None:
        files = self._index().get(family)
        if files is None and self.use_plugins:
            files = self._plugins().get(family)
            if family in self._conflicts:
                raise self._conflicts[family]
        return files

    def families(self) -> list[str]:
        """Every family: built-in ones and (for a catalog with plugins) the plugins'."""
        return sorted({*self._index(), *self._plugins()})

    def provider(self, family: str) -> str:
        """Who provides a family: ``built-in``, a plugin's distribution name, or a folder."""
        if family in self._index():
            for folder in self.folders:
                if family in _scan(folder):
                    return BUILTIN if _same(folder, builtin_dir()) else str(folder)
        if self._family_files(family) is not None:
            return self._plugin_of[family].name
        raise self._unknown_family(family)

    def canonical(self, family: str) -> str:
        """A family name as the catalog spells it, matched in any case (``JP-KEI``)."""
        if family in self._headers or family in self._index():
            return family
        wanted = family.strip().lower()
        for known in self.families():
            if known.lower() == wanted:
                return known
        return family

    def headers(self, family: str) -> list[RuleSetHeader]:
        """A family's versions, ordered by effective date (read again if a file changed); the
        family in any case."""
        family = self.canonical(family)
        cached = self._headers.get(family)
        if cached is not None and not all(_current(h.document.stamp) for h in cached):
            del self._headers[family]
        if family not in self._headers:
            files = self._family_files(family)
            if files is None:
                raise self._unknown_family(family)
            headers = []
            with self._blame(family):
                for version, path in files.items():
                    header = read_header(load_document(path))
                    if (header.family, header.version) != (family, version):
                        raise RuleSetError(
                            f"declares {header.name}, but its place in the catalog says "
                            f"{family}@{version}.", file=str(path), field="family")
                    headers.append(header)
            self._headers[family] = sorted(headers, key=lambda h: (h.effective_from, h.version))
        return self._headers[family]

    @contextmanager
    def _blame(self, family: str, file: str | None = None) -> Iterator[None]:
        """Errors in a plugin's files (or in ``file``, if it is one of them) name the plugin."""
        try:
            yield
        except KeirulesError as exc:
            plugin = self._plugin_of.get(family)
            if plugin is None or family in self._index() or (
                    file is not None and not _inside(Path(file), plugin.folder)):
                raise
            raise plugin.blame(exc) from None

    def names(self) -> list[str]:
        """Every ``FAMILY@VERSION``; a plugin family whose files are bad is left out and
        recorded in :attr:`problems` (a bad built-in family still raises)."""
        from keirules.rulesets.plugins import PluginError

        names = []
        for family in self.families():
            try:
                names += [h.name for h in self.headers(family)]
            except PluginError as exc:
                self._problem(exc)
        return names

    def all(self) -> list[RuleSet]:
        """Every rule set, resolved; like :meth:`names`, broken plugin ones are left out."""
        from keirules.rulesets.plugins import PluginError

        rulesets = []
        for name in self.names():
            try:
                rulesets.append(self.get(name))
            except PluginError as exc:
                self._problem(exc)
        return rulesets

    # -- resolution ------------------------------------------------------------------------
    def get(self, name: str, on: dt.date | None = None) -> RuleSet:
        """Resolve ``FAMILY``, ``FAMILY@VERSION`` or a file path to a compiled rule set.

        A bare family means the version in force on ``on`` (default: today); drafts,
        proposals and what-ifs are never chosen by date.
        """
        if looks_like_path(name):
            return self.load_file(Path(name))
        family, at, version = name.partition("@")
        family = self.canonical(family)
        if not at:
            return self._by_date(family, on or dt.date.today())
        for header in self.headers(family):
            if header.version.lower() == version.strip().lower():
                return self._resolve(header, ())
        known = [h.version for h in self.headers(family)]
        raise UnknownRuleSetError(
            f"'{family}' has no version '{version}'.{did_you_mean(version, known)}",
            field="ruleset", value=name, expected="one of " + ", ".join(
                f"{family}@{v}" for v in known))

    def _by_date(self, family: str, on: dt.date) -> RuleSet:
        headers = [h for h in self.headers(family) if h.status.dated]
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
        if header.effective_until or not header.status.dated:
            return header.effective_until
        files = self._index().get(header.family)
        if files is None and self._plugin_files is not None:  # never discover just for this
            files = self._plugin_files.get(header.family)
        listed = (files or {}).get(header.version)
        if listed is None or Path(header.file).resolve() != listed.resolve():
            return None  # a rule set from elsewhere is not part of this family's timeline
        dated = [h for h in self.headers(header.family) if h.status.dated]
        later = [h.effective_from for h in dated if h.effective_from > header.effective_from]
        return min(later) - dt.timedelta(days=1) if later else None

    def load_file(self, path: Path) -> RuleSet:
        """Load a rule set file from anywhere (its ``extends`` may name catalog entries); the
        file is parsed again only when it (or a file it extends) has changed."""
        key = self._by_path.get(str(path))
        cached = self._resolved.get(key) if key is not None else None
        if cached is not None and all(map(_current, cached[1])):
            return cached[0]
        header = read_header(load_document(path))
        ruleset = self._resolve(header, ())
        if len(self._by_path) > _MAX_PATHS:
            self._by_path.clear()
        self._by_path[str(path)] = self._key(header.file)
        return ruleset

    def _key(self, file: str) -> str:
        """A file's key in the cache of resolved rule sets: its resolved path."""
        key = self._keys.get(file)
        if key is None:
            if len(self._keys) > _MAX_PATHS:
                self._keys.clear()
            key = self._keys[file] = str(Path(file).resolve())
        return key

    def _resolve(self, header: RuleSetHeader, chain: tuple[str, ...]) -> RuleSet:
        key = self._key(header.file)
        cached = self._resolved.get(key)
        if cached is not None:
            if all(map(_current, cached[1])):
                return cached[0]
            del self._resolved[key]
            if not _current(header.document.stamp):  # this header is the old file's: reread
                header = read_header(load_document(header.file))
        if key in chain:
            raise RuleSetError("extends itself through a chain of rule sets: "
                               + " -> ".join((*chain, key)) + ".", file=header.file,
                               line=header.document.line(("extends",)), field="extends")
        builtin = any(_inside(Path(header.file), folder) for folder in self.folders)
        with self._blame(header.family, header.file):
            base = self._base(header, (*chain, key)) if header.extends else None
            ruleset = resolve(header, base, builtin=builtin, until=self.until)
            if _inside(Path(header.file), builtin_dir()):
                from keirules.rulesets.basis import require_legal_basis

                require_legal_basis(ruleset, header.document)
        stamps: tuple[FileStamp, ...] = (
            (header.document.stamp,) if header.document.stamp else ())
        if base is not None and base.file is not None:
            stamps += self._resolved.get(self._key(base.file), (base, ()))[1]
        self._resolved[key] = (ruleset, stamps)
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
        broken = " ".join(problem.message for problem in self._unloaded)
        if broken:
            broken = " It might come from a rule set plugin that failed: " + broken
        return UnknownRuleSetError(
            f"there is no rule set family '{family}'."
            f"{did_you_mean(family.strip().lower(), known)}{broken}",
            field="ruleset", value=family,
            expected="a family (" + ", ".join(known) + "), FAMILY@VERSION, or a rule set file "
            "path; 'keirules list' shows them all")


#: Paths remembered for :meth:`RuleSetRegistry.load_file` before the memory is cleared.
_MAX_PATHS = 4096


def _current(stamp: FileStamp | None) -> bool:
    """Whether a file is as it was read (text not read from a file never changes)."""
    return stamp is None or stamp.current()


def _scan(folder: Path) -> dict[str, dict[str, Path]]:
    """``FAMILY/VERSION.yaml`` files in one folder (names starting '_' or '.' are skipped)."""
    files: dict[str, dict[str, Path]] = {}
    if not folder.is_dir():
        return files
    for family_dir in sorted(folder.iterdir()):
        if family_dir.name.startswith(("_", ".")) or not family_dir.is_dir():
            continue
        for path in sorted(family_dir.iterdir()):
            if path.suffix in _SUFFIXES and path.is_file():
                files.setdefault(family_dir.name, {})[path.stem] = path
    return files


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


@cache
def default_catalog() -> RuleSetRegistry:
    """The catalog of built-in rule sets, shared by the library and the command line."""
    return RuleSetRegistry()


#: The registry's former name, kept so that existing code keeps working (deprecated: "catalog"
#: also means a file of vehicles, see :mod:`keirules.batch`).
Catalog = RuleSetRegistry
