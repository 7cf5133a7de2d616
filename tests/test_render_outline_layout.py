"""The outline carries the layout: every format renders a document from its one outline, and the
terminal's shapes (columns kept whole, a table's note, other shapes when too wide, the compact
headline) are data in it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

import keirules
from keirules.render.documents import document_outline
from keirules.render.outline import (
    Alternatives,
    Heading,
    Headline,
    Paragraph,
    Span,
    TableBlock,
    cell,
    outline_html_body,
    outline_markdown,
)
from keirules.render.rich_outline import outline_rich
from keirules.render.terminal import rich_renderable

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ON = "2026-06-01"


def _text(renderable: object, width: int = 80) -> str:
    console = Console(record=True, width=width, color_system=None)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def _documents() -> list[object]:
    nbox, smart = EXAMPLES / "honda-n-box-jf5.yaml", EXAMPLES / "smart-fortwo-w450.yaml"
    return [keirules.check(smart, "jp-kei@1990"),
            keirules.compare([nbox, smart], ["jp-kei@1990", "jp-kei@1998", "eu-l7e"], on=ON),
            keirules.timeline(nbox, "jp-kei"), keirules.diff("jp-kei@1990", "jp-kei@1998")]


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_draws_each_document_from_its_outline(width: int) -> None:
    for document in _documents():
        assert _text(rich_renderable(document), width) == _text(
            outline_rich(document_outline(document)), width)


def test_a_route_document_in_markdown_is_its_outline() -> None:
    from keirules.render.routes_md import routes_markdown
    from keirules.render.routes_outline import routes_outline

    report = keirules.routes(EXAMPLES / "honda-beat-pp1.yaml", "US", "2026-12-01")
    markdown = routes_markdown(report)
    assert markdown == outline_markdown(routes_outline(report))
    assert "| Route | Status | Opens on | Rule sets | Why |" in markdown.splitlines()
    html = "\n".join(outline_html_body(routes_outline(report)))
    assert "<th>Route (rule sets)</th><th>Status</th><th>Why</th>" in html.replace("\n", "")


def _wide(n: int) -> TableBlock:
    return TableBlock(("Name", "Text"), ((cell(f"row-{n}"), cell("word " * 30)),))


def test_alternatives_the_first_that_fits_and_each_format_its_own() -> None:
    wide = TableBlock(tuple(f"column-number-{i}" for i in range(8)),
                      ((tuple(cell(f"value-number-{i}") for i in range(8))),))
    narrow = _wide(1)
    block = Alternatives(((wide,), (narrow,)), markdown=(_wide(2),))
    assert "row-1" in _text(outline_rich((block,)), 80)
    assert "column-number-7" in _text(outline_rich((block,)), 250)
    assert "row-2" in outline_markdown((block,)) and "row-1" not in outline_markdown((block,))
    assert "column-number-0" in "".join(outline_html_body((block,)))


def test_a_table_too_wide_for_any_shape_is_stacked() -> None:
    wide = TableBlock(tuple(f"column-number-{i}" for i in range(8)),
                      ((tuple(cell(f"value-number-{i}") for i in range(8))),))
    shown = _text(outline_rich((wide,)), 60).splitlines()
    assert shown[:2] == ["column-number-0: value-number-0", "column-number-1: value-number-1"]


def test_kept_columns_never_wrap_and_numbers_align_right() -> None:
    rows = tuple((cell("a-rule-id-that-is-long"), cell("7"), cell("text " * 12))
                 for _ in range(2))
    shown = _text(outline_rich((TableBlock(("Rule", "Count", "Why"), rows, numeric=(1,),
                                           keep=(0,)),)), 50).splitlines()
    assert shown[2].startswith("a-rule-id-that-is-long ")
    assert shown[2].index("7") == shown[0].index("Count") + len("Count") - 1
    assert all(len(line) <= 50 for line in shown) and len(shown) > 4  # 'Why' wrapped


def test_a_note_sits_under_its_table_and_a_headline_is_compact() -> None:
    outline = (Headline(Span("FAIL", "verdict-fail"), (Span("car under kei"),)),
               Paragraph(cell("Not compliant.")),
               TableBlock(("A",), ((cell("x"),),), note=cell("the note")))
    shown = _text(outline_rich(outline)).splitlines()
    assert shown[:2] == [" FAIL  car under kei", "Not compliant."]
    assert shown[-2:] == ["x", "the note"]
    markdown = outline_markdown(outline)
    assert markdown.startswith("## ❌ FAIL: car under kei\n")
    assert "| x |\n\nthe note\n" in markdown


def test_a_page_title_is_left_out_of_the_terminal() -> None:
    outline = (Heading("The page", page=True), Paragraph(cell("First line.")))
    assert _text(outline_rich(outline)).splitlines()[0] == "First line."
    assert outline_markdown(outline).startswith("## The page\n")


def test_a_severity_stays_under_its_rule_id_in_the_terminal_only() -> None:
    report = keirules.check(EXAMPLES / "smart-fortwo-w450.yaml", "jp-kei@1998", on=ON)
    lines = _text(rich_renderable(report)).splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("power-agreement "))
    assert lines[row + 1].strip() == "(voluntary)"
    assert "| power-agreement (voluntary) |" in keirules.render_markdown(report)
    assert "<strong>power-agreement (voluntary)</strong>" in keirules.render_html(report)


def test_check_loads_no_analysis_outline() -> None:
    code = ("import sys\nfrom keirules.cli import main\nmain(['check', sys.argv[1]])\n"
            "print(sorted(m for m in ('keirules.render.outlines', 'keirules.analysis', "
            "'keirules.render.registry_outline', 'keirules.render.routes_outline') "
            "if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "honda-n-box-jf5.yaml")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


# -- list and show for sharing: Markdown and HTML from the same outlines ----------------------


@pytest.mark.parametrize(("args", "needle"), [
    (["show", "jp-kei@1998"], "<= 3.40 m"),
    (["show", "US-VA"], "va-kei-registration"),
    (["list"], "jp-kei@1998"),
    (["list", "--regions"], "US-VA"),
])
def test_list_and_show_print_markdown_and_html(
        args: list[str], needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    from keirules.cli import main

    assert main([*args, "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert needle in markdown and "|---|" in markdown and "<html" not in markdown
    assert main([*args, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert needle.replace("<", "&lt;") in page and "<table" in page
