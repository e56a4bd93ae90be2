"""The cache warm-up: a new snapshot's opening views are computed once, in the background, and
then served without a query."""

import threading

import pytest

from dashboard import db, measures, warmup
from dashboard.cache import cache, cache_key
from dashboard.filters import Filters
from dashboard.ingest import ingest_file
from dashboard.snapshots import SnapshotStore
from dashboard.views import exportable
from tests.conftest import FIXTURES
from tests.dashhttp import call, response_values

# The first output of each page's callback: enough to call it.
FIRST_OUTPUT = {"overview": "kpi-cases", "key_populations": "keypop-key-groups", "violations": "violations-types",
                "response": "chart-reaction-status", "trends": "trends-chart", "geography": "geography-countries"}


@pytest.fixture
def fresh_snapshot(tmp_path):
    """A snapshot no other test has put in the cache (its id is new)."""
    folder = tmp_path / "data"
    ingest_file(FIXTURES / "small_export.csv", folder)
    return folder, SnapshotStore(folder).get()


def _refuse_queries(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a query ran")

    monkeypatch.setattr(db, "run", refuse)


def test_warmed_opening_views_need_no_query(dash_app, client_for, fresh_snapshot, monkeypatch):
    folder, snapshot = fresh_snapshot
    client = client_for(folder)
    assert set(FIRST_OUTPUT) == set(exportable())
    with dash_app.server.test_request_context("/"):
        assert warmup.warm(snapshot) == 2 * len(exportable())
    _refuse_queries(monkeypatch)
    for output in FIRST_OUTPUT.values():
        for search in ("", "?lang=ru"):
            response = call(client, output, {"url.search": search})
            assert response.status_code == 200, (output, search)
    # The Response page's drill-down opens on its default status: warmed too (an extra figure).
    assert call(client, "chart-decline-reasons", {"url.search": ""}).status_code == 200
    overview = response_values(call(client, "kpi-cases", {"url.search": ""}))
    assert (overview["kpi-cases.children"], overview["kpi-clients.children"]) == ("30", "22")
    # A scope the warm-up did not cover still needs its queries: the refusal above is real.
    assert call(client, "kpi-cases", {"url.search": "?country=TJ"}).status_code == 500


def test_the_first_request_starts_one_warm_up(dash_app, client_for, fresh_snapshot, monkeypatch):
    folder, snapshot = fresh_snapshot
    monkeypatch.setitem(dash_app.server.config, warmup.CONFIG_KEY, True)
    client = client_for(folder)
    assert call(client, "kpi-cases", {"url.search": "?country=TJ"}).status_code == 200
    started = [t for t in threading.enumerate() if t.name == f"warm-{snapshot.id}"]
    for thread in started:
        thread.join(timeout=60)
    with dash_app.server.test_request_context("/"):
        assert cache.get(f"warmed:{snapshot.id}") == "claimed"
        assert cache.get(cache_key(measures.totals, snapshot, Filters(), ())) == {
            "cases": 30, "clients": 22, "qualified_cases": 21}
        # Served again in this process: nothing new starts.
        assert warmup.notice(snapshot) is None


def test_a_second_language_needs_no_query(dash_app, client_for, fresh_snapshot, monkeypatch):
    """Measures are cached once per scope and labelled after the cache: Russian after English runs nothing."""
    folder, _snapshot = fresh_snapshot
    client = client_for(folder)
    english = {name: call(client, output, {"url.search": "?country=TJ"}) for name, output in FIRST_OUTPUT.items()}
    assert all(r.status_code == 200 for r in english.values())
    _refuse_queries(monkeypatch)
    for output in FIRST_OUTPUT.values():
        response = call(client, output, {"url.search": "?country=TJ&lang=ru"})
        assert response.status_code == 200, output
    russian = response_values(call(client, "chart-key-groups", {"url.search": "?country=TJ&lang=ru"}))
    labels = russian["chart-key-groups.figure"]["layout"]["yaxis"]["ticktext"]
    assert labels and all(not label.isascii() for label in labels)  # Russian labels, from the same cached rows
