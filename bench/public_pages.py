"""What a donor on a slow phone link waits for: the public release list and a release page.

    python bench/public_pages.py [--runs 3]

gunicorn serves the app as the Procfile does (bench/servers.py) over the demo data (the one
that reproduces the published Tajikistan 2023 H1 report) with TJ 2023 H1 published. Debian's
Chromium opens each page with the network emulated through CDP (150 ms latency, 1.6 Mbps down,
750 kbps up: a 3G phone link in Central Asia) at 390 × 844 px, a fresh browser profile for the
first visit and the same one again for the repeat visit.
Printed per page and visit: bytes on the wire (the sum of `encodedDataLength`, compressed as
sent), requests, and time from navigation to ready: the `load` event and, on the release page,
its key-group chart drawn (`#release-chart-key-group svg`). Medians over the runs. Figures only.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from common import OUT, log, visit
from servers import gunicorn

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))

from dashboard.bootstrap import ensure_demo_data  # noqa: E402
from dashboard.releases.publish import make_scope, publish  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run"]
READY = {"release": "#release-chart-key-group svg", "list": "body"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = OUT / "public" / "data"
    ensure_demo_data(folder)
    existing = sorted((folder / "releases").glob("tj-2023h1-*.json")) if (folder / "releases").is_dir() else []
    release_id = existing[0].stem if existing else publish(folder, make_scope(["TJ"], False, "2023H1"))["release_id"]
    pages = {"list": "/releases", "release": f"/releases/{release_id}"}
    results: dict[tuple[str, str], list] = {}
    with gunicorn(folder, workers=2, threads=4) as server, sync_playwright() as playwright:
        for _run in range(args.runs):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                for name, path in pages.items():
                    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                                  is_mobile=True, has_touch=True)
                    for which in ("first", "repeat"):
                        results.setdefault((name, which), []).append(
                            visit(context, server.url + path, ready_selector=READY[name], throttle=True))
                    context.close()
            finally:
                browser.close()
    log(f"public pages, demo data, release {release_id}, emulated 1.6 Mbps / 150 ms, 390 px, "
        f"median of {args.runs}")
    print("| page | visit | bytes on the wire | requests | ready (s) |")
    print("|---|---|---:|---:|---:|")
    for (name, which), runs in results.items():
        print(f"| {pages[name]} | {which} | {statistics.median(r[0] for r in runs):,.0f} | "
              f"{statistics.median(r[1] for r in runs):.0f} | {statistics.median(r[2] for r in runs):.2f} |")


if __name__ == "__main__":
    main()
