"""How to install an optional extra, worded for the way keirules itself was installed.

``pip install 'keirules[plot]'`` works for an install from the package index; where keirules was
installed from a folder (a checkout, editable or not), the same words would fetch another copy,
so the hint names that folder instead.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata
from urllib.parse import unquote, urlparse

__all__ = ["install_hint"]


@cache
def _installed_from() -> str | None:
    """The local folder keirules was installed from, if it was (PEP 610 direct_url.json)."""
    try:
        text = metadata.distribution("keirules").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        url = json.loads(text).get("url", "")
    except ValueError:
        return None
    parsed = urlparse(url)
    return unquote(parsed.path) if parsed.scheme == "file" else None


def install_hint(extra: str) -> str:
    """The command that adds ``extra`` to this installation."""
    folder = _installed_from()
    if folder:
        return f"pip install '{folder}[{extra}]'"
    return f"pip install 'keirules[{extra}]'"
