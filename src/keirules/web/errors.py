"""Errors as HTTP answers: the CLI's one-paragraph message, as data, with a 4xx status.

``{"error": {"message", "field", "line", "value", "expected"}}``: the same facts the command
line prints, so a program can point at the field and a person can read the message.
"""

from __future__ import annotations

from typing import Any

from keirules.errors import KeirulesError, UnknownRuleSetError, show_value

__all__ = ["error_body", "status_for"]


def status_for(exc: KeirulesError, *, in_path: bool = False) -> int:
    """404 for an unknown name in the URL path, 400 for a malformed request, else 422."""
    from keirules.web.inputs import BadRequest

    if in_path and isinstance(exc, UnknownRuleSetError):
        return 404
    if isinstance(exc, BadRequest):
        return 400
    return 422


def error_body(exc: KeirulesError) -> dict[str, Any]:
    return {"error": {
        "message": str(exc),
        "field": exc.field,
        "line": exc.line,
        "value": None if exc.value is None else show_value(exc.value),
        "expected": exc.expected,
    }}


def plain_error(message: str, **extra: Any) -> dict[str, Any]:
    """An error that is about the request as a whole (too large, not JSON, too slow)."""
    return {"error": {"message": message, "field": None, "line": None, "value": None,
                      "expected": None, **extra}}
