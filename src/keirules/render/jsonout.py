"""JSON for programs: ``dumps``, and the contracts' shapes re-exported from
:mod:`keirules.serialize`, where every document is turned into JSON."""

from __future__ import annotations

import json
from typing import Any

from keirules.report import Report
from keirules.serialize import catalog_entries, to_json
from keirules.serialize import ruleset_json as ruleset_dict

__all__ = ["catalog_entries", "dumps", "report_json", "ruleset_dict", "to_json"]


def dumps(data: Any) -> str:
    """Stable, readable JSON (UTF-8 text kept as is)."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def report_json(report: Report) -> str:
    return dumps(to_json(report))
