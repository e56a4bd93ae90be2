"""Publishing, users and accounts in the browser: the role matrix over every new route, the
four-eyes path from preview to public, withdrawal, users changed in place (the next request
sees the new scope), generated and changed passwords, the CLI's `users edit` and piped
`passwd`, sign-in and error pages in Russian, and one real browser run of two publishers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading

import lxml.html
import pytest
from werkzeug.serving import make_server

from dashboard.auth.users import UserStore
from dashboard.releases.store import ReleaseStore
from tests.chromium import launch
from tests.conftest import PASSWORD, sign_in

TJ_H1 = {"country": "TJ", "period": "2023H1", "threshold": "11"}
# (method, path, roles allowed): every route of /publish, /users and /account.
ROUTES = [
    ("get", "/publish", {"publisher", "admin"}), ("post", "/publish/preview", {"publisher", "admin"}),
    ("get", "/publish/pending/{token}", {"publisher", "admin"}),
    ("get", "/publish/pending/{token}/page", {"publisher", "admin"}),
    ("post", "/publish/pending/{token}/submit", {"publisher", "admin"}),
    ("post", "/publish/pending/{token}/discard", {"publisher", "admin"}),
    ("post", "/publish/releases/{release}/withdraw", {"admin"}),
    ("get", "/users", {"admin"}), ("post", "/users/add", {"admin"}), ("post", "/users/viewer/edit", {"admin"}),
    ("post", "/users/viewer/password", {"admin"}), ("post", "/users/viewer/remove", {"admin"}),
    ("get", "/data", {"publisher", "admin"}),
]


@pytest.fixture
def team_dir(tmp_path, demo_data_dir):
    """The demo snapshot (it reproduces TJ 2023 H1) with a team: two publishers, an admin, a viewer."""
    folder = tmp_path / "data"
    shutil.copytree(demo_data_dir, folder, ignore=shutil.ignore_patterns("releases", "users.json", "audit.log"))
    users = UserStore(folder / "users.json")
    for name, role, countries in (("ann", "publisher", None), ("bob", "publisher", None), ("ada", "admin", None),
                                  ("viewer", "viewer", ("TJ",)), ("tj_pub", "publisher", ("TJ",))):
        users.add(name, role, PASSWORD, countries)
    return folder


def _as(client_for, folder, name):
    client = client_for(folder)
    sign_in(client, name)
    return client


def _preview(client, data=None) -> str:
    response = client.post("/publish/preview", data=data or TJ_H1)
    assert response.status_code == 303, response.data[:500]
    return response.headers["Location"].split("/publish/pending/")[1]


def _events(folder) -> list[dict]:
    return [json.loads(line) for line in (folder / "audit.log").read_text().splitlines()]


@pytest.mark.parametrize("name", ["viewer", "ann", "tj_pub"])
def test_every_new_route_is_refused_to_a_role_that_may_not_use_it(client_for, team_dir, name):
    token = _preview(_as(client_for, team_dir, "ada"))
    release = ReleaseStore(team_dir).summaries()[0]["release_id"] if ReleaseStore(team_dir).summaries() else "x"
    client = _as(client_for, team_dir, name)
    role = {"viewer": "viewer", "ann": "publisher", "tj_pub": "publisher"}[name]
    for method, path, roles in ROUTES:
        response = getattr(client, method)(path.format(token=token, release=release))
        if role in roles:
            assert response.status_code != 403, (name, method, path)
        else:
            assert response.status_code == 403, (name, method, path, response.status_code)
            assert b"403" in response.data and b"Not allowed" in response.data


def test_anonymous_visitors_are_sent_to_sign_in_in_their_language(client_for, team_dir):
    client = client_for(team_dir)
    response = client.get("/publish?lang=ru")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    page = lxml.html.fromstring(client.get(response.headers["Location"]).get_data(as_text=True))
    assert page.get("lang") == "ru" and page.cssselect("#login-submit")[0].text_content() == "Войти"
    assert page.cssselect("label[for=username]")[0].text_content() == "Имя пользователя"
    wrong = client.post("/login", data={"username": "ann", "password": "nope", "next": "/?lang=ru"})
    assert "Неверное имя пользователя или пароль." in wrong.get_data(as_text=True)
    english = lxml.html.fromstring(client.get("/login").get_data(as_text=True))
    assert english.get("lang") == "en" and english.cssselect("#login-submit")[0].text_content() == "Sign in"


def test_error_pages_follow_the_language(client_for, team_dir):
    viewer = _as(client_for, team_dir, "viewer")
    page = lxml.html.fromstring(viewer.get("/users?lang=ru").get_data(as_text=True))
    assert page.get("lang") == "ru" and page.cssselect("#error-title")[0].text_content() == "403 · Нет доступа"
    assert page.cssselect("#error-text")[0].text_content() == "Управлять пользователями могут только администраторы."
    ann = _as(client_for, team_dir, "ann")
    missing = lxml.html.fromstring(ann.get("/publish/pending/" + "x" * 22).get_data(as_text=True))
    assert missing.cssselect("#error-title")[0].text_content().startswith("404")


def test_preview_submit_and_a_second_person_approves(client_for, team_dir):
    ann = _as(client_for, team_dir, "ann")
    token = _preview(ann, {**TJ_H1, "contact_en": "Write to data@example.org",
                           "contact_ru": "Пишите на data@example.org"})
    assert ReleaseStore(team_dir).summaries() == []  # a preview is not public
    page = lxml.html.fromstring(ann.get(f"/publish/pending/{token}").get_data(as_text=True))
    kinds = [tr.get("data-kind") for tr in page.cssselect("#pending-hidden tbody tr")]
    assert (kinds.count("primary"), kinds.count("withheld"), kinds.count("secondary")) == (75, 21, 0)
    assert "96 of 196 cells hidden (75 small, 0 covering)" in page.cssselect("#pending-loss")[0].text_content()
    public = lxml.html.fromstring(ann.get(f"/publish/pending/{token}/page?lang=ru").get_data(as_text=True))
    assert public.cssselect("#release-contact")[0].text_content() == "Пишите на data@example.org"
    assert public.cssselect("#release-chart-key-group tr[data-code=prisoner] .val")[0].text_content() == "<11"
    ann.post(f"/publish/pending/{token}/submit")
    assert ann.post(f"/publish/pending/{token}/approve").status_code == 403  # not one's own
    bob = _as(client_for, team_dir, "bob")
    response = bob.post(f"/publish/pending/{token}/approve")
    assert response.status_code == 303
    [release] = ReleaseStore(team_dir).summaries()
    assert response.headers["Location"] == f"/releases/{release['release_id']}"
    record = ReleaseStore(team_dir).record(release["release_id"])
    assert record["approval"]["submitted_by"] == "ann" and record["approval"]["approved_by"] == "bob"
    assert {"event": "publish", "who": "bob", "submitted_by": "ann"}.items() <= _events(team_dir)[-1].items()
    assert bob.get(f"/publish/pending/{token}").status_code == 404  # done with


def test_one_approver_may_be_configured_for_small_teams(client_for, team_dir, monkeypatch):
    monkeypatch.setenv("REACT_PUBLISH_APPROVERS", "1")
    ann = _as(client_for, team_dir, "ann")
    token = _preview(ann)
    ann.post(f"/publish/pending/{token}/submit")
    assert ann.post(f"/publish/pending/{token}/approve").status_code == 303
    [release] = ReleaseStore(team_dir).summaries()
    assert ReleaseStore(team_dir).record(release["release_id"])["approval"]["approvers_needed"] == 1


def test_approval_is_refused_when_the_release_would_differ_from_the_preview(client_for, team_dir):
    ann = _as(client_for, team_dir, "ann")
    token = _preview(ann)
    ann.post(f"/publish/pending/{token}/submit")
    path = team_dir / "releases" / "pending" / f"{token}.json"
    entry = json.loads(path.read_text())
    entry["document"]["tables"]["totals"]["rows"][0]["cells"]["count"]["value"] = 1  # not what would be published
    path.write_text(json.dumps(entry))
    bob = _as(client_for, team_dir, "bob")
    assert bob.post(f"/publish/pending/{token}/approve").status_code == 303
    assert ReleaseStore(team_dir).summaries() == []
    page = lxml.html.fromstring(bob.get(f"/publish/pending/{token}").get_data(as_text=True))
    assert "preview it again" in page.cssselect("#pending-error")[0].text_content()


def test_a_publisher_limited_to_a_country_publishes_only_that_country(client_for, team_dir):
    tj_pub = _as(client_for, team_dir, "tj_pub")
    assert tj_pub.post("/publish/preview", data={**TJ_H1, "country": "UZ"}).status_code == 403
    assert tj_pub.post("/publish/preview", data={"region_wide": "1", "period": "2023H1"}).status_code == 403
    assert _preview(tj_pub)


def test_a_bad_form_says_what_is_wrong(client_for, team_dir):
    ann = _as(client_for, team_dir, "ann")
    for data, message in (({**TJ_H1, "period": "2023H7"}, "2023H7"),
                          ({**TJ_H1, "contact_en": "only English"}, "contact.ru is missing"),
                          ({**TJ_H1, "context": "[nothing]\nen = 'a'\nru = 'б'"}, "has no table 'nothing'")):
        response = ann.post("/publish/preview", data=data)
        assert response.status_code == 400
        assert message in lxml.html.fromstring(response.get_data(as_text=True)).cssselect(
            "#publish-error")[0].text_content()


def test_an_admin_withdraws_with_a_reason(client_for, team_dir, monkeypatch):
    monkeypatch.setenv("REACT_PUBLISH_APPROVERS", "1")
    ada = _as(client_for, team_dir, "ada")
    token = _preview(ada)
    ada.post(f"/publish/pending/{token}/submit")
    ada.post(f"/publish/pending/{token}/approve")
    [release] = ReleaseStore(team_dir).summaries()
    assert ada.post(f"/publish/releases/{release['release_id']}/withdraw", data={"reason": ""}).status_code == 400
    ada.post(f"/publish/releases/{release['release_id']}/withdraw", data={"reason": "wrong period"})
    assert ReleaseStore(team_dir).summaries() == []
    assert ReleaseStore(team_dir).withdrawn()[release["release_id"]]["reason"] == "wrong period"
    assert _events(team_dir)[-1]["event"] == "withdraw"


def test_an_admin_changes_a_viewers_countries_and_the_next_request_sees_them(client_for, team_dir):
    viewer = _as(client_for, team_dir, "viewer")
    assert viewer.get("/api/v1/summary?country=UZ").status_code == 403
    ada = _as(client_for, team_dir, "ada")
    assert ada.post("/users/viewer/edit", data={"role": "viewer", "country": ["TJ", "UZ"]}).status_code == 303
    document = viewer.get("/api/v1/summary?country=UZ&period=2023").get_json()
    assert document["filters"]["country"] == ["UZ"] and document["totals"]["cases"] > 0
    assert ada.post("/users/viewer/edit", data={"role": "viewer"}).status_code == 400  # no country ticked
    assert UserStore(team_dir / "users.json").load()["viewer"].countries == ("TJ", "UZ")


def test_added_users_get_a_generated_password_shown_once_and_resets_end_sessions(client_for, team_dir):
    ada = _as(client_for, team_dir, "ada")
    page = ada.post("/users/add", data={"name": "nadia", "role": "viewer", "country": ["KG"]})
    password = re.search(r'id="users-new-password">([^<]+)<', page.get_data(as_text=True)).group(1)
    nadia = client_for(team_dir)
    assert nadia.post("/login", data={"username": "nadia", "password": password}).status_code == 302
    assert nadia.get("/api/v1/summary").get_json()["filters"]["country"] == ["KG"]
    listed = lxml.html.fromstring(ada.get("/users").get_data(as_text=True))
    assert listed.cssselect("tr[data-user=nadia] td")[2].text_content() != "never"
    reset = ada.post("/users/nadia/password").get_data(as_text=True)
    assert re.search(r'id="users-new-password">([^<]+)<', reset).group(1) != password
    assert nadia.get("/api/v1/summary").status_code == 401  # the old session ended
    assert ada.post("/users/ada/remove").status_code == 400
    assert ada.post("/users/nadia/remove").status_code == 303 and "nadia" not in UserStore(
        team_dir / "users.json").load()


def test_everyone_changes_their_own_password(client_for, team_dir):
    viewer = _as(client_for, team_dir, "viewer")
    assert viewer.post("/account", data={"current": "wrong", "new": "x" * 12, "again": "x" * 12}).status_code == 400
    assert viewer.post("/account", data={"current": PASSWORD, "new": "x" * 12, "again": "y" * 12}).status_code == 400
    assert viewer.post("/account", data={"current": PASSWORD, "new": "short", "again": "short"}).status_code == 400
    new = "a-new-password-1"
    response = viewer.post("/account", data={"current": PASSWORD, "new": new, "again": new})
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")
    fresh = client_for(team_dir)
    assert fresh.post("/login", data={"username": "viewer", "password": new}).status_code == 302


def _cli(folder, *args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "dashboard", "users", "--data-dir", str(folder), *args],
                          input=stdin, capture_output=True, text=True)


def test_the_cli_edits_users_and_reads_a_piped_password(team_dir):
    done = _cli(team_dir, "edit", "viewer", "--role", "publisher", "--country", "Uzbekistan")
    assert done.returncode == 0 and "viewer: publisher; countries: UZ" in done.stdout
    assert UserStore(team_dir / "users.json").load()["viewer"].countries == ("UZ",)
    assert _cli(team_dir, "edit", "viewer", "--all-countries").returncode == 0
    assert UserStore(team_dir / "users.json").load()["viewer"].countries is None
    assert "nothing to change" in _cli(team_dir, "edit", "viewer").stderr
    piped = _cli(team_dir, "passwd", "viewer", stdin="a-piped-password\n")
    assert piped.returncode == 0 and "Traceback" not in piped.stderr
    assert UserStore(team_dir / "users.json").verify("viewer", "a-piped-password") is not None
    refused = _cli(team_dir, "add", "someone", "--password-stdin", stdin="a-piped-password\n")
    assert refused.returncode == 2 and "--all-countries" in refused.stderr


@pytest.mark.browser
def test_two_publishers_in_a_browser_preview_submit_approve_and_the_release_is_public(dash_app, team_dir):
    from playwright.sync_api import expect, sync_playwright

    original = dash_app.server.config["REACT_DATA_DIR"]
    dash_app.server.config["REACT_DATA_DIR"] = str(team_dir)
    server = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"

    def signed_in(browser, name):
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.goto(url + "/login?next=/publish")
        page.fill("#username", name)
        page.fill("#password", PASSWORD)
        page.click("#login-submit")
        expect(page.locator("h1")).to_have_text("Publish a release", timeout=20_000)
        return page

    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            ann = signed_in(browser, "ann")
            ann.check("input[name=country][value=TJ]")
            ann.fill("#publish-period", "2023H1")
            ann.fill("#contact_en", "Write to data@example.org")
            ann.fill("#contact_ru", "Пишите на data@example.org")
            ann.click("#publish-form button[type=submit]")
            expect(ann.locator("#pending-loss")).to_contain_text("75 small", timeout=30_000)
            ann.click("#pending-submit")
            expect(ann.locator("#pending-status")).to_contain_text("awaiting approval")
            assert ann.locator("#pending-approve").count() == 0
            bob = signed_in(browser, "bob")
            bob.click("#publish-pending a")
            bob.click("#pending-approve")
            expect(bob.locator("h1")).to_have_text("Tajikistan · 2023 H1", timeout=30_000)
            expect(bob.locator("#release-contact")).to_have_text("Write to data@example.org")
            anonymous = browser.new_page()
            anonymous.goto(url + "/releases")
            expect(anonymous.locator("#releases-list a")).to_have_text(["Tajikistan · 2023 H1"])
            browser.close()
    finally:
        server.shutdown()
        dash_app.server.config["REACT_DATA_DIR"] = original
