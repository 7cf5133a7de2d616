"""A typed value from a data frame, written as the text of a catalog cell.

The batch engine reads text cells exactly (see :mod:`keirules.batch`); a frame's typed values
are written as the text a CSV catalog would hold for them, so that a frame and a CSV file give
the same answers:

- a float as the shortest text that reads back as the same float (``repr``: 3.4 is "3.4",
  not the binary value 3.399999999999999911182158029987...); a float32 or float16 by the same
  rule at its own precision. NaN is a missing value. In a whole-number or date column a float
  that is a whole number is written without its ``.0`` (pandas stores a column of whole numbers
  with gaps as floats);
- a :class:`~decimal.Decimal` exactly as it is (``3.400``), never through a float;
- a date as ``YYYY-MM-DD``, a timestamp at midnight as its date (a time of day is refused by
  the date grammar, as in a CSV cell), a pandas period by its text (``1998-10``);
- ``True`` / ``False`` as ``true`` / ``false`` (what a ``features.NAME`` cell holds);
- None, NaN, ``pd.NA`` and ``NaT`` as missing.

Anything else (a list, a time span, an object) cannot be a cell: that row becomes a bad row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Final

from keirules.errors import KeirulesError, SpecError

__all__ = ["cell_text", "cells_of", "float_text"]

#: Field kinds whose cells are whole numbers or dates: a whole float is written as an integer.
WHOLE_KINDS: Final = frozenset({"integer", "date"})
_MISSING_TYPES: Final = frozenset({"NAType", "NaTType"})
_EXPECTED: Final = "text, a number, a date or true/false"


def float_text(value: float, kind: str) -> str | None:
    """A Python float as a cell: NaN missing, whole numbers plain in whole-number columns."""
    if value != value:
        return None
    if kind in WHOLE_KINDS and value.is_integer():
        return str(int(value))
    return repr(float(value))  # float(): numpy's float64 is a float, but repr()s differently


def cell_text(value: Any, kind: str) -> str | None:
    """The cell text of one value of a column whose field is of ``kind``; None if missing.

    Raises :class:`~keirules.errors.SpecError` for a value no cell can hold.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))  # int(): an IntEnum's str() is its name
    if isinstance(value, float):
        return float_text(value, kind)
    if isinstance(value, Decimal):
        return None if value.is_nan() else format(value, "f")
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    name = type(value).__name__
    if name in _MISSING_TYPES:
        return None
    if type(value).__module__ == "numpy":
        return _numpy_text(value, kind)
    if name == "Period":  # pandas: '1998', '1998-10' or '1998-10-01' by its frequency
        return str(value)
    raise _refused(value)


def cells_of(values: list[Any], kind: str) -> tuple[list[str | None],
                                                  dict[int, KeirulesError]]:
    """Each value by :func:`cell_text` (None in place of one no cell can hold), and
    position -> the error of each such value."""
    cells: list[str | None] = []
    errors: dict[int, KeirulesError] = {}
    for i, value in enumerate(values):
        try:
            cells.append(cell_text(value, kind))
        except KeirulesError as exc:
            cells.append(None)
            errors[i] = exc
    return cells, errors


def _datetime_text(value: dt.datetime) -> str:
    """A midnight timestamp as its date; any other time of day as ISO text (then refused)."""
    nanosecond = getattr(value, "nanosecond", 0)  # pandas Timestamp
    if value.time() == dt.time() and not nanosecond:
        return value.date().isoformat()
    return value.isoformat()


def _numpy_text(value: Any, kind: str) -> str | None:
    """A numpy scalar: a narrow float by its own shortest text, anything else as Python's."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None and dtype.kind == "f" and dtype.itemsize < 8:
        if value != value:
            return None
        if kind in WHOLE_KINDS and value.is_integer():
            return str(int(value))
        return str(value)  # numpy prints the shortest text that reads back as this float
    if dtype is not None and dtype.kind in "mM":  # datetime64 / timedelta64: .item() is lossy
        raise _refused(value)
    item = value.item()
    if type(item).__module__ == "numpy" or item is value:
        raise _refused(value)
    return cell_text(item, kind)


def _refused(value: Any) -> SpecError:
    return SpecError(f"is a {type(value).__name__}, which a catalog cell cannot hold.",
                     value=value, expected=_EXPECTED)
