"""Former home of the JSON Lines reader and the spec checker, kept so that old imports keep
working: ``batch/`` is grouped by its steps, the reader in :mod:`keirules.batch.read.jsonl`
and the checker in :mod:`keirules.batch.check.specs`."""

from keirules.batch.check.specs import SpecChecker
from keirules.batch.read.jsonl import JsonLines, jsonl_chunks

__all__ = ["JsonLines", "SpecChecker", "jsonl_chunks"]
