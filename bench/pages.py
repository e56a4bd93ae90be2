"""Server time of a filter change on each page, through the real callback endpoint.

    python bench/pages.py [--sizes 100000 1000000]

A filter change fires the page's own callbacks plus the shared ones (filter bar, links, more
filters); their server times are summed (the browser runs them in parallel, so the sum is the
conservative figure). "cold": the cache was cleared and the DuckDB connection is warm;
"cached": the same change again. Median over several different filter changes.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import data_dir, log

from dashboard.app import create_app
from dashboard.cache import cache
from tests.dashhttp import call

PAGES = {
    "overview": ["kpi-cases"],
    "key-populations": ["keypop-key-groups"],
    "violations": ["violations-types"],
    "response": ["chart-reaction-status", "chart-decline-reasons"],
    "trends": ["trends-chart"],
    "geography": ["geography-countries"],
}
SHARED = [("filter-country", "value"), ("nav", "children"), ("filter-more", "is_open")]
CHANGES = [
    "?country=TJ&period=2023H1",
    "?country=TJ&period=2023H1&key_group=plhiv",
    "?country=UA&period=2024&perpetrator=police",
    "?period=2022Q3&violation=discrimination",
    "?country=KG&country=UZ&gender=female",
    "?qualified_only=1&age_group=a19_35",
]


def change_ms(client, outputs: list[tuple[str, str | None]], search: str) -> float:
    started = time.perf_counter()
    for output_id, prop in outputs:
        response = call(client, output_id, {"url.search": search}, prop=prop)
        assert response.status_code == 200, (output_id, response.status_code)
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
        call(client, "kpi-cases", {"url.search": ""})  # opens the snapshot's connection once
        for page, page_outputs in PAGES.items():
            outputs = [(o, None) for o in page_outputs] + SHARED
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
