"""Writing a catalog's results: CSV and JSON Lines rows, Parquet tables."""
