"""Locust users who keep changing filters on the explorer pages (run by bench/load.py).

    locust -f bench/locustfile.py --host http://127.0.0.1:PORT --headless -u 50 -t 2m --max-requests 30000

Each user opens a random explorer page and changes its filters over and over, looking at the
charts for --think seconds (default 2 to 8) between changes; a change posts
to /_dash-update-component every callback that reads url.search on that page (the page's own,
the filter bar, the links, the "more filters" toggle, the drill-down), all at once as the
browser does, with the bodies bench/callbacks.body builds (as tests/dashhttp.py does). Filter
changes are drawn from a fixed space of about 10,000 combinations (countries, periods, one more
filter), so the shared cache sees both new and repeated scopes, as in real use.

Stats: one row per callback (request type POST), and one "CHANGE" row per page whose time is
the whole change (the slowest of its parallel callbacks). The run stops itself after
--max-requests callback requests, whatever the time limit. Loopback hosts only.
"""

from __future__ import annotations

import json
import random
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from callbacks import body, discover  # noqa: E402

COUNTRIES = ["GE", "KG", "KZ", "MD", "TJ", "UA", "UZ"]  # the demo data's seven
YEARS = range(2019, 2026)
EXTRAS = [("key_group", "plhiv"), ("key_group", "sex_worker"), ("key_group", "lgbtiq"), ("key_group", "pwud"),
          ("perpetrator", "police"), ("perpetrator", "healthcare"), ("violation", "discrimination"),
          ("gender", "female"), ("gender", "male"), ("qualified_only", "1"), ("age_group", "a19_35")]

PAGES: dict[str, dict] = {}
_state = {"requests": 0, "limit": 0, "stopping": False}


@events.init_command_line_parser.add_listener
def _arguments(parser):
    parser.add_argument("--max-requests", type=int, default=30_000, help="stop after this many callback requests")
    parser.add_argument("--change-seed", type=int, default=1, help="seed of the filter changes drawn")
    parser.add_argument("--raw-out", default="", help="write every response time here (JSON) at the end")
    parser.add_argument("--think", default="2,8", help="seconds a person looks at the charts between changes: MIN,MAX")


RAW: list[tuple[str, str, float, bool]] = []  # (type, name, ms, ok) of every request and change


@events.request.add_listener
def _record(request_type, name, response_time, exception, **_kwargs):
    RAW.append((request_type, name, response_time, exception is None))


@events.test_stop.add_listener
def _write_raw(environment, **_kwargs):
    path = environment.parsed_options.raw_out
    if path:
        Path(path).write_text(json.dumps(RAW))


def _is_loopback(host: str) -> bool:
    name = urlsplit(host).hostname or ""
    return name in ("127.0.0.1", "localhost", "::1")


@events.test_start.add_listener
def _discover(environment, **_kwargs):
    host = environment.host or ""
    if not _is_loopback(host):
        raise SystemExit(f"bench/locustfile.py runs against loopback only, not {host!r}")
    _state["limit"] = environment.parsed_options.max_requests

    def get_json(path):
        with urllib.request.urlopen(host + path, timeout=60) as response:
            return json.load(response)

    def post_json(path, data):
        request = urllib.request.Request(host + path, data=json.dumps(data).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)

    PAGES.update(discover(get_json, post_json))
    print(f"locustfile: pages {', '.join(PAGES)}; stopping after {_state['limit']:,} requests", flush=True)


def draw_change(rng: random.Random) -> str:
    """One filter change out of a fixed space: countries, a period, maybe one more filter."""
    pairs = [("country", c) for c in sorted(rng.sample(COUNTRIES, rng.choice([0, 1, 1, 1, 2])))]
    year = rng.choice(YEARS)
    period = rng.choice([None, str(year), f"{year}H{rng.randint(1, 2)}", f"{year}Q{rng.randint(1, 4)}"])
    if period:
        pairs.append(("period", period))
    if rng.random() < 0.5:
        pairs.append(rng.choice(EXTRAS))
    return "?" + urlencode(pairs) if pairs else ""


class FilterChanger(FastHttpUser):
    concurrency = 8  # parallel callbacks of one change, as a browser sends them

    def wait_time(self):
        """A person reads the charts before the next change (--think MIN,MAX seconds, uniform)."""
        low, high = (float(x) for x in self.environment.parsed_options.think.split(","))
        return between(low, high)(self)

    def on_start(self):
        seed = self.environment.parsed_options.change_seed
        self.rng = random.Random(seed * 1_000_003 + id(self))
        self.page = self.rng.choice(sorted(PAGES))

    @task
    def change_filters(self):
        if _state["stopping"]:
            return
        if self.rng.random() < 0.2:  # now and then the person moves to another page
            self.page = self.rng.choice(sorted(PAGES))
        search = draw_change(self.rng)
        deps = PAGES[self.page]["deps"]
        started = time.perf_counter()
        jobs = [gevent.spawn(self._post, dep, search) for dep in deps]
        gevent.joinall(jobs)
        ok = all(job.value for job in jobs)
        events.request.fire(request_type="CHANGE", name=self.page, response_time=(time.perf_counter() - started) * 1000,
                            response_length=0, exception=None if ok else RuntimeError("a callback failed"),
                            context={})
        _state["requests"] += len(deps)
        if _state["requests"] >= _state["limit"] and not _state["stopping"]:
            _state["stopping"] = True
            print(f"locustfile: {_state['requests']:,} requests made, stopping", flush=True)
            self.environment.runner.quit()

    def _post(self, dep: dict, search: str) -> bool:
        name = f"{self.page}: {dep['output'].strip('.').split('.')[0]}"
        with self.client.post("/_dash-update-component", json=body(dep, search), name=name,
                              catch_response=True) as response:
            if response.status_code not in (200, 204):
                response.failure(f"HTTP {response.status_code} {getattr(response, 'error', '') or ''}".strip())
                return False
            if response.status_code == 200 and "response" not in (response.text or ""):
                response.failure("no callback response in the body")
                return False
            response.success()
            return True
