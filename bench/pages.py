"""Server time of a filter change on each page, through the real callback endpoint.

    python bench/pages.py [--sizes 100000 1000000]

A filter change fires every callback that reads url.search on the page: the page's own plus the
shared ones (filter bar, more filters, header), read from the app by bench/callbacks.py; their
server times are summed (the browser runs them in parallel, so the sum is the conservative
figure). "cold": the cache was cleared and the DuckDB connection is warm; "cached": the same
change again. Median over several different filter changes. bench/compare.py adds the floor
(bare DuckDB) and a pandas baseline to these figures.
"""

from __future__ import annotations

import argparse
import statistics
import time

from callbacks import CHANGES, body, flask_discover
from common import data_dir, log

from dashboard.app import create_app
from dashboard.cache import cache


def change_ms(client, deps: list[dict], search: str) -> float:
    started = time.perf_counter()
    for dep in deps:
        response = client.post("/_dash-update-component", json=body(dep, search))
        assert response.status_code in (200, 204), (dep["output"][:60], response.status_code)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    folders = {size: data_dir(size) for size in args.sizes}
    app = create_app(folders[args.sizes[0]])
    print("| cases | page | cold ms (median) | cold ms (max) | cached ms (median) |")
    print("|---:|---|---:|---:|---:|")
    for size, folder in folders.items():
        app.server.config["REACT_DATA_DIR"] = str(folder)
        client = app.server.test_client()
        pages = flask_discover(client)
        for page in pages.values():  # opens the snapshot's connection once
            change_ms(client, page["deps"], "")
        for page, found in pages.items():
            outputs = found["deps"]
            cold, cached = [], []
            with app.server.app_context():
                cache.clear()
            for search in CHANGES:
                cold.append(change_ms(client, outputs, search))
                cached.append(change_ms(client, outputs, search))
            print(f"| {size:,} | {page} | {statistics.median(cold):,.0f} | {max(cold):,.0f} | "
                  f"{statistics.median(cached):,.0f} |", flush=True)
    log("done")


if __name__ == "__main__":
    main()
