"""Former home of :mod:`keirules.commands.catalog`, kept so that old imports keep working:
the command ``keirules check CATALOG`` belongs to the CLI side.

This module object *is* the new one (one set of globals, so patching a name here patches it
there).
"""

import sys

from keirules.commands import catalog as _moved

sys.modules[__name__] = _moved
