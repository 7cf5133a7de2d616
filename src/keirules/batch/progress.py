"""Former home of :mod:`keirules.render.progress`, kept so that old imports keep working:
the catalog's progress bar is drawn for people, beside the other renderers.

This module object *is* the new one (one set of globals, so patching a name here patches it
there).
"""

import sys

from keirules.render import progress as _moved

sys.modules[__name__] = _moved
