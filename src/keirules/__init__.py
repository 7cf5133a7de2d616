"""keirules: check vehicles against kei-car and other small-vehicle regulations, exactly.

>>> import keirules
>>> report = keirules.check({"name": "Edge", "length": "3400 mm"}, "jp-kei@1998")
>>> report.verdict
'incomplete'
"""

from typing import TYPE_CHECKING

from keirules.api import check, load_ruleset, resolve_on, to_vehicle
from keirules.dates import PartialDate
from keirules.engine import evaluate
from keirules.errors import (
    InputFileError,
    KeirulesError,
    QuantityError,
    RuleSetError,
    SpecError,
    UnknownNameError,
    UnknownRuleSetError,
    UsageError,
)
from keirules.features import FEATURES, Feature
from keirules.quantity import Quantity, parse_quantity
from keirules.report import Report, RuleResult
from keirules.rulesets import (
    Catalog,
    Condition,
    Limit,
    Rule,
    RuleSet,
    RuleSetRegistry,
    Source,
    default_catalog,
)
from keirules.vehicle import FIELDS, Vehicle, load_vehicle, vehicle_from_mapping

if TYPE_CHECKING:
    from keirules.analysis import (
        Diff,
        Matrix,
        Period,
        RuleChange,
        Timeline,
        compare,
        diff,
        timeline,
    )
    from keirules.batch import CatalogChecker, RowResult, check_catalog, check_rows
    from keirules.frames import check_frame, frame_meta
    from keirules.plot import plot_limits, plot_vehicles
    from keirules.render.html import render_html
    from keirules.render.markdown import render_markdown
    from keirules.routing import RouteReport, RouteResult, routes

from keirules.version import __version__

__all__ = [
    "FEATURES",
    "FIELDS",
    "Catalog",
    "CatalogChecker",
    "Condition",
    "Diff",
    "Feature",
    "InputFileError",
    "KeirulesError",
    "Limit",
    "MarketsReport",
    "Matrix",
    "PartialDate",
    "Period",
    "Quantity",
    "QuantityError",
    "RegionsReport",
    "Report",
    "RouteReport",
    "RouteResult",
    "RowResult",
    "Rule",
    "RuleChange",
    "RuleResult",
    "RuleSet",
    "RuleSetError",
    "RuleSetRegistry",
    "Source",
    "SpecError",
    "Timeline",
    "UnknownNameError",
    "UnknownRuleSetError",
    "UsageError",
    "Vehicle",
    "__version__",
    "check",
    "check_catalog",
    "check_frame",
    "check_rows",
    "compare",
    "default_catalog",
    "diff",
    "evaluate",
    "frame_meta",
    "load_ruleset",
    "load_vehicle",
    "market_routes",
    "parse_quantity",
    "plot_limits",
    "plot_vehicles",
    "region_routes",
    "render_html",
    "render_markdown",
    "resolve_on",
    "routes",
    "timeline",
    "to_vehicle",
    "vehicle_from_mapping",
]

#: Exported names loaded on first use, by module: most programs only check, and these modules
#: cost import time (analysis ~10 ms; plot needs ``keirules[plot]`` only when drawing).
_LAZY: dict[str, str] = {
    **dict.fromkeys(("Diff", "Matrix", "Period", "RuleChange", "Timeline", "compare", "diff",
                     "timeline"), "keirules.analysis"),
    **dict.fromkeys(("plot_limits", "plot_vehicles"), "keirules.plot"),
    **dict.fromkeys(("MarketsReport", "RegionsReport", "RouteReport", "RouteResult",
                     "market_routes", "region_routes", "routes"), "keirules.routing"),
    **dict.fromkeys(("render_html",), "keirules.render.html"),
    **dict.fromkeys(("render_markdown",), "keirules.render.markdown"),
    **dict.fromkeys(("CatalogChecker", "RowResult", "check_catalog", "check_rows"),
                    "keirules.batch"),
    **dict.fromkeys(("check_frame", "frame_meta"), "keirules.frames"),
}

if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays an error there

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'keirules' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_LAZY})
