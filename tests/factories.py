"""Building small snapshots straight from case dicts, for tests that need many of them fast.

Bypasses the import (which has its own tests) but writes exactly the snapshot layout, so the
query layer reads them as it reads real ones.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.schema import CASE_SCHEMA, snapshot_select
from dashboard.snapshots import SnapshotStore, write_manifest, write_native_copy

_counter = itertools.count()


def make_snapshot(data_dir: Path, cases: list[dict]):
    store = SnapshotStore(data_dir)
    with store.staging() as stage:
        # The derived columns come from the same SQL as the import's.
        with duckdb.connect() as con:
            con.register("case_rows", pa.Table.from_pylist(cases, schema=CASE_SCHEMA))
            target = stage / "cases.parquet"
            con.execute(f"copy ({snapshot_select('select * from case_rows')}) to '{target}' (format parquet)")
        write_native_copy(stage)
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


def releases_dir(snapshots_from: Path, folder: Path) -> Path:
    """A data directory of its own (for releases) over another one's snapshots, shared read-only."""
    import os
    import shutil

    folder.mkdir(parents=True)
    os.symlink(Path(snapshots_from) / "snapshots", folder / "snapshots")
    shutil.copy(Path(snapshots_from) / "CURRENT", folder / "CURRENT")
    return folder
