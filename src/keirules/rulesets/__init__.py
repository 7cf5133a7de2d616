"""Rule sets: the model, loading with ``extends``, and the registry that resolves names."""

from keirules.rulesets.model import Condition, Limit, Rule, RuleSet, Source
from keirules.rulesets.registry import Catalog, RuleSetRegistry, builtin_dir, default_catalog

__all__ = [
    "Catalog",
    "Condition",
    "Limit",
    "Rule",
    "RuleSet",
    "RuleSetRegistry",
    "Source",
    "builtin_dir",
    "default_catalog",
]
