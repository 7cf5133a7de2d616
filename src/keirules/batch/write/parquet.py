"""Catalog results as Parquet (``--format parquet``, ``keirules[arrow]``).

The columns are those of the CSV output (:data:`~keirules.batch.write.writers.COLUMNS`): ``row`` an
int64, the others strings, rule ids space-separated, null where a row has none (or no error),
so that a Parquet result and a CSV result read back as the same table.
"""

from __future__ import annotations

from typing import Any

from keirules.batch.results import BlockResult
from keirules.batch.write.writers import COLUMNS

__all__ = ["block_table", "result_schema"]


def result_schema() -> Any:
    """The schema of a Parquet result (and of the columnar engine's tables)."""
    import pyarrow as pa

    return pa.schema([(name, pa.int64() if name == "row" else pa.string()) for name in COLUMNS])


def block_table(block: BlockResult) -> Any:
    """A chunk's rows as a pyarrow Table (the row-wise engine's blocks)."""
    import pyarrow as pa

    size = block.size
    messages = block.messages()

    def ids(sparse: Any) -> list[str | None]:
        return [" ".join(sparse[i]) if sparse.get(i) else None for i in range(size)]

    return pa.table({
        "row": pa.array(range(block.first_row, block.first_row + size), pa.int64()),
        "name": pa.array(list(block.names), pa.string()),
        "verdict": pa.array(block.verdicts, pa.string()),
        "failed": pa.array(ids(block.failed), pa.string()),
        "unknown": pa.array(ids(block.unknown), pa.string()),
        "error": pa.array([messages.get(i) for i in range(size)], pa.string()),
        "warnings": pa.array(ids(block.warnings), pa.string()),
        "ruleset": pa.array(list(block.rulesets), pa.string()),
    }, schema=result_schema())
