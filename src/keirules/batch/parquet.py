"""Former home of :mod:`keirules.batch.write.parquet`, kept so that old imports keep working:
``batch/`` is grouped by its steps (``read/``, ``check/``, ``write/``).

This module object *is* the new one (one set of globals, so patching a name here patches it
there).
"""

import sys

from keirules.batch.write import parquet as _moved

sys.modules[__name__] = _moved
