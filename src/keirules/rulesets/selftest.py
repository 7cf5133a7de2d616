"""Deprecated: a rule set's own tests are run by :mod:`keirules.selftest`.

Running them evaluates vehicles, which is the engine's work above the rule set layer, so the
module moved up; this name stays so that ``from keirules.rulesets.selftest import run_tests``
keeps working. The move is resolved on first use, so importing the rule set package never
imports the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keirules.selftest import TEST_KEYS, VERDICTS, RuleSetTest, read_tests, run_tests

__all__ = ["TEST_KEYS", "VERDICTS", "RuleSetTest", "read_tests", "run_tests"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("keirules.selftest"), name)
    raise AttributeError(f"module 'keirules.rulesets.selftest' has no attribute {name!r}")
