"""Charts: the data behind them (exact, always tested) and the drawings (when matplotlib is in)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import EXAMPLES

import keirules
from keirules import Catalog, UnknownRuleSetError, UsageError
from keirules.cli import main
from keirules.plot import (
    INSTALL_HINT,
    LimitHistory,
    PlotExtraMissing,
    limit_history,
    vehicle_chart,
)

D = dt.date
F = Fraction
UNTIL = D(2026, 11, 25)
JP_KEI = ["1949", "1950", "1951", "1955", "1960", "1976", "1990", "1998"]
NBOX = EXAMPLES / "honda-n-box-jf5.yaml"
COPEN = EXAMPLES / "daihatsu-copen-1-3.yaml"
N360 = EXAMPLES / "honda-n360.yaml"
SMART = EXAMPLES / "smart-fortwo-w450.yaml"
KIA = EXAMPLES / "kia-morning-ta.yaml"
WHAT_IF = """\
format: keirules-ruleset/1
family: us-kei-whatif
version: "2026"
title: What if the kei box were 1.60 m wide
jurisdiction: US
status: what_if
effective_from: 2026-01-01
extends: jp-kei@1998
sources:
  idea: {title: A what-if}
rules:
  - {id: width, field: width, max: 1.60 m, source: idea}
"""


@pytest.fixture(scope="module")
def jp_kei() -> LimitHistory:
    return limit_history("jp-kei", until=UNTIL)


def steps(history: LimitHistory, rule: str) -> list[tuple[D, D | None, Fraction, str]]:
    return [(s.start, s.end, s.value, s.text) for s in history.series(rule).steps]


# -- limits over time: data --------------------------------------------------------------------


def test_length_steps_exactly(jp_kei: LimitHistory) -> None:
    assert steps(jp_kei, "length") == [
        (D(1949, 7, 8), D(1950, 7, 25), F("2.80"), "2.80"),
        (D(1950, 7, 26), D(1975, 12, 31), F("3.00"), "3.00"),
        (D(1976, 1, 1), D(1989, 12, 31), F("3.20"), "3.20"),
        (D(1990, 1, 1), D(1998, 9, 30), F("3.30"), "3.30"),
        (D(1998, 10, 1), None, F("3.40"), "3.40"),
    ]
    # 3.00 m held from 1950 to 1975: one step, held by four consecutive versions
    assert jp_kei.series("length").steps[1].rulesets == (
        "jp-kei@1950", "jp-kei@1951", "jp-kei@1955", "jp-kei@1960")


def test_width_and_height_steps(jp_kei: LimitHistory) -> None:
    assert steps(jp_kei, "width") == [
        (D(1949, 7, 8), D(1950, 7, 25), F("1.00"), "1.00"),
        (D(1950, 7, 26), D(1975, 12, 31), F("1.30"), "1.30"),
        (D(1976, 1, 1), D(1998, 9, 30), F("1.40"), "1.40"),
        (D(1998, 10, 1), None, F("1.48"), "1.48"),
    ]
    assert steps(jp_kei, "height") == [(D(1949, 7, 8), None, F(2), "2.00")]


def test_displacement_by_engine_cycle(jp_kei: LimitHistory) -> None:
    panel = next(p for p in jp_kei.panels if p.field == "displacement")
    assert panel.unit == "cc"
    assert [s.rule for s in panel.series] == [
        "displacement-four-stroke", "displacement-two-stroke", "displacement"]
    assert steps(jp_kei, "displacement-four-stroke") == [
        (D(1949, 7, 8), D(1950, 7, 25), F(150), "150"),
        (D(1950, 7, 26), D(1951, 8, 15), F(300), "300"),
        (D(1951, 8, 16), D(1955, 3, 31), F(360), "360"),
    ]
    assert steps(jp_kei, "displacement-two-stroke") == [
        (D(1949, 7, 8), D(1950, 7, 25), F(100), "100"),
        (D(1950, 7, 26), D(1951, 8, 15), F(200), "200"),
        (D(1951, 8, 16), D(1955, 3, 31), F(240), "240"),
    ]
    assert steps(jp_kei, "displacement") == [
        (D(1955, 4, 1), D(1975, 12, 31), F(360), "360"),
        (D(1976, 1, 1), D(1989, 12, 31), F(550), "550"),
        (D(1990, 1, 1), None, F(660), "660"),
    ]
    assert jp_kei.series("displacement-two-stroke").when == (
        "powertrain is combustion or hybrid; engine_cycle is two_stroke")


def test_power_counts_and_conditional_limits(jp_kei: LimitHistory) -> None:
    assert steps(jp_kei, "rated-output") == [
        (D(1949, 7, 8), D(1950, 7, 25), F("1.2"), "1.2"),
        (D(1950, 7, 26), D(1960, 6, 30), F("2.0"), "2.0"),  # removed from 1960-07-01
    ]
    agreement = jp_kei.series("power-agreement")
    assert agreement.severity == "voluntary"
    assert [(s.start, s.end, s.text) for s in agreement.steps] == [(D(1976, 1, 1), None, "64")]
    assert steps(jp_kei, "wheels") == [(D(1950, 7, 26), None, F(3), "3")]
    assert [s.op for s in jp_kei.series("wheels").steps] == [">="]
    assert steps(jp_kei, "seats") == [(D(1998, 10, 1), None, F(4), "4")]
    assert steps(jp_kei, "payload") == [(D(1998, 10, 1), None, F(350), "350")]
    assert jp_kei.series("payload").when == "category is cargo"


def test_panels_changeovers_and_units(jp_kei: LimitHistory) -> None:
    assert [(p.field, p.unit) for p in jp_kei.panels] == [
        ("length", "m"), ("width", "m"), ("height", "m"), ("displacement", "cc"),
        ("max_power", "PS"), ("rated_power", "kW"), ("max_payload", "kg"),
        ("wheels", None), ("seats", None)]
    assert [(c.ruleset, c.day) for c in jp_kei.changeovers] == [
        (f"jp-kei@{v}", day) for v, day in zip(JP_KEI, [
            D(1949, 7, 8), D(1950, 7, 26), D(1951, 8, 16), D(1955, 4, 1), D(1960, 7, 1),
            D(1976, 1, 1), D(1990, 1, 1), D(1998, 10, 1)], strict=True)]
    assert (jp_kei.start, jp_kei.until) == (D(1949, 7, 8), UNTIL)
    with pytest.raises(KeyError):
        jp_kei.series("no-such-rule")


def test_until_leaves_out_later_versions() -> None:
    history = limit_history("jp-kei", until="1980-06-01")
    assert history.changeovers[-1].ruleset == "jp-kei@1976"
    assert steps(history, "length")[-1][2:] == (F("3.20"), "3.20")
    assert "seats" not in [p.field for p in history.panels]
    first_day = limit_history("jp-kei", until=D(1949, 7, 8))
    assert [c.ruleset for c in first_day.changeovers] == ["jp-kei@1949"]


def toy_family(tmp_path: Path) -> Catalog:
    """A family with a unit change, an equal limit in another unit, a gap and a what-if."""
    head = ("format: keirules-ruleset/1\nfamily: toy\nversion: \"{v}\"\ntitle: Toy {v}\n"
            "jurisdiction: JP\nstatus: {status}\neffective_from: {v}-01-01\n"
            "sources:\n  s: {{title: Toy}}\nrules:\n")
    versions = {
        "2000": ("historical", "  - {id: length, field: length, max: 3.0 m}\n"
                               "  - {id: speed, field: top_speed, max: 60 km/h}\n"),
        "2005": ("historical", "  - {id: length, field: length, max: 3000 mm}\n"),
        "2010": ("in_force", "  - {id: length, field: length, max: 3400 mm}\n"
                             "  - {id: speed, field: top_speed, max: 80 km/h}\n"),
        "2020": ("what_if", "  - {id: length, field: length, max: 5 m}\n"),
        "2021": ("draft", "  - {id: length, field: length, max: 6 m}\n"),
    }
    folder = tmp_path / "rules" / "toy"
    folder.mkdir(parents=True)
    for version, (status, rules) in versions.items():
        (folder / f"{version}.yaml").write_text(head.format(v=version, status=status) + rules,
                                                encoding="utf-8")
    return Catalog([tmp_path / "rules"])


def test_what_if_and_draft_are_never_drawn_and_units_follow_the_newest(tmp_path: Path) -> None:
    history = limit_history("toy", until=D(2030, 1, 1), catalog=toy_family(tmp_path))
    assert [c.ruleset for c in history.changeovers] == ["toy@2000", "toy@2005", "toy@2010"]
    panel = next(p for p in history.panels if p.field == "length")
    assert panel.unit == "mm"  # the newest dated version writes millimetres
    # 3.0 m (2000) and 3000 mm (2005) are the same limit: one step, shown in mm
    assert steps(history, "length") == [
        (D(2000, 1, 1), D(2009, 12, 31), F(3000), "3000"),
        (D(2010, 1, 1), None, F(3400), "3400"),
    ]
    # a rule absent from 2005 leaves a gap: two separate steps
    assert steps(history, "speed") == [
        (D(2000, 1, 1), D(2004, 12, 31), F(60), "60"),
        (D(2010, 1, 1), None, F(80), "80"),
    ]


def test_age_limits_are_drawn_in_years() -> None:
    history = limit_history("us-import", until=UNTIL)
    panel = history.panels[0]
    assert (panel.field, panel.unit) == ("manufactured", "years")
    assert {s.steps[0].text for s in panel.series} == {"25", "21"}
    assert {s.steps[0].value for s in panel.series} == {F(25), F(21)}


@pytest.mark.parametrize(("family", "until", "error", "field", "needle"), [
    ("jp-kei@1998", None, UsageError, "family", "takes a family"),
    ("rulesets/jp-kei/1998.yaml", None, UsageError, "family", "takes a family"),
    ("jp-kie", None, UnknownRuleSetError, "family", "Did you mean 'jp-kei'"),
    ("jp-kei", "1949-07-07", UsageError, "until", "1949-07-08"),
    ("jp-kei", "2026-02-30", UsageError, "until", "YYYY-MM-DD"),
    ("jp-kei", "yesterday", UsageError, "until", "YYYY-MM-DD"),
    ("us-fmvss-considerations", None, UsageError, "family", "only drafts"),
])
def test_bad_limit_history_requests(family: str, until: str | None, error: type[Exception],
                                    field: str, needle: str) -> None:
    with pytest.raises(error) as caught:
        limit_history(family, until=until)
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert needle in str(caught.value)


# -- vehicles against boxes: data ------------------------------------------------------------


def test_boxes_and_verdicts_from_the_full_evaluation() -> None:
    chart = vehicle_chart([NBOX, COPEN, N360], ["jp-kei@1955", "jp-kei@1998"], on=UNTIL)
    assert [(b.ruleset, b.length, b.width, b.length_text, b.width_text) for b in chart.boxes] == [
        ("jp-kei@1955", F(3), F("1.3"), "3.00 m", "1.30 m"),
        ("jp-kei@1998", F("3.4"), F("1.48"), "3.40 m", "1.48 m"),
    ]
    nbox, copen, n360 = chart.points
    assert (nbox.length, nbox.width) == (F("3.395"), F("1.475"))
    assert nbox.verdicts == ("fail", "pass") and nbox.overall == "mixed"
    assert nbox.failed[0] == ("length", "width", "displacement")
    # inside the 1998 box, yet failing: the verdict is not just the box
    assert (copen.length, copen.width) == (nbox.length, nbox.width)
    assert copen.verdicts == ("fail", "fail") and copen.overall == "fail"
    assert copen.failed[1] == ("displacement",)
    assert n360.overall == "pass"
    assert (chart.length_unit, chart.width_unit, chart.on) == ("m", "m", UNTIL)
    assert chart.exit_code == 1


def test_vehicle_values_are_converted_exactly_and_gaps_kept() -> None:
    inches = {"name": "Imperial", "length": "133.7 in", "width": "58.1 in",
              "powertrain": "electric"}
    chart = vehicle_chart([inches, {"name": "No width", "length": "3 m"}], ["jp-kei@1998"],
                          on=UNTIL)
    imperial, no_width = chart.points
    assert imperial.length == F("133.7") * F("0.0254")
    assert imperial.width == F("1.47574")
    assert no_width.width is None and no_width.verdicts == ("incomplete",)
    assert "width" in no_width.unknown[0]
    assert chart.exit_code == 3


def test_a_box_without_a_width_limit(write: object, tmp_path: Path) -> None:
    path = tmp_path / "no-width.yaml"
    path.write_text(WHAT_IF.replace("rules:\n  - {id: width, field: width, max: 1.60 m, "
                                    "source: idea}\n", "remove: [width]\n"), encoding="utf-8")
    chart = vehicle_chart([NBOX], ["jp-kei@1998", str(path)], on=UNTIL)
    assert chart.boxes[1].width is None and chart.boxes[1].length == F("3.4")


def test_vehicle_chart_needs_a_ruleset() -> None:
    with pytest.raises(UsageError, match="at least one rule set"):
        vehicle_chart([NBOX], [])


# -- the missing extra, and importing without matplotlib ------------------------------------


def test_importing_keirules_does_not_import_matplotlib() -> None:
    code = ("import sys, keirules; assert 'matplotlib' not in sys.modules; "
            "f = keirules.plot_limits; g = keirules.plot_vehicles; "
            "assert 'matplotlib' not in sys.modules; assert 'plot_limits' in dir(keirules); "
            "print(f.__module__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "keirules.plot"


@pytest.fixture
def no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every ``import matplotlib...`` fail, as if the extra were not installed."""
    for name in [n for n in sys.modules if n == "matplotlib" or n.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)


@pytest.mark.parametrize("argv", [
    ["plot", "limits"],
    ["plot", "vehicles", str(NBOX), "--ruleset", "jp-kei@1998"],
])
def test_missing_extra_is_one_paragraph_and_exit_2(
        no_matplotlib: None, argv: list[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "chart.png"
    assert main([*argv, "--output", str(output)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("keirules: error: ")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert f"install it with {INSTALL_HINT}" in captured.err.lower()
    assert not output.exists()


def test_missing_extra_in_the_library(no_matplotlib: None) -> None:
    with pytest.raises(PlotExtraMissing) as caught:
        keirules.plot_limits("jp-kei", until=UNTIL)
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, keirules.KeirulesError)
    assert INSTALL_HINT in str(caught.value)
    # the data needs no matplotlib
    assert limit_history("jp-kei", until=UNTIL).panels


# -- drawing ---------------------------------------------------------------------------------

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def mpl() -> object:
    return pytest.importorskip("matplotlib")


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(("name", "magic"),
                         [(None, PNG_MAGIC), ("limits.SVG", b"<?xml")])
def test_plot_limits_writes_png_and_svg(mpl: object, tmp_path: Path, name: str | None,
                                        magic: bytes, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["plot", "limits", "--family", "jp-kei", "--until", "2026-11-25"]
    status, out, err = run_cli(argv + (["--output", name] if name else []), capsys)
    assert (status, err) == (0, "")
    written = name or "plot-limits.png"  # by default, named after the chart
    assert out == f"{written}\n"
    data = (tmp_path / written).read_bytes()
    assert data.startswith(magic)
    assert len(data) > 20_000
    if name:
        assert b"<svg" in data[:2000] and data.rstrip().endswith(b"</svg>")


def test_default_vehicles_output_is_named_after_the_chart(
        mpl: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(["plot", "vehicles", str(NBOX), "-r", "jp-kei@1998"], capsys)
    assert (status, out) == (0, "plot-vehicles.png\n")
    assert (tmp_path / "plot-vehicles.png").read_bytes().startswith(PNG_MAGIC)


@pytest.mark.parametrize(("chart", "suffix"), [("limits", "svg"), ("vehicles", "png"),
                                               ("vehicles", "svg")])
def test_output_is_deterministic(mpl: object, tmp_path: Path, chart: str, suffix: str) -> None:
    from keirules.plot import save_figure

    specs = [NBOX, COPEN, N360, SMART, KIA]
    for index in range(2):
        figure = (keirules.plot_limits("jp-kei", until=UNTIL) if chart == "limits" else
                  keirules.plot_vehicles(specs, ["jp-kei@1955", "jp-kei@1998"], on=UNTIL))
        save_figure(figure, tmp_path / f"{index}.{suffix}")
    assert (tmp_path / f"0.{suffix}").read_bytes() == (tmp_path / f"1.{suffix}").read_bytes()


@pytest.mark.parametrize(("specs", "rulesets", "expected"), [
    ([NBOX], ["jp-kei@1998"], 0),
    ([NBOX, COPEN], ["jp-kei@1998"], 1),
    ([N360], ["jp-kei@1955", "jp-kei@1998"], 0),
    ([N360, NBOX], ["jp-kei@1955", "jp-kei@1998"], 1),
])
def test_plot_vehicles_exits_like_compare(mpl: object, tmp_path: Path, specs: list[Path],
                                          rulesets: list[str], expected: int,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "vehicles.svg"
    argv = ["plot", "vehicles", *map(str, specs), "--on", "2026-11-25", "-o", str(output)]
    for name in rulesets:
        argv += ["--ruleset", name]
    status, out, err = run_cli(argv, capsys)
    assert (status, out, err) == (expected, f"{output}\n", "")
    assert output.read_bytes().startswith(b"<?xml")


def test_plot_vehicles_with_a_what_if_file(mpl: object, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    what_if = tmp_path / "wide.yaml"
    what_if.write_text(WHAT_IF, encoding="utf-8")
    output = tmp_path / "v.png"
    status, _, err = run_cli(["plot", "vehicles", str(SMART), str(KIA), "-r", "jp-kei@1998",
                              "-r", str(what_if), "-o", str(output)], capsys)
    assert (status, err) == (1, "")
    assert output.read_bytes().startswith(PNG_MAGIC)


@pytest.mark.parametrize(("argv", "needle"), [
    (["plot", "limits", "-o", "chart.jpg"], "ending in .png or .svg"),
    (["plot", "limits", "-o", "chart"], "ending in .png or .svg"),
    (["plot", "limits", "-o", "missing-folder/chart.png"], "existing folder"),
    (["plot", "limits", "--family", "jp-kie"], "Did you mean 'jp-kei'"),
    (["plot", "limits", "--family", "jp-kei@1998"], "takes a family"),
    (["plot", "limits", "--until", "1900-01-01"], "1949-07-08"),
    (["plot", "limits", "--until", "2026-13-01"], "YYYY-MM-DD"),
    (["plot", "vehicles", str(NBOX)], "--ruleset"),
    (["plot", "vehicles", str(NBOX), "-r", "jp-kei@1999"], "jp-kei@1998"),
    (["plot", "vehicles", "no-such-car.yaml", "-r", "jp-kei"], "no-such-car.yaml"),
    (["plot", "vehicles", str(NBOX), "-r", "jp-kei", "--on", "manufactured"], "one date"),
    (["plot"], "CHART"),
    (["plot", "bars"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_paragraph(
        mpl: object, argv: list[str], needle: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's usage errors exit from inside parse_args
        status = exc.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.startswith("keirules: error: ") and captured.err.count("\n") == 1
    assert needle in captured.err
    assert list(tmp_path.iterdir()) == []  # nothing written


def texts(figure: object) -> list[str]:
    from matplotlib.figure import Figure
    from matplotlib.offsetbox import TextArea
    from matplotlib.text import Text

    assert isinstance(figure, Figure)
    found = [t.get_text() for t in figure.findobj(Text)]
    found += [t.get_text() for t in figure.findobj(TextArea)]
    return found


def test_limits_figure_names_every_version_and_labels_never_collide(mpl: object) -> None:
    from matplotlib.text import Annotation

    figure = keirules.plot_limits("jp-kei", until=UNTIL)
    shown = texts(figure)
    for version, day in zip(JP_KEI, ["1949-07-08", "1950-07-26", "1951-08-16", "1955-04-01",
                                     "1960-07-01", "1976-01-01", "1990-01-01", "1998-10-01"],
                            strict=True):
        assert f"jp-kei@{version}   {day}" in shown
    assert len(figure.axes) == len(limit_history("jp-kei", until=UNTIL).panels)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for ax in figure.axes:
        values = [a for a in ax.texts if isinstance(a, Annotation) and a.get_text()
                  and a.get_rotation() == 0 and a.get_bbox_patch() is None]
        boxes = [a.get_window_extent(renderer) for a in values]
        assert boxes, "every panel shows at least one value"
        frame = ax.get_window_extent(renderer)
        for box in boxes:
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1
        for a, b in itertools.combinations(boxes, 2):
            assert not a.overlaps(b)
    assert "Overall length — length: max, m" in shown
    assert "displacement: max, cc   [when powertrain is combustion or hybrid]" in shown


def test_vehicle_figure_labels_every_vehicle_without_overlap(mpl: object) -> None:
    from matplotlib.offsetbox import AnnotationBbox

    specs = sorted(EXAMPLES.glob("*.yaml"))
    figure = keirules.plot_vehicles(specs, ["jp-kei@1955", "jp-kei@1998"], on=UNTIL)
    chart = vehicle_chart(specs, ["jp-kei@1955", "jp-kei@1998"], on=UNTIL)
    shown = "\n".join(texts(figure))
    for point in chart.points:
        assert point.name in shown
    assert "jp-kei@1955: 3.00 m × 1.30 m" in shown
    assert "jp-kei@1998: 3.40 m × 1.48 m" in shown
    assert "✗ fail: displacement" in shown  # the Copen: inside the box, failing
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    chart_ax = figure.axes[0]
    labels = [a for a in chart_ax.artists if isinstance(a, AnnotationBbox)]
    drawn = [p for p in chart.points if p.length is not None and p.width is not None]
    assert sum(len(a.offsetbox.get_children()) for a in labels) == len(drawn)
    boxes = []
    for label in labels:
        label.update_positions(renderer)
        boxes.append(label.offsetbox.get_window_extent(renderer))
    frame = chart_ax.get_window_extent(renderer)
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_drawing_never_uses_pyplot_or_a_window(mpl: object, tmp_path: Path) -> None:
    code = ("import sys; from keirules.cli import main; "
            f"status = main(['plot', 'vehicles', {str(NBOX)!r}, '-r', 'jp-kei@1998', '-o', "
            f"{str(tmp_path / 'x.png')!r}]); "
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'; "
            "sys.exit(status)")
    env = {**os.environ, "MPLBACKEND": "TkAgg", "DISPLAY": ""}  # a GUI backend would fail
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.png").read_bytes().startswith(PNG_MAGIC)
