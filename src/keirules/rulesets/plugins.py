"""Rule sets from other packages: the ``keirules.rulesets`` entry point group.

A package declares an entry point whose value names a module or package (its folder holds
``FAMILY/VERSION.yaml`` files, as ``rulesets/`` does for the built-in ones), or a callable
(``pkg.mod:func``) that returns such a folder::

    [project.entry-points."keirules.rulesets"]
    acme = "acme_kei_rules"

Discovery reads installed packages' metadata and imports the plugins, which costs time, so the
catalog runs it only when it needs a family that is not built in, or lists every rule set. A
plugin that fails becomes a :class:`PluginError` naming it; it never stops built-in rule sets.
"""

from __future__ import annotations

import os
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from keirules.errors import KeirulesError, PluginError

__all__ = ["GROUP", "Plugin", "PluginError", "discover"]

#: The entry point group that third-party rule set packages declare.
GROUP: Final = "keirules.rulesets"


@dataclass(frozen=True)
class Plugin:
    """One working entry point: the distribution that provides it and its folder."""

    name: str  # the distribution name, shown by `keirules list` as the provider
    entry_point: str  # "name = value", as the package's metadata declares it
    folder: Path

    @property
    def label(self) -> str:
        return f"rule set plugin '{self.name}' (entry point '{self.entry_point}')"

    def blame(self, exc: KeirulesError) -> PluginError:
        """The same error, saying which plugin the bad file came from."""
        if isinstance(exc, PluginError):
            return exc
        return PluginError(f"in {self.label}: {exc.message}", plugin=self.name, file=exc.file,
                           line=exc.line, field=exc.field, value=exc.value,
                           expected=exc.expected)


def discover() -> tuple[list[Plugin], list[PluginError]]:
    """Every installed plugin that loads, and an error for each one that does not."""
    from importlib.metadata import entry_points

    plugins: list[Plugin] = []
    problems: list[PluginError] = []
    found = sorted(entry_points(group=GROUP), key=lambda ep: (_dist_name(ep), ep.name))
    for ep in found:
        plugin = Plugin(_dist_name(ep), f"{ep.name} = {ep.value}", Path())
        try:
            folder = _folder(ep.load())
        except KeirulesError as exc:
            problems.append(PluginError(f"{plugin.label} {exc.message} Its rule sets are "
                                        "unavailable.", plugin=plugin.name))
            continue
        except Exception as exc:  # the plugin's own code failed: whatever it was, blame it
            problems.append(PluginError(
                f"{plugin.label} could not be loaded ({type(exc).__name__}: {exc}), so its "
                "rule sets are unavailable; built-in rule sets are not affected.",
                plugin=plugin.name, expected="a plugin that imports: reinstall or uninstall it"))
            continue
        plugins.append(Plugin(plugin.name, plugin.entry_point, folder))
    return plugins, problems


def _dist_name(ep: Any) -> str:
    dist = getattr(ep, "dist", None)
    return str(dist.name) if dist is not None else str(ep.name)


def _folder(target: Any) -> Path:
    """The folder an entry point's object stands for: a module's, a path, or a callable's."""
    if isinstance(target, types.ModuleType):
        file = getattr(target, "__file__", None)
        if file:
            return _existing(Path(file).parent)
        paths = list(getattr(target, "__path__", []))  # a namespace package
        if paths:
            return _existing(Path(paths[0]))
        raise KeirulesError("names a module that has no folder.")
    if callable(target):
        target = target()
    if isinstance(target, str | os.PathLike):
        return _existing(Path(target))
    raise KeirulesError(f"gives {type(target).__name__}, not a module, a folder or a callable "
                        "returning a folder.")


def _existing(folder: Path) -> Path:
    if not folder.is_dir():
        raise KeirulesError(f"names the folder {folder}, which does not exist.")
    return folder
