"""Shared fixtures: demo and hand-written snapshots, the one Dash app, a live server."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboard.auth.users import UserStore
from dashboard.demodata import write_demo_export
from dashboard.ingest import ingest_file

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_TEST_CASES = 12_000  # above the fixed Tajikistan volume, small enough to build in seconds
PASSWORD = "a-long-enough-password"


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    export = folder / "export.csv"
    write_demo_export(export, cases=DEMO_TEST_CASES, seed=1)
    ingest_file(export, folder / "data")
    return folder / "data"


@pytest.fixture(scope="session")
def fixture_data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fixture") / "data"
    ingest_file(FIXTURES / "small_export.csv", folder)
    return folder


@pytest.fixture(scope="session")
def dash_app(tmp_path_factory):
    """The one app of the test process (Dash keeps its page registry globally)."""
    os.environ["REACT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    from dashboard.app import create_app

    app = create_app(tmp_path_factory.mktemp("empty-data"))
    # No background warm-up: each test decides what is in the cache (test_warmup turns it on).
    app.server.config["REACT_WARM_CACHE"] = False
    return app


@pytest.fixture
def client_for(dash_app):
    """client_for(data_dir) -> a Flask test client of the app reading that data directory."""
    original = dash_app.server.config["REACT_DATA_DIR"]

    def make(data_dir: Path):
        dash_app.server.config["REACT_DATA_DIR"] = str(data_dir)
        return dash_app.server.test_client()

    yield make
    dash_app.server.config["REACT_DATA_DIR"] = original


@pytest.fixture(scope="session")
def live_server(dash_app, demo_data_dir):
    """The app over the demo snapshot, served on a free loopback port in a thread."""
    dash_app.server.config["REACT_DATA_DIR"] = str(demo_data_dir)
    server = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, one per test module (tests/chromium.py)."""
    from playwright.sync_api import sync_playwright

    from tests.chromium import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def signed_data_dir(fixture_data_dir, tmp_path_factory) -> Path:
    """The fixture snapshot with users, so sign-in is on: admin (all countries), tj_viewer (TJ only)."""
    folder = tmp_path_factory.mktemp("signed") / "data"
    shutil.copytree(fixture_data_dir, folder)
    store = UserStore(folder / "users.json")
    store.add("admin", "admin", PASSWORD, None)
    store.add("tj_viewer", "viewer", PASSWORD, ("TJ",))
    return folder


def sign_in(client, name: str) -> None:
    response = client.post("/login", data={"username": name, "password": PASSWORD, "next": "/"})
    assert response.status_code == 302, response.data
