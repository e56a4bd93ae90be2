"""Times the import of a 1 M-row export and the summary document at 100 k, 1 M and 10 M cases.

    python bench/ingest_and_summary.py [--sizes 100000 1000000 10000000] [--ingest-rows 1000000]

Prints a markdown table. The summary is timed cold (first run in a fresh process's connection)
and warm (median of five more): it is the full document, 15 queries, with no cache.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from common import data_dir, export_path, log, peak_rss_mb, timed

from dashboard import db
from dashboard.filters import parse_filters
from dashboard.ingest import ingest_file
from dashboard.snapshots import SnapshotStore
from dashboard.summary import summary_document

SCOPES = {
    "all cases": {},
    "TJ 2023H1": {"country": ["TJ"], "period": "2023H1"},
    "UA 2024, police": {"country": ["UA"], "period": "2024", "perpetrator": ["police"]},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--ingest-rows", type=int, default=1_000_000)
    args = parser.parse_args()

    export = export_path(args.ingest_rows)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        report = ingest_file(export, scratch)
        seconds = time.perf_counter() - started
    print(f"## Import\n\n{report.rows_imported:,} rows ({export.stat().st_size / 1e6:,.0f} MB CSV) in "
          f"{seconds:.1f} s = {report.rows_imported / seconds:,.0f} rows/s; peak RSS {peak_rss_mb():,.0f} MB\n")

    print("## Summary document (15 queries, no cache)\n")
    print("| cases | scope | cold ms | warm ms (median of 5) |")
    print("|---:|---|---:|---:|")
    for size in args.sizes:
        snapshot = SnapshotStore(data_dir(size)).get()
        db.close_all()
        for name, params in SCOPES.items():
            filters, _ = parse_filters(params)
            cold, warm = timed(lambda f=filters, s=snapshot: summary_document(s, f))
            print(f"| {size:,} | {name} | {cold:,.0f} | {warm:,.0f} |", flush=True)
    log(f"peak RSS {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
