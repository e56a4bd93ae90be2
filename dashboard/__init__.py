"""REAct dashboard: case exports to parquet snapshots, DuckDB queries, Dash pages."""
