"""Load test: 50 people changing filters at once against 4 gunicorn workers sharing one Redis.

    python bench/load.py [--size 1000000] [--users 50] [--run-time 2m] [--max-requests 30000]
    python bench/load.py --smoke          # 15 s, 5 users: a quick check that everything runs

Starts, all on 127.0.0.1 and on free ports: a throw-away `redis-server` (no persistence), then
gunicorn with --workers 4 over bench/out/<size>/data sharing that Redis as the cache (REDIS_URL)
and one SECRET_KEY, then a headless locust run of bench/locustfile.py bounded by both a time
limit and a request count. Prints p50/p95/p99 of the callback requests and of whole filter
changes, and the error count. Everything it started is stopped at the end, on an error and on
Ctrl-C (each in its own process group, stopped by that group's id). The cache starts empty.
Installs locust (requirements-bench.txt pins it) into this interpreter's environment if missing.
Figures only: the goal (p95 under 1 s at 1 M cases, no errors) is printed beside them, not asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, data_dir, log
from servers import gunicorn, redis_server, stop

LOCUST_PIN = "locust==2.47.0"


def ensure_locust() -> Path:
    if importlib.util.find_spec("locust") is None:
        log(f"installing {LOCUST_PIN} into {sys.prefix}")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", LOCUST_PIN], check=True)
    return Path(sys.executable).parent / "locust"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_locust(locust: Path, host: str, users: int, run_time: str, max_requests: int, prefix: Path,
               think: str) -> int:
    command = [str(locust), "-f", str(ROOT / "locustfile.py"), "--host", host, "--headless", "--think", think,
               "--users", str(users), "--spawn-rate", str(max(1, users // 5)), "--run-time", run_time,
               "--max-requests", str(max_requests), "--csv", str(prefix), "--only-summary",
               "--raw-out", f"{prefix}_raw.json",
               "--stop-timeout", "30", "--loglevel", "WARNING", "--web-host", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=ROOT.parent, start_new_session=True)
    try:
        return process.wait()
    finally:
        stop(process, "locust", grace=40)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))]


def report(raw_file: Path, args, started_load: str, seconds: float) -> None:
    raw = json.loads(raw_file.read_text())

    def line(label, items):
        times = [ms for _, _, ms, _ in items]
        errors = sum(1 for *_, ok in items if not ok)
        if not times:
            return f"| {label} | 0 | {errors} | – | – | – | – |"
        return (f"| {label} | {len(times):,} | {errors:,} | {percentile(times, .5):,.0f} "
                f"| {percentile(times, .95):,.0f} | {percentile(times, .99):,.0f} | {max(times):,.0f} |")

    callbacks = [r for r in raw if r[0] == "POST"]
    changes = [r for r in raw if r[0] == "CHANGE"]
    print(f"\n## Load: {args.users} users changing filters every {args.think.replace(',', '-')} s, gunicorn "
          f"{args.workers} workers x {args.threads} threads, shared Redis cache, {args.size:,} cases\n")
    print("| what | count | errors | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(line("**callback requests** (POST /_dash-update-component)", callbacks))
    print(line("**filter changes** (all callbacks of a change, in parallel)", changes))
    for page in sorted({name for _, name, _, _ in changes}):
        print(line(f"changes on {page}", [r for r in changes if r[1] == page]))
    print(f"\n- {len(callbacks) / seconds:,.1f} callback requests/s over {seconds:,.0f} s; bounded by --run-time "
          f"{args.run_time} and --max-requests {args.max_requests:,}; the cache was empty at the start")
    print("- goal: p95 under 1 s at 1 M cases, zero errors")
    print(f"- load average before {started_load}, after {load_average()} (locust itself runs on the same 2 cores)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--run-time", default="2m")
    parser.add_argument("--max-requests", type=int, default=30_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--think", default="2,8", help="seconds between a user's changes: MIN,MAX (uniform)")
    parser.add_argument("--smoke", action="store_true", help="15 s with 5 users")
    args = parser.parse_args()
    if args.smoke:
        args.users, args.run_time, args.max_requests = 5, "15s", min(args.max_requests, 2_000)

    locust = ensure_locust()
    folder = data_dir(args.size)
    scratch = Path(tempfile.mkdtemp(prefix="react-load-"))
    prefix = scratch / "locust"
    started_load = load_average()
    with redis_server() as redis_url, gunicorn(folder, args.workers, args.threads, redis_url=redis_url,
                                               log_file=scratch / "gunicorn.log") as server:
        started = time.perf_counter()
        code = run_locust(locust, server.url, args.users, args.run_time, args.max_requests, prefix, args.think)
        seconds = time.perf_counter() - started
    log(f"locust exited with {code}; its files and gunicorn's log are in {scratch}")
    raw = Path(f"{prefix}_raw.json")
    if not raw.exists():
        log("locust wrote no response times")
        return 1
    report(raw, args, started_load, seconds)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted: everything started has been stopped")
        sys.exit(130)
