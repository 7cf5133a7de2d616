"""``python -m keirules``: the same command line as the ``keirules`` script."""

import sys

from keirules.cli import main

sys.exit(main())
