"""Building (once) and finding the benchmark snapshots: demo exports of N cases, imported.

They live in bench/out/<N>/ (ignored by git) and are reused by later runs; delete the folder
to rebuild. Nothing here is imported by the product.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from dashboard.demodata import write_demo_export  # noqa: E402
from dashboard.ingest import ingest_file  # noqa: E402
from dashboard.snapshots import SnapshotStore  # noqa: E402

OUT = ROOT / "out"

# Apps built in a benchmark process do not warm their cache in the background (dashboard.warmup):
# it would fill the cache while a "cold" figure is being taken, and compete for the CPU.
# bench/servers.py turns it back on for gunicorn, which runs as deployed.
os.environ.setdefault("REACT_WARM_CACHE", "0")


def export_path(cases: int) -> Path:
    path = OUT / str(cases) / "export.csv"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        write_demo_export(partial, cases=cases, seed=1)
        partial.rename(path)
        log(f"generated {cases:,} cases in {time.perf_counter() - started:.1f} s")
    return path


def data_dir(cases: int) -> Path:
    folder = OUT / str(cases) / "data"
    if SnapshotStore(folder).current_id() is None:
        started = time.perf_counter()
        ingest_file(export_path(cases), folder)
        log(f"imported {cases:,} cases in {time.perf_counter() - started:.1f} s")
    return folder


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


def timed(function, repeat: int = 5) -> tuple[float, float]:
    """(first run ms, median of the next runs ms)."""
    started = time.perf_counter()
    function()
    first = (time.perf_counter() - started) * 1000
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    runs.sort()
    return first, runs[len(runs) // 2]
