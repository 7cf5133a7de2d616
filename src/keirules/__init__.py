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
    UnknownRuleSetError,
    UsageError,
)
from keirules.features import FEATURES, Feature
from keirules.quantity import Quantity, parse_quantity
from keirules.report import Report, RuleResult
from keirules.rulesets import Catalog, Condition, Limit, Rule, RuleSet, Source, default_catalog
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
    from keirules.plot import plot_limits, plot_vehicles
    from keirules.routing import RouteReport, RouteResult, routes

__version__ = "0.1.0"

__all__ = [
    "FEATURES",
    "FIELDS",
    "Catalog",
    "Condition",
    "Diff",
    "Feature",
    "InputFileError",
    "KeirulesError",
    "Limit",
    "Matrix",
    "PartialDate",
    "Period",
    "Quantity",
    "QuantityError",
    "Report",
    "RouteReport",
    "RouteResult",
    "Rule",
    "RuleChange",
    "RuleResult",
    "RuleSet",
    "RuleSetError",
    "Source",
    "SpecError",
    "Timeline",
    "UnknownRuleSetError",
    "UsageError",
    "Vehicle",
    "__version__",
    "check",
    "compare",
    "default_catalog",
    "diff",
    "evaluate",
    "load_ruleset",
    "load_vehicle",
    "parse_quantity",
    "plot_limits",
    "plot_vehicles",
    "resolve_on",
    "routes",
    "timeline",
    "to_vehicle",
    "vehicle_from_mapping",
]

#: Exported names loaded on first use: most programs only check, and these cost ~10 ms.
_LAZY = frozenset({"Diff", "Matrix", "Period", "RuleChange", "Timeline", "compare", "diff",
                   "timeline"})
#: Charts (``keirules[plot]``): the module loads on first use, matplotlib only when drawing.
_LAZY_PLOT = frozenset({"plot_limits", "plot_vehicles"})
#: Routes into a market (``keirules routes``), from :mod:`keirules.routing`.
_LAZY_ROUTES = frozenset({"RouteReport", "RouteResult", "routes"})

if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays an error there

    def __getattr__(name: str) -> object:
        if name in _LAZY_ROUTES:
            from keirules import routing

            globals()[name] = getattr(routing, name)
            return globals()[name]
        if name in _LAZY_PLOT:
            from keirules import plot

            globals()[name] = getattr(plot, name)
            return globals()[name]
        if name not in _LAZY:
            raise AttributeError(f"module 'keirules' has no attribute {name!r}")
        from keirules import analysis

        value = getattr(analysis, name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_LAZY, *_LAZY_PLOT, *_LAZY_ROUTES})
