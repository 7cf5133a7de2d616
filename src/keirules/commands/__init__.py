"""The CLI's commands that are more than a call to the library: ``check CATALOG``
(:mod:`keirules.commands.catalog`). They sit above the library, ``batch/`` and ``render/``,
which never import them."""
