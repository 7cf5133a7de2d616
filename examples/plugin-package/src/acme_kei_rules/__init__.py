"""Example keirules plugin: rule sets in ``acme-kei/VERSION.yaml`` beside this file.

keirules finds this folder through the ``keirules.rulesets`` entry point in pyproject.toml;
nothing here is imported by anything else.
"""
