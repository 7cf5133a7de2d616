"""keirules: check vehicles against kei-car and other small-vehicle regulations, exactly.

>>> import keirules
>>> report = keirules.check({"name": "Edge", "length": "3400 mm"}, "jp-kei@1998")
>>> report.verdict
'incomplete'
"""

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
from keirules.quantity import Quantity, parse_quantity
from keirules.report import Report, RuleResult
from keirules.rulesets import Catalog, Condition, Limit, Rule, RuleSet, Source, default_catalog
from keirules.vehicle import FIELDS, Vehicle, load_vehicle, vehicle_from_mapping

__version__ = "0.1.0"

__all__ = [
    "FIELDS",
    "Catalog",
    "Condition",
    "InputFileError",
    "KeirulesError",
    "Limit",
    "PartialDate",
    "Quantity",
    "QuantityError",
    "Report",
    "Rule",
    "RuleResult",
    "RuleSet",
    "RuleSetError",
    "Source",
    "SpecError",
    "UnknownRuleSetError",
    "UsageError",
    "Vehicle",
    "__version__",
    "check",
    "default_catalog",
    "evaluate",
    "load_ruleset",
    "load_vehicle",
    "parse_quantity",
    "resolve_on",
    "to_vehicle",
    "vehicle_from_mapping",
]
