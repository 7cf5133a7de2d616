"""Drawing the vehicles chart: each rule set's box, each vehicle placed and named, a verdict table.

Only layout lives here (boxes, markers, names placed clear of each other, the table); the
boxes and verdicts come from :mod:`keirules.plot.vehicles_data`, and matplotlib is imported
inside functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
from keirules.plot.vehicles_data import Box, VehicleChart, VehiclePoint
from keirules.quantity import decimal_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

__all__ = ["draw_vehicles"]

_VERDICT_STYLE: Final = {  # marker, colour, mark shown before a name
    "pass": ("o", "#2e7d32", "✓"),
    "fail": ("X", "#c62828", "✗"),
    "incomplete": ("D", "#6d6d6d", "?"),
    "mixed": ("P", "#e07b00", "±"),
}
_BOX_COLOURS: Final = ("#1f4e9c", "#7b3fa0", "#b5651d", "#00838f", "#ad1457", "#546e7a")
_BOX_STYLES: Final = ("-", "--", ":", "-.")


def draw_vehicles(chart: VehicleChart) -> Figure:
    """Draw a :class:`VehicleChart` (see :func:`plot_vehicles`)."""
    require_matplotlib()
    with chart_style():
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
    figure, renderer = new_figure(10.0, 8.0)
    rows = [_table_row(point) for point in chart.points]
    header = ["vehicle", f"length × width ({_unit_pair(chart)})",
              *(box.ruleset for box in chart.boxes)]
    widths = [max(_text_width(figure, renderer, row[i][0], bold=False) for row in rows)
              for i in range(len(header))]
    widths = [max(w, _text_width(figure, renderer, h, bold=True)) + 18
              for w, h in zip(widths, header, strict=True)]
    width = max(10.0, sum(widths) / DPI + 1.2)
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
    figure.text(0.8 / width, 1 - 0.48 / height, wrap(
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
            if inside(extent, frame) and not overlaps(extent, placed + obstacles):
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
            if inside(box, frame) and not overlaps(box, placed) and \
                    not overlaps(box, obstacles):
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
    row_px = _ROW * DPI
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
