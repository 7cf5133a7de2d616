"""The public API is exactly what ``keirules.__all__`` lists: a refactor cannot drop a name, and
the API cannot grow by accident (a new name is added here on purpose)."""

from __future__ import annotations

import importlib

import keirules

PUBLIC = [
    "Catalog", "CatalogChecker", "Condition", "Diff", "FEATURES", "FIELDS", "Feature",
    "InputFileError", "KeirulesError", "Limit", "MarketsReport", "Matrix", "PartialDate",
    "Period", "Quantity", "QuantityError", "RegionsReport", "Report", "RouteReport",
    "RouteResult", "RowResult", "Rule", "RuleChange", "RuleResult", "RuleSet", "RuleSetError",
    "RuleSetRegistry",
    "Source", "SpecError", "Timeline", "UnknownNameError", "UnknownRuleSetError", "UsageError",
    "Vehicle", "__version__", "check", "check_catalog", "check_frame", "check_rows", "compare",
    "default_catalog", "diff", "evaluate", "frame_meta", "load_ruleset", "load_vehicle",
    "market_routes", "parse_quantity", "plot_limits", "plot_vehicles", "region_routes",
    "render_html", "render_markdown", "resolve_on", "routes", "timeline", "to_vehicle",
    "vehicle_from_mapping",
]


def test_all_is_exactly_the_public_api() -> None:
    assert sorted(keirules.__all__) == sorted(PUBLIC)
    assert len(set(keirules.__all__)) == len(keirules.__all__)


def test_every_public_name_resolves() -> None:
    fresh = importlib.reload(keirules)
    for name in PUBLIC:
        assert getattr(fresh, name) is not None, name


def test_the_version_has_one_home() -> None:
    from importlib.metadata import version

    from keirules.version import __version__

    assert keirules.__version__ == __version__ == version("keirules")


def test_the_registry_keeps_its_former_name_and_module() -> None:
    from keirules.rulesets import catalog, registry

    assert keirules.Catalog is keirules.RuleSetRegistry is registry.RuleSetRegistry
    assert catalog.Catalog is registry.RuleSetRegistry
    assert catalog.default_catalog is registry.default_catalog
