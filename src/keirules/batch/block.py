"""Former home of :mod:`keirules.batch.check.block`, kept so that old imports keep working:
``batch/`` is grouped by its steps (``read/``, ``check/``, ``write/``).

This module object *is* the new one (one set of globals, so patching a name here patches it
there).
"""

import sys

from keirules.batch.check import block as _moved

sys.modules[__name__] = _moved
