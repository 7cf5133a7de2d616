"""The package's version, in a module of its own at the bottom, so that any module may name it
without importing the package root."""

__version__ = "0.1.0"
