"""How fast an export gets in: the data desk's check and import through its web routes, the
command-line import, and DuckDB's own `read_csv` -> parquet on the same file as the floor.

    python bench/imports.py [--sizes 10000 100000 1000000]

Each measurement runs in a fresh Python process (so its peak memory is its own) over the demo
export of that size (bench/out/<N>/export.csv, built once). "desk check" and "desk import" post
the file to /data/upload and /data/uploads/<token>/import with Flask's test client, as a signed-in
admin of the local demo, and wait for the background job to finish: upload, parsing, validation,
staging and (for the import) the sorted snapshot and its DuckDB copy. Figures only.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, export_path, log

sys.path.insert(0, str(ROOT.parent))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, cases: int) -> dict:
    source = export_path(cases)
    folder = Path(tempfile.mkdtemp(prefix="react-bench-import-"))
    started = time.perf_counter()
    if kind == "duckdb floor":
        import duckdb

        with duckdb.connect() as con:
            con.execute("set enable_progress_bar = false")
            con.execute(f"copy (select * from read_csv('{source}', header = true)) to '{folder}/floor.parquet' "
                        "(format parquet)")
    elif kind == "cli import":
        from dashboard.ingest import ingest_file

        ingest_file(source, folder / "data")
    else:
        from dashboard.app import create_app

        app = create_app(folder / "data")
        client = app.server.test_client()
        with source.open("rb") as handle:
            response = client.post("/data/upload", data={"file": (handle, "export.csv")},
                                   content_type="multipart/form-data", environ_base={"REMOTE_ADDR": "127.0.0.1"})
        token = response.headers["Location"].split("/data/uploads/")[1]
        state_file = folder / "data" / "uploads" / token / "state.json"

        def wait(done: str) -> dict:
            while True:
                state = json.loads(state_file.read_text())
                if state["status"] in (done, "refused", "failed"):
                    return state
                time.sleep(0.05)

        state = wait("checked")
        if kind == "desk import":
            client.post(f"/data/uploads/{token}/import", environ_base={"REMOTE_ADDR": "127.0.0.1"})
            state = wait("imported")
        assert state["status"] in ("checked", "imported"), state
    seconds = time.perf_counter() - started
    return {"kind": kind, "cases": cases, "seconds": seconds, "rows_per_s": cases / seconds, "peak_mb": _peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--one", nargs=2, metavar=("KIND", "CASES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return
    kinds = ["duckdb floor", "cli import", "desk check", "desk import"]
    print("| cases | what | seconds | rows/s | peak MB | vs floor |")
    print("|---:|---|---:|---:|---:|---:|")
    for cases in args.sizes:
        export_path(cases)  # built once, outside the clock
        floor = None
        for kind in kinds:
            out = subprocess.run([sys.executable, __file__, "--one", kind, str(cases)], check=True,
                                 capture_output=True, text=True).stdout
            result = json.loads(out.strip().splitlines()[-1])
            floor = floor or result["seconds"]
            print(f"| {cases:,} | {kind} | {result['seconds']:.2f} | {result['rows_per_s']:,.0f} | "
                  f"{result['peak_mb']:,.0f} | {result['seconds'] / floor:.1f}× |", flush=True)
    log("done")


if __name__ == "__main__":
    main()
