"""Checking a catalog: the rule set compiled for chunks, distinct cell texts read once, the
row-wise and columnar evaluators."""
