"""Check a catalog too big for one machine's memory, partition by partition, with Dask.

Run it in a folder holding the catalog as ``catalog-*.csv`` files (``pip install
'keirules[dask]'``): it writes the results to ``results/part-0.csv`` ... and prints the number
of rows per verdict. The lines between the markers are the README's example, verbatim;
tests/test_dask_example.py runs this file and checks that the README shows the same code.
"""

# --- example ---
import dask.dataframe as dd

import keirules

# Every cell as text, and only an empty cell missing, exactly as `keirules check` reads a CSV.
catalog = dd.read_csv("catalog-*.csv", dtype=str, keep_default_na=False, blocksize="64MB")
results = catalog.map_partitions(keirules.check_frame, "jp-kei@1998",
                                 meta=keirules.frame_meta())
results.to_csv("results/part-*.csv", index=False)  # checks every partition, in parallel
verdicts = dd.read_csv("results/part-*.csv", usecols=["verdict"])["verdict"].value_counts()
print(verdicts.compute())
# --- end of example ---
