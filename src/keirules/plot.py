"""Charts: a family's limits over time, and vehicles against rule sets' length x width boxes.

The data behind each chart (step series, change-over dates, boxes, verdicts) comes from pure
functions that need nothing but keirules, so tests check it exactly. Drawing needs the
optional extra ``keirules[plot]`` (matplotlib), imported only when a chart is drawn; the
figures are built without pyplot, so no window ever opens and no global state changes.

>>> history = limit_history("jp-kei", until=dt.date(2026, 1, 1))
>>> [(step.start.isoformat(), step.text) for step in history.series("length").steps]
[('1949-07-08', '2.80'), ('1950-07-26', '3.00'), ('1976-01-01', '3.20'), \
('1990-01-01', '3.30'), ('1998-10-01', '3.40')]
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from keirules.dates import DateProblem, parse_date
from keirules.errors import KeirulesError, UnknownRuleSetError, UsageError
from keirules.quantity import decimal_text
from keirules.rulesets.catalog import Catalog, default_catalog, looks_like_path
from keirules.rulesets.model import DATED_STATUSES, Rule, RuleSet
from keirules.units import Unit, lookup_unit
from keirules.vehicle import FIELDS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

    from keirules.analysis import Matrix
    from keirules.api import OnLike, RuleSetLike, SpecLike

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

#: Comparisons whose limit is one number that can be drawn as a level.
_LEVEL_COMPARISONS: Final = ("max", "min", "less_than", "greater_than", "equals")
#: Age limits (the limit's value is in whole months); drawn in years.
_AGE_COMPARISONS: Final = ("min_age", "max_age")
#: Comparisons that bound a box from above (a vehicle must be at most this long or wide).
_UPPER_COMPARISONS: Final = ("max", "less_than")
#: Output formats, by file suffix.
FORMATS: Final = {".png": "png", ".svg": "svg"}
INSTALL_HINT: Final = "pip install 'keirules[plot]'"


class PlotExtraMissing(KeirulesError, ImportError):
    """Drawing needs matplotlib (the ``keirules[plot]`` extra), and it is not installed."""


# -- limits over time: data ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LimitStep:
    """One level of a limit, held unchanged by one or more consecutive versions."""

    start: dt.date
    #: The last day of the level, or None when it still holds (the newest version).
    end: dt.date | None
    #: The limit, exact, in the panel's unit (a count for integer limits).
    value: Fraction
    #: The number as the rule set writes it (``"3.40"``), in the panel's unit.
    text: str
    op: str
    rulesets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LimitSeries:
    """One rule's limit across a family's versions, as steps (gaps where it did not exist)."""

    rule: str
    title: str
    field: str
    severity: str
    #: The rule's condition in words (``"powertrain is combustion or hybrid"``), or None.
    when: str | None
    steps: tuple[LimitStep, ...]


@dataclass(frozen=True, slots=True)
class LimitPanel:
    """Every rule on one spec field, drawn in one panel with one unit."""

    field: str
    #: The unit symbol the newest rule set writes the limit in (``years`` for ages); None
    #: for counts.
    unit: str | None
    series: tuple[LimitSeries, ...]


@dataclass(frozen=True, slots=True)
class Changeover:
    """The day one version of the family took effect."""

    day: dt.date
    ruleset: str
    version: str
    status: str


@dataclass(frozen=True)
class LimitHistory:
    """A family's numeric limits from its first version to ``until``, one panel per field."""

    family: str
    start: dt.date
    until: dt.date
    changeovers: tuple[Changeover, ...]
    panels: tuple[LimitPanel, ...]

    def series(self, rule: str) -> LimitSeries:
        """The series of one rule id (``KeyError`` when no version has it)."""
        for panel in self.panels:
            for series in panel.series:
                if series.rule == rule:
                    return series
        raise KeyError(rule)


def limit_history(family: str = "jp-kei", *, until: dt.date | str | None = None,
                  catalog: Catalog | None = None) -> LimitHistory:
    """Every numeric limit of ``family``'s dated versions (in force or historical), as steps.

    Drafts, proposals and what-ifs are left out: they are never in force on a date. Levels
    held by consecutive versions merge into one step; ``until`` (a date or ``YYYY-MM-DD``,
    default today) ends the time axis, and versions taking effect after it are left out.
    """
    catalog = catalog or default_catalog()
    if "@" in family or looks_like_path(family):
        raise UsageError("names a version or a file; a plot of limits over time takes a "
                         "family.", field="family", value=family,
                         expected="a family name such as 'jp-kei'")
    end = _until(until)
    try:
        headers = [h for h in catalog.headers(family) if h.status in DATED_STATUSES]
    except UnknownRuleSetError as exc:
        raise UnknownRuleSetError(exc.message, field="family", value=family,
                                  expected=exc.expected) from None
    if not headers:
        raise UsageError(f"'{family}' has no version in force or historical (only drafts, "
                         "proposals or what-ifs), so it has no history to draw.",
                         field="family", value=family,
                         expected="a family with dated versions; 'keirules list' shows them")
    if headers[0].effective_from > end:
        first = headers[0].effective_from.isoformat()
        raise UsageError(f"'{family}' has no version in force on or before {end.isoformat()} "
                         f"(its first took effect on {first}).", field="until",
                         value=end.isoformat(), expected=f"a date on or after {first}")
    rulesets = [catalog.get(h.name) for h in headers if h.effective_from <= end]
    occurrences: dict[tuple[str, str], list[tuple[int, Rule]]] = {}
    for index, ruleset in enumerate(rulesets):
        for rule in ruleset.rules:
            if _level(rule) is not None:
                occurrences.setdefault((rule.field, rule.id), []).append((index, rule))
    if not occurrences:
        raise UsageError(f"'{family}' has no limit that is a number (a quantity, a count or "
                         "an age), so there is nothing to draw over time.", field="family",
                         value=family, expected="a family with numeric limits")
    panels = []
    for field in sorted({f for f, _ in occurrences}, key=_field_order):
        keys = [key for key in occurrences if key[0] == field]
        newest = [occurrences[key][-1] for key in keys]
        unit = _panel_unit(newest)
        series = tuple(_series(occurrences[key], rulesets, unit) for key in keys)
        ages = any(rule.limit.comparison in _AGE_COMPARISONS for _, rule in newest)
        panels.append(LimitPanel(field, "years" if ages else unit.symbol if unit else None,
                                 series))
    changeovers = tuple(Changeover(rs.effective_from, rs.name, rs.version, rs.status)
                        for rs in rulesets)
    return LimitHistory(family, rulesets[0].effective_from, end, changeovers, tuple(panels))


def _until(until: dt.date | str | None) -> dt.date:
    if until is None:
        return dt.date.today()
    if isinstance(until, dt.date):
        return until
    try:
        return parse_date(until)
    except DateProblem as exc:
        raise UsageError(f"the end date {exc}.", field="until", value=until,
                         expected="a date YYYY-MM-DD") from None


def _level(rule: Rule) -> Fraction | None:
    """The rule's limit as one exact number (SI base units), or None if it is not a level."""
    limit = rule.limit
    if limit.comparison not in _LEVEL_COMPARISONS + _AGE_COMPARISONS:
        return None
    if limit.quantity is not None:
        return limit.quantity.base
    if isinstance(limit.value, int) and not isinstance(limit.value, bool):
        return Fraction(limit.value)
    return None


def _field_order(field: str) -> tuple[int, int, str]:
    """Measured quantities first (dimensions, engine, power, mass), then counts; spec order."""
    order = list(FIELDS)
    spec = FIELDS.get(field)
    return (0 if spec is not None and spec.kind == "quantity" else 1,
            order.index(field) if field in order else len(order), field)


def _panel_unit(newest: Iterable[tuple[int, Rule]]) -> Unit | None:
    """The unit of the newest version that writes any of the panel's limits."""
    latest = max(newest, key=lambda item: item[0])[1]
    quantity = latest.limit.quantity
    return quantity.unit if quantity is not None else None


def _series(found: list[tuple[int, Rule]], rulesets: Sequence[RuleSet],
            unit: Unit | None) -> LimitSeries:
    steps: list[LimitStep] = []
    previous: tuple[int, Rule] | None = None
    for index, rule in found:
        ruleset = rulesets[index]
        same = previous is not None and previous[0] == index - 1 and \
            _level(previous[1]) == _level(rule) and \
            previous[1].limit.comparison == rule.limit.comparison
        if same:
            last = steps[-1]
            steps[-1] = LimitStep(last.start, ruleset.effective_until, last.value, last.text,
                                  last.op, (*last.rulesets, ruleset.name))
        else:
            value, text = _in_unit(rule, unit)
            steps.append(LimitStep(ruleset.effective_from, ruleset.effective_until, value,
                                   text, rule.limit.op, (ruleset.name,)))
        previous = (index, rule)
    newest = found[-1][1]
    when = "; ".join(f"{c.field} is " + " or ".join(str(a) for a in c.allowed)
                     for c in newest.when) or None
    return LimitSeries(newest.id, newest.title, newest.field, newest.severity, when,
                       tuple(steps))


def _in_unit(rule: Rule, unit: Unit | None) -> tuple[Fraction, str]:
    """The limit in ``unit``, and its text: as written when the rule set used that unit."""
    quantity = rule.limit.quantity
    if rule.limit.comparison in _AGE_COMPARISONS:  # whole months, shown in years
        years = Fraction(rule.limit.value, 12)
        number, _, word = rule.limit.text.partition(" ")
        return years, number if word.startswith("year") else decimal_text(years, places=2)
    if quantity is None:
        return Fraction(rule.limit.value), str(rule.limit.value)
    if unit is None or quantity.unit.symbol == unit.symbol:
        return quantity.magnitude, quantity.number
    value = quantity.in_unit(unit)
    return value, decimal_text(value, places=4)


# -- vehicles against boxes: data ------------------------------------------------------------


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
                  on: OnLike = None, catalog: Catalog | None = None) -> VehicleChart:
    """Check every spec against every rule set (as ``compare`` does) and lay out the chart.

    The verdicts come from the full evaluation, so a vehicle inside a box may still fail
    (on displacement, say). Axes use the unit of the first rule set's length and width limits.
    """
    from keirules.analysis import compare

    if not rulesets:
        raise UsageError("needs at least one rule set to draw.", field="ruleset",
                         expected="--ruleset NAME, repeated for each rule set")
    matrix = compare(specs, rulesets, on, catalog)
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
    rules = [r for r in ruleset.rules if r.field == field and r.severity == "legal"
             and r.limit.comparison in _UPPER_COMPARISONS and r.limit.quantity is not None]
    return min(rules, key=lambda r: _level(r) or 0, default=None)


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


# -- drawing: shared -------------------------------------------------------------------------

_VERDICT_STYLE: Final = {  # marker, colour, mark shown before a name
    "pass": ("o", "#2e7d32", "✓"),
    "fail": ("X", "#c62828", "✗"),
    "incomplete": ("D", "#6d6d6d", "?"),
    "mixed": ("P", "#e07b00", "±"),
}
_BOX_COLOURS: Final = ("#1f4e9c", "#7b3fa0", "#b5651d", "#00838f", "#ad1457", "#546e7a")
_BOX_STYLES: Final = ("-", "--", ":", "-.")
_SERIES_COLOURS: Final = ("#1f4e9c", "#c0392b", "#2e7d32", "#7b3fa0", "#b5651d")
_RC: Final[dict[str, Any]] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "svg.hashsalt": "keirules",
    "svg.fonttype": "path",
    "path.simplify": True,
}
_DPI: Final = 100


def require_matplotlib() -> None:
    """Fail early, with how to install it, when the plotting extra is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotExtraMissing(
            "drawing charts needs matplotlib (the optional 'plot' extra), which is not "
            f"installed; install it with {INSTALL_HINT} and run the command again.") from None


def _new_figure(width: float, height: float) -> tuple[Figure, RendererBase]:
    """A figure on the Agg canvas (never a window), and the renderer that measures text."""
    require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=_DPI)
    canvas: Any = FigureCanvasAgg(figure)  # matplotlib leaves get_renderer unannotated
    return figure, canvas.get_renderer()


def _style() -> Any:
    """The matplotlib settings every chart is drawn with, whatever the user's matplotlibrc."""
    import matplotlib

    settings: Any = _RC
    return matplotlib.rc_context(settings)


def check_output(path: str | Path) -> str:
    """``png`` or ``svg`` by the file name's suffix, in a folder that exists; else refused."""
    target = Path(path)
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise UsageError("is not a file name for a chart.", field="output", value=str(path),
                         expected="a file name ending in .png or .svg")
    if not target.parent.is_dir() or target.is_dir():
        raise UsageError("cannot be written: its folder does not exist, or it is a folder.",
                         field="output", value=str(path),
                         expected="a file path in an existing folder")
    return fmt


def save_figure(figure: Figure, path: str | Path) -> Path:
    """Write a chart as PNG or SVG (by the suffix), byte-for-byte the same on every run.

    The SVG's element ids come from a fixed salt and neither file records a date, so the
    same chart drawn twice gives identical bytes.
    """
    target = Path(path)
    fmt = check_output(target)
    metadata: dict[str, str | None] = (
        {"Date": None, "Creator": "keirules"} if fmt == "svg" else {"Software": "keirules"})
    with _style():
        try:
            figure.savefig(target, format=fmt, dpi=150 if fmt == "png" else _DPI,
                           metadata=metadata)
        except OSError as exc:
            raise UsageError(f"cannot be written ({exc.strerror or exc}).", field="output",
                             value=str(path),
                             expected="a writable file path in an existing folder") from None
    return target


def _overlaps(box: Bbox, others: Iterable[Bbox]) -> bool:
    return any(box.overlaps(other) for other in others)


def _inside(box: Bbox, frame: Bbox) -> bool:
    return bool(box.x0 >= frame.x0 and box.x1 <= frame.x1 and
                box.y0 >= frame.y0 and box.y1 <= frame.y1)


# -- drawing: limits over time ---------------------------------------------------------------

_PANEL_HEIGHT: Final = 1.0  # inches of plotting area per panel, at least
_LEGEND_LINE: Final = 8 * 1.25 / 72  # inches per line of legend text (8 pt type)
_PANEL_GAP: Final = 0.42  # room for each panel's title
_LEFT, _RIGHT = 0.75, 2.3  # inches: y tick labels; series legends
_HEADER: Final = 0.75  # inches for the title and the subtitle
_BAND: Final = 1.45  # inches between the subtitle and the first panel: change-over labels


def plot_limits(family: str = "jp-kei", *, until: dt.date | str | None = None,
                catalog: Catalog | None = None) -> Figure:
    """Draw a family's limits over time: one step chart per field, change-overs marked.

    Returns a matplotlib ``Figure`` (save it with :func:`save_figure` for stable bytes).
    """
    require_matplotlib()
    return draw_limits(limit_history(family, until=until, catalog=catalog))


def draw_limits(history: LimitHistory) -> Figure:
    """Draw a :class:`LimitHistory` (see :func:`plot_limits`)."""
    require_matplotlib()
    with _style():
        return _draw_limits(history)


def _draw_limits(history: LimitHistory) -> Figure:
    from matplotlib.ticker import FixedLocator, FuncFormatter

    count = len(history.panels)
    width = 11.0
    legends = [_legend_labels(panel) for panel in history.panels]
    heights = [max(_PANEL_HEIGHT, _legend_height(labels)) for labels in legends]
    height = _HEADER + _BAND + sum(heights) + count * _PANEL_GAP + 0.5
    figure, renderer = _new_figure(width, height)
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
    lines = [_wrap(name, _LEGEND_WIDTH)]
    own = [clause for clause in _clauses(series) if clause not in shared]
    lines += [_wrap(f"when {clause}", _LEGEND_WIDTH) for clause in own]
    first, last = series.steps[0].start.year, series.steps[-1].end
    years = f"{first}–{last.year}" if last is not None else f"from {first}"
    values = " → ".join(step.text for step in series.steps) + f" ({years})"
    lines.append(_wrap(values, _LEGEND_WIDTH))
    return "\n".join(lines)


_LEGEND_WIDTH: Final = 27  # characters per legend line in the right margin


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


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
            if _inside(box, frame) and not _overlaps(box, placed) \
                    and not _overlaps(box, lines):
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
    points_per_pixel = 72 / _DPI
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


# -- drawing: vehicles against boxes ---------------------------------------------------------


def plot_vehicles(specs: Iterable[SpecLike], rulesets: Sequence[RuleSetLike],
                  on: OnLike = None, catalog: Catalog | None = None) -> Figure:
    """Draw vehicles (length against width) with each rule set's box and their verdicts.

    Returns a matplotlib ``Figure``; :func:`vehicle_chart` gives the data and verdicts alone.
    """
    require_matplotlib()
    return draw_vehicles(vehicle_chart(specs, rulesets, on, catalog))


def draw_vehicles(chart: VehicleChart) -> Figure:
    """Draw a :class:`VehicleChart` (see :func:`plot_vehicles`)."""
    require_matplotlib()
    with _style():
        return _draw_vehicles(chart)


_CHART_HEIGHT: Final = 5.4  # inches of plotting area
_ROW: Final = 0.22  # inches per row of the verdict table
_CLUSTER_PX: Final = 12.0  # points closer than this (pixels) share one label


@dataclass
class _Cluster:
    """Vehicles drawn so close together that one label block names them all."""

    points: list[VehiclePoint]
    x: float
    y: float


def _draw_vehicles(chart: VehicleChart) -> Figure:
    figure, renderer = _new_figure(10.0, 8.0)
    rows = [_table_row(point) for point in chart.points]
    header = ["vehicle", f"length × width ({_unit_pair(chart)})",
              *(box.ruleset for box in chart.boxes)]
    widths = [max(_text_width(figure, renderer, row[i][0], bold=False) for row in rows)
              for i in range(len(header))]
    widths = [max(w, _text_width(figure, renderer, h, bold=True)) + 18
              for w, h in zip(widths, header, strict=True)]
    width = max(10.0, sum(widths) / _DPI + 1.2)
    drawn = [p for p in chart.points if p.length is not None and p.width is not None]
    missing = [p.name for p in chart.points if p not in drawn]
    table_height = _ROW * (len(rows) + 1) + 0.25 + (0.25 if missing else 0.0)
    top, legend, axis = 1.0, 0.75, 0.55
    height = top + _CHART_HEIGHT + axis + legend + table_height + 0.2
    figure.set_size_inches(width, height)
    ax = figure.add_axes((0.8 / width, (height - top - _CHART_HEIGHT) / height,
                          (width - 1.1) / width, _CHART_HEIGHT / height))
    _vehicle_axes(ax, chart, drawn)
    _draw_boxes(ax, chart)
    _draw_points(ax, chart, drawn, renderer)
    _vehicle_legend(figure, ax, chart, drawn, (height - top - _CHART_HEIGHT - axis) / height)
    table = figure.add_axes((0.8 / width, 0.2 / height, (width - 1.1) / width,
                             table_height / height))
    _draw_table(table, header, rows, widths, missing)
    on = chart.on.isoformat()
    figure.text(0.8 / width, 1 - 0.2 / height,
                f"Vehicles against the length × width box of each rule set (checked on {on})",
                fontsize=12, fontweight="bold", va="top")
    figure.text(0.8 / width, 1 - 0.48 / height, _wrap(
                "A box holds every length and width a rule set allows. Verdicts come from "
                "every rule (engine, power, seats...), so a vehicle inside a box can still "
                "fail; the table says why.", int((width - 1.1) * 15)),
                fontsize=8.5, color="#444444", va="top", linespacing=1.4)
    return figure


def _unit_pair(chart: VehicleChart) -> str:
    if chart.length_unit == chart.width_unit:
        return chart.length_unit
    return f"{chart.length_unit}, {chart.width_unit}"


def _text_width(figure: Figure, renderer: RendererBase, text: str, *, bold: bool) -> float:
    probe = figure.text(0, 0, text, fontsize=8, fontweight="bold" if bold else "normal")
    width = float(probe.get_window_extent(renderer).width)
    probe.remove()
    return width


def _vehicle_axes(ax: Axes, chart: VehicleChart, drawn: Sequence[VehiclePoint]) -> None:
    xs = [float(p.length) for p in drawn if p.length is not None]
    ys = [float(p.width) for p in drawn if p.width is not None]
    xs += [float(b.length) for b in chart.boxes if b.length is not None]
    ys += [float(b.width) for b in chart.boxes if b.width is not None]
    xs, ys = xs or [0.0, 1.0], ys or [0.0, 1.0]
    for values, setter in ((xs, ax.set_xlim), (ys, ax.set_ylim)):
        low, high = min(values), max(values)
        span = high - low or abs(high) * 0.2 or 1.0
        setter(max(low - span * 0.12, 0.0), high + span * 0.12)
    ax.set_xlabel(f"overall length ({chart.length_unit})")
    ax.set_ylabel(f"overall width ({chart.width_unit})")
    ax.grid(color="#ececec", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _box_style(index: int) -> tuple[str, str]:
    return (_BOX_COLOURS[index % len(_BOX_COLOURS)], _BOX_STYLES[index % len(_BOX_STYLES)])


def _box_label(box: Box) -> str:
    sides = [box.length_text or "any length", box.width_text or "any width"]
    return f"{box.ruleset}: {sides[0]} × {sides[1]}"


def _draw_boxes(ax: Axes, chart: VehicleChart) -> None:
    from matplotlib.patches import Rectangle

    for index, box in enumerate(chart.boxes):
        colour, style = _box_style(index)
        if box.length is not None and box.width is not None:
            ax.add_patch(Rectangle((0, 0), float(box.length), float(box.width),
                                   facecolor=colour, alpha=0.06, edgecolor="none", zorder=1))
            ax.add_patch(Rectangle((0, 0), float(box.length), float(box.width),
                                   facecolor="none", edgecolor=colour, linestyle=style,
                                   linewidth=1.6, zorder=2, label=_box_label(box)))
        elif box.length is not None:
            ax.axvline(float(box.length), color=colour, linestyle=style, linewidth=1.6,
                       label=_box_label(box), zorder=2)
        elif box.width is not None:
            ax.axhline(float(box.width), color=colour, linestyle=style, linewidth=1.6,
                       label=_box_label(box), zorder=2)
        else:
            ax.plot([], [], color=colour, linestyle=style, label=_box_label(box))


def _marks(point: VehiclePoint) -> str:
    return "".join(_VERDICT_STYLE[verdict][2] for verdict in point.verdicts)


def _draw_points(ax: Axes, chart: VehicleChart, drawn: Sequence[VehiclePoint],
                 renderer: RendererBase) -> None:
    order = ("pass", "incomplete", "mixed", "fail")  # fail drawn last: never hidden
    for point in sorted(drawn, key=lambda p: order.index(p.overall)):
        marker, colour, _ = _VERDICT_STYLE[point.overall]
        ax.plot([float(point.length or 0)], [float(point.width or 0)], linestyle="none",
                marker=marker, markersize=8 if marker != "X" else 9, color=colour,
                markeredgecolor="white", markeredgewidth=0.8, zorder=5)
    clusters = _clusters(ax, drawn)
    frame = ax.get_window_extent(renderer)
    markers = [_marker_box(ax, c.x, c.y) for c in clusters]
    edges = _edge_boxes(ax, chart)
    placed = _name_boxes(ax, chart, renderer, frame, markers + edges)
    # Crowded clusters first, then from the top right (where the limits are) outwards.
    for index in sorted(range(len(clusters)), key=lambda i: (
            -len(clusters[i].points), -clusters[i].x, -clusters[i].y)):
        others = markers[:index] + markers[index + 1:] + edges
        _place_label(ax, clusters[index], renderer, frame, others, placed)


def _name_boxes(ax: Axes, chart: VehicleChart, renderer: RendererBase, frame: Bbox,
                obstacles: list[Bbox]) -> list[Bbox]:
    """Write each rule set's name along its box's top edge, at the left, where it is free."""
    placed: list[Bbox] = []
    left = ax.get_xlim()[0]
    for index, box in enumerate(chart.boxes):
        if box.width is None:
            continue
        colour, _ = _box_style(index)
        x = left if box.length is None else min(left, float(box.length))
        for dy, va in ((2, "bottom"), (-2, "top")):
            text = ax.annotate(box.ruleset, (x, float(box.width)), xytext=(6, dy),
                               textcoords="offset points", ha="left", va=va, fontsize=8,
                               fontweight="bold", color=colour, zorder=4)
            extent = text.get_window_extent(renderer).expanded(1.05, 1.1)
            if _inside(extent, frame) and not _overlaps(extent, placed + obstacles):
                placed.append(extent)
                break
            text.remove()
    return placed


def _clusters(ax: Axes, drawn: Sequence[VehiclePoint]) -> list[_Cluster]:
    """Group points closer than a few pixels (single linkage), in a stable order."""
    clusters: list[_Cluster] = []
    for point in drawn:
        x, y = float(point.length or 0), float(point.width or 0)
        here = ax.transData.transform((x, y))
        near = [c for c in clusters
                if any(_distance(ax, here, p) < _CLUSTER_PX for p in c.points)]
        members = [point] + [p for c in near for p in c.points]
        clusters = [c for c in clusters if c not in near]
        xs = [float(p.length or 0) for p in members]
        ys = [float(p.width or 0) for p in members]
        clusters.append(_Cluster(sorted(members, key=lambda p: p.name.lower()),
                                 sum(xs) / len(xs), sum(ys) / len(ys)))
    return clusters


def _distance(ax: Axes, here: Any, point: VehiclePoint) -> float:
    there = ax.transData.transform((float(point.length or 0), float(point.width or 0)))
    return float(((here[0] - there[0]) ** 2 + (here[1] - there[1]) ** 2) ** 0.5)


def _marker_box(ax: Axes, x: float, y: float) -> Bbox:
    from matplotlib.transforms import Bbox

    cx, cy = ax.transData.transform((x, y))
    return Bbox.from_extents(cx - 7, cy - 7, cx + 7, cy + 7)


def _edge_boxes(ax: Axes, chart: VehicleChart) -> list[Bbox]:
    """Thin boxes along the top and right edges of every rule set's box."""
    from matplotlib.transforms import Bbox

    boxes = []
    for box in chart.boxes:
        length = float(box.length) if box.length is not None else None
        width = float(box.width) if box.width is not None else None
        right = length if length is not None else ax.get_xlim()[1]
        top = width if width is not None else ax.get_ylim()[1]
        if width is not None:
            (x0, y0), (x1, y1) = ax.transData.transform([(0, width), (right, width)])
            boxes.append(Bbox.from_extents(x0, y0 - 1.5, x1, y1 + 1.5))
        if length is not None:
            (x0, y0), (x1, y1) = ax.transData.transform([(length, 0), (length, top)])
            boxes.append(Bbox.from_extents(x0 - 1.5, y0, x1 + 1.5, y1))
    return boxes


_DIRECTIONS: Final = ((1, 0), (1, 1), (1, -1), (-1, 0), (-1, 1), (-1, -1), (0, 1), (0, -1))
_DISTANCES: Final = (9, 22, 40, 64, 92)


def _place_label(ax: Axes, cluster: _Cluster, renderer: RendererBase, frame: Bbox,
                 obstacles: list[Bbox], placed: list[Bbox]) -> None:
    """Put a cluster's names at the nearest free spot clear of other markers, box edges
    and labels, with a leader line unless it sits right beside its marker."""
    from matplotlib.offsetbox import AnnotationBbox, TextArea, VPacker

    lines: list[Any] = [
        TextArea(f"{_marks(p)} {p.name}",
                 textprops={"color": _VERDICT_STYLE[p.overall][1], "fontsize": 8})
        for p in cluster.points]
    fallback: tuple[float, float, tuple[float, float]] | None = None
    for distance in _DISTANCES:
        for dx, dy in _DIRECTIONS:
            offset = (dx * distance, dy * distance * 0.8)
            align = (0.0 if dx > 0 else 1.0 if dx < 0 else 0.5,
                     0.0 if dy > 0 else 1.0 if dy < 0 else 0.5)
            block = VPacker(children=lines, align="left", pad=0, sep=1)
            label = AnnotationBbox(block, (cluster.x, cluster.y), xybox=offset,
                                   boxcoords="offset points", box_alignment=align,
                                   frameon=False, pad=0.1, zorder=6)
            ax.add_artist(label)
            label.update_positions(renderer)
            box = label.offsetbox.get_window_extent(renderer).expanded(1.04, 1.08)
            fallback = fallback or (offset[0], offset[1], align)
            if _inside(box, frame) and not _overlaps(box, placed) and \
                    not _overlaps(box, obstacles):
                placed.append(box)
                if distance > _DISTANCES[0] or dy != 0:  # a leader says whose names these are
                    label.remove()
                    _leader_label(ax, cluster, lines, offset, align)
                return
            label.remove()
    assert fallback is not None
    _leader_label(ax, cluster, lines, fallback[:2], fallback[2])


def _leader_label(ax: Axes, cluster: _Cluster, lines: list[Any],
                  offset: tuple[float, float], align: tuple[float, float]) -> None:
    from matplotlib.offsetbox import AnnotationBbox, VPacker

    block = VPacker(children=lines, align="left", pad=0, sep=1)
    ax.add_artist(AnnotationBbox(
        block, (cluster.x, cluster.y), xybox=offset, boxcoords="offset points",
        box_alignment=align, frameon=False, pad=0.1, zorder=6,
        arrowprops={"arrowstyle": "-", "color": "#8a8a8a", "linewidth": 0.7,
                    "shrinkA": 1, "shrinkB": 5, "relpos": align}))


def _vehicle_legend(figure: Figure, ax: Axes, chart: VehicleChart,
                    drawn: Sequence[VehiclePoint], top: float) -> None:
    """Two rows under the chart: the rule sets' boxes, then what the markers mean."""
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    left = ax.get_position().x0
    figure.legend(handles, labels, loc="upper left", frameon=False, ncols=len(handles),
                  bbox_to_anchor=(left, top), handlelength=2.4, columnspacing=2.0,
                  borderaxespad=0)
    present = {point.overall for point in drawn}
    several = len(chart.boxes) > 1
    names = {"pass": "passes" + (" every rule set" if several else ""),
             "fail": "fails" + (" every rule set" if several else ""),
             "incomplete": "incomplete (data missing)",
             "mixed": "passes some rule sets, not others"}
    marks, texts = [], []
    for verdict in ("pass", "fail", "incomplete", "mixed"):
        if verdict in present:
            marker, colour, _ = _VERDICT_STYLE[verdict]
            marks.append(Line2D([], [], linestyle="none", marker=marker, color=colour,
                                markersize=8, markeredgecolor="white"))
            texts.append(names[verdict])
    if marks:
        figure.legend(marks, texts, loc="upper left", frameon=False, ncols=len(marks),
                      bbox_to_anchor=(left, top - 0.28 / figure.get_size_inches()[1]),
                      handlelength=1.2, columnspacing=2.0, borderaxespad=0)
    order = ", then ".join(box.ruleset for box in chart.boxes)
    figure.text(left, top - 0.56 / figure.get_size_inches()[1],
                f"Before each name: ✓ pass, ✗ fail, ? incomplete, under {order}.",
                fontsize=8, color="#444444", va="top")


def _table_row(point: VehiclePoint) -> list[tuple[str, str]]:
    """The cells (text, colour) of one vehicle's row in the verdict table."""
    size = "not given"
    if point.length is not None and point.width is not None:
        size = f"{decimal_text(point.length, places=3)} × {decimal_text(point.width, places=3)}"
    cells = [(point.name, "#222222"), (size, "#222222")]
    for verdict, failed, unknown in zip(point.verdicts, point.failed, point.unknown,
                                        strict=True):
        detail = {"fail": ", ".join(failed),
                  "incomplete": "cannot check " + ", ".join(unknown)}.get(verdict, "")
        mark = _VERDICT_STYLE[verdict][2]
        cells.append((f"{mark} {verdict}" + (f": {detail}" if detail else ""),
                      _VERDICT_STYLE[verdict][1]))
    return cells


def _draw_table(ax: Axes, header: list[str], rows: list[list[tuple[str, str]]],
                widths: list[float], missing: list[str]) -> None:
    """The verdict of every vehicle under every rule set, with the rules that failed."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_autoscale_on(False)
    total = ax.get_window_extent().height
    row_px = _ROW * _DPI
    x = 0.0
    left = []
    for column_width in widths:
        left.append(x)
        x += column_width
    frame_width = ax.get_window_extent().width

    def place(column: int, line: int, text: str, colour: str, bold: bool = False) -> None:
        ax.text(left[column] / frame_width, 1 - (line + 0.5) * row_px / total, text,
                transform=ax.transAxes, va="center", ha="left", fontsize=8, color=colour,
                fontweight="bold" if bold else "normal")

    for column, title in enumerate(header):
        place(column, 0, title, "#222222", bold=True)
    ax.axhline(1 - row_px / total, color="#999999", linewidth=0.8)
    for line, row in enumerate(rows, start=1):
        for column, (text, colour) in enumerate(row):
            place(column, line, text, colour)
        if line % 2 == 0:
            ax.axhspan(1 - (line + 1) * row_px / total, 1 - line * row_px / total,
                       color="#f4f4f4", zorder=0)
    if missing:
        ax.text(0, 1 - (len(rows) + 1.6) * row_px / total,
                "Not drawn (length or width not given): " + ", ".join(missing),
                transform=ax.transAxes, va="center", fontsize=8, color="#444444")
