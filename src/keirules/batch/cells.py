"""Former home of :mod:`keirules.batch.check.text_cells`, kept so that old imports keep working:
a catalog column's text cells, renamed so as not to shadow ``render/cells.py``.

This module object *is* the new one (one set of globals, so patching a name here patches it
there).
"""

import sys

from keirules.batch.check import text_cells as _moved

sys.modules[__name__] = _moved
