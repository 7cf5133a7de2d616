"""What both charts share: the missing-extra error, a figure, one style, stable saved bytes.

Kept apart from the data so that everything here is about matplotlib, imported only inside
functions: importing :mod:`keirules.plot` stays cheap, and a missing extra is one clear
:class:`PlotExtraMissing` when a chart is drawn. Figures live on the Agg canvas, never pyplot,
so no window opens and no global state changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from keirules.errors import PlotExtraMissing, UsageError
from keirules.extras import install_hint

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

__all__ = [
    "DPI",
    "FORMATS",
    "INSTALL_HINT",
    "PlotExtraMissing",
    "chart_style",
    "check_output",
    "inside",
    "new_figure",
    "overlaps",
    "require_matplotlib",
    "save_figure",
    "wrap",
]

#: Output formats, by file suffix.
FORMATS: Final = {".png": "png", ".svg": "svg"}
#: How to add matplotlib, worded for how keirules was installed (from the index, or a folder).
INSTALL_HINT: Final = install_hint("plot")


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
#: Figures are laid out in inches at this resolution; label placement counts its pixels.
DPI: Final = 100


def require_matplotlib() -> None:
    """Fail early, with how to install it, when the plotting extra is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotExtraMissing(
            "drawing charts needs matplotlib (the optional 'plot' extra), which is not "
            f"installed; install it with {INSTALL_HINT} and run the command again.") from None


def new_figure(width: float, height: float) -> tuple[Figure, RendererBase]:
    """A figure on the Agg canvas (never a window), and the renderer that measures text."""
    require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    canvas: Any = FigureCanvasAgg(figure)  # matplotlib leaves get_renderer unannotated
    return figure, canvas.get_renderer()


def chart_style() -> Any:
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
    with chart_style():
        try:
            figure.savefig(target, format=fmt, dpi=150 if fmt == "png" else DPI,
                           metadata=metadata)
        except OSError as exc:
            raise UsageError(f"cannot be written ({exc.strerror or exc}).", field="output",
                             value=str(path),
                             expected="a writable file path in an existing folder") from None
    return target


def overlaps(box: Bbox, others: Iterable[Bbox]) -> bool:
    """Whether a label's box would cover any already placed (display coordinates)."""
    return any(box.overlaps(other) for other in others)


def inside(box: Bbox, frame: Bbox) -> bool:
    """Whether a label's box lies wholly within the axes, so it is never clipped."""
    return bool(box.x0 >= frame.x0 and box.x1 <= frame.x1 and
                box.y0 >= frame.y0 and box.y1 <= frame.y1)


def wrap(text: str, width: int) -> str:
    """Break text into lines of at most ``width`` characters (titles, legends, notes)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width))
