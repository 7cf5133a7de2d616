"""Sources that say what they are: instrument, citation, official link, verification, evidence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli

import keirules
from keirules import RuleSetError

RULESET = """\
format: keirules-ruleset/1
family: test-sources
version: "2020"
title: Sources test
jurisdiction: JP
status: in_force
effective_from: 2020-01-01
sources:
  ordinance:
    title: Road Transport Vehicle Act Enforcement Regulations
    instrument: 昭和26年運輸省令第74号
    citation: 別表第一
    url: https://laws.e-gov.go.jp/law/326M50000800074
    verified: {verified}
    evidence:
      - {{title: keikenkyo history, url: "https://www.keikenkyo.or.jp/", kind: {kind}}}
    note: read on e-Gov
rules:
  - id: length
    field: length
    max: 3.40 m
  - id: width
    field: width
    max: 1.48 m
    citation: 別表第一 軽自動車 幅
"""
CAR = {"name": "Box", "length": "3.40 m", "width": "1.48 m"}


def _ruleset(write: Callable[[str, str], Path], verified: str = "text",
             kind: str = "association") -> Path:
    return write("rules.yaml", RULESET.format(verified=verified, kind=kind))


def test_source_fields_reach_the_model_and_the_report(
        write: Callable[[str, str], Path]) -> None:
    report = keirules.check(CAR, _ruleset(write), on="2024-01-01")
    source = report.ruleset.sources["ordinance"]
    assert source.instrument == "昭和26年運輸省令第74号"
    assert source.verified == "text"
    assert [(e.kind, e.url) for e in source.evidence] == [
        ("association", "https://www.keikenkyo.or.jp/")]
    assert source.has_legal_basis
    results = {r["rule"]: r for r in report.as_dict()["results"]}
    assert results["length"]["source"] == {
        "title": "Road Transport Vehicle Act Enforcement Regulations",
        "url": "https://laws.e-gov.go.jp/law/326M50000800074",
        "instrument": "昭和26年運輸省令第74号",
        "citation": "別表第一",
        "verified": "text",
    }
    # A rule's own citation is the pinpoint within its source.
    assert results["width"]["source"]["citation"] == "別表第一 軽自動車 幅"


@pytest.mark.parametrize(("verified", "kind", "field"), [
    ("read", "association", "sources.ordinance.verified"),
    ("text", "forum", "sources.ordinance.evidence.0.kind"),
])
def test_bad_verification_or_evidence_kind_names_the_field(
        write: Callable[[str, str], Path], verified: str, kind: str, field: str) -> None:
    with pytest.raises(RuleSetError) as info:
        keirules.check(CAR, _ruleset(write, verified, kind), on="2024-01-01")
    assert info.value.field == field
    assert info.value.line is not None


def test_show_prints_the_legal_basis_and_verification(
        write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = _ruleset(write, verified="secondary")
    code, out, _ = run_cli(capsys, "show", str(path))
    assert code == 0
    text = " ".join(out.split())
    assert "Legal basis: 昭和26年運輸省令第74号; 別表第一" in text
    assert "https://laws.e-gov.go.jp/law/326M50000800074" in text
    assert "Verified: only in secondary sources" in text
    assert "Evidence (association): keikenkyo history https://www.keikenkyo.or.jp/" in text
    assert "別表第一 軽自動車 幅" in text
    code, out, _ = run_cli(capsys, "show", str(path), "--format", "json")
    assert code == 0
    source = json.loads(out)["sources"]["ordinance"]
    assert source["verified"] == "secondary"
    assert source["evidence"] == [{"title": "keikenkyo history",
                                   "url": "https://www.keikenkyo.or.jp/",
                                   "kind": "association"}]
