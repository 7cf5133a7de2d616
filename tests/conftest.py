"""Shared fixtures: paths to the examples, a helper to write small files, hypothesis profiles.

Property tests run a fast profile by default, so that the whole suite is quick enough to run
often; CI (``.ci/run``) sets ``KEIRULES_HYPOTHESIS=thorough`` and runs every property test
with the number of examples written at it (``examples(N)``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

#: ``fast`` (the default) or ``thorough`` (CI).
HYPOTHESIS_PROFILE = os.environ.get("KEIRULES_HYPOTHESIS", "fast")
if HYPOTHESIS_PROFILE not in ("fast", "thorough"):
    raise RuntimeError(f"KEIRULES_HYPOTHESIS is {HYPOTHESIS_PROFILE!r}: fast or thorough")
settings.register_profile("thorough", deadline=None, print_blob=True)
settings.register_profile("fast", max_examples=20, deadline=None, print_blob=True)
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(thorough: int) -> int:
    """A property test's number of examples: as written in CI, a fifth of it (at least 10)
    in the fast profile."""
    return thorough if HYPOTHESIS_PROFILE == "thorough" else max(10, thorough // 5)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``text`` to ``name`` under a temporary folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in this process; return the exit status, stdout and stderr."""
    from keirules.cli import main

    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def decimal_cut(value: Fraction, places: int, up: bool) -> str:
    """``value`` cut to ``places`` decimals (rounded up or down), as plain decimal text."""
    scaled = value * 10**places
    down = scaled.numerator // scaled.denominator
    whole = -((-scaled.numerator) // scaled.denominator) if up else down
    text = str(whole).rjust(places + 1, "0")
    return f"{text[:-places]}.{text[-places:]}" if places else text


#: Passes jp-kei@1998 except that it does not say how tall it is (a legal limit); fails every
#: earlier version on width.
NO_HEIGHT = """\
name: Height unknown
category: passenger
wheels: 4
seats: 4
length: 3.39 m
width: 1.47 m
powertrain: electric
"""
