"""One serializer: every document's JSON comes from ``keirules.serialize.to_json``, and the
models' ``as_dict`` (library API) give the same data."""

from __future__ import annotations

import pytest

import keirules
from keirules.errors import UsageError
from keirules.serialize import to_json

SPEC = {"name": "Test kei", "manufactured": "2020-01-01", "length": "3.39 m",
        "width": "1.47 m", "height": "1.9 m", "displacement": "658 cc",
        "wheels": 4, "seats": 4, "engine_cycle": "four_stroke"}


def test_every_document_serializes_through_to_json() -> None:
    documents = [
        keirules.check(SPEC, "jp-kei", on="2026-01-01"),
        keirules.compare([SPEC], ["jp-kei", "eu-l7e"], on="2026-01-01"),
        keirules.timeline(SPEC, "jp-kei"),
        keirules.diff("jp-kei@1990", "jp-kei@1998"),
        keirules.routes(SPEC, market="US", on="2026-01-01"),
    ]
    for document in documents:
        data = to_json(document)
        assert data == document.as_dict()
        assert data["report_version"] == 1


def test_a_result_and_a_change_serialize_alone() -> None:
    report = keirules.check(SPEC, "jp-kei", on="2026-01-01")
    assert to_json(report.results[0]) == report.as_dict()["results"][0]
    change = keirules.diff("jp-kei@1990", "jp-kei@1998").changes[0]
    assert to_json(change) == change.as_dict()


def test_what_has_no_json_form_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no JSON form for object"):
        to_json(object())
