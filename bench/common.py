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


# A 3G phone link in Central Asia, as Chromium's network emulation takes it.
SLOW_LINK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
             "uploadThroughput": 750_000 / 8}


def visit(context, url: str, *, ready_selector: str | None = None, ready_js: str | None = None,
          throttle: bool = False, then_js: str | None = None) -> tuple:
    """(bytes on the wire, requests, seconds to ready) of one navigation in a Playwright context,
    and the value of `then_js` evaluated once ready, when given.

    Bytes are the sum of `encodedDataLength` (as sent, compressed); ready is the load event and
    then the selector or the JavaScript predicate."""
    import time

    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    seen = {"bytes": 0, "requests": 0}

    def finished(event):
        seen["bytes"] += event.get("encodedDataLength", 0)
        seen["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=180_000)
    if ready_selector:
        page.wait_for_selector(ready_selector, state="attached", timeout=180_000)
    if ready_js:
        page.wait_for_function(ready_js, timeout=180_000, polling=50)
    elapsed = time.perf_counter() - started
    then = page.evaluate(then_js) if then_js else None
    page.wait_for_timeout(300)  # late requests still count as bytes
    page.close()
    return (seen["bytes"], seen["requests"], elapsed) + ((then,) if then_js else ())
