"""Deprecated: the rule set registry is :mod:`keirules.rulesets.registry`.

"Catalog" also means a file of vehicles (``keirules.check_catalog``), so the registry of rule
sets (built-in, plugins, files; ``FAMILY@VERSION`` and dates) got a name of its own,
:class:`~keirules.rulesets.registry.RuleSetRegistry`. This module and the name ``Catalog``
stay so that existing imports keep working.
"""

from keirules.rulesets.registry import (
    BUILTIN,
    Catalog,
    RuleSetRegistry,
    builtin_dir,
    default_catalog,
    looks_like_path,
)

__all__ = [
    "BUILTIN",
    "Catalog",
    "RuleSetRegistry",
    "builtin_dir",
    "default_catalog",
    "looks_like_path",
]
