"""The data of the vehicles chart: each rule set's length x width box, each vehicle's verdicts.

Pure (nothing but keirules, no matplotlib), so tests check boxes and verdicts exactly; the
verdicts come from the same evaluation as ``compare``, so the chart can never disagree with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from keirules.errors import UsageError
from keirules.plot.limits_data import limit_level
from keirules.rulesets.model import Rule, RuleSet
from keirules.rulesets.registry import RuleSetRegistry
from keirules.units import Unit, lookup_unit

if TYPE_CHECKING:
    from keirules.analysis import Matrix
    from keirules.api import OnLike, RuleSetLike, SpecLike

__all__ = ["Box", "VehicleChart", "VehiclePoint", "vehicle_chart"]



@dataclass(frozen=True, slots=True)
class Box:
    """A rule set's length x width envelope; None on a side the rule set does not bound."""

    ruleset: str
    length: Fraction | None
    width: Fraction | None
    #: The limits as the rule set writes them (``"3.40 m"``).
    length_text: str | None
    width_text: str | None


@dataclass(frozen=True, slots=True)
class VehiclePoint:
    """A vehicle's length and width (in the chart's units) and its verdicts, one per box."""

    name: str
    length: Fraction | None
    width: Fraction | None
    verdicts: tuple[str, ...]
    #: Per rule set: the ids of failed legal rules, and of legal rules that could not be
    #: checked for missing data (what makes a verdict incomplete).
    failed: tuple[tuple[str, ...], ...]
    unknown: tuple[tuple[str, ...], ...]

    @property
    def overall(self) -> str:
        """The one verdict shared by every rule set, or ``mixed``."""
        return self.verdicts[0] if len(set(self.verdicts)) == 1 else "mixed"


@dataclass(frozen=True)
class VehicleChart:
    """Vehicles (length against width) and the boxes of the rule sets they were checked by."""

    on: dt.date
    length_unit: str
    width_unit: str
    boxes: tuple[Box, ...]
    points: tuple[VehiclePoint, ...]
    matrix: Matrix

    @property
    def exit_code(self) -> int:
        """As for ``compare``: 1 if any check failed, else 3 if any was incomplete, else 0."""
        return self.matrix.exit_code


def vehicle_chart(specs: Iterable[SpecLike], rulesets: Sequence[RuleSetLike],
                  on: OnLike = None, catalog: RuleSetRegistry | None = None) -> VehicleChart:
    """Check every spec against every rule set (as ``compare`` does) and lay out the chart.

    The verdicts come from the full evaluation, so a vehicle inside a box may still fail
    (on displacement, say). Axes use the unit of the first rule set's length and width limits.
    """
    from keirules.analysis import compare

    if not rulesets:
        raise UsageError("needs at least one rule set to draw.", field="ruleset",
                         expected="--ruleset NAME, repeated for each rule set")
    if on == "manufactured":
        raise UsageError("a chart is drawn for one date, not 'manufactured'.", field="on",
                         expected="a date YYYY-MM-DD")
    matrix = compare(specs, rulesets, on, catalog)
    assert matrix.on is not None
    length_unit = _box_unit(matrix.rulesets, "length")
    width_unit = _box_unit(matrix.rulesets, "width")
    boxes = tuple(_box(rs, length_unit, width_unit) for rs in matrix.rulesets)
    points = []
    for vehicle, reports in zip(matrix.vehicles, matrix.reports, strict=True):
        length, width = vehicle.length, vehicle.width
        points.append(VehiclePoint(
            vehicle.name,
            None if length is None else length.in_unit(length_unit),
            None if width is None else width.in_unit(width_unit),
            tuple(r.verdict for r in reports),
            tuple(tuple(x.rule.id for x in r.failures) for r in reports),
            tuple(tuple(x.rule.id for x in r.unknown if x.rule.severity == "legal")
                  for r in reports),
        ))
    return VehicleChart(matrix.on, length_unit.symbol, width_unit.symbol, boxes,
                        tuple(points), matrix)


def _bound(ruleset: RuleSet, field: str) -> Rule | None:
    """The tightest legal upper limit a rule set puts on a field, if any."""
    rules = [r for r in ruleset.rules if r.field == field and r.legal
             and r.limit.comparison.bounds_above and r.limit.quantity is not None]
    return min(rules, key=lambda r: limit_level(r) or 0, default=None)


def _box_unit(rulesets: Sequence[RuleSet], field: str) -> Unit:
    for ruleset in rulesets:
        rule = _bound(ruleset, field)
        if rule is not None and rule.limit.quantity is not None:
            return rule.limit.quantity.unit
    return lookup_unit("m")


def _box(ruleset: RuleSet, length_unit: Unit, width_unit: Unit) -> Box:
    sides: list[tuple[Fraction | None, str | None]] = []
    for field, unit in (("length", length_unit), ("width", width_unit)):
        rule = _bound(ruleset, field)
        quantity = rule.limit.quantity if rule is not None else None
        sides.append((None, None) if quantity is None else
                     (quantity.in_unit(unit), quantity.text))
    (length, length_text), (width, width_text) = sides
    return Box(ruleset.name, length, width, length_text, width_text)
