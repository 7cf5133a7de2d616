"""Every US state file, as data: the day its law was last checked, and sources that say what
they are and are never copies. (The per-state tests pin what each file decides.)"""

from __future__ import annotations

import datetime as dt

import pytest
from us_states import REGIONS, assert_sources_described, region

CODES = sorted(path.stem for path in REGIONS.glob("*.yaml"))


def test_every_state_and_dc_has_a_file() -> None:
    assert len(CODES) == 51 and "DC" in CODES


@pytest.mark.parametrize("code", CODES)
def test_the_file_says_when_its_law_was_checked(code: str) -> None:
    checked = region(code)["checked"]
    assert isinstance(checked, dt.date) and dt.date(2025, 1, 1) <= checked <= dt.date.today()


@pytest.mark.parametrize("code", CODES)
def test_every_source_is_described_and_no_copy_is_cited(code: str) -> None:
    assert_sources_described(code)
