"""What a person waits for: a filter change in headless Chromium until every chart is redrawn.

    python bench/browser.py [--sizes 100000 1000000] [--workers 2] [--threads 4]

For each snapshot size, gunicorn serves the app on a free loopback port (as the Procfile does:
2 workers, 4 threads, a FileSystemCache in a private folder) and Debian's Chromium opens every
explorer page. A filter change is made the way the filter bar makes it: `url.search` is set in the page
(`dash_clientside.set_props`, as the filter bar's callback output does; the URL changes in place
without rebuilding the page) and Dash fires every callback that reads it. The clock stops when no callback request is
in flight, no component is marked loading (`[data-dash-is-loading]`, `._dash-loading`), and
every `.js-plotly-plot` on the page has drawn a new figure since the change (Plotly replaces a
graph's `_fullLayout` on each draw; graphs that appeared with the change count once drawn).

cold: the server's cache was emptied just before the change; cached: the same change again
after going back to the unfiltered page. Also printed: how many callback requests the change
caused, and the first load of each page (navigation to "all charts drawn", cold cache).
Medians over bench/callbacks.CHANGES. Figures only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from callbacks import CHANGES
from common import data_dir, log
from servers import clear_file_cache, gunicorn

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]
TIMEOUT_MS = 120_000

# Counts callback requests in flight and made, before any page script runs.
INIT_JS = """
(() => {
  window.__bench = {inflight: 0, requests: 0, outputs: []};
  const original = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (!url.includes('_dash-update-component')) return original.apply(this, arguments);
    window.__bench.inflight += 1;
    window.__bench.requests += 1;
    try { window.__bench.outputs.push(JSON.parse(init.body).output); } catch (e) {}
    return original.apply(this, arguments).finally(() => { window.__bench.inflight -= 1; });
  };
})();
"""

# Before a change: remember each graph's current drawing, reset the counters, start the clock.
ARM_JS = """() => {
  const b = window.__bench;
  b.old = new Map([...document.querySelectorAll('.js-plotly-plot')].map(g => [g, g._fullLayout]));
  b.requests = 0; b.outputs = []; b.done = null; b.t0 = performance.now();
}"""

# The filter bar's path: a callback writes url.search (dcc.Location with refresh=False pushes
# the history entry and Dash fires what reads it). dash_clientside.set_props is that write.
CHANGE_JS = """(search) => { window.dash_clientside.set_props('url', {search: search}); }"""

# True once the change has fully landed; records the time it was first seen.
DONE_JS = """(expected) => {
  const b = window.__bench;
  if (b.done !== null) return true;
  if (b.inflight > 0 || b.requests < expected) return false;
  if (document.querySelector('[data-dash-is-loading="true"], ._dash-loading')) return false;
  const graphs = [...document.querySelectorAll('.js-plotly-plot')];
  if (!graphs.length) return false;
  const drawn = graphs.every(g => g._fullLayout && (!b.old.has(g) || g._fullLayout !== b.old.get(g)));
  if (!drawn) return false;
  b.done = performance.now() - b.t0;
  return true;
}"""

# First load: every graph on the page has drawn and nothing is loading or in flight.
LOADED_JS = """() => {
  const b = window.__bench;
  if (!b || b.inflight > 0 || b.requests === 0) return false;
  if (document.querySelector('[data-dash-is-loading="true"], ._dash-loading')) return false;
  const graphs = [...document.querySelectorAll('.js-plotly-plot')];
  return graphs.length > 0 && graphs.every(g => g._fullLayout && g.data);
}"""


def page_paths(base: str) -> list[tuple[str, str, int]]:
    """(page key, path, callbacks a filter change fires) of every explorer page that shows charts."""
    import json
    import urllib.request

    from callbacks import discover

    def get_json(path):
        with urllib.request.urlopen(base + path, timeout=60) as response:
            return json.load(response)

    def post_json(path, body):
        request = urllib.request.Request(base + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)

    return [(key, page["path"], len(page["deps"])) for key, page in discover(get_json, post_json).items()]


def change(tab, search: str, expected: int) -> tuple[float, int, list[str]]:
    """One change; done once at least `expected` callback requests were made and all landed."""
    tab.evaluate(ARM_JS)
    tab.evaluate(CHANGE_JS, search)
    tab.wait_for_function(DONE_JS, arg=expected, polling=10, timeout=TIMEOUT_MS)
    done, requests, outputs = tab.evaluate("() => [window.__bench.done, window.__bench.requests, "
                                           "window.__bench.outputs]")
    return done, requests, outputs


def measure(base: str, cache_dir: str, size: int) -> list[list[str]]:
    from playwright.sync_api import sync_playwright

    rows = []
    pages = page_paths(base)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(INIT_JS)
            tab = context.new_page()
            errors = []
            tab.on("pageerror", lambda error: errors.append(str(error)))
            for key, path, expected in pages:
                clear_file_cache(cache_dir)
                started = time.perf_counter()
                tab.goto(base + path, wait_until="domcontentloaded")
                tab.wait_for_function(LOADED_JS, polling=10, timeout=TIMEOUT_MS)
                first_load = (time.perf_counter() - started) * 1000
                tab.wait_for_timeout(500)  # let the first drawing settle (autosize) before arming
                cold, cached, requests, callbacks = [], [], [], set()
                for search in CHANGES:
                    clear_file_cache(cache_dir)
                    ms, count, outputs = change(tab, search, expected)
                    cold.append(ms)
                    requests.append(count)
                    callbacks.update(outputs)
                    change(tab, "", expected)
                    ms, _, _ = change(tab, search, expected)
                    cached.append(ms)
                    change(tab, "", expected)
                rows.append([f"{size:,}", key, f"{first_load:,.0f}", f"{statistics.median(cold):,.0f}",
                             f"{max(cold):,.0f}", f"{statistics.median(cached):,.0f}",
                             f"{statistics.median(requests):.0f}"])
                log(f"{size:,} {key}: first load {first_load:,.0f} ms, cold {[round(c) for c in cold]}, "
                    f"cached {[round(c) for c in cached]}, requests {requests}; callbacks: "
                    + ", ".join(sorted(o.strip('.').split('.')[0] for o in callbacks)))
            if errors:
                log("page errors: " + " | ".join(errors[:5]))
        finally:
            browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    rows, loads = [], []
    for size in args.sizes:
        folder = data_dir(size)
        loads.append(f"{size:,}: load average before {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
        with gunicorn(folder, args.workers, args.threads) as server:
            rows += measure(server.url, server.cache_dir, size)
    print(f"\n## Browser: filter change to every chart redrawn (headless Chromium, gunicorn {args.workers} workers "
          f"x {args.threads} threads, ms)\n")
    print("| cases | page | first load (cold) | change cold (median) | change cold (max) | change cached (median) "
          "| callback requests per change |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\n- " + "\n- ".join(loads) + f"\n- load average at the end "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"- filter changes: {', '.join(CHANGES)}")


if __name__ == "__main__":
    main()
