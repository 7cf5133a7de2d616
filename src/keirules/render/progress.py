"""A progress bar for long catalog runs: on stderr, only on a terminal, only once it is slow.

Never shown when stderr is piped or redirected (scripts and logs see nothing), nor for runs
that end within a second; rich is imported only when the bar is actually drawn.
"""

from __future__ import annotations

import time
from typing import Any, Final, TextIO

__all__ = ["Progress"]

DELAY: Final = 1.0  # seconds before a bar appears


class Progress:
    """Bytes of the catalog read so far, out of its size."""

    def __init__(self, total: int, stream: TextIO, *, label: str = "checking") -> None:
        self._total = total
        self._stream = stream
        self._label = label
        self._enabled = total > 0 and _is_terminal(stream)
        self._start = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def update(self, done: int) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._start < DELAY:
                return
            self._open()
        self._bar.update(self._task, completed=min(done, self._total))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _open(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        console = Console(file=self._stream)
        self._bar = Bar("[progress.description]{task.description}", BarColumn(),
                        DownloadColumn(), TimeRemainingColumn(), console=console,
                        transient=True)
        self._task = self._bar.add_task(self._label, total=self._total)
        self._bar.start()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
