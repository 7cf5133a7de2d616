"""GitHub-flavoured Markdown for ``keirules routes``: one vehicle's routes into a market.

The route document's outline (``render/routes_outline.py``) rendered by the outline's Markdown
backend, which takes the outline's Markdown shape of the routes table: a column each for the
route, its status, the day it opens, its rule sets and why. Text from specs and market files is
escaped there, so a route description cannot break the table.
"""

from __future__ import annotations

from keirules.render.outline import outline_markdown
from keirules.render.routes_outline import routes_outline
from keirules.routing import RouteReport

__all__ = ["routes_markdown"]


def routes_markdown(report: RouteReport) -> str:
    """Every route into a market for one vehicle, as Markdown."""
    return outline_markdown(routes_outline(report))
