"""Drawing the limits-over-time chart: one step panel per field, change-overs marked.

Only layout lives here (panels, ticks, labels placed where they collide with nothing); the
steps come from :mod:`keirules.plot.limits_data`, and matplotlib is imported inside functions.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from keirules.plot.figure import (
    DPI,
    chart_style,
    inside,
    new_figure,
    overlaps,
    require_matplotlib,
    wrap,
)
from keirules.plot.limits_data import LimitHistory, LimitPanel, LimitSeries, LimitStep

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

__all__ = ["draw_limits"]

_SERIES_COLOURS: Final = ("#1f4e9c", "#c0392b", "#2e7d32", "#7b3fa0", "#b5651d")
_PANEL_HEIGHT: Final = 1.0  # inches of plotting area per panel, at least
_LEGEND_LINE: Final = 8 * 1.25 / 72  # inches per line of legend text (8 pt type)
_PANEL_GAP: Final = 0.42  # room for each panel's title
_LEFT, _RIGHT = 0.75, 2.3  # inches: y tick labels; series legends
_HEADER: Final = 0.75  # inches for the title and the subtitle
_BAND: Final = 1.45  # inches between the subtitle and the first panel: change-over labels


def draw_limits(history: LimitHistory) -> Figure:
    """Draw a :class:`LimitHistory` (see :func:`plot_limits`)."""
    require_matplotlib()
    with chart_style():
        return _draw_limits(history)


def _draw_limits(history: LimitHistory) -> Figure:
    from matplotlib.ticker import FixedLocator, FuncFormatter

    count = len(history.panels)
    width = 11.0
    legends = [_legend_labels(panel) for panel in history.panels]
    heights = [max(_PANEL_HEIGHT, _legend_height(labels)) for labels in legends]
    height = _HEADER + _BAND + sum(heights) + count * _PANEL_GAP + 0.5
    figure, renderer = new_figure(width, height)
    years = (history.until - history.start).days / 365.25
    start = _day(history.start) - 365 * max(years / 100, 0.3)
    stop = _day(history.until) + 365 * max(years / 100, 0.3)
    step = next((n for n in (1, 2, 5, 10, 20, 50) if years / n <= 9), 100)
    ticks = {day: str(year) for year, day in zip(
        range(history.start.year, history.until.year + 2),
        _year_ticks(history, 1), strict=False) if year % step == 0}
    axes_list: list[Axes] = []
    top = height - _HEADER - _BAND
    for index, panel in enumerate(history.panels):
        top -= _PANEL_GAP + heights[index]
        ax = figure.add_axes((_LEFT / width, top / height, (width - _LEFT - _RIGHT) / width,
                              heights[index] / height),
                             sharex=axes_list[0] if axes_list else None)
        axes_list.append(ax)
        ax.set_xlim(start, stop)
        _draw_panel(ax, panel, history, legends[index])
        # Fixed year ticks: date locators and per-year minor ticks made drawing take seconds.
        ax.xaxis.set_major_locator(FixedLocator(list(ticks)))
        ax.xaxis.set_minor_locator(FixedLocator(_year_ticks(history, max(step // 2, 1))))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: ticks.get(x, "")))
        ax.tick_params(axis="x", labelbottom=index == count - 1)
        ax.tick_params(axis="x", which="minor", length=2)
    for ax, panel in zip(axes_list, history.panels, strict=True):
        _label_steps(ax, panel, history, renderer)
    _label_changeovers(axes_list[0], history, renderer)
    figure.text(_LEFT / width, 1 - 0.2 / height,
                f"{history.family}: limits by version, {history.start.isoformat()} to "
                f"{history.until.isoformat()}", fontsize=12, fontweight="bold", va="top")
    figure.text(_LEFT / width, 1 - 0.48 / height,
                "Each line is a limit in the unit the rule set writes it; grey lines mark the "
                "day each version took effect (versions in force or historical only).",
                fontsize=8.5, color="#444444", va="top")
    axes_list[-1].set_xlabel("date (version in force)")
    return figure


def _year_ticks(history: LimitHistory, step: int) -> list[float]:
    """The first of January of every ``step``-th year on the time axis."""
    years = range(history.start.year, history.until.year + 2)
    return [_day(dt.date(year, 1, 1)) for year in years if year % step == 0]


def _day(day: dt.date) -> float:
    import matplotlib.dates

    mdates: Any = matplotlib.dates
    return float(mdates.date2num(day))


def _step_end(step: LimitStep, history: LimitHistory) -> float:
    """Where a step's line stops: the day after its last day, or the end of the axis."""
    if step.end is not None and step.end < history.until:
        return _day(step.end + dt.timedelta(days=1))
    return _day(history.until)


def _legend_labels(panel: LimitPanel) -> list[str]:
    """The legend of a panel with several rules (none for a panel with one)."""
    if len(panel.series) == 1:
        return []
    shared = _shared_conditions(panel)
    return [_series_label(series, panel, shared) for series in panel.series]


def _legend_height(labels: Sequence[str]) -> float:
    lines = sum(label.count("\n") + 1 for label in labels)
    return lines * _LEGEND_LINE + max(len(labels) - 1, 0) * 0.6 * _LEGEND_LINE


def _draw_panel(ax: Axes, panel: LimitPanel, history: LimitHistory,
                legend: Sequence[str]) -> None:
    for change in history.changeovers:
        ax.axvline(_day(change.day), color="#b8b8b8", linewidth=0.7, zorder=1)
    values: list[float] = []
    shared = _shared_conditions(panel)
    for number, series in enumerate(panel.series):
        colour = _SERIES_COLOURS[number % len(_SERIES_COLOURS)]
        style = "--" if series.severity != "legal" else "-"
        label = legend[number] if legend else "_nolegend_"
        for run in _runs(series.steps):
            xs = [_day(step.start) for step in run] + [_step_end(run[-1], history)]
            ys = [float(step.value) for step in run] + [float(run[-1].value)]
            ax.plot(xs, ys, drawstyle="steps-post", color=colour, linestyle=style,
                    linewidth=1.8, label=label, zorder=3, solid_capstyle="butt")
            label = "_nolegend_"
        values.extend(float(step.value) for step in series.steps)
    _y_axis(ax, values, counts=panel.unit is None)
    ax.grid(axis="y", color="#e8e8e8", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    # A plain text, not set_title: titles are re-laid out against every axes on each draw.
    ax.annotate(_panel_title(panel, shared), (0, 1), xycoords="axes fraction",
                xytext=(0, 5), textcoords="offset points", ha="left", va="bottom",
                fontweight="bold", fontsize=9, annotation_clip=False,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    if legend:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                  handlelength=1.6, borderaxespad=0, labelspacing=0.6)


def _y_axis(ax: Axes, values: Sequence[float], *, counts: bool) -> None:
    """Room above and below the levels for their labels; whole numbers for counts."""
    from matplotlib.ticker import MaxNLocator, MultipleLocator

    low, high = min(values), max(values)
    if counts:
        ax.set_ylim(low - 1.2, high + 1.4)
        ax.yaxis.set_major_locator(MultipleLocator(1))
        return
    span = high - low or abs(high) * 0.4 or 1.0
    ax.set_ylim(max(low - span * 0.4, 0.0) if low >= 0 else low - span * 0.4,
                high + span * 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, min_n_ticks=2))


def _runs(steps: Sequence[LimitStep]) -> list[list[LimitStep]]:
    """Split steps where the rule was absent for a while, so gaps stay gaps."""
    runs: list[list[LimitStep]] = []
    for step in steps:
        if runs and runs[-1][-1].end is not None and \
                runs[-1][-1].end + dt.timedelta(days=1) == step.start:
            runs[-1].append(step)
        else:
            runs.append([step])
    return runs


def _clauses(series: LimitSeries) -> list[str]:
    return series.when.split("; ") if series.when else []


def _shared_conditions(panel: LimitPanel) -> list[str]:
    """Conditions every series of the panel has: said once, in the panel's title."""
    first, *others = [_clauses(series) for series in panel.series]
    return [clause for clause in first if all(clause in other for other in others)]


_OP_WORDS: Final = {"<=": "max", ">=": "min", "<": "less than", ">": "more than",
                    "==": "exactly", "age >=": "min age", "age <=": "max age"}


def _panel_title(panel: LimitPanel, shared: list[str]) -> str:
    """E.g. ``Overall length (length): max, m`` and the conditions all its rules share."""
    ops = sorted({_OP_WORDS.get(step.op, step.op) for series in panel.series
                  for step in series.steps})
    heading = panel.series[0].title if len(panel.series) == 1 else panel.field
    field = f" — {panel.field}" if heading != panel.field else ""
    unit = f", {panel.unit}" if panel.unit else ""
    extra = [f"when {clause}" for clause in shared]
    if len(panel.series) == 1 and panel.series[0].severity != "legal":
        extra.insert(0, panel.series[0].severity)
    tail = f"   [{'; '.join(extra)}]" if extra else ""
    return f"{heading}{field}: {' / '.join(ops)}{unit}{tail}"


def _series_label(series: LimitSeries, panel: LimitPanel, shared: list[str]) -> str:
    """A legend entry: what sets the rule apart from the panel's others, and its values."""
    name = series.rule
    prefix = panel.field + "-"
    name = name[len(prefix):] if name.startswith(prefix) else name
    if series.severity != "legal":
        name += f" ({series.severity})"
    lines = [wrap(name, _LEGEND_WIDTH)]
    own = [clause for clause in _clauses(series) if clause not in shared]
    lines += [wrap(f"when {clause}", _LEGEND_WIDTH) for clause in own]
    first, last = series.steps[0].start.year, series.steps[-1].end
    years = f"{first}–{last.year}" if last is not None else f"from {first}"
    values = " → ".join(step.text for step in series.steps) + f" ({years})"
    lines.append(wrap(values, _LEGEND_WIDTH))
    return "\n".join(lines)


_LEGEND_WIDTH: Final = 27  # characters per legend line in the right margin




def _label_steps(ax: Axes, panel: LimitPanel, history: LimitHistory,
                 renderer: RendererBase) -> None:
    """Write each step's value beside it, only where it collides with no line or label.

    Longer steps are labelled first; a value that finds no free place is left to the legend
    (panels with several rules list every value there).
    """
    frame = ax.get_window_extent(renderer)
    lines = _line_boxes(ax, panel, history)
    placed: list[Bbox] = []
    steps = [(number, step) for number, series in enumerate(panel.series)
             for step in series.steps]
    steps.sort(key=lambda item: item[1].start.toordinal() - _step_end(item[1], history))
    candidates = ((3, 3, "left", "bottom"), (3, -3, "left", "top"),
                  (-3, 3, "right", "bottom"), (-3, -3, "right", "top"))
    for number, step in steps:
        colour = _SERIES_COLOURS[number % len(_SERIES_COLOURS)]
        for dx, dy, ha, va in candidates:
            text = ax.annotate(step.text, (_day(step.start), float(step.value)),
                               xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                               fontsize=8, color=colour, zorder=4)
            box = text.get_window_extent(renderer).expanded(1.08, 1.15)
            if inside(box, frame) and not overlaps(box, placed) \
                    and not overlaps(box, lines):
                placed.append(box)
                break
            text.remove()


def _line_boxes(ax: Axes, panel: LimitPanel, history: LimitHistory) -> list[Bbox]:
    """Thin boxes around every drawn segment of a panel, in display coordinates."""
    from matplotlib.transforms import Bbox

    boxes = []
    for series in panel.series:
        for run in _runs(series.steps):
            ends = [_step_end(step, history) for step in run]
            for index, step in enumerate(run):
                y = float(step.value)
                points = [(_day(step.start), y), (ends[index], y)]
                if index + 1 < len(run):  # the riser to the next level
                    points.append((ends[index], float(run[index + 1].value)))
                corners = ax.transData.transform(points)
                for a, b in itertools.pairwise(corners):
                    boxes.append(Bbox.from_extents(
                        min(a[0], b[0]) - 0.5, min(a[1], b[1]) - 0.5,
                        max(a[0], b[0]) + 0.5, max(a[1], b[1]) + 0.5))
    return boxes


def _label_changeovers(ax: Axes, history: LimitHistory, renderer: RendererBase) -> None:
    """Name each version above the first panel; close dates are spread, with leader lines."""
    from matplotlib.transforms import blended_transform_factory

    transform = blended_transform_factory(ax.transData, ax.transAxes)
    texts = [f"{change.ruleset}   {change.day.isoformat()}" for change in history.changeovers]
    probe = ax.annotate(texts[0], (0, 0), rotation=90, fontsize=7.5)
    gap = probe.get_window_extent(renderer).width * 1.9
    probe.remove()
    wanted = [float(ax.transData.transform((_day(c.day), 0))[0]) for c in history.changeovers]
    spread = _spread(wanted, gap)
    points_per_pixel = 72 / DPI
    for change, text, want, got in zip(history.changeovers, texts, wanted, spread, strict=True):
        ax.annotate(text, (_day(change.day), 1.0), xycoords=transform,
                    xytext=((got - want) * points_per_pixel, 26), textcoords="offset points",
                    rotation=90, ha="center", va="bottom", fontsize=7.5, color="#333333",
                    annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": "#a0a0a0", "linewidth": 0.7,
                                "shrinkA": 1, "shrinkB": 0, "relpos": (0.5, 0.0)})


def _spread(positions: Sequence[float], gap: float) -> list[float]:
    """Move sorted positions apart to at least ``gap``, each crowd centred where it was."""
    groups: list[list[float]] = []
    for position in positions:
        groups.append([position])
        while len(groups) > 1:
            left, right = groups[-2], groups[-1]
            left_end = sum(left) / len(left) + (len(left) - 1) * gap / 2
            right_start = sum(right) / len(right) - (len(right) - 1) * gap / 2
            if right_start - left_end >= gap:
                break
            groups[-2:] = [left + right]
    result = []
    for group in groups:
        centre = sum(group) / len(group)
        result += [centre + (i - (len(group) - 1) / 2) * gap for i in range(len(group))]
    return result
