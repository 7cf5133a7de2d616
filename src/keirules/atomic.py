"""Writing an output file so that nothing is lost: never over an input, never half-written.

The text goes to a temporary file in the same folder, renamed over the target only when it is
complete; an error or Ctrl-C removes the temporary file and leaves any earlier file as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from keirules.errors import UsageError

__all__ = ["atomic_output", "refuse_overwriting_inputs"]


def refuse_overwriting_inputs(output: str | Path, inputs: Sequence[str | Path]) -> None:
    """Refuse an output path that is one of the inputs (the same file by any name)."""
    target = Path(output)
    for item in inputs:
        source = Path(item)
        same = source.resolve() == target.resolve()
        if not same and target.exists() and source.exists():
            try:
                same = os.path.samefile(source, target)
            except OSError:
                same = False
        if same:
            raise UsageError("is one of the inputs; writing it would destroy what is being "
                             "read.", field="output", value=str(output),
                             expected="another file name")


@contextmanager
def atomic_output(output: str | Path, inputs: Sequence[str | Path] = ()) -> Iterator[TextIO]:
    """A text stream that becomes ``output`` only if the block completes."""
    refuse_overwriting_inputs(output, inputs)
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                                 dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot be written: {exc.strerror}.", field="output",
                         value=str(output)) from None
    try:
        os.chmod(temporary, _mode(target))
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="",
                       errors="backslashreplace") as handle:
            yield handle
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _mode(target: Path) -> int:
    """The permissions a new file would get (or the existing target's): not the temporary
    file's private 0600."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
