"""The current view as a PowerPoint deck (python-pptx), for a presentation that leaves the building.

A title slide (page title, filter sentence, data date, and for a public release the protection
note), then one slide per chart: the chart's title, its `n = …`, the chart as a PNG from
images.py, the filter sentence and data date at the foot (a slide copied into another deck
still says what it shows), and the numbers behind the chart in the speaker notes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from dashboard import charts
from dashboard.exports import images
from dashboard.exports.caption import Caption

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
PICTURE_TOP, PICTURE_BOTTOM = Inches(1.55), Inches(6.8)
IMAGE_WIDTH_PX = 1250
IMAGE_SCALE = 1.5  # about 140 dpi across a 13.3-inch slide: sharp on a projector, a deck of 20 charts ~4 MB
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


def build(title: str, caption: Caption, figures: Sequence[dict]) -> bytes:
    """A .pptx of the view: title slide, then one slide per figure."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(deck, title, caption)
    for figure in figures:
        _chart_slide(deck, caption.of_figure(figure), figure)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _place(shape, left, top, width, height) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def _title_slide(deck, title: str, caption: Caption) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    slide.shapes.title.text = title
    _place(slide.shapes.title, MARGIN, Inches(2.0), SLIDE_WIDTH - 2 * MARGIN, Inches(1.5))
    body = slide.placeholders[1]
    _place(body, MARGIN, Inches(3.7), SLIDE_WIDTH - 2 * MARGIN, Inches(2.6))
    lines = [caption.sentence, caption.dated] + ([caption.note] if caption.note else [])
    body.text_frame.text = lines[0]
    for line in lines[1:]:
        body.text_frame.add_paragraph().text = line
    for paragraph in body.text_frame.paragraphs:
        paragraph.font.size = Pt(20)


def _text_box(slide, text: str, top, height, size: int) -> None:
    box = slide.shapes.add_textbox(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height)
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    for paragraph in box.text_frame.paragraphs:
        paragraph.font.size = Pt(size)


def _chart_slide(deck, caption: Caption, figure: dict) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    slide.shapes.title.text = caption.title
    _place(slide.shapes.title, MARGIN, Inches(0.3), SLIDE_WIDTH - 2 * MARGIN, Inches(0.85))
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(26)
    _text_box(slide, caption.n, Inches(1.1), Inches(0.4), 14)
    _picture(slide, figure, caption)
    _text_box(slide, caption.source_line(), PICTURE_BOTTOM + Inches(0.05), Inches(0.6), 11)
    slide.notes_slide.notes_text_frame.text = notes(caption, charts.table_of(figure))


def _picture(slide, figure: dict, caption: Caption) -> None:
    """The chart without its own title (the slide has it), scaled to fit the space, centred."""
    height_px = max(figure.get("layout", {}).get("height") or 450, 520)
    png = images.render(images.captioned(figure, caption, IMAGE_WIDTH_PX, titled=False), "png",
                        width=IMAGE_WIDTH_PX, height=height_px, scale=IMAGE_SCALE)
    box_width, box_height = SLIDE_WIDTH - 2 * MARGIN, PICTURE_BOTTOM - PICTURE_TOP
    scale = min(box_width / IMAGE_WIDTH_PX, box_height / height_px)
    width, height = Emu(int(IMAGE_WIDTH_PX * scale)), Emu(int(height_px * scale))
    slide.shapes.add_picture(io.BytesIO(png), Emu(int((SLIDE_WIDTH - width) / 2)), PICTURE_TOP, width, height)


def _cell(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and name.startswith("share"):
        return f"{value * 100:.1f}%"
    return str(value)


def notes(caption: Caption, rows: Sequence[dict]) -> str:
    """Speaker notes: what the chart shows, then its numbers, one tab-separated row per line."""
    lines = [part for part in (caption.title, caption.n, caption.sentence, caption.dated, caption.note) if part]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    if columns:
        lines += ["", "\t".join(columns)]
        lines += ["\t".join(_cell(c, row.get(c)) for c in columns) for row in rows]
    return "\n".join(lines)
