"""The public side: the release API, the server-rendered public pages (what they show, in both
languages, what they never show), junk and traversal ids, compression and caching, the embed,
the whole-release downloads, the publisher's notes, the static site, and one real browser run."""

from __future__ import annotations

import gzip
import io
import json
from datetime import datetime
from pathlib import Path

import lxml.html
import openpyxl
import pytest

from dashboard.releases.notes import NotesError
from dashboard.releases.publish import make_scope, publish
from dashboard.releases.store import ReleaseStore
from tests.chromium import launch
from tests.factories import releases_dir

TJ_H1 = make_scope(["TJ"], False, "2023H1")
NOTES = (Path(__file__).resolve().parent.parent / "docs" / "release-notes.example.toml").read_text("utf-8")


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


def _html(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "text/html"
    return lxml.html.fromstring(response.get_data(as_text=True))


def _bars(page, chart_id: str) -> dict[str, tuple[str, str, str]]:
    """code -> (number as printed, share as printed, bar kind) of a chart on a public page."""
    out = {}
    for row in page.cssselect(f"#{chart_id} tbody tr[data-code]"):
        cell = row.cssselect("td")[0]
        share = cell.cssselect(".share")
        out[row.get("data-code")] = (cell.cssselect(".val")[0].text_content(),
                                     share[0].text_content() if share else "", cell.get("class"))
    return out


def test_the_list_page_links_each_release(client_for, published):
    page = _html(client_for(published["dir"]), "/releases")
    links = [a.get("href") for a in page.cssselect("#releases-list a")]
    assert links == [f"/releases/{published['id']}"]
    assert page.cssselect("#releases-list a")[0].text_content() == "Tajikistan · 2023 H1"
    russian = _html(client_for(published["dir"]), "/releases?lang=ru")
    assert russian.get("lang") == "ru" and russian.cssselect("h1")[0].text_content() == "Опубликованная статистика"


def test_the_report_page_draws_hidden_counts_as_hatched_bars(client_for, published):
    page = _html(client_for(published["dir"]), f"/releases/{published['id']}")
    assert page.get("lang") == "en" and page.cssselect("h1")[0].text_content() == "Tajikistan · 2023 H1"
    assert page.cssselect("#release-tile-cases")[0].text_content() == "522"
    assert page.cssselect("main#main") and page.cssselect("a.skip")[0].get("href") == "#main"
    bars = _bars(page, "release-chart-key-group")
    assert bars["prisoner"] == ("<11", "", "small") and bars["plhiv"] == ("279", "", "shown")
    assert page.cssselect("#release-chart-key-group tr[data-code=prisoner] rect.small")
    assert page.cssselect("#release-chart-key-group .sub")[0].text_content() == "n = 520 clients"
    assert "Numbers from 1 to 10 are hidden to protect the people who reported these cases." in \
        page.cssselect("#release-note")[0].text_content()
    assert not page.cssselect("script"), "the public page needs no script at all"


def test_the_report_page_shows_the_seeds_shares_beside_the_counts(client_for, published):
    """Seed 002 is all percentages: 66.9 % resolved positively, 52.3 % women; only shown counts get one."""
    page = _html(client_for(published["dir"]), f"/releases/{published['id']}")
    assert _bars(page, "release-chart-reaction-status")["resolved_positive"] == ("349", "66.9%", "shown")
    gender = _bars(page, "release-chart-gender")
    assert gender["female"] == ("272", "52.3%", "shown") and gender["trans_female"] == ("<11", "", "small")
    plhiv = _bars(page, "release-chart-key-group-profile-plhiv")
    assert plhiv["individuals"] == ("227", "85.7%", "shown")
    assert page.cssselect("#release-chart-key-group-profile-plhiv .sub")[0].text_content() == \
        "n = 265 cases · % of the group's cases"


def test_every_decline_reason_is_its_own_row_with_its_whole_label(client_for, published):
    """Two reasons whose labels begin alike once merged into one bar: rows are codes, labels are never cut."""
    page = _html(client_for(published["dir"]), f"/releases/{published['id']}")
    rows = page.cssselect("#release-chart-decline-reason tbody tr[data-code]")
    labels = {r.get("data-code"): r.cssselect("th")[0].text_content() for r in rows}
    table = published["document"]["tables"]["decline_reason"]
    assert len(rows) == len(table["rows"]) == 8
    assert labels == {r["code"]: r["label"]["en"] for r in table["rows"]}


def test_the_report_page_carries_the_react_notes_and_definitions(client_for, published):
    page = _html(client_for(published["dir"]), f"/releases/{published['id']}")
    text = page.text_content()
    assert "so the violations and perpetrators add up to more than the number of cases" in text
    assert "the key group most relevant to the violation" in text
    assert "services provided directly by REActors and their NGOs" in text
    assert page.cssselect("#release-definitions dt")[0].text_content() == "Resolved positively"
    assert page.cssselect("a[href='/releases/methodology']")


def test_the_report_page_speaks_russian_from_the_release_file(client_for, published):
    page = _html(client_for(published["dir"]), f"/releases/{published['id']}?lang=ru")
    assert page.get("lang") == "ru" and page.cssselect("h1")[0].text_content() == "Таджикистан · 1-е полугодие 2023"
    assert "Числа от 1 до 10 скрыты, чтобы защитить людей, сообщивших об этих случаях." in page.text_content()
    prisoner = page.cssselect("#release-chart-key-group tr[data-code=prisoner] th")[0].text_content()
    assert prisoner == "Заключённый"
    assert page.cssselect("#release-chart-key-group .sub")[0].text_content() == "n = 520 клиентов"
    assert _bars(page, "release-chart-reaction-status")["resolved_positive"][1] == "66,9\xa0%"


def test_no_public_response_carries_a_hidden_count(client_for, published):
    """The prisoner count (2 clients, 2 cases) is hidden: no public response shows it as prisoners'."""
    client = client_for(published["dir"])
    document = client.get(f"/api/v1/releases/{published['id']}").get_json()
    profile = _row(document["tables"]["key_group_profile"], "homeless")
    assert profile["cells"]["cases"]["value"] is None and profile["breakdown"] is None
    for lang in ("", "?lang=ru"):
        page = _html(client, f"/releases/{published['id']}{lang}")
        for chart_id in ("release-chart-key-group",):
            for code, (text, share, kind) in _bars(page, chart_id).items():
                if code in ("prisoner", "undisclosed", "homeless", "disability"):
                    assert text in ("<11", "≥11") and share == "" and kind in ("small", "cover")
        hidden_profiles = [r["code"] for r in document["tables"]["key_group_profile"]["rows"]
                           if r["cells"]["cases"]["suppressed"]]
        assert "homeless" in hidden_profiles
        for code in hidden_profiles:
            heading = page.cssselect(f"#release-profile-{code.replace('_', '-')} h3")[0].text_content()
            assert heading.endswith("<11"), heading


JUNK_IDS = ["junk", "..%2F..%2Fetc", "A" * 5000, "%00", "tj-2023h1-0-0", "withdrawn", "a%20b"]


@pytest.mark.parametrize("release_id", JUNK_IDS)
def test_junk_and_withdrawn_ids_get_a_not_found_page(client_for, published, release_id):
    release_id = published["withdrawn"] if release_id == "withdrawn" else release_id
    for lang in ("", "?lang=ru", "?lang=fr"):
        page = _html(client_for(published["dir"]), f"/releases/{release_id}{lang}", status=404)
        assert page.cssselect("#release-not-found")
    response = client_for(published["dir"]).get(f"/releases/{published['id']}/embed/no_such_table")
    assert response.status_code == 404


def test_pages_are_compressed_and_a_repeat_visit_is_a_304(client_for, published):
    client = client_for(published["dir"])
    plain = client.get(f"/releases/{published['id']}")
    packed = client.get(f"/releases/{published['id']}", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) / 4
    assert plain.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(f"/releases/{published['id']}", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_only_the_embed_page_may_be_framed(client_for, published):
    client = client_for(published["dir"])
    embed = client.get(f"/releases/{published['id']}/embed/reaction_status?lang=ru")
    assert embed.status_code == 200 and "X-Frame-Options" not in embed.headers
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    page = lxml.html.fromstring(embed.get_data(as_text=True))
    assert [tr.get("data-code") for tr in page.cssselect("tbody tr")][0] == "resolved_positive"
    assert page.cssselect("a")[0].get("href") == f"/releases/{published['id']}?lang=ru"
    full = client.get(f"/releases/{published['id']}")
    snippet = lxml.html.fromstring(full.get_data(as_text=True)).cssselect(
        "#release-chart-reaction-status .embed-code code")[0].text_content()
    assert snippet.startswith(f'<iframe src="http://localhost/releases/{published["id"]}/embed/reaction_status"')
    assert full.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in \
        full.headers["Content-Security-Policy"]


def test_the_whole_release_downloads_as_one_workbook(client_for, published):
    response = client_for(published["dir"]).get(f"/export/release/{published['id']}.xlsx?lang=ru")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=60"
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    tables = published["document"]["tables"]
    profiles = sum(1 for r in tables["key_group_profile"]["rows"] if r.get("breakdown") is not None)
    assert len(book.sheetnames) == len(tables) + profiles
    sheet = book[book.sheetnames[1]]  # clients by key group, in Russian
    values = {row[0]: row[2] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["plhiv"] == 279 and values["prisoner"] == "<11"
    assert any("Числа от 1 до 10 скрыты" in str(c) for row in sheet.iter_rows(values_only=True) for c in row)


def test_the_public_methodology_needs_no_sign_in_and_says_how_numbers_are_protected(client_for, published):
    page = _html(client_for(published["dir"]), "/releases/methodology")
    text = page.text_content()
    assert page.cssselect("h1")[0].text_content() == "Methodology"
    assert "A number from 1 to 10 is not shown" in text and "at least 30" in text
    assert page.cssselect("li strong")[0].text_content() == "Case"  # the catalog's Markdown, rendered
    assert "Как защищены люди" in _html(client_for(published["dir"]), "/releases/methodology?lang=ru").text_content()


def test_the_publishers_contact_and_context_notes_appear_in_both_languages(demo_data_dir, tmp_path, client_for):
    folder = releases_dir(demo_data_dir, tmp_path / "data")
    notes = tmp_path / "notes.toml"
    notes.write_text(NOTES, encoding="utf-8")
    document = publish(folder, TJ_H1, notes_file=notes)
    assert document["publisher"]["contact"]["en"].endswith("kalyniuk@aph.org.ua")
    client = client_for(folder)
    page = _html(client, f"/releases/{document['release_id']}")
    assert page.cssselect("#release-contact")[0].text_content() == document["publisher"]["contact"]["en"]
    assert "Tiberius project" in page.cssselect("#release-profile-lgbtiq .context")[0].text_content()
    russian = _html(client, f"/releases/{document['release_id']}?lang=ru")
    assert russian.cssselect("#release-contact")[0].text_content().startswith("Чтобы запросить")


@pytest.mark.parametrize(("text", "message"), [
    ('contact.en = "x"\n', "contact.ru is missing"),
    ('contact = "x"\n', "give the text in each language"),
    ('[context."key_group_profile/nobody"]\nen = "a"\nru = "б"\n', "has no row 'nobody'"),
    ('[context.nothing]\nen = "a"\nru = "б"\n', "has no table 'nothing'"),
    ('contact.en = "x\n', "not valid TOML"),
    ('signature = {en = "a", ru = "б"}\n', "unknown entry signature"),
])
def test_a_bad_notes_file_is_refused_before_anything_is_published(demo_data_dir, tmp_path, text, message):
    folder = releases_dir(demo_data_dir, tmp_path / "data")
    notes = tmp_path / "notes.toml"
    notes.write_text(text, encoding="utf-8")
    with pytest.raises(NotesError, match=message):
        publish(folder, TJ_H1, notes_file=notes)
    assert ReleaseStore(folder).summaries() == []


def test_export_site_writes_pages_whose_links_all_resolve(demo_data_dir, tmp_path):
    from dashboard.cli import main

    folder = releases_dir(demo_data_dir, tmp_path / "data")
    release_id = publish(folder, TJ_H1)["release_id"]
    out = tmp_path / "site"
    assert main(["export-site", release_id, "--out", str(out), "--no-images", "--data-dir", str(folder)]) == 0
    pages = sorted(out.rglob("*.html"))
    assert {p.relative_to(out).as_posix() for p in pages} >= {"index.html", "index.ru.html", "methodology.html",
                                                             "embed/decline_reason.ru.html"}
    for page in pages:
        for href in lxml.html.fromstring(page.read_text("utf-8")).xpath("//a/@href"):
            if not href.startswith(("http", "#", "/api/")):
                assert (page.parent / href).resolve().is_file(), (page.name, href)
    book = openpyxl.load_workbook(out / "files" / "release.xlsx")
    assert len(book.sheetnames) >= 13
    assert main(["export-site", release_id, "--out", str(out), "--no-images", "--data-dir", str(folder)]) == 2


@pytest.mark.browser
def test_a_browser_shows_hatched_hidden_bars_and_the_pdf_is_a_pdf(live_server, demo_data_dir):
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
            fill = page.eval_on_selector("#release-chart-key-group tr[data-code=prisoner] rect",
                                         "r => getComputedStyle(r).fill")
            assert fill == 'url("#hatch")'
            width = page.eval_on_selector("#release-chart-key-group tr[data-code=prisoner] rect",
                                          "r => r.getBoundingClientRect().width")
            assert width > 2
            page.emulate_media(media="print")
            assert not page.is_visible(".files-all")
            pdf = page.request.get(f"{live_server}/export/release/{release_id}.pdf")
            assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-" and len(pdf.body()) > 20_000
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


def test_a_table_of_hidden_counts_draws_short_bars_not_full_ones():
    """Every count hidden: the page's bars and the image's axis are scaled to four thresholds, not to 10."""
    from dashboard.components.protected_charts import bars as figure_of
    from dashboard.public.model import chart

    cells = [{"value": None, "suppressed": True, "hidden_as": mark, "share": None} for mark in ("<11", "<11", "≥11")]
    table = {"title": {"en": "Cases by intake channel"}, "unit": "cases", "n": 25, "withheld": False,
             "share_of": None, "columns": [{"code": "cases", "label": {"en": "cases"}}],
             "rows": [{"code": c, "label": {"en": c}, "cells": {"cases": cell}}
                      for c, cell in zip(("office", "hotline", "online"), cells)]}
    drawn = chart({"threshold": 11}, "intake_channel", table, "en")
    # 10.5 and 11.5 of 44 (drawn lengths are never whole numbers)
    assert drawn.all_hidden and [round(r.bars[0].width, 1) for r in drawn.rows] == [23.9, 23.9, 26.1]
    figure = figure_of(table, "en")
    assert figure["layout"]["xaxis"]["range"] == [0, 44 * 1.15]
