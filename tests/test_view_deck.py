"""The whole view as one deck for a CCM meeting, opened with python-pptx: a title slide that says
who and what, the totals with their change, every chart once, one slide per key group, real
tables, nothing that says nothing; in Russian no English month, header or code; no text running
off its slide."""

from __future__ import annotations

import io
import math
import re

import pytest
from pptx import Presentation
from pptx.util import Emu

from dashboard import measures
from dashboard.filters import parse_filters
from dashboard.snapshots import SnapshotStore

MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
CODES = re.compile(r"\b(client_declined|plhiv|resolved_positive|primary_legal|self_stigma|pwud)\b")


@pytest.fixture(scope="module")
def russian_deck(dash_app, demo_data_dir):
    dash_app.server.config["REACT_DATA_DIR"] = str(demo_data_dir)
    (demo_data_dir / "branding.toml").write_text('[name]\nen = "Alliance for Public Health"\n'
                                                  'ru = "Альянс общественного здоровья"\n', encoding="utf-8")
    try:
        response = dash_app.server.test_client().get("/export/deck.pptx?country=TJ&period=2023H1&lang=ru")
    finally:
        (demo_data_dir / "branding.toml").unlink()
    assert response.status_code == 200, response.data[:300]
    return Presentation(io.BytesIO(response.data))


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] + [
        cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]


def test_the_deck_opens_with_who_what_and_the_totals(russian_deck, demo_data_dir):
    slides = list(russian_deck.slides)
    title = "\n".join(_texts(slides[0]))
    assert "Нарушения прав человека, задокументированные REAct" in title
    assert "Альянс общественного здоровья" in title and "Таджикистан" in title
    assert slides[1].shapes.title.text == "В цифрах"
    totals = measures.totals(SnapshotStore(demo_data_dir).get(), parse_filters({"country": ["TJ"],
                                                                                "period": "2023H1"})[0])
    assert (totals["cases"], totals["clients"], totals["qualified_cases"]) == (522, 520, 480)
    numbers = "\n".join(_texts(slides[1]))
    assert all(value in numbers for value in ("522", "520", "480")) and "предыдущ" in numbers


def test_every_chart_once_one_slide_per_group_tables_and_nothing_empty(russian_deck):
    titles = [slide.shapes.title.text for slide in russian_deck.slides]
    assert len(titles) == len(set(titles)), "a chart two pages show is one slide"
    assert "Случаи по странам" not in titles  # one country: one bar says nothing
    profiles = [t for t in titles if t.endswith("· Самые частые нарушители")]
    assert len(profiles) >= 10 and "Люди, живущие с ВИЧ · Самые частые нарушители" in profiles
    regions = next(s for s in russian_deck.slides if s.shapes.title.text == "Случаи по регионам")
    [table] = [shape.table for shape in regions.shapes if shape.has_table]
    assert [c.text for c in table.rows[0].cells] == ["Страна", "Регион", "Случаи", "%"]
    assert table.rows[1].cells[0].text == "Таджикистан" and len(table.rows) >= 4


def test_a_russian_deck_has_no_english_months_headers_or_codes(russian_deck):
    for slide in russian_deck.slides:
        words = "\n".join(_texts(slide)) + "\n" + slide.notes_slide.notes_text_frame.text
        assert not MONTHS.search(words), (slide.shapes.title.text, MONTHS.search(words))
        assert not CODES.search(words), (slide.shapes.title.text, CODES.search(words))
        assert "\tcases" not in words and "label\t" not in words


def test_no_text_runs_off_its_slide(russian_deck):
    height, width = russian_deck.slide_height, russian_deck.slide_width
    for slide in russian_deck.slides:
        for shape in slide.shapes:
            assert shape.left + shape.width <= width and shape.top + shape.height <= height, slide.shapes.title.text
            if not shape.has_text_frame:
                continue
            box_pt = Emu(shape.width).pt
            needed = 0.0
            for paragraph in shape.text_frame.paragraphs:
                size = (paragraph.font.size or (paragraph.runs[0].font.size if paragraph.runs else None))
                size_pt = size.pt if size else 18
                per_line = max(1, int(box_pt / (0.55 * size_pt)))
                needed += max(1, math.ceil(len(paragraph.text) / per_line)) * size_pt * 1.2
            assert Emu(shape.top).pt + needed <= Emu(height).pt + 1, (slide.shapes.title.text, shape.text_frame.text)


def test_the_charts_images_name_months_in_the_decks_language(dash_app, demo_data_dir):
    """Slides are images drawn on the server, where plotly.js has no locale: the ticks are ours."""
    from dashboard import i18n
    from dashboard.views import overview
    from dashboard.webctx import Scope

    scope = Scope(SnapshotStore(demo_data_dir).get(), parse_filters({"country": ["TJ"], "period": "2023H1"})[0],
                  ()).with_setting("lang", "ru")
    with dash_app.server.test_request_context("/"), i18n.use("ru"):
        axis = overview.compute(scope)["overview-trend"]["layout"]["xaxis"]
    assert axis["ticktext"][:3] == ["янв. 2023", "февр. 2023", "март 2023"]


def test_the_organisations_logo_and_name_come_from_the_data_directory(tmp_path):
    from PIL import Image

    from dashboard.exports.branding import load

    assert load(tmp_path).name("ru") == "" and load(tmp_path).logo is None
    Image.new("RGB", (40, 20), "navy").save(tmp_path / "logo.png")
    (tmp_path / "branding.toml").write_text('logo = "logo.png"\n[name]\nen = "APH"\nru = "АОЗ"\n', encoding="utf-8")
    branding = load(tmp_path)
    logo = (tmp_path / "logo.png").resolve()
    assert (branding.name("ru"), branding.name("en"), branding.logo) == ("АОЗ", "APH", logo)
    (tmp_path / "branding.toml").write_text('logo = "../../etc/passwd"\n', encoding="utf-8")
    assert load(tmp_path).logo is None  # only an image inside the data directory
    (tmp_path / "branding.toml").write_text("logo = [", encoding="utf-8")
    assert load(tmp_path).names == {}  # unreadable settings: no branding, no refusal
