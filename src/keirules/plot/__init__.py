"""Charts: a family's limits over time, and vehicles against rule sets' length x width boxes.

The data behind each chart (step series, change-over dates, boxes, verdicts) comes from pure
functions that need nothing but keirules, so tests check it exactly. Drawing needs the
optional extra ``keirules[plot]`` (matplotlib), imported only when a chart is drawn; the
figures are built without pyplot, so no window ever opens and no global state changes.

One job per module, so the exact data never depends on the drawing code:
:mod:`~keirules.plot.limits_data` and :mod:`~keirules.plot.vehicles_data` compute what each
chart shows; :mod:`~keirules.plot.figure` holds what both drawings share (the missing-extra
error, the figure, the style, saving with stable bytes); :mod:`~keirules.plot.limits_chart`
and :mod:`~keirules.plot.vehicles_chart` draw. :func:`plot_limits` and :func:`plot_vehicles`,
here, join the two steps; every name is importable from ``keirules.plot``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from keirules.plot.figure import FORMATS as FORMATS
from keirules.plot.figure import INSTALL_HINT as INSTALL_HINT
from keirules.plot.figure import (
    PlotExtraMissing,
    check_output,
    require_matplotlib,
    save_figure,
)
from keirules.plot.limits_chart import draw_limits
from keirules.plot.limits_data import (
    Changeover,
    LimitHistory,
    LimitPanel,
    LimitSeries,
    LimitStep,
    limit_history,
)
from keirules.plot.vehicles_chart import draw_vehicles
from keirules.plot.vehicles_data import Box, VehicleChart, VehiclePoint, vehicle_chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from keirules.api import OnLike, RuleSetLike, SpecLike
    from keirules.rulesets.registry import RuleSetRegistry

__all__ = [
    "Box",
    "Changeover",
    "LimitHistory",
    "LimitPanel",
    "LimitSeries",
    "LimitStep",
    "PlotExtraMissing",
    "VehicleChart",
    "VehiclePoint",
    "check_output",
    "draw_limits",
    "draw_vehicles",
    "limit_history",
    "plot_limits",
    "plot_vehicles",
    "require_matplotlib",
    "save_figure",
    "vehicle_chart",
]


def plot_limits(family: str = "jp-kei", *, until: dt.date | str | None = None,
                catalog: RuleSetRegistry | None = None) -> Figure:
    """Draw a family's limits over time: one step chart per field, change-overs marked.

    Returns a matplotlib ``Figure`` (save it with :func:`save_figure` for stable bytes).
    """
    require_matplotlib()
    return draw_limits(limit_history(family, until=until, catalog=catalog))


def plot_vehicles(specs: Iterable[SpecLike], rulesets: Sequence[RuleSetLike],
                  on: OnLike = None, catalog: RuleSetRegistry | None = None) -> Figure:
    """Draw vehicles (length against width) with each rule set's box and their verdicts.

    Returns a matplotlib ``Figure``; :func:`vehicle_chart` gives the data and verdicts alone.
    """
    require_matplotlib()
    return draw_vehicles(vehicle_chart(specs, rulesets, on, catalog))
