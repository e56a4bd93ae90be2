"""First start on a fresh clone: build the demo snapshot when the data directory has none.

Runs under an exclusive file lock so several gunicorn workers starting at once build it once.
"""

from __future__ import annotations

import fcntl
import logging
import tempfile
from pathlib import Path

from dashboard.snapshots import SnapshotStore

log = logging.getLogger(__name__)


def ensure_demo_data(data_dir: Path) -> str:
    """The current snapshot id, importing generated demo data first if there is none."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = SnapshotStore(data_dir)
    with (data_dir / ".bootstrap.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = store.current_id()
        if current:
            return current
        from dashboard.demodata import DEFAULT_CASES, write_demo_export
        from dashboard.ingest import ingest_file

        log.info("no snapshot in %s: generating %s demo cases", data_dir, DEFAULT_CASES)
        with tempfile.TemporaryDirectory() as scratch:
            export = Path(scratch) / "react-demo-export.csv"
            write_demo_export(export, cases=DEFAULT_CASES, seed=1)
            return ingest_file(export, data_dir).snapshot_id
