"""Markdown and HTML exports: same facts as the JSON, safe against hostile text, self-contained."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLES, examples
from hypothesis import given, settings
from hypothesis import strategies as st

import keirules
from keirules import compare, diff, timeline
from keirules.cli import main
from keirules.render.cells import cell_detail
from keirules.render.html import render_html
from keirules.render.markdown import escape, render_markdown

N_BOX = EXAMPLES / "honda-n-box-jf5.yaml"
BEAT = EXAMPLES / "honda-beat-pp1.yaml"
KIA = EXAMPLES / "kia-morning-ta.yaml"
BASE = {"category": "passenger", "wheels": 4, "seats": 4, "powertrain": "combustion",
        "engine_cycle": "four_stroke", "length": "3395 mm", "width": "1475 mm",
        "height": "1790 mm", "displacement": "658 cc", "max_power": "58 PS"}


def _split_row(line: str) -> list[str]:
    """Cells of a GFM table row, honouring backslash-escaped pipes."""
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def _tables(markdown: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(_split_row(line))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _well_formed_tables(markdown: str) -> None:
    tables = _tables(markdown)
    assert tables, "no table"
    for rows in tables:
        widths = {len(row) for row in rows}
        assert len(widths) == 1, rows
        assert all(set(cell.strip()) <= set("-:") for cell in rows[1])


class _Checker(HTMLParser):
    """Collects tags, links and any reference to outside resources."""

    VOID = frozenset({"meta", "br", "link", "img", "input", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name == "href" and value is not None:
                self.links.append(value)
            if name in ("src", "srcset") or (tag == "link" and name == "href"):
                self.external.append(value or "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [], checker.stack
    return checker


def test_markdown_report_has_every_rule_and_the_sources() -> None:
    report = keirules.check(N_BOX, "jp-kei@1998")
    text = render_markdown(report)
    assert text.startswith("## ✅ PASS: Honda N-Box (JF5) under jp-kei@1998")
    _well_formed_tables(text)
    rows = _tables(text)[0][2:]
    assert [row[0].strip() for row in rows] == [
        r.rule.id if r.rule.severity == "legal" else f"{r.rule.id} ({r.rule.severity})"
        for r in report.results]
    length = next(row for row in rows if row[0].strip() == "length")
    assert [c.strip() for c in length[1:]] == ["3.395 m", "<= 3.40 m", "+0.005 m (+0.1%)",
                                               "pass", "[1]"]
    assert "(<https://" in text  # sources are links
    assert report.ruleset.sha256 in text


def test_markdown_shows_failures_and_margins() -> None:
    text = render_markdown(keirules.check(KIA, "jp-kei@1998"))
    assert text.startswith("## ❌ FAIL")
    assert "**Failures:**" in text
    assert "**FAIL**" in text


def test_html_report_is_self_contained_and_links_sources() -> None:
    report = keirules.check(KIA, "jp-kei@1998")
    page = render_html(report)
    checker = _parse(page)
    assert checker.scripts == 0
    assert checker.external == []
    web = [link for link in checker.links if not link.startswith("#")]
    assert web and all(link.startswith(("https://", "http://")) for link in web)
    anchors = {link for link in checker.links if link.startswith("#")}
    # the ordinance, the industry agreement, and the capacity rule behind the advisory seats
    # and payload caps
    assert anchors == {"#src-1", "#src-2", "#src-3"}
    assert all(f'id="{a[1:]}"' in page for a in anchors)  # every footnote link has a target
    text = "".join(checker.text)
    assert "FAIL" in text and "Kia Morning (TA)" in text
    assert "@media print" in page


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_every_document_kind_renders(render: object) -> None:
    assert callable(render)
    documents = [
        keirules.check(BEAT, "jp-kei@1990"),
        compare([N_BOX, KIA, BEAT], ["jp-kei@1955", "jp-kei@1998"], on="2026-01-01"),
        timeline(BEAT, "jp-kei"),
        diff("jp-kei@1990", "jp-kei@1998"),
    ]
    for document in documents:
        out = render(document)
        assert isinstance(out, str) and out.endswith("\n")
        if render is render_html:
            _parse(out)
        else:
            _well_formed_tables(out)


def test_timeline_and_diff_content() -> None:
    text = render_markdown(timeline(BEAT, "jp-kei"))
    assert "qualified: 1990-01-01 to today." in text
    assert "length -0.095 m (-3%)" in text  # jp-kei@1976: 3.295 m against 3.20 m
    text = render_markdown(diff("jp-kei@1990", "jp-kei@1998"))
    row = next(r for r in _tables(text)[0] if r[0].strip() == "length")
    assert [c.strip() for c in row[1:]] == ["**changed**", "<= 3.30 m", "<= 3.40 m",
                                            "+0.1 m (+3%)"]


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    spec = dict(BASE, name="<script>alert(1)</script> | *bold* [x](javascript:y) `c`\\")
    report = keirules.check(spec, "jp-kei@1998")
    page = render_html(report)
    assert "<script>" not in page
    assert _parse(page).scripts == 0
    markdown = render_markdown(report)
    assert re.search(r"(?<!\\)<script", markdown) is None
    assert "\\*bold\\*" in markdown and "\\[x\\]" in markdown and "\\|" in markdown


def test_a_non_web_source_url_is_never_a_link(write: object, tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(
        "format: keirules-ruleset/1\nfamily: test\nversion: '1'\ntitle: T\njurisdiction: JP\n"
        "status: what_if\neffective_from: 2000-01-01\n"
        "sources:\n  s:\n    title: Evil\n    url: 'javascript:alert(1)'\n"
        "rules:\n  - id: length\n    title: Length\n    field: length\n    max: 3.4 m\n",
        encoding="utf-8")
    report = keirules.check(dict(BASE, name="X"), str(ruleset))
    checker = _parse(render_html(report))
    assert not any(link.startswith("javascript") for link in checker.links)
    assert "](<javascript" not in render_markdown(report)


@settings(max_examples=examples(60), deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"),
               min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_any_name_keeps_markdown_tables_and_html_well_formed(name: str) -> None:
    # Control characters other than tab and line break, and lone surrogates, are refused.
    report = keirules.check(dict(BASE, name=name), "jp-kei@1998")
    matrix = compare([dict(BASE, name=name)], ["jp-kei@1998"], on="2026-01-01")
    for document in (report, matrix):
        _well_formed_tables(render_markdown(document))
        _parse(render_html(document))


@given(st.text(max_size=30))
def test_escape_leaves_no_bare_specials(text: str) -> None:
    out = escape(text)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"(?<!\\)[|`*\[\]]", out.replace("\\\\", ""))


@pytest.mark.parametrize(("args", "code"), [
    (["check", str(N_BOX), "-r", "jp-kei@1998"], 0),
    (["check", str(KIA), "-r", "jp-kei@1998"], 1),
    (["compare", str(N_BOX), str(KIA), "-r", "jp-kei@1998"], 1),
    (["timeline", str(BEAT)], 0),
    (["diff", "jp-kei@1990", "jp-kei@1998"], 0),
])
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_cli_formats_keep_exit_codes(args: list[str], code: int, fmt: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*args, "--format", fmt]) == code
    out = capsys.readouterr().out
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>")
        _parse(out)
    else:
        _well_formed_tables(out)


_CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_CHROMIUM is None, reason="needs Chromium (Debian package 'chromium')")
@pytest.mark.parametrize("args", [
    ["check", str(KIA), "-r", "jp-kei@1998"],
    ["compare", str(N_BOX), str(KIA), str(BEAT), "-r", "jp-kei@1955", "-r", "jp-kei@1998"],
    ["timeline", str(BEAT)],
    ["diff", "jp-kei@1990", "jp-kei@1998"],
])
def test_html_renders_in_a_headless_browser(args: list[str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    main([*args, "--format", "html"])
    page = tmp_path / "page.html"
    page.write_text(capsys.readouterr().out, encoding="utf-8")
    shot = tmp_path / "page.png"
    assert _CHROMIUM is not None
    subprocess.run(
        [_CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=90, check=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a blank page compresses to far less


def test_a_cell_counts_missing_equipment_instead_of_listing_it() -> None:
    matrix = compare([N_BOX], ["us-lsv@2006"], on="2026-11-25")
    assert matrix.cell(0, 0).verdict == "incomplete"
    detail = cell_detail(matrix.cell(0, 0))
    assert detail[:2] == ["? top_speed", "? gross_mass"]
    assert detail[-1] == "? 10 features"
    assert "? 10 features" in render_markdown(matrix)
