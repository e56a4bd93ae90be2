"""The app against its floor (bare DuckDB) and against plain pandas, page by page, same numbers.

    python bench/compare.py [--sizes 100000 1000000 10000000] [--repeat 3] [--no-pandas] [--no-ingest]

For every page and every filter change of bench/callbacks.CHANGES:

- app cold: the server time of the filter change through the real callback endpoint (every
  callback the change fires on that page: the page's own, the filter bar, the links, the
  "more filters" toggle; summed, as in bench/pages.py), cache cleared first (the DuckDB
  connection and the OS file cache are warm);
- app cached: the same change again (FileSystemCache in a private temporary folder);
- floor: the DuckDB queries the app ran for that change (recorded at dashboard.db.run: same
  .sql files, same parameters), run again directly through dashboard.db: no Dash, no figures,
  no cache;
- pandas: bench/pandas_impl.py over a DataFrame loaded once per process, computing the same
  queries' numbers, filtering once per scope as a pandas callback would. Every number is
  checked against DuckDB's: a row says "DIFFERENT" (and the script exits 1) when one differs.

Each figure is the median of --repeat runs (--repeat-large at 10 M, default one run); a page's
row gives the median and the slowest over the filter changes, and the page as it opens with no
filter (every case; one run at 10 M) in a column of its own. Memory: resident set
size of a fresh process after it loaded what it needs (app: app built and every page served
once; pandas: DataFrame loaded) and its peak over the whole run. Ingest: rows/s of
dashboard.ingest.ingest_file on the 1 M export, in a fresh process. The app, pandas and the
ingest each run in their own process, one after the other. Figures only; nothing is asserted
about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from callbacks import CHANGES
from common import ROOT, data_dir, export_path, log

LANDING = ""  # the page as it opens: no filter, every case (timed once at 10 M)
LARGE = 10_000_000  # from this size on, every figure is one run unless --repeat-large says otherwise

HERE = Path(__file__).resolve()


def rss_mb() -> float:
    """Current resident set size of this process."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def runs_ms(function, repeat: int, before=None) -> list[float]:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    return runs


def median_ms(function, repeat: int, before=None) -> float:
    return statistics.median(runs_ms(function, repeat, before))


# ---------------------------------------------------------------- workers (one process each)

def app_worker(size: int, repeat_all: int, out: Path) -> None:
    """Times the app and the floor; writes the recorded queries and DuckDB's answers to `out`."""
    os.environ["REACT_CACHE_DIR"] = tempfile.mkdtemp(prefix="react-bench-cache-")
    os.environ.pop("REDIS_URL", None)
    from callbacks import body, flask_discover

    from dashboard import db
    from dashboard.app import create_app
    from dashboard.cache import cache
    from dashboard.webctx import current_snapshot

    app = create_app(data_dir(size))
    client = app.server.test_client()
    pages = flask_discover(client)

    original_run = db.run
    recorded: list | None = None

    def recording_run(snapshot, query_name, filters, **extra):
        if recorded is not None:
            recorded.append((query_name, filters, extra))
        return original_run(snapshot, query_name, filters, **extra)

    db.run = recording_run

    def clear():
        with app.server.app_context():
            cache.clear()

    def change(deps, search):
        for dep in deps:
            response = client.post("/_dash-update-component", json=body(dep, search))
            if response.status_code not in (200, 204):
                raise RuntimeError(f"{dep['output'][:60]} answered {response.status_code}: {response.text[:300]}")

    for page in pages.values():  # opens the snapshot's connection, imports everything, fills caches
        change(page["deps"], "")
    clear()
    rss_loaded = rss_mb()
    with app.server.app_context():
        snap = current_snapshot()

    results, answers = [], {}
    for key, page in pages.items():
        for search in [LANDING, *CHANGES]:
            repeat = 1 if search == LANDING and size >= LARGE else repeat_all
            clear()
            recorded = []
            started = time.perf_counter()
            change(page["deps"], search)
            colds = [(time.perf_counter() - started) * 1000]
            calls, recorded = recorded, None
            colds += runs_ms(lambda d=page["deps"], s=search: change(d, s), repeat - 1, before=clear)
            cold = statistics.median(colds)
            cached = median_ms(lambda d=page["deps"], s=search: change(d, s), repeat)

            def floor(c=calls):
                return [original_run(snap, name, filters, **extra) for name, filters, extra in c]

            floor_ms = median_ms(floor, repeat)
            answers[(key, search)] = (calls, floor())
            results.append({"page": key, "path": page["path"], "search": search, "cold": cold,
                            "cached": cached, "floor": floor_ms, "queries": len(calls)})
            log(f"{size:,} {key} {search}: cold {cold:,.0f} ms, cached {cached:,.1f} ms, floor {floor_ms:,.0f} ms "
                f"({len(calls)} queries)")
    with out.open("wb") as handle:
        pickle.dump({"results": results, "answers": answers, "rss_loaded": rss_loaded, "rss_peak": peak_mb(),
                     "rss_end": rss_mb()}, handle)


def pandas_worker(size: int, repeat: int, calls_file: Path, out: Path) -> None:
    import pandas_impl

    from dashboard.snapshots import SnapshotStore

    with calls_file.open("rb") as handle:
        answers = pickle.load(handle)["answers"]
    started = time.perf_counter()
    frame = pandas_impl.load(SnapshotStore(data_dir(size)).get().cases_file)
    load_s = time.perf_counter() - started
    rss_loaded = rss_mb()
    results, numbers = [], {}
    for (key, search), (calls, _) in answers.items():
        ms = median_ms(lambda c=calls: pandas_impl.page_numbers(frame, c), repeat)
        numbers[(key, search)] = pandas_impl.page_numbers(frame, calls)
        results.append({"page": key, "search": search, "ms": ms})
        log(f"{size:,} {key} {search}: pandas {ms:,.0f} ms")
    with out.open("wb") as handle:
        pickle.dump({"results": results, "numbers": numbers, "load_s": load_s, "rss_loaded": rss_loaded,
                     "rss_peak": peak_mb()}, handle)


def ingest_worker(rows: int, out: Path) -> None:
    from dashboard.ingest import ingest_file

    export = export_path(rows)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        report = ingest_file(export, scratch)
        seconds = time.perf_counter() - started
    out.write_text(json.dumps({"rows": report.rows_imported, "seconds": seconds, "mb": export.stat().st_size / 1e6,
                               "rss_peak": peak_mb()}))


# ---------------------------------------------------------------- the parent: runs workers, prints

def run_worker(*args: str) -> None:
    command = [sys.executable, str(HERE), "--worker", *args]
    subprocess.run(command, check=True, cwd=ROOT.parent)


def same_numbers(duck: list, panda: list) -> list[str]:
    import pandas_impl

    problems = []
    for index, (left, right) in enumerate(zip(duck, panda)):
        a, b = pandas_impl.canonical(left), pandas_impl.canonical(right)
        if a != b:
            problems.append(f"query #{index}: duckdb {a[:6]}… pandas {b[:6]}…")
    if len(duck) != len(panda):
        problems.append(f"{len(duck)} answers against {len(panda)}")
    return problems


def ratio(a: float, b: float) -> str:
    return f"{a / b:,.1f}×" if b and a == a and b == b else "–"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per figure at 10 M cases and more")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--no-ingest", action="store_true", help="skip the ingest throughput")
    parser.add_argument("--ingest-rows", type=int, default=1_000_000)
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        kind, *rest = args.worker
        if kind == "app":
            app_worker(int(rest[0]), int(rest[1]), Path(rest[2]))
        elif kind == "pandas":
            pandas_worker(int(rest[0]), int(rest[1]), Path(rest[2]), Path(rest[3]))
        elif kind == "ingest":
            ingest_worker(int(rest[0]), Path(rest[1]))
        return 0

    for size in args.sizes:
        data_dir(size)  # builds a missing snapshot once, before anything is timed
    scratch = Path(tempfile.mkdtemp(prefix="react-compare-"))
    try:
        return compare(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def compare(args, scratch: Path) -> int:
    """Runs the workers for every size, checks the numbers, prints the table; 1 when any differ."""
    rows, notes, different = [], [], False
    for size in args.sizes:
        app_file, pandas_file = scratch / f"app-{size}.pkl", scratch / f"pandas-{size}.pkl"
        notes.append(f"{size:,} cases: load average before the app run {load_average()}")
        repeat = args.repeat_large if size >= LARGE else args.repeat
        run_worker("app", str(size), str(repeat), str(app_file))
        app = pickle.loads(app_file.read_bytes())
        panda = None
        if not args.no_pandas:
            notes.append(f"{size:,} cases: load average before the pandas run {load_average()}")
            run_worker("pandas", str(size), str(repeat), str(app_file), str(pandas_file))
            panda = pickle.loads(pandas_file.read_bytes())
            notes.append(f"{size:,} cases: pandas loaded the snapshot in {panda['load_s']:,.1f} s")
        pandas_ms = {(r["page"], r["search"]): r["ms"] for r in panda["results"]} if panda else {}
        by_page: dict[str, list] = {}
        for result in app["results"]:
            by_page.setdefault(result["page"], []).append(result)
        for page, everything in by_page.items():
            landing = next(r for r in everything if r["search"] == LANDING)
            results = [r for r in everything if r["search"] != LANDING]
            checks = []
            if panda:
                for result in everything:
                    key = (page, result["search"])
                    problems = same_numbers(app["answers"][key][1], panda["numbers"][key])
                    if problems:
                        different = True
                        log(f"DIFFERENT {size:,} {page} {result['search']}: " + "; ".join(problems))
                    checks.append(not problems)
            cold = statistics.median(r["cold"] for r in results)
            cached = statistics.median(r["cached"] for r in results)
            floor = statistics.median(r["floor"] for r in results)
            queries = statistics.median(r["queries"] for r in results)
            pms = statistics.median(pandas_ms[(page, r["search"])] for r in results) if panda else float("nan")
            same = ("–" if not panda else f"same ({len(checks)}/{len(checks)})" if all(checks)
                    else f"DIFFERENT ({checks.count(False)}/{len(checks)})")
            pland = f"{pandas_ms[(page, LANDING)]:,.0f}" if panda else "–"
            rows.append([f"{size:,}", page, f"{queries:.0f}", f"{cold:,.0f}", f"{max(r['cold'] for r in results):,.0f}",
                         f"{cached:,.1f}", f"{floor:,.0f}", ratio(cold, floor),
                         f"{landing['cold']:,.0f} / {landing['floor']:,.0f} / {pland}",
                         f"{pms:,.0f}" if panda else "–", ratio(pms, cold) if panda else "–", same,
                         f"{app['rss_loaded']:,.0f} / {app['rss_peak']:,.0f}",
                         f"{panda['rss_loaded']:,.0f} / {panda['rss_peak']:,.0f}" if panda else "–",
                         ratio(panda["rss_loaded"], app["rss_loaded"]) if panda else "–"])

    ingest = None
    if not args.no_ingest:
        ingest_file_out = scratch / "ingest.json"
        notes.append(f"ingest: load average before {load_average()}")
        run_worker("ingest", str(args.ingest_rows), str(ingest_file_out))
        ingest = json.loads(ingest_file_out.read_text())

    print("\n## App, floor and pandas per page (medians over the filter changes; ms of server time)\n")
    print("| cases | page | queries | app cold | app cold max | app cached | floor (DuckDB) | app/floor "
          "| no filter: app cold / floor / pandas | pandas | pandas/app | numbers "
          "| app RSS MB (loaded / peak) | pandas RSS MB (loaded / peak) | pandas/app memory |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if ingest:
        print(f"\nIngest: {ingest['rows']:,} rows ({ingest['mb']:,.0f} MB CSV) in {ingest['seconds']:.1f} s = "
              f"{ingest['rows'] / ingest['seconds']:,.0f} rows/s; peak RSS {ingest['rss_peak']:,.0f} MB")
    print("\n" + "\n".join(f"- {note}" for note in notes) + f"\n- load average at the end {load_average()}")
    print(f"- filter changes (medians and max are over these): {', '.join(CHANGES)}; \"no filter\" is the page "
          "as it opens, every case")
    print("- app cold: every callback the change fires on the page, summed, cache cleared; cached: the same again; "
          "floor: the same DuckDB queries alone; numbers: pandas equals DuckDB for every change")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
