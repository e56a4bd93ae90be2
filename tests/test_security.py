"""The red-team findings of issue 11, one test each, named after the finding.

Each reproduces the attack as it was made (a crafted `next`, a planted cache file, a huge body,
guessed passwords, a copied cookie, …) and checks that it now fails in the way SECURITY.md says.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import struct
import threading
import time
from pathlib import Path

import pytest

from dashboard.auth.users import UserStore
from tests.conftest import PASSWORD, sign_in
from tests.dashhttp import call

CALLBACK = "/_dash-update-component"


@pytest.fixture
def users_dir(fixture_data_dir, tmp_path) -> Path:
    """The fixture snapshot with its own users file, for tests that change users."""
    folder = tmp_path / "data"
    shutil.copytree(fixture_data_dir, folder)
    store = UserStore(folder / "users.json")
    store.add("admin", "admin", PASSWORD, None)
    store.add("tj_viewer", "viewer", PASSWORD, ("TJ",))
    store.add("other", "viewer", PASSWORD, None)
    return folder


def _client(client_for, folder, address="127.0.0.1"):
    client = client_for(folder)
    client.environ_base["REMOTE_ADDR"] = address
    return client


# 1 ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/\t/evil.example/x", "/\n/evil.example", "//evil.example", "/\\evil.example",
                                    "https://evil.example/", "/%09/evil.example", " /x"])
def test_1_no_open_redirect_after_sign_in(client_for, users_dir, target):
    response = _client(client_for, users_dir).post("/login", data={"username": "admin", "password": PASSWORD,
                                                                   "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_1_a_path_on_this_site_is_kept(client_for, users_dir):
    response = _client(client_for, users_dir).post("/login", data={"username": "admin", "password": PASSWORD,
                                                                   "next": "/trends?country=TJ&period=2023"})
    assert response.headers["Location"] == "/trends?country=TJ&period=2023"


# 2 ------------------------------------------------------------------------------------------

class _Planted:
    def __reduce__(self):
        return (os.system, (f"touch {os.environ['PLANTED_MARKER']}",))


def test_2_a_planted_cache_file_is_not_unpickled(dash_app, tmp_path, monkeypatch):
    from dashboard.cache import cache

    marker = tmp_path / "pwned"
    monkeypatch.setenv("PLANTED_MARKER", str(marker))
    with dash_app.server.app_context():
        backend = cache.cache
        cache.set("planted-key", {"cases": 1})
        assert cache.get("planted-key") == {"cases": 1}
        filename = backend._get_filename(backend._normalize_key("planted-key")) if hasattr(
            backend, "_normalize_key") else backend._get_filename("planted-key")
        path = Path(filename)
        if not path.exists():  # flask-caching prefixes keys; find the file just written
            path = max(Path(backend._path).iterdir(), key=lambda p: p.stat().st_mtime)
        with path.open("wb") as handle:
            handle.write(struct.pack("I", int(time.time()) + 3600))
            pickle.dump(_Planted(), handle)
        assert cache.get("planted-key") is None
    assert not marker.exists()


def test_2_a_cache_folder_others_can_write_is_refused(tmp_path, monkeypatch):
    from dashboard.cache import CacheFolderError, cache_config

    shared = tmp_path / "shared-cache"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("REACT_CACHE_DIR", str(shared))
    with pytest.raises(CacheFolderError, match="others can write"):
        cache_config(tmp_path)
    link = tmp_path / "link-cache"
    link.symlink_to(tmp_path)
    monkeypatch.setenv("REACT_CACHE_DIR", str(link))
    with pytest.raises(CacheFolderError, match="symbolic link"):
        cache_config(tmp_path)


def test_2_the_default_cache_folder_is_private(tmp_path, monkeypatch):
    from dashboard.cache import cache_config

    monkeypatch.delenv("REACT_CACHE_DIR", raising=False)
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path))
    folder = Path(cache_config(tmp_path)["CACHE_DIR"])
    assert folder.parent == tmp_path and oct(folder.stat().st_mode & 0o777) == "0o700"


# 3 ------------------------------------------------------------------------------------------

def test_3_an_unbounded_request_body_gets_413_before_it_is_read(client_for, users_dir):
    client = _client(client_for, users_dir)
    response = client.post(CALLBACK, data=b"{" + b" " * (6 * 1024 * 1024) + b"}",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413


# 4 ------------------------------------------------------------------------------------------

def _attempt(client, name, password):
    return client.post("/login", data={"username": name, "password": password, "next": "/"}).status_code


def test_4_failed_sign_ins_lock_the_account_not_everyone_behind_the_address(client_for, users_dir):
    attacker = _client(client_for, users_dir, "10.1.1.1")
    assert [_attempt(attacker, "tj_viewer", "wrong-password") for _ in range(6)] == [401] * 5 + [429]
    colleague = _client(client_for, users_dir, "10.1.1.1")  # same address: a shared proxy
    assert _attempt(colleague, "other", PASSWORD) == 302
    elsewhere = _client(client_for, users_dir, "10.2.2.2")
    assert _attempt(elsewhere, "tj_viewer", PASSWORD) == 429  # the account itself waits 15 minutes


def test_4_concurrent_guesses_do_not_race_past_the_limit(client_for, users_dir):
    codes = []

    def guess(i):
        codes.append(_attempt(_client(client_for, users_dir, f"10.3.3.{i}"), "admin", f"wrong-{i}-password"))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes.count(401) == 5 and codes.count(429) == 11


# 5 ------------------------------------------------------------------------------------------

def _cookie(client) -> str:
    return client.get_cookie("session").value


def _with_cookie(client_for, folder, value):
    client = _client(client_for, folder)
    client.set_cookie("session", value)
    return client


def test_5_sign_out_ends_every_session_of_the_user(client_for, users_dir):
    first, second = _client(client_for, users_dir), _client(client_for, users_dir)
    sign_in(first, "admin")
    sign_in(second, "admin")
    copied = _cookie(first)
    assert _with_cookie(client_for, users_dir, copied).get("/api/v1/summary").status_code == 200
    assert first.get("/logout").status_code == 405  # a link or an image cannot sign anyone out
    assert first.post("/logout").status_code == 302
    assert _with_cookie(client_for, users_dir, copied).get("/api/v1/summary").status_code == 401
    assert second.get("/api/v1/summary").status_code == 401


@pytest.mark.parametrize("change", ["password", "removal"])
def test_5_a_password_change_or_removal_ends_sessions(client_for, users_dir, change):
    client = _client(client_for, users_dir)
    sign_in(client, "tj_viewer")
    assert client.get("/api/v1/summary").status_code == 200
    store = UserStore(users_dir / "users.json")
    if change == "password":
        store.set_password("tj_viewer", "another-long-password")
    else:
        store.remove("tj_viewer")
    assert client.get("/api/v1/summary").status_code == 401


# 6 ------------------------------------------------------------------------------------------

def test_6_removing_the_last_user_does_not_open_the_instance(client_for, users_dir):
    client = _client(client_for, users_dir)
    assert client.get("/api/v1/summary").status_code == 401
    store = UserStore(users_dir / "users.json")
    for name in ("admin", "tj_viewer", "other"):
        store.remove(name)
    assert client.get("/api/v1/summary").status_code == 401
    assert b"local demo" not in client.get("/").data


def test_6_forwarded_for_counts_only_from_a_trusted_proxy(client_for, fixture_data_dir, monkeypatch):
    """A demo answers this computer only; a forwarded address is believed from a configured proxy alone."""
    monkeypatch.delenv("REACT_TRUSTED_PROXIES", raising=False)
    spoofing = _client(client_for, fixture_data_dir, "10.9.9.9")
    assert spoofing.get("/health", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403
    local = _client(client_for, fixture_data_dir, "127.0.0.1")
    assert local.get("/health", headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 200
    monkeypatch.setenv("REACT_TRUSTED_PROXIES", "127.0.0.1")
    proxied = _client(client_for, fixture_data_dir, "127.0.0.1")
    assert proxied.get("/health", headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 403
    assert proxied.get("/health", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


# 7 ------------------------------------------------------------------------------------------

def test_7_html_in_imported_names_is_escaped_in_charts():
    from dashboard import charts
    from dashboard.components.protected_charts import bars

    evil = "<a href='https://evil.example'>Dushanbe</a>"
    figure = charts.bar([{"code": "x", "label": evil, "cases": 12}], count="cases", title="Cases by region",
                        subtitle="n = 12 cases", unit="cases")
    text = json.dumps([figure["data"], figure["layout"].get("annotations")])  # meta.table is data for exports
    assert "<a href" not in text and "&lt;a href=&#x27;https://evil.example&#x27;&gt;" in text
    table = {"title": {"en": "Cases by region"}, "unit": "cases", "n": 12, "withheld": False, "share_of": None,
             "columns": [{"code": "cases"}], "rows": [{"code": "TJ|x", "label": {"en": evil},
                                                       "cells": {"cases": {"value": 12, "suppressed": False,
                                                                           "hidden_as": None, "share": None}}}]}
    assert "<a href" not in json.dumps(bars(table, "en")["data"])


# 8 ------------------------------------------------------------------------------------------

def test_8_a_demo_answers_loopback_host_names_only(client_for, fixture_data_dir, monkeypatch):
    monkeypatch.delenv("REACT_ALLOWED_HOSTS", raising=False)
    client = _client(client_for, fixture_data_dir)
    assert client.get("/health", headers={"Host": "127.0.0.1:8050"}).status_code == 200
    assert client.get("/health", headers={"Host": "localhost"}).status_code == 200
    assert client.get("/", headers={"Host": "rebound.evil.example"}).status_code == 400


def test_8_allowed_hosts_are_configurable(client_for, users_dir, monkeypatch):
    monkeypatch.setenv("REACT_ALLOWED_HOSTS", "react.example.org")
    client = _client(client_for, users_dir)
    assert client.get("/releases", headers={"Host": "react.example.org"}).status_code == 200
    assert client.get("/releases", headers={"Host": "evil.example"}).status_code == 400


# 9 ------------------------------------------------------------------------------------------

def test_9_an_empty_country_list_means_none(client_for, users_dir):
    users = json.loads((users_dir / "users.json").read_text())
    for entry in users["users"]:
        if entry["name"] == "other":
            entry["countries"] = []
    (users_dir / "users.json").write_text(json.dumps(users))
    client = _client(client_for, users_dir)
    sign_in(client, "other")
    assert client.get("/api/v1/summary").status_code == 403


def test_9_the_methodology_page_counts_only_the_viewers_countries(client_for, users_dir):
    client = _client(client_for, users_dir)
    sign_in(client, "tj_viewer")
    response = call(client, "methodology-sentence", {"_pages_location.search": ""}, prop="children")
    text = response.get_data(as_text=True)
    admin = _client(client_for, users_dir)
    sign_in(admin, "admin")
    everything = call(admin, "methodology-sentence", {"_pages_location.search": ""},
                      prop="children").get_data(as_text=True)
    assert response.status_code == 200 and text != everything
    summary = client.get("/api/v1/summary").get_json()
    assert f"{summary['totals']['cases']} cases" in text


# 10 -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", ["{}", "[]", '"x"', "1", "null", "[" * 5000 + "]" * 5000,
                                  '{"output": "x.children", "outputs": {}, "inputs": "no"}',
                                  '{"output": 5, "inputs": [], "state": []}'])
def test_10_malformed_callback_bodies_get_400(client_for, users_dir, body):
    client = _client(client_for, users_dir)
    sign_in(client, "admin")
    response = client.post(CALLBACK, data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "error" in response.get_json()


def test_10_a_search_given_as_a_list_gets_400(client_for, users_dir):
    client = _client(client_for, users_dir)
    sign_in(client, "admin")
    response = call(client, "kpi-cases", {"url.search": ["?country=TJ"]}, prop="children")
    assert response.status_code == 400 and "error" in response.get_json()


# 11 -----------------------------------------------------------------------------------------

def test_11_image_exports_are_limited_per_user(client_for, users_dir, monkeypatch):
    from dashboard.exports import images

    started, release = threading.Event(), threading.Event()

    def slow_image(*_args, **_kwargs):
        started.set()
        release.wait(10)
        return b"\x89PNG"

    monkeypatch.setattr(images, "image", slow_image)
    first = _client(client_for, users_dir)
    sign_in(first, "admin")
    second = _client(client_for, users_dir)
    sign_in(second, "admin")
    results = {}
    worker = threading.Thread(target=lambda: results.setdefault(
        "first", first.get("/export/overview/overview-trend.png?country=TJ").status_code))
    worker.start()
    assert started.wait(10)
    busy = second.get("/export/overview/overview-trend.png?country=TJ")
    release.set()
    worker.join()
    assert results["first"] == 200
    assert busy.status_code == 429 and int(busy.headers["Retry-After"]) > 0


# 12 -----------------------------------------------------------------------------------------

def test_12_an_empty_secret_key_file_is_replaced(tmp_path, monkeypatch):
    from dashboard.auth.web import secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("REACT_SECRET_KEY", raising=False)
    (tmp_path / ".secret_key").write_text("")
    key = secret_key(tmp_path)
    assert len(key) == 64 and (tmp_path / ".secret_key").read_text().strip() == key
    assert secret_key(tmp_path) == key
    assert oct((tmp_path / ".secret_key").stat().st_mode & 0o777) == "0o600"


def test_12_a_data_dir_that_cannot_be_written_needs_secret_key(tmp_path, monkeypatch):
    from dashboard.auth.web import SecretKeyError, secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("REACT_SECRET_KEY", raising=False)

    def read_only(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("dashboard.auth.web._create_private", read_only)
    with pytest.raises(SecretKeyError, match="set SECRET_KEY"):
        secret_key(tmp_path)
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"


def test_12_stale_staging_folders_are_removed_at_the_next_import(fixture_data_dir, tmp_path):
    from dashboard.ingest import ingest_file
    from dashboard.snapshots import STAGING_PREFIX
    from tests.conftest import FIXTURES

    folder = tmp_path / "data"
    shutil.copytree(fixture_data_dir, folder)
    stale = folder / "snapshots" / f"{STAGING_PREFIX}killed"
    stale.mkdir()
    (stale / "cases.parquet").write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    ingest_file(FIXTURES / "small_export.csv", folder)
    assert not stale.exists()
    snapshot = folder / "snapshots" / (folder / "CURRENT").read_text().strip()
    assert oct(snapshot.stat().st_mode & 0o777) == "0o700"
    assert {oct(p.stat().st_mode & 0o777) for p in snapshot.iterdir()} == {"0o600"}


@pytest.mark.parametrize("argv", [["ingest", "tests/fixtures/small_export.csv", "--data-dir", "DATA"],
                                  ["users", "--data-dir", "DATA", "add", "someone", "--password-stdin",
                                   "--all-countries"],
                                  ["publish", "--region-wide", "--period", "2023", "--threshold", "3",
                                   "--data-dir", "DATA"]])
def test_12_a_full_disk_is_one_line_not_a_traceback(fixture_data_dir, tmp_path, monkeypatch, capsys, argv):
    from dashboard import cli

    folder = tmp_path / "data"
    shutil.copytree(fixture_data_dir, folder)

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", full)
    monkeypatch.setattr("os.rename", full)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a-long-enough-password\n"))
    assert cli.main([str(folder) if a == "DATA" else a for a in argv]) != 0
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err and err.count("\n") == 1


# 13 -----------------------------------------------------------------------------------------

def test_13_the_cookie_is_secure_behind_https_from_a_trusted_proxy(client_for, users_dir, monkeypatch):
    monkeypatch.setenv("REACT_TRUSTED_PROXIES", "127.0.0.1")
    client = _client(client_for, users_dir)
    response = client.post("/login", data={"username": "admin", "password": PASSWORD, "next": "/"},
                           headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.4.4.4"})
    assert "Secure" in response.headers["Set-Cookie"]
    plain = _client(client_for, users_dir).post("/login", data={"username": "admin", "password": PASSWORD})
    assert "Secure" not in plain.headers["Set-Cookie"]


def test_13_the_summary_api_is_not_stored(client_for, users_dir):
    client = _client(client_for, users_dir)
    sign_in(client, "admin")
    assert "no-store" in client.get("/api/v1/summary").headers["Cache-Control"]


def test_13_the_gate_encodes_next(client_for, users_dir):
    response = _client(client_for, users_dir).get("/trends?country=TJ&period=2023")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Ftrends%3Fcountry%3DTJ%26period%3D2023"
