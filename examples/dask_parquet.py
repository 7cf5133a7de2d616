"""Check a folder of Parquet files on a Dask distributed cluster (here a local one).

Run it in a folder holding ``catalog/*.parquet`` (``pip install 'keirules[dask,arrow]'
distributed``): each worker checks its partitions with keirules' columnar engine, the results
go to ``results/*.parquet``, and the rows per verdict are printed. The lines between the
markers are the README's example, verbatim; tests/test_dask_example.py runs this file.
"""

# --- example ---
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

import keirules

if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        catalog = dd.read_parquet("catalog/")  # typed columns: floats, integers, dates, text
        results = catalog.map_partitions(keirules.check_frame, "jp-kei@1998", "2026-01-01",
                                         meta=keirules.frame_meta())
        results.to_parquet("results/", write_index=False)  # every partition, on the workers
        verdicts = dd.read_parquet("results/", columns=["verdict"]).compute()["verdict"]
        print(verdicts.value_counts().sort_index().to_string())
# --- end of example ---
