"""Downloads (/export/…) over HTTP with Flask's test client, on the hand-checked fixture.

A chart's CSV and XLSX hold exactly the numbers the page's callback draws, under a header that
says what they show; the deck has a title slide and one slide per chart with its numbers in the
notes; junk is a 404 or the page's own fallback, never a 500; sign-in and country limits apply
as on screen. Images need kaleido's Chromium and are marked `browser` (one PNG, one SVG, one
deck); the other deck tests draw a stand-in picture so they stay fast.
"""

from __future__ import annotations

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from datetime import date

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.auth.users import UserStore
from dashboard.describe import format_day
from dashboard.exports import images
from dashboard.snapshots import SnapshotStore
from tests.conftest import PASSWORD, sign_in
from tests.dashhttp import call, response_values

TJ_H1 = "?country=TJ&period=2023H1"
SENTENCE = "Cases in Tajikistan, 1 Jan 2023 – 30 Jun 2023"
# Hand-checked in tests/fixtures/README.md (and test_callbacks_http.py).
KEY_GROUPS_TJ_H1 = {"plhiv": 4, "pwud": 3, "former_prisoner": 1, "hepc": 1, "lgbtiq": 1, "migrant": 1,
                    "no_kpg": 1, "sex_worker": 1}
OVERVIEW_CHARTS = ("overview-trend", "chart-key-groups", "overview-countries")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _data_date(data_dir) -> str:
    return format_day(date.fromisoformat(SnapshotStore(data_dir).get().data_date))


def _page_values(client, search: str = TJ_H1) -> dict:
    """What the overview's callback sends the browser for this query."""
    return response_values(call(client, "kpi-cases", {"url.search": search}))


def _bars(figure: dict) -> dict:
    trace = figure["data"][0]
    return dict(zip(trace["customdata"], trace["x"]))


def _deck_text(data: bytes) -> str:
    """Every text of a deck: slides and speaker notes (the file itself is compressed)."""
    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        texts.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    return "\n".join(texts)


def _read_csv(response) -> tuple[dict, list[dict]]:
    """(header lines as {label: value}, table rows) of a CSV export."""
    head, blank, body = response.get_data().decode("utf-8-sig").partition("\r\n\r\n")
    assert blank, "no blank line between the header block and the table"
    return dict(csv.reader(io.StringIO(head))), list(csv.DictReader(io.StringIO(body)))


@pytest.fixture(scope="module", autouse=True)
def _close_the_image_browser():
    yield
    images.stop_server()


@pytest.fixture
def stand_in_pictures(monkeypatch):
    """Deck tests without Chromium: every chart is drawn as a small grey PNG."""
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "grey").save(out, "PNG")
    monkeypatch.setattr(images, "render", lambda *args, **kwargs: out.getvalue())


# ---------------------------------------------------------------- tables


def test_csv_holds_the_numbers_the_chart_shows(client_for, fixture_data_dir):
    client = client_for(fixture_data_dir)
    figure = _page_values(client)["chart-key-groups.figure"]
    response = client.get("/export/overview/chart-key-groups.csv" + TJ_H1)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="react-tj-2023h1-chart-key-groups.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    header, rows = _read_csv(response)
    assert {r["code"]: int(r["clients"]) for r in rows} == _bars(figure) == KEY_GROUPS_TJ_H1
    assert header == {
        "Title": figure["layout"]["title"]["text"],
        "Shows": SENTENCE,
        "Data as of": _data_date(fixture_data_dir),
        "n": "n = 7 clients",
    }
    assert list(rows[0]) == ["code", "label", "clients", "share"]
    assert rows[0]["label"] == "People living with HIV" and float(rows[0]["share"]) == pytest.approx(4 / 7)


def test_xlsx_holds_the_same_numbers(client_for, fixture_data_dir):
    response = client_for(fixture_data_dir).get("/export/overview/chart-key-groups.xlsx" + TJ_H1)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('filename="react-tj-2023h1-chart-key-groups.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[:4] == [("Title", "Clients by key group (multiple membership)", None, None),
                         ("Shows", SENTENCE, None, None),
                         ("Data as of", _data_date(fixture_data_dir), None, None),
                         ("n", "n = 7 clients", None, None)]
    assert lines[4] == (None, None, None, None)
    assert lines[5] == ("code", "label", "clients", "share")
    assert {row[0]: row[2] for row in lines[6:]} == KEY_GROUPS_TJ_H1
    assert sheet.cell(row=7, column=4).number_format == "0.0%"


def test_other_pages_and_view_settings_export_what_they_draw(client_for, fixture_data_dir):
    client = client_for(fixture_data_dir)
    search = TJ_H1 + "&grain=quarter"
    figure = response_values(call(client, "trends-chart", {"url.search": search}))["trends-chart.figure"]
    header, rows = _read_csv(client.get("/export/trends/trends-chart.csv" + search))
    assert [(r["period_start"], int(r["cases"])) for r in rows] == list(zip(figure["data"][0]["x"],
                                                                            figure["data"][0]["y"]))
    assert sum(int(r["cases"]) for r in rows) == 9  # the 9 Tajik cases of 2023 H1
    assert header["n"] == "n = 9 cases"


def test_a_text_cell_is_never_run_as_a_formula():
    from dashboard.exports.caption import Caption
    from dashboard.exports.tables import to_csv, to_xlsx

    rows = [{"label": "=HYPERLINK(\"http://evil.example\")", "cases": 3}, {"label": "-1+2", "cases": -1}]
    caption = Caption("@title", "+sentence", "1 Jan 2025")
    text = to_csv(rows, caption).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-1+2" in text and "'@title" in text and ",-1" in text
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(rows, caption))).active
    assert sheet["A6"].value == "'=HYPERLINK(\"http://evil.example\")" and sheet["A6"].data_type == "s"
    assert sheet["B7"].value == -1 and sheet["A1"].value == "Title" and sheet["B1"].value == "'@title"


# ---------------------------------------------------------------- slides


def test_deck_has_a_title_slide_then_one_slide_per_chart(client_for, fixture_data_dir, stand_in_pictures):
    client = client_for(fixture_data_dir)
    values = _page_values(client)
    response = client.get("/export/overview.pptx" + TJ_H1)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="react-tj-2023h1-overview.pptx"'
    slides = list(Presentation(io.BytesIO(response.data)).slides)
    assert len(slides) == 1 + len(OVERVIEW_CHARTS)
    assert slides[0].shapes.title.text == "Overview"
    title_text = "\n".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert SENTENCE in title_text and f"Data as of {_data_date(fixture_data_dir)}" in title_text
    for slide, chart_id in zip(slides[1:], OVERVIEW_CHARTS):
        title = values[f"{chart_id}.figure"]["layout"]["title"]
        assert slide.shapes.title.text == title["text"]
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert title["subtitle"]["text"] in texts
        assert f"{SENTENCE} · Data as of {_data_date(fixture_data_dir)}" in texts
        assert sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes) == 1  # one picture
    notes = slides[2].notes_slide.notes_text_frame.text
    assert "n = 7 clients" in notes and SENTENCE in notes
    for code, count in KEY_GROUPS_TJ_H1.items():
        assert f"{code}\t" in notes and f"\t{count}\t" in notes
    assert "plhiv\tPeople living with HIV\t4\t57.1%" in notes


def test_deck_in_russian(client_for, fixture_data_dir, stand_in_pictures):
    response = client_for(fixture_data_dir).get("/export/overview.pptx" + TJ_H1 + "&lang=ru")
    text = _deck_text(response.data)
    assert "Таджикистан" in text and "Tajikistan" not in text


# ---------------------------------------------------------------- images (kaleido's Chromium)


@pytest.mark.browser
def test_png_and_svg_say_what_they_show(client_for, fixture_data_dir):
    client = client_for(fixture_data_dir)
    png = client.get("/export/overview/chart-key-groups.png" + TJ_H1)
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.data.startswith(PNG_SIGNATURE)
    assert png.headers["Content-Disposition"].endswith('filename="react-tj-2023h1-chart-key-groups.png"')
    assert int.from_bytes(png.data[16:20], "big") == 2 * images.WIDTH  # IHDR width, drawn at scale 2
    svg = client.get("/export/overview/chart-key-groups.svg" + TJ_H1)
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    root = ET.fromstring(svg.data)
    assert root.tag.endswith("svg")
    text = " ".join("".join(root.itertext()).split())
    for expected in ("Clients by key group", "n = 7 clients", SENTENCE, _data_date(fixture_data_dir),
                     "People living with HIV"):
        assert expected in text


@pytest.mark.browser
def test_deck_pictures_are_real_images(client_for, fixture_data_dir):
    response = client_for(fixture_data_dir).get("/export/overview.pptx" + TJ_H1)
    slides = list(Presentation(io.BytesIO(response.data)).slides)
    assert len(slides) == 1 + len(OVERVIEW_CHARTS)
    pictures = [shape for slide in slides[1:] for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == len(OVERVIEW_CHARTS) and all(p.image.blob.startswith(PNG_SIGNATURE) for p in pictures)


def test_a_browser_failure_is_a_short_503(client_for, fixture_data_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Chromium exited")

    monkeypatch.setattr(images, "render", broken)
    client = client_for(fixture_data_dir)
    for path in ("/export/overview/chart-key-groups.png", "/export/overview.pptx"):
        response = client.get(path + TJ_H1)
        assert response.status_code == 503 and b"not available right now" in response.data
        assert b"Chromium" not in response.data and b"Traceback" not in response.data


# ---------------------------------------------------------------- junk


@pytest.mark.parametrize("path", [
    "/export/nope/chart-key-groups.csv", "/export/overview/nope.csv", "/export/overview/chart-key-groups.exe",
    "/export/overview/chart-key-groups", "/export/overview/.csv", "/export/overview/chart-key-groups.csv.csv",
    "/export/response/chart-key-groups.csv",  # a chart of another page
    "/export/overview/%2e%2e%2fapp.csv", "/export/nope.pptx", "/export/overview.pdf", "/export/OVERVIEW.pptx",
    "/export/overview/CHART-KEY-GROUPS.csv", "/export/overview/chart-key-groups.PNG",
])
def test_junk_paths_are_404(client_for, fixture_data_dir, path):
    response = client_for(fixture_data_dir).get(path + TJ_H1)
    assert response.status_code == 404
    assert b"Traceback" not in response.data


@pytest.mark.parametrize("junk", ["?country=%00", "?period=" + "9" * 500, "?lang=xx&split=;drop",
                                  "?start=0001-01-01", "?country=ZZ&gender=robot", "?%ff%fe=%ff", "?a&&=&b"])
def test_junk_queries_get_the_pages_fallback(client_for, fixture_data_dir, stand_in_pictures, junk):
    client = client_for(fixture_data_dir)
    response = client.get("/export/overview/chart-key-groups.csv" + junk)
    assert response.status_code == 200
    header, rows = _read_csv(response)
    assert header["Shows"].startswith("Cases in") and rows
    assert client.get("/export/overview.pptx" + junk).status_code == 200


def test_no_data_yet_is_404(client_for, tmp_path):
    response = client_for(tmp_path).get("/export/overview/chart-key-groups.csv")
    assert response.status_code == 404 and b"No case data" in response.data


# ---------------------------------------------------------------- who may download what






@pytest.mark.parametrize("path", ["/export/overview/chart-key-groups.csv", "/export/overview/chart-key-groups.png",
                                  "/export/overview.pptx", "/export/nope/x.csv"])
def test_no_session_gets_no_file(client_for, signed_data_dir, path):
    response = client_for(signed_data_dir).get(path + TJ_H1)
    assert response.status_code in (302, 401, 403)
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
    assert b"HIV" not in response.data
    assert "Content-Disposition" not in response.headers


def test_a_restricted_user_gets_only_their_countries(client_for, signed_data_dir, stand_in_pictures):
    client = client_for(signed_data_dir)
    sign_in(client, "tj_viewer")
    for search in ("?country=UZ", "", "?country=UZ&country=KG&period=2023H1"):
        response = client.get("/export/overview/overview-countries.csv" + search)
        assert response.status_code == 200
        header, rows = _read_csv(response)
        assert [r["code"] for r in rows] == ["TJ"], search
        assert header["Shows"].startswith("Cases in Tajikistan")
        assert 'filename="react-tj-' in response.headers["Content-Disposition"]
        deck = _deck_text(client.get("/export/overview.pptx" + search).get_data())
        assert "Tajikistan" in deck and "Uzbekistan" not in deck and "Kyrgyzstan" not in deck
    admin = client_for(signed_data_dir)
    sign_in(admin, "admin")
    header, rows = _read_csv(admin.get("/export/overview/overview-countries.csv?country=UZ"))
    assert [r["code"] for r in rows] == ["UZ"] and header["Shows"].startswith("Cases in Uzbekistan")


# ---------------------------------------------------------------- page controls


def test_the_data_date_under_the_title(client_for, fixture_data_dir):
    values = response_values(call(client_for(fixture_data_dir), "header-data-date", {"url.search": TJ_H1}))
    assert values["header-data-date.children"] == f"Data as of {_data_date(fixture_data_dir)}"


# ---------------------------------------------------------------- public release tables


@pytest.fixture(scope="module")
def release_dir(fixture_data_dir, tmp_path_factory):
    """The fixture with one published release (all countries, 2023) and the true counts behind it."""
    from dashboard.releases.build import build_draft
    from dashboard.releases.publish import make_scope, publish

    folder = tmp_path_factory.mktemp("release-exports") / "data"
    shutil.copytree(fixture_data_dir, folder)
    scope = make_scope([], True, "2023")
    document = publish(folder, scope)
    draft = build_draft(SnapshotStore(folder).get(), scope)
    return folder, document, draft.values


def test_a_release_table_shows_hidden_counts_as_hidden_never_as_numbers(client_for, release_dir):
    folder, document, true_values = release_dir
    client = client_for(folder)
    hidden_seen = 0
    for name, table in document["tables"].items():
        response = client.get(f"/export/release/{document['release_id']}/{name}.csv")
        assert response.status_code == 200, name
        header, rows = _read_csv(response)
        assert header["Note"].startswith("Numbers from 1 to 10 are hidden to protect the people")
        assert header["Shows"] == f"All countries · 2023 · release {document['release_id']}"
        by_code = {row["code"]: row for row in rows}
        for row in table["rows"]:
            for column, cell in row["cells"].items():
                exported = by_code[row["code"]][column]
                if cell["suppressed"]:
                    hidden_seen += 1
                    assert exported == cell["hidden_as"] and exported in ("<11", "≥11"), (name, row["code"])
                    assert exported != str(true_values[(name, row["code"], column)])
                else:
                    assert exported == str(cell["value"]) == str(true_values[(name, row["code"], column)])
    assert hidden_seen > 0, "the fixture release should hide some counts"


def test_a_release_table_as_xlsx_in_russian(client_for, release_dir):
    folder, document, _values = release_dir
    response = client_for(folder).get(f"/export/release/{document['release_id']}/key_group.xlsx?lang=ru")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(
        f'filename="react-release-{document["release_id"]}-key_group.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    cells = [value for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    assert "Клиенты по ключевым группам" in cells
    assert f"Все страны · 2023 год · выпуск {document['release_id']}" in cells
    assert any(str(v).startswith("Числа от 1 до 10 скрыты") for v in cells)
    assert "<11" in cells


@pytest.mark.parametrize("path", ["{id}/nope.csv", "{id}/totals.png", "{id}/key_group.pdf", "{id}/key_group",
                                  "no-such-release/key_group.csv", "..%2f..%2fusers/key_group.csv",
                                  "{id}.docx", "{ID}/key_group.csv", "{ID}.pptx", "nope.pptx", "{ID}.pdf",
                                  "nope.xlsx"])
def test_junk_release_exports_are_404(client_for, release_dir, path):
    folder, document, _values = release_dir
    url = "/export/release/" + path.format(id=document["release_id"], ID=document["release_id"].upper())
    assert client_for(folder).get(url).status_code == 404


def test_a_withdrawn_release_is_not_exported(client_for, release_dir, tmp_path):
    from datetime import UTC, datetime

    from dashboard.releases.store import ReleaseStore

    source, document, _values = release_dir
    folder = tmp_path / "data"
    shutil.copytree(source, folder)
    url = f"/export/release/{document['release_id']}/key_group.csv"
    assert client_for(folder).get(url).status_code == 200
    ReleaseStore(folder).withdraw(document["release_id"], datetime.now(UTC), "test")
    assert client_for(folder).get(url).status_code == 404


def test_a_release_deck_carries_the_note_and_only_shown_numbers(client_for, release_dir, stand_in_pictures):
    folder, document, _values = release_dir
    response = client_for(folder).get(f"/export/release/{document['release_id']}.pptx")
    assert response.status_code == 200
    name = f"react-release-{document['release_id']}.pptx"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    slides = list(Presentation(io.BytesIO(response.data)).slides)
    tables = document["tables"]
    title_text = "\n".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert slides[0].shapes.title.text == "Human rights violations documented by REAct"
    assert "All countries · 2023" in title_text and "Source: REAct" in title_text
    assert "Numbers from 1 to 10 are hidden to protect the people who reported these cases." in title_text
    assert slides[1].shapes.title.text == "In numbers"
    numbers = "\n".join(shape.text_frame.text for shape in slides[1].shapes if shape.has_text_frame)
    cases = next(r for r in tables["totals"]["rows"] if r["code"] == "cases")["cells"]["count"]
    assert str(cases["value"]) in numbers.replace(",", "")
    breakdowns = [row for row in tables["key_group_profile"]["rows"] if row.get("breakdown") is not None]
    assert len(slides) <= 2 + (len(tables) - 1) + len(breakdowns)  # one-bar charts say nothing and are left out
    key_groups = slides[2]
    assert key_groups.shapes.title.text == tables["key_group"]["title"]["en"]
    notes = key_groups.notes_slide.notes_text_frame.text
    assert "Numbers from 1 to 10 are hidden" in notes and "Category\tClients\tClients (hidden)" in notes
    for row in tables["key_group"]["rows"]:
        cell = row["cells"]["clients"]
        if cell["suppressed"]:
            assert f"{row['label']['en']}\t\t{cell['hidden_as']}" in notes.splitlines()
        else:
            assert f"{row['label']['en']}\t{cell['value']}" in notes.splitlines()


@pytest.mark.browser
def test_a_release_chart_as_svg_shows_hidden_bars_as_hidden(client_for, release_dir):
    folder, document, _values = release_dir
    response = client_for(folder).get(f"/export/release/{document['release_id']}/key_group.svg?lang=ru")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=60"
    text = " ".join("".join(ET.fromstring(response.data).itertext()).split())
    assert "Клиенты по ключевым группам" in text and "<11" in text
    assert "Числа от 1 до 10 скрыты" in text and document["release_id"] in text


def test_release_exports_need_nosign_in(client_for, release_dir, tmp_path, stand_in_pictures):
    source, document, _values = release_dir
    folder = tmp_path / "data"
    shutil.copytree(source, folder)
    UserStore(folder / "users.json").add("admin", "admin", PASSWORD, None)
    client = client_for(folder)
    assert client.get(f"/export/release/{document['release_id']}/key_group.csv").status_code == 200
    assert client.get(f"/export/release/{document['release_id']}.pptx").status_code == 200
