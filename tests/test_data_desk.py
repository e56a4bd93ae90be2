"""The data desk over HTTP: who may use it (403 for everyone else, on every route), upload → check
→ import with the preview and the problems, lookalike headers refused on the page unless declared
private, rollback, the audit log, the upload size limit; and one real browser run that uploads a
Russian-header XLSX, reads the check, imports and sees the new totals on the overview."""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import time
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from werkzeug.serving import make_server

from dashboard.auth.users import UserStore
from dashboard.ingest import ingest_file
from dashboard.schema import COLUMNS
from dashboard.snapshots import SnapshotStore
from tests.chromium import launch
from tests.conftest import FIXTURES, PASSWORD, sign_in

ROUTES = [("get", "/data"), ("get", "/data/template.xlsx"), ("post", "/data/upload"),
          ("get", "/data/uploads/{token}"), ("get", "/data/uploads/{token}/problems.xlsx"),
          ("post", "/data/uploads/{token}/import"), ("get", "/data/snapshots/{snapshot}/rejects.csv"),
          ("post", "/data/snapshots/{snapshot}/current")]


@pytest.fixture
def desk_dir(tmp_path, fixture_data_dir) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(fixture_data_dir, folder)
    users = UserStore(folder / "users.json")
    users.add("admin", "admin", PASSWORD, None)
    users.add("publisher", "publisher", PASSWORD, None)
    users.add("tj_publisher", "publisher", PASSWORD, ("TJ",))
    users.add("viewer", "viewer", PASSWORD, None)
    return folder


def _client(client_for, folder, name):
    client = client_for(folder)
    sign_in(client, name)
    return client


def _rows() -> list[list[str]]:
    with (FIXTURES / "small_export.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _upload(client, body: bytes, name: str = "export.csv", private: str = "") -> str:
    response = client.post("/data/upload", data={"file": (io.BytesIO(body), name), "private": private},
                           content_type="multipart/form-data")
    assert response.status_code == 303, response.data[:300]
    return response.headers["Location"].split("/data/uploads/")[1].split("?")[0]


def _settled(client, token: str, until=("checked", "refused", "imported", "failed")):
    folder = Path(client.application.config["REACT_DATA_DIR"])
    for _ in range(200):
        state = json.loads((folder / "uploads" / token / "state.json").read_text())
        if state["status"] in until:
            page = client.get(f"/data/uploads/{token}")
            assert page.status_code == 200
            return state, lxml.html.fromstring(page.get_data(as_text=True))
        time.sleep(0.05)
    raise AssertionError(f"the job of {token} did not finish: {state}")


@pytest.mark.parametrize("name", ["viewer", "tj_publisher"])
def test_everyone_but_admins_and_publishers_gets_403(client_for, desk_dir, name):
    admin = _client(client_for, desk_dir, "admin")
    token = _upload(admin, _csv(_rows()))
    snapshot = SnapshotStore(desk_dir).current_id()
    client = _client(client_for, desk_dir, name)
    for method, path in ROUTES:
        url = path.format(token=token, snapshot=snapshot)
        response = getattr(client, method)(url)
        allowed = name == "tj_publisher" and url in ("/data", "/data/template.xlsx") or \
            name == "tj_publisher" and url.endswith("rejects.csv")
        assert response.status_code in ((200, 404) if allowed else (403,)), (name, method, url)
    assert SnapshotStore(desk_dir).current_id() == snapshot


def test_anonymous_visitors_are_sent_to_sign_in(client_for, desk_dir):
    client = client_for(desk_dir)
    for method, path in ROUTES:
        response = getattr(client, method)(path.format(token="x" * 22, snapshot="x"))
        assert response.status_code in (302, 403), path
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]


def test_upload_check_and_import_with_a_preview(client_for, desk_dir):
    client = _client(client_for, desk_dir, "publisher")
    before = SnapshotStore(desk_dir).current_id()
    rows = _rows()
    rows.pop(5)
    token = _upload(client, _csv(rows), "export-june.csv")
    state, page = _settled(client, token)
    assert state["status"] == "checked" and SnapshotStore(desk_dir).current_id() == before
    assert "Would import 29 cases" in page.cssselect("#desk-status")[0].text_content()
    total = [td.text_content() for td in page.cssselect("#desk-changes-total td")]
    assert total == ["0", "1", "0", "29"]
    client.post(f"/data/uploads/{token}/import")
    state, page = _settled(client, token, until=("imported", "failed", "refused"))
    assert state["status"] == "imported", state
    current = SnapshotStore(desk_dir).get()
    assert current.id == state["snapshot_id"] != before and current.manifest["rows"]["imported"] == 29
    assert current.manifest["imported_by"] == "publisher" and current.manifest["source"]["name"] == "export-june.csv"
    assert not (desk_dir / "uploads" / token / "export-june.csv").exists(), "the upload holds private columns"
    history = lxml.html.fromstring(client.get("/data").get_data(as_text=True))
    assert [tr.get("data-snapshot") for tr in history.cssselect("#desk-history tbody tr")][0] == current.id
    events = [json.loads(line) for line in (desk_dir / "audit.log").read_text().splitlines()]
    assert {"event": "import", "who": "publisher", "snapshot_id": current.id}.items() <= events[-1].items()


def test_a_lookalike_header_is_refused_on_the_page_unless_declared_private(client_for, desk_dir):
    client = _client(client_for, desk_dir, "admin")
    rows = _rows()
    rows[0] = ["perpetrator" if cell == "Perpetrators" else cell for cell in rows[0]]
    state, page = _settled(client, _upload(client, _csv(rows)))
    assert state["status"] == "refused" and state["kind"] == "lookalike_column"
    assert "column 'perpetrator' looks like 'perpetrators'" in page.cssselect("#desk-status")[0].text_content()
    state, page = _settled(client, _upload(client, _csv(rows), private="perpetrator"))
    assert state["status"] == "checked" and "perpetrator" in state["check"]["dropped_columns"]


def test_problems_are_listed_downloadable_and_the_valid_rows_importable(client_for, desk_dir):
    client = _client(client_for, desk_dir, "admin")
    rows = _rows()
    column = next(i for i, c in enumerate(rows[0]) if c == "Perpetrators")
    rows[3][column] = "Polise"
    token = _upload(client, _csv(rows))
    state, page = _settled(client, token)
    cells = [td.text_content() for td in page.cssselect("#desk-problems tbody tr")[0].cssselect("td")]
    assert cells[:3] == ["4", "perpetrators", "Polise"] and "did you mean 'Police'" in cells[3]
    assert client.post(f"/data/uploads/{token}/import").status_code == 400  # not without choosing
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/data/uploads/{token}/problems.xlsx").data)).active
    listed = {tuple(str(v) for v in row[:3]) for row in sheet.iter_rows(values_only=True)}
    assert ("4", "perpetrators", "Polise") in listed
    client.post(f"/data/uploads/{token}/import", data={"skip_invalid": "1"})
    state, _page = _settled(client, token, until=("imported", "failed"))
    assert state["result"]["rows_imported"] == 29 and state["result"]["rows_rejected"] == 1
    rejects = client.get(f"/data/snapshots/{state['snapshot_id']}/rejects.csv")
    assert rejects.status_code == 200 and b"Polise" in rejects.data


def test_rolling_back_is_for_admins_and_makes_the_old_snapshot_current(client_for, desk_dir):
    first = SnapshotStore(desk_dir).current_id()
    second = ingest_file(FIXTURES / "small_export.csv", desk_dir).snapshot_id
    publisher = _client(client_for, desk_dir, "publisher")
    assert publisher.post(f"/data/snapshots/{first}/current").status_code == 403
    admin = _client(client_for, desk_dir, "admin")
    response = admin.post(f"/data/snapshots/{first}/current")
    assert response.status_code == 303 and SnapshotStore(desk_dir).current_id() == first
    assert admin.post("/data/snapshots/..%2Fusers/current").status_code in (404, 405, 409)
    assert admin.post("/data/snapshots/no-such-snapshot/current").status_code == 409
    assert SnapshotStore(desk_dir).current_id() == first != second
    page = lxml.html.fromstring(admin.get(response.headers["Location"]).get_data(as_text=True))
    assert first in page.cssselect("#desk-rolled")[0].text_content()
    assert page.cssselect("#desk-audit-log tbody tr td")[1].text_content() == "rollback"


def test_uploads_have_their_own_size_limit(client_for, desk_dir, monkeypatch):
    monkeypatch.setenv("REACT_MAX_UPLOAD_BYTES", str(3 * 1024 * 1024))
    client = _client(client_for, desk_dir, "admin")
    big = _csv(_rows()) + b"," * (2 * 1024 * 1024 + 10)  # over the 2 MB of other routes, under 3 MB
    response = client.post("/data/upload", data={"file": (io.BytesIO(big), "big.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    huge = b"x" * (3 * 1024 * 1024 + 10)
    response = client.post("/data/upload", data={"file": (io.BytesIO(huge), "huge.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert client.post("/login", data={"username": "x", "password": "y" * (3 * 1024 * 1024)}).status_code == 413


def test_the_desk_speaks_russian(client_for, desk_dir):
    client = _client(client_for, desk_dir, "admin")
    page = lxml.html.fromstring(client.get("/data?lang=ru").get_data(as_text=True))
    assert page.get("lang") == "ru" and page.cssselect("h1")[0].text_content() == "Данные"
    template = openpyxl.load_workbook(io.BytesIO(client.get("/data/template.xlsx?lang=ru").data)).worksheets[0]
    assert [c.value for c in template[1]][:3] == ["id_случая", "id_клиента", "страна"]


def _russian_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """The fixture export as a workbook with Russian headers, as the REAct database writes it."""
    russian = {c.name: c.russian for c in COLUMNS}
    by_key = {c.name.lower(): c.name for c in COLUMNS} | {c.russian.lower(): c.name for c in COLUMNS}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([russian.get(by_key.get(h.strip().lower(), ""), h.strip()) for h in rows[0]])
    for row in rows[1:]:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.browser
def test_a_browser_uploads_a_russian_xlsx_checks_it_imports_and_sees_the_new_totals(dash_app, desk_dir, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    (desk_dir / "users.json").unlink()  # the local demo: signed in as admin on loopback
    rows = _rows()[:-7]  # 23 of the 30 cases
    upload = _russian_xlsx(tmp_path / "выгрузка.xlsx", rows)
    original = dash_app.server.config["REACT_DATA_DIR"]
    dash_app.server.config["REACT_DATA_DIR"] = str(desk_dir)
    server = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 390, "height": 900})
            page.goto(url + "/?lang=ru")
            expect(page.locator("#kpi-cases")).to_have_text("30", timeout=20_000)
            page.goto(url + "/data?lang=ru")
            page.set_input_files("#desk-file", str(upload))
            page.click("#desk-upload button[type=submit]")
            expect(page.locator("#desk-status")).to_contain_text("Would import 23 cases", timeout=30_000)
            expect(page.locator("#desk-changes-total td").nth(1)).to_have_text("7")
            page.click("#desk-import")
            expect(page.locator("#desk-status")).to_contain_text("Imported 23 cases", timeout=30_000)
            page.click("#desk-to-overview")
            expect(page.locator("#kpi-cases")).to_have_text("23", timeout=20_000)
            browser.close()
    finally:
        server.shutdown()
        dash_app.server.config["REACT_DATA_DIR"] = original


def test_the_desk_says_refusals_and_problems_in_russian(client_for, desk_dir):
    client = _client(client_for, desk_dir, "admin")
    rows = _rows()
    rows[0] = ["perpetrator" if cell == "Perpetrators" else cell for cell in rows[0]]
    token = _upload(client, _csv(rows))
    _settled(client, token)
    page = lxml.html.fromstring(client.get(f"/data/uploads/{token}?lang=ru").get_data(as_text=True))
    status = page.cssselect("#desk-status")[0].text_content()
    assert "столбец 'perpetrator' похож на 'perpetrators'" in status and "looks like" not in status
    rows = _rows()
    rows[3][next(i for i, c in enumerate(rows[0]) if c == "Perpetrators")] = "Polise"
    token = _upload(client, _csv(rows))
    _settled(client, token)
    page = lxml.html.fromstring(client.get(f"/data/uploads/{token}?lang=ru").get_data(as_text=True))
    reason = page.cssselect("#desk-problems tbody tr td")[3].text_content()
    assert reason == "нет в справочнике «нарушитель»; может быть, «Police»? (значения перечислены в " \
                     "docs/export-format.ru.md)"
    english = lxml.html.fromstring(client.get(f"/data/uploads/{token}").get_data(as_text=True))
    assert english.cssselect("#desk-problems tbody tr td")[3].text_content().startswith(
        "is not a known perpetrator; did you mean 'Police'?")
