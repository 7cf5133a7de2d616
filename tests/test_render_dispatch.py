"""Renderers are picked by the document's class (functools.singledispatch), never by name."""

from __future__ import annotations

import pytest

from keirules.errors import UsageError
from keirules.render.html import html_sections, render_html
from keirules.render.markdown import markdown_lines, render_markdown
from keirules.render.terminal import rich_renderable


@pytest.mark.parametrize("render", [render_markdown, render_html, rich_renderable])
def test_a_document_without_a_renderer_is_a_usage_error(render: object) -> None:
    with pytest.raises(UsageError, match="renderer for object"):
        render(object())  # type: ignore[operator]


def test_a_subclass_is_rendered_as_its_base() -> None:
    import keirules
    from keirules.report import Report

    report = keirules.check({"name": "Sub", "length": "3.39 m"}, "jp-kei", on="2026-01-01")

    class Annotated(Report):
        pass

    sub = Annotated(**{f: getattr(report, f) for f in report.__dataclass_fields__})
    assert render_markdown(sub) == render_markdown(report)
    assert html_sections(sub) == html_sections(report)
    assert markdown_lines.dispatch(Annotated) is markdown_lines.dispatch(Report)
