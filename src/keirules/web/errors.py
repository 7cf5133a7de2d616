"""Errors as HTTP answers: the CLI's one-paragraph message, as data, with a 4xx status.

``{"error": {"message", "field", "line", "value", "expected"}}``: the same facts the command
line prints, so a program can point at the field and a person can read the message.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from keirules.errors import BadRequest, KeirulesError, UnknownRuleSetError, show_value

__all__ = ["error_body", "hide_server_paths", "plain_error", "status_for"]


def status_for(exc: KeirulesError, *, in_path: bool = False) -> int:
    """404 for an unknown name in the URL path, 400 for a malformed request, else 422."""
    if in_path and isinstance(exc, UnknownRuleSetError):
        return 404
    if isinstance(exc, BadRequest):
        return 400
    return 422


@cache
def _server_folders() -> list[tuple[str, str]]:
    """Folders of this server whose names an answer replaces with what they hold."""
    import sysconfig

    from keirules.markets import builtin_markets_dir
    from keirules.rulesets.catalog import builtin_dir

    folders = [(str(builtin_dir()), "rulesets"), (str(builtin_markets_dir()), "markets")]
    for kind in ("purelib", "platlib"):
        folders.append((sysconfig.get_path(kind), "site-packages"))
    unique = {(folder.rstrip("/\\"), name) for folder, name in folders if folder}
    return sorted(unique, key=lambda pair: -len(pair[0]))  # the deepest folder first


def hide_server_paths(text: str | None) -> str | None:
    """The text with this server's folders named by what they hold, not where they are: a
    built-in data file is ``markets/us/TX.yaml``, not the path it has on this machine."""
    if not text:
        return text
    for folder, name in _server_folders():
        text = text.replace(folder, name)
    return text


def error_body(exc: KeirulesError) -> dict[str, Any]:
    return {"error": {
        "message": hide_server_paths(str(exc)),
        "field": exc.field,
        "line": exc.line,
        "value": None if exc.value is None else show_value(exc.value),
        "expected": hide_server_paths(exc.expected),
    }}


def plain_error(message: str, **extra: Any) -> dict[str, Any]:
    """An error that is about the request as a whole (too large, not JSON, too slow)."""
    return {"error": {"message": message, "field": None, "line": None, "value": None,
                      "expected": None, **extra}}
