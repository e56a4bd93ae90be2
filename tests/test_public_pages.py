"""The public side: the release API, the public pages over HTTP and as Dash layouts, junk and
traversal ids, no hidden value in any public response, and one real browser run (hatched `<11`
bars, printing to PDF, no console errors)."""

from __future__ import annotations

import json
from datetime import datetime

import dash
import pytest

from dashboard.releases.publish import make_scope, publish
from dashboard.releases.store import ReleaseStore
from tests.chromium import launch
from tests.dashhttp import call, response_values
from tests.factories import releases_dir

TJ_H1 = make_scope(["TJ"], False, "2023H1")


@pytest.fixture(scope="module")
def published(demo_data_dir, tmp_path_factory):
    """A data directory over the demo snapshot with TJ 2023 H1 published and a withdrawn copy of it."""
    folder = releases_dir(demo_data_dir, tmp_path_factory.mktemp("public") / "data")
    withdrawn = publish(folder, TJ_H1)
    ReleaseStore(folder).withdraw(withdrawn["release_id"], datetime(2024, 1, 1))
    live = publish(folder, TJ_H1)
    return {"dir": folder, "id": live["release_id"], "withdrawn": withdrawn["release_id"], "document": live}


def _row(table: dict, code: str) -> dict:
    return next(r for r in table["rows"] if r["code"] == code)


def test_the_list_holds_published_releases_only(client_for, published):
    response = client_for(published["dir"]).get("/api/v1/releases")
    assert response.status_code == 200 and response.mimetype == "application/json"
    releases = response.get_json()["releases"]
    assert [r["release_id"] for r in releases] == [published["id"]]
    entry = releases[0]
    assert entry["scope"]["countries"] == ["TJ"] and entry["scope"]["period"] == "2023H1"
    assert entry["threshold"] == 11 and entry["snapshot_id"] and entry["created_at"].endswith("Z")
    assert entry["url"] == f"/api/v1/releases/{published['id']}"


def test_a_release_as_json_hides_with_null_and_suppressed(client_for, published):
    response = client_for(published["dir"]).get(f"/api/v1/releases/{published['id']}")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    document = response.get_json()
    assert document == json.loads((published["dir"] / "releases" / f"{published['id']}.json").read_text("utf-8"))
    groups = document["tables"]["key_group"]
    assert _row(groups, "prisoner")["cells"]["clients"] == {"value": None, "suppressed": True, "hidden_as": "<11",
                                                            "share": None}
    assert _row(groups, "plhiv")["cells"]["clients"]["value"] == 279
    assert _row(document["tables"]["totals"], "cases")["cells"]["count"]["value"] == 522


def test_a_withdrawn_release_is_gone_from_the_public_but_its_file_stays(client_for, published):
    response = client_for(published["dir"]).get(f"/api/v1/releases/{published['withdrawn']}")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert (published["dir"] / "releases" / f"{published['withdrawn']}.json").is_file()


@pytest.mark.parametrize("path", [
    "/api/v1/releases/..%2F..%2Fetc", "/api/v1/releases/../../etc/passwd", "/api/v1/releases/%2e%2e%2fCURRENT",
    "/api/v1/releases/..%2FCURRENT", "/api/v1/releases/withdrawn", "/api/v1/releases/no-such-release",
    "/api/v1/releases/TJ-2023H1", "/api/v1/releases/" + "a" * 300, "/api/v1/releases/x.json",
    "/api/v1/releases/%00", "/api/v1/releases/a%20b", "/api/v1/releases/tj-2023h1-0-0",
])
def test_unknown_and_malformed_ids_are_a_json_404(client_for, published, path):
    response = client_for(published["dir"]).get(path)
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "message": "No published release has this id."}


def _page(client, pathname: str, search: str = "") -> str:
    """The public page as the browser gets it: index HTML, then the pages callback's content."""
    assert client.get(pathname + search).status_code == 200
    response = call(client, "_pages_content", {"_pages_location.pathname": pathname,
                                               "_pages_location.search": search}, prop="children")
    assert response.status_code == 200, response.data[:300]
    return json.dumps(response_values(response)["_pages_content.children"], ensure_ascii=False)


def test_the_list_page_links_each_release(client_for, published):
    content = _page(client_for(published["dir"]), "/releases")
    assert f"/releases/{published['id']}" in content and published["withdrawn"] not in content
    assert "Tajikistan · 2023 H1" in content
    assert "Опубликованная статистика" in _page(client_for(published["dir"]), "/releases", "?lang=ru")


def _figure(content: str, chart_id: str) -> dict:
    def find(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == chart_id:
                return node["props"]["figure"]
            return next((f for f in map(find, node.values()) if f is not None), None)
        if isinstance(node, list):
            return next((f for f in map(find, node) if f is not None), None)
        return None
    return find(json.loads(content))


def test_the_report_page_draws_hidden_counts_as_hatched_bars(client_for, published):
    content = _page(client_for(published["dir"]), f"/releases/{published['id']}")
    for text in ("Tajikistan · 2023 H1", "release-tile-cases", "522", "What each status means",
                 "Numbers from 1 to 10 are hidden to protect the people who reported these cases."):
        assert text in content
    figure = _figure(content, "release-chart-key-group")
    trace = figure["data"][0]
    bars = dict(zip(trace["customdata"], zip(trace["x"], trace["text"], trace["marker"]["pattern"]["shape"],
                                            trace["hovertext"])))
    length, text, shape, hover = bars["prisoner"]
    assert (text, shape) == ("<11", "/") and length > 2 and "2 clients" not in hover
    assert bars["plhiv"][:3] == (279, "279", "")
    assert {"code": "prisoner", "label": "Prisoner", "clients": None, "clients_hidden_as": "<11"} in \
        figure["layout"]["meta"]["table"]
    assert figure["layout"]["title"]["subtitle"]["text"] == "n = 520 clients"


def test_the_report_page_speaks_russian_from_the_release_file(client_for, published):
    content = _page(client_for(published["dir"]), f"/releases/{published['id']}", "?lang=ru")
    assert "Таджикистан · 1-е полугодие 2023" in content
    assert "Числа от 1 до 10 скрыты, чтобы защитить людей, сообщивших об этих случаях." in content
    figure = _figure(content, "release-chart-key-group")
    assert "Заключённый" in figure["data"][0]["y"]
    assert figure["layout"]["xaxis"]["title"]["text"] == "клиенты"
    assert figure["layout"]["title"]["subtitle"]["text"] == "n = 520 клиентов"


def test_no_public_response_carries_a_hidden_count(client_for, published):
    """The prisoner count (2 clients, 2 cases) is hidden: no public response shows it as prisoners'."""
    client = client_for(published["dir"])
    document = client.get(f"/api/v1/releases/{published['id']}").get_json()
    profile = _row(document["tables"]["key_group_profile"], "homeless")
    assert profile["cells"]["cases"]["value"] is None and profile["breakdown"] is None
    for lang in ("", "?lang=ru"):
        content = _page(client, f"/releases/{published['id']}", lang)
        for chart_id in ("release-chart-key-group", "release-chart-key-group-profile"):
            trace = _figure(content, chart_id)["data"][0]
            for code, x, text in zip(trace["customdata"], trace["x"], trace["text"]):
                if code in ("prisoner", "undisclosed", "homeless", "disability"):
                    assert text in ("<11", "≥11") and x not in (2, 3, 6)


JUNK_IDS = [None, "", "junk", "../../etc/passwd", "..%2F..%2Fetc", "A" * 5000, "%00", ["a", "b"],
            "tj-2023h1-0-0", "withdrawn"]


@pytest.mark.parametrize("release_id", JUNK_IDS)
def test_the_report_layout_says_not_found_for_junk(client_for, published, dash_app, release_id):
    client_for(published["dir"])  # points the app at the published data directory
    layout = dash.page_registry["pages.public_release"]["layout"]
    release_id = published["withdrawn"] if release_id == "withdrawn" else release_id
    for lang in ("en", "ru", "fr", ["ru"]):
        with dash_app.server.test_request_context("/releases/x"):
            page = layout(release_id=release_id, lang=lang)
        assert page.id == "release-not-found"
    assert _page(client_for(published["dir"]), "/releases/..%2F..%2Fetc").count("release-not-found") == 1


def test_the_layouts_render_a_real_release_directly(client_for, published, dash_app):
    client_for(published["dir"])
    with dash_app.server.test_request_context("/releases"):
        index = dash.page_registry["pages.public_releases"]["layout"](lang="junk")
        report = dash.page_registry["pages.public_release"]["layout"](release_id=published["id"], extra="x")
    assert index.id == "releases-index" and report.id == "release-report"


@pytest.mark.browser
def test_a_browser_shows_hatched_hidden_bars_and_prints(live_server, demo_data_dir):
    from playwright.sync_api import sync_playwright

    release_id = publish(demo_data_dir, TJ_H1)["release_id"]
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{live_server}/releases/{release_id}")
            page.wait_for_selector("#release-chart-key-group .main-svg", timeout=20_000)
            labels = page.eval_on_selector_all("#release-chart-key-group text.bartext",
                                               "els => els.map(e => e.textContent)")
            assert "<11" in labels and "279" in labels
            assert page.eval_on_selector_all("#release-chart-key-group pattern", "els => els.length") > 0
            assert "Numbers from 1 to 10 are hidden" in page.text_content("#release-note")
            page.emulate_media(media="print")
            assert not page.is_visible(".release-controls")
            pdf = page.pdf(format="A4")
            assert pdf[:5] == b"%PDF-" and len(pdf) > 20_000
        finally:
            browser.close()
    assert not errors, errors


def test_a_covering_count_is_drawn_unlike_a_small_one():
    """`≥11` hides a count of at least 11 (a covered 17 or 170): it must not look like a `<11` or a tiny bar."""
    from dashboard import charts
    from dashboard.components.protected_charts import bars

    def cell(value, hidden_as=None):
        return {"value": value, "suppressed": value is None, "hidden_as": hidden_as, "share": None}

    table = {"title": {"en": "Cases by perpetrator"}, "unit": "cases", "n": 400, "withheld": False,
             "share_of": None, "columns": [{"code": "cases"}],
             "rows": [{"code": code, "label": {"en": code}, "cells": {"cases": c}} for code, c in
                      (("police", cell(300)), ("healthcare", cell(None, "≥11")), ("employer", cell(None, "<11")))]}
    trace = bars(table, "en")["data"][0]
    drawn = dict(zip(trace["customdata"], zip(trace["x"], trace["text"], trace["marker"]["pattern"]["shape"],
                                             trace["marker"]["color"])))
    assert drawn["police"] == (300, "300", "", charts.PRIMARY)
    cover, small = drawn["healthcare"], drawn["employer"]
    assert cover[1:] == ("≥11", ".", charts.PRIMARY) and small[1:3] == ("<11", "/")
    assert cover[0] == 50.5 and small[0] == 10.5  # a sixth of 300 and 10, never a whole number
    assert small[3] != charts.PRIMARY
