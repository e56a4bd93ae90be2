"""The explorer as a browser meets it: bytes, requests and time to ready per page.

    python bench/front_end.py [--runs 3] [--throttle]

gunicorn serves the app as the Procfile does over the demo data, in local demo mode (no sign-in,
loopback). Debian's Chromium opens each explorer page at 1366 × 900 px in a fresh context (cold
browser cache); with --throttle the link is emulated as in bench/public_pages.py. "Ready": every
chart in the first screen has drawn (`_fullLayout`, not a "Loading…" placeholder) and nothing is
marked loading. Charts further down draw as they come near the screen (assets/draw_in_view.js):
"rest" is the main-thread time they take once ready, drawn all at once as printing does. Bytes are
the sum of `encodedDataLength` (as sent, compressed). Medians over the runs. Figures only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from common import OUT, log, visit
from servers import gunicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.bootstrap import ensure_demo_data  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run"]
PAGES = ["/", "/key-populations", "/violations", "/response", "/trends", "/geography"]
READY_JS = """() => {
  const graphs = [...document.querySelectorAll('.js-plotly-plot')];
  const loading = document.querySelector('[data-dash-is-loading="true"], ._dash-loading');
  // A placeholder ("Loading…", what a chart shows before its numbers arrive) is not ready.
  const placeholder = g => ((g.layout || {}).annotations || []).some(a => a.text === 'Loading…');
  return graphs.length > 0 && graphs.every(g => g._fullLayout && g.querySelector('.main-svg') && !placeholder(g))
    && !loading;
}"""
REST_JS = """() => {
  const started = performance.now();
  window.reactCharts.drawAll();  // plotly draws a cartesian chart synchronously
  return performance.now() - started;
}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--throttle", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = OUT / "frontend" / "data"
    ensure_demo_data(folder)
    results: dict[str, list] = {}
    with gunicorn(folder, workers=2, threads=4) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for path in PAGES:  # one warm-up visit per page: the server cache, not the browser's
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                visit(context, server.url + path, ready_js=READY_JS)
                context.close()
            for _run in range(args.runs):
                for path in PAGES:
                    context = browser.new_context(viewport={"width": 1366, "height": 900})
                    results.setdefault(path, []).append(visit(context, server.url + path, ready_js=READY_JS,
                                                              throttle=args.throttle, then_js=REST_JS))
                    context.close()
        finally:
            browser.close()
    log(f"explorer pages, demo data, {'1.6 Mbps / 150 ms' if args.throttle else 'loopback'}, "
        f"cold browser cache, median of {args.runs}")
    print("| page | bytes on the wire | requests | ready (s) | rest (ms) |")
    print("|---|---:|---:|---:|---:|")
    for path, runs in results.items():
        size, requests, ready, rest = (statistics.median(r[i] for r in runs) for i in range(4))
        print(f"| {path} | {size:,.0f} | {requests:.0f} | {ready:.2f} | {rest:.0f} |")


if __name__ == "__main__":
    main()
