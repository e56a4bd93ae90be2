"""Building small snapshots straight from case dicts, for tests that need many of them fast.

Bypasses the import (which has its own tests) but writes exactly the snapshot layout, so the
query layer reads them as it reads real ones.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.schema import SNAPSHOT_SCHEMA
from dashboard.snapshots import SnapshotStore, write_manifest

_counter = itertools.count()


def make_snapshot(data_dir: Path, cases: list[dict]):
    store = SnapshotStore(data_dir)
    with store.staging() as stage:
        table = pa.Table.from_pylist(cases, schema=SNAPSHOT_SCHEMA)
        pq.write_table(table, stage / "cases.parquet")
        snapshot_id = f"test-{next(_counter):06d}"
        write_manifest(stage, {
            "snapshot_id": snapshot_id,
            "imported_at": "2024-01-02T00:00:00+00:00",
            "export_date": None,
            "places": {
                country: {"regions": sorted({c["region"] for c in cases if c["country"] == country}),
                          "organizations": sorted({c["organization"] for c in cases if c["country"] == country})}
                for country in sorted({c["country"] for c in cases})
            },
        })
        return store.commit(stage, snapshot_id)
