"""The catalog summary is a document like the others (JSON through ``to_json``, an outline
for people), and ``batch/``'s modules keep their old import paths after the regrouping."""

from __future__ import annotations

import importlib
import io

import pytest

from keirules.batch import CatalogChecker, CatalogSummary
from keirules.serialize import to_json

HEADER = ["name", "length [mm]", "width [m]"]
ROWS = [["Edge", "3400", "1.48"], ["Wide", "3395", "1.481"], ["Bad", "x", ""]]


def test_to_json_is_the_command_s_summary_json() -> None:
    from keirules.batch.command import summary_json

    summary = CatalogSummary(catalog="cars.csv")
    summary.add(CatalogChecker(HEADER, "jp-kei@1998").check_records(ROWS))
    data = to_json(summary)
    assert data == summary_json(summary, "cars.csv")
    assert data["catalog"] == "cars.csv" and data["rows"] == 3
    assert data["verdicts"] == {"pass": 0, "fail": 1, "incomplete": 1, "error": 1}
    assert [row["row"] for row in data["first_failures"]] == [2, 3]


def test_the_outline_renders_in_every_backend() -> None:
    from rich.console import Console

    from keirules.render.catalog_outline import catalog_outline
    from keirules.render.outline import outline_html_body, outline_markdown
    from keirules.render.terminal import rich_renderable

    summary = CatalogSummary(catalog="cars.csv")
    summary.add(CatalogChecker(HEADER, "jp-kei@1998").check_records(ROWS))
    outline = catalog_outline(summary)
    assert "First failing or bad rows" in outline_markdown(outline)
    assert any("cars.csv" in part for part in outline_html_body(outline))
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(rich_renderable(summary))
    assert "Most common failing rules" in console.export_text()


@pytest.mark.parametrize(("old", "new"), [
    ("reading", "read.lines"), ("csvfile", "read.csvfile"), ("header", "read.header"),
    ("arrow_read", "read.arrow"), ("checker", "check.checker"),
    ("compiled", "check.compiled"), ("evaluator", "check.evaluator"),
    ("cells", "check.text_cells"), ("block", "check.block"), ("columnar", "check.columnar"),
    ("writers", "write.writers"), ("parquet", "write.parquet"),
])
def test_old_module_paths_are_the_moved_modules(old: str, new: str) -> None:
    assert importlib.import_module(f"keirules.batch.{old}") is importlib.import_module(
        f"keirules.batch.{new}")


def test_the_old_specs_path_names_the_reader_and_the_checker_where_they_now_are() -> None:
    """``batch/specs.py`` held both; the reader is a read step, the checker a check step."""
    from keirules.batch import specs
    from keirules.batch.check.specs import SpecChecker
    from keirules.batch.read.jsonl import JsonLines, jsonl_chunks

    assert (specs.SpecChecker, specs.JsonLines, specs.jsonl_chunks) == (
        SpecChecker, JsonLines, jsonl_chunks)
    assert not hasattr(importlib.import_module("keirules.batch.read.jsonl"), "SpecChecker")


def test_the_command_and_the_progress_bar_moved_out() -> None:
    import keirules.batch.command
    import keirules.commands.catalog
    import keirules.render.progress

    assert keirules.batch.command is keirules.commands.catalog
    assert keirules.render.progress.Progress.__module__ == "keirules.render.progress"
