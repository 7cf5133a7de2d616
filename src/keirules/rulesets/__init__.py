"""Rule sets: the model, loading with ``extends``, and the catalog that resolves names."""

from keirules.rulesets.catalog import Catalog, builtin_dir, default_catalog
from keirules.rulesets.model import Condition, Limit, Rule, RuleSet, Source

__all__ = [
    "Catalog",
    "Condition",
    "Limit",
    "Rule",
    "RuleSet",
    "Source",
    "builtin_dir",
    "default_catalog",
]
