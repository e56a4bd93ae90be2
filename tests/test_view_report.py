"""The view as an A4 report, looked at page by page: the PDF's pages rendered with pdftoppm
(poppler-utils) and read with pypdf: a cover, page numbers, every chart whole on one page with
its title and n, no on-screen hint, no page that holds only the footer."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser  # printed by Chromium


@pytest.fixture(scope="module")
def report(dash_app, demo_data_dir):
    dash_app.server.config["REACT_DATA_DIR"] = str(demo_data_dir)
    response = dash_app.server.test_client().get("/export/report.pdf?country=TJ&period=2023H1&lang=ru")
    assert response.status_code == 200 and response.data[:5] == b"%PDF-", response.data[:300]
    return response.data


def test_every_page_is_drawn_and_numbered(report, tmp_path):
    pages = PdfReader(io.BytesIO(report)).pages
    (tmp_path / "report.pdf").write_bytes(report)
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(pages) >= 8
    from PIL import Image

    for image in images:  # not a blank sheet: something darker than paper on it
        assert Image.open(image).convert("L").getextrema()[0] < 128, image.name
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"{number} / {len(pages)}" in text
        assert len(text.replace(f"{number} / {len(pages)}", "").replace("REAct", "").strip()) > 40, number


def test_the_cover_the_totals_and_whole_charts(report):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(report)).pages]
    assert "Нарушения прав человека" in pages[0] and "Таджикистан" in pages[0]
    assert "В цифрах" in pages[1] and "522" in pages[1] and "480" in pages[1]
    everything = "\n".join(pages)
    assert "Нажмите" not in everything and "Click" not in everything  # no on-screen hints
    # A chart's title and its n = … line are on the same page: nothing split between pages.
    for title, n in (("Клиенты по полу", "n = 520 клиентов"), ("Случаи по нарушителям", "n = 522 случая")):
        [page] = [p for p in pages if title in p]
        assert n in page
