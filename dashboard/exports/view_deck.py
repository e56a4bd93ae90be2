"""One deck for the whole view, for a CCM meeting: `/export/deck.pptx?<the view's query string>`.

A title slide (organisation and logo from branding.toml, the filters in words, data date, source), a
totals slide (cases, clients, qualified, each with its change against the previous period when a
period is chosen), then every chart of every explorer page at projector size, in the view's
language: a bar chart of one category says nothing and is skipped, and so is a chart a previous
page already showed; the key groups' profiles get
one slide per group; the region and organisation tables and the period comparison are real
PowerPoint tables. Speaker notes carry the numbers under headers in the deck's language.
"""

from __future__ import annotations

import copy
import io

from pptx import Presentation
from pptx.util import Inches, Pt

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.exports import deck
from dashboard.exports.branding import Branding
from dashboard.exports.caption import Caption
from dashboard.i18n import _
from dashboard.periods import previous_range
from dashboard.views import exportable
from dashboard.views.common import change_text

PROJECTOR_FONT = 18  # px in the chart image, which a slide shows at about 1:1 — readable from the back
MAX_TABLE_ROWS = 14


def notes(caption: Caption, figure: dict) -> str:
    """What the chart shows, then its numbers under headers in the deck's language, no codes."""
    headers, rows = charts.readable_table(figure)
    lines = [part for part in (caption.title, caption.n, caption.sentence, caption.dated, caption.note) if part]
    if headers:
        lines += ["", "\t".join(headers), *["\t".join(row) for row in rows]]
    return "\n".join(lines)


def _says_nothing(figure: dict) -> bool:
    """One bar only, or a map of one place (a one-country 'Cases by country'): the totals slide
    says it already."""
    data = figure.get("data") or []
    if figure.get("layout", {}).get("meta", {}).get("kind") == "map":
        return len(charts.table_of(figure)) <= 1
    return len(data) == 1 and data[0].get("type") == "bar" and len(data[0].get("y") or []) <= 1


def _projector(figure: dict) -> dict:
    fig = copy.deepcopy(figure)
    layout = fig.setdefault("layout", {})
    layout["font"] = {**layout.get("font", {}), "size": PROJECTOR_FONT}
    return fig


def _profile_figures(figure: dict) -> list[dict]:
    """The small multiples of the key-group profiles as one readable bar chart per group."""
    groups: dict[str, list[dict]] = {}
    for row in charts.table_of(figure):
        groups.setdefault(row["group_label"], []).append(row)
    share = next((k for k in (figure["layout"]["meta"]["table"][0] if figure["layout"]["meta"]["table"] else {})
                  if k.startswith("share")), "share_of_mentions")
    return [charts.bar(rows, count="cases", unit="mentions", share=share, share_label=_("of mentions"),
                       title=f"{label} · {_('Most common perpetrators')}",
                       subtitle=i18n.count(sum(r["cases"] for r in rows), "mentions"))
            for label, rows in groups.items() if rows]


def _table_slide(presentation, title: str, caption: Caption, header: list[str], rows: list[list[str]]) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[deck.TITLE_ONLY_LAYOUT])
    slide.shapes.title.text = title
    deck._place(slide.shapes.title, deck.MARGIN, Inches(0.3), deck.SLIDE_WIDTH - 2 * deck.MARGIN, Inches(0.85))
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(26)
    shown = rows[:MAX_TABLE_ROWS]
    height = Inches(0.42) * (len(shown) + 1)
    table = slide.shapes.add_table(len(shown) + 1, len(header), deck.MARGIN, Inches(1.3),
                                   deck.SLIDE_WIDTH - 2 * deck.MARGIN, height).table
    for column, text in enumerate(header):
        table.cell(0, column).text = text
    for r, row in enumerate(shown, start=1):
        for column, text in enumerate(row):
            table.cell(r, column).text = str(text)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(16)
    more = _("and %(n)s more rows in the spreadsheet download", n=len(rows) - len(shown)) if len(rows) > len(shown) \
        else ""
    deck._text_box(slide, " · ".join(p for p in (caption.source_line(), more) if p), deck.PICTURE_BOTTOM + Inches(0.05),
                   Inches(0.6), 12)
    lines = [title, "\t".join(header), *["\t".join(map(str, r)) for r in rows]]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _totals_slide(presentation, scope, caption: Caption) -> None:
    _number_slide(presentation, totals(scope), caption)


def _number_slide(presentation, numbers: list[tuple[str, str, str]], caption: Caption) -> None:
    """The headline numbers, large, each with its label and change."""
    slide = presentation.slides.add_slide(presentation.slide_layouts[deck.TITLE_ONLY_LAYOUT])
    slide.shapes.title.text = _("In numbers")
    deck._place(slide.shapes.title, deck.MARGIN, Inches(0.3), deck.SLIDE_WIDTH - 2 * deck.MARGIN, Inches(0.85))
    width = (deck.SLIDE_WIDTH - 2 * deck.MARGIN) / max(3, len(numbers))
    for index, (label, number, change) in enumerate(numbers):
        box = slide.shapes.add_textbox(deck.MARGIN + int(width * index), Inches(2.0), int(width), Inches(3.2))
        frame = box.text_frame
        frame.word_wrap = True
        frame.text = number
        frame.paragraphs[0].font.size, frame.paragraphs[0].font.bold = Pt(54), True
        for text, size in ((label, 20), (change, 16)):
            if text:
                paragraph = frame.add_paragraph()
                paragraph.text, paragraph.font.size = text, Pt(size)
    deck._text_box(slide, caption.source_line(), deck.PICTURE_BOTTOM + Inches(0.05), Inches(0.6), 12)
    lines = [f"{label}: {number} {change}" for label, number, change in numbers]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def contents(scope) -> list[tuple]:
    """What the deck and the report show, in order: ("chart", figure) and ("table", title, header,
    rows); charts a previous page showed and one-bar charts are left out, profiles split by group."""
    items: list[tuple] = []
    seen: set[str] = set()  # two pages showing the same chart (key groups): shown once
    for view in exportable().values():
        named = view.compute(scope)
        for chart_id in view.chart_ids:
            figure = named[chart_id]
            for one in _profile_figures(figure) if chart_id == "keypop-profiles" else [figure]:
                key = repr((one["layout"].get("title"), charts.table_of(one)))
                if _says_nothing(one) or not one.get("data") or key in seen:
                    continue
                seen.add(key)
                items.append(("chart", one))
        if view.id == "geography":
            for key, label, title in (("geography-regions", _("Region"), _("Cases by region")),
                                      ("geography-organizations", _("Organization"), _("Cases by organization"))):
                place = key.split("-")[1][:-1]
                items.append(("table", title, [_("Country"), label, _("Cases"), "%"],
                              [[r["country_label"], r[place], i18n.number(r["cases"]),
                                i18n.number(r["share_pct"]) if r["share_pct"] is not None else "–"]
                               for r in named[key]]))
        if view.id == "trends" and named.get("trends-comparison"):
            items.append(("table", _("Compared"),
                          [_("Compared"), _("Dates"), _("Cases"), _("Clients"), _("Selected period vs this")],
                          [[r["name"], r["dates"], r["cases"], r["clients"], r["change"]]
                           for r in named["trends-comparison"]]))
    return items


def totals(scope) -> list[tuple[str, str, str]]:
    """(label, number, change against the previous period or "") of cases, clients, qualified."""
    counts = cached(measures.totals, scope.snapshot, scope.filters)
    changes = {}
    filters = scope.filters
    if filters.start and filters.end:
        earlier = filters.with_range(*previous_range(filters.start, filters.end))
        before = cached(measures.totals, scope.snapshot, earlier)
        changes = {k: change_text(counts[k], before[k], _("previous period")) for k in counts}
    return [(label, i18n.number(counts[key]), changes.get(key, "")) for key, label in (
        ("cases", _("Cases")), ("clients", _("Clients")),
        ("qualified_cases", _("Qualified as human-rights violations")))]


def build(scope, caption: Caption, branding: Branding) -> bytes:
    """The deck of the whole view (inside i18n.use(scope.lang))."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = deck.SLIDE_WIDTH, deck.SLIDE_HEIGHT
    title = _("Human rights violations documented by REAct")
    deck._title_slide(presentation, title, Caption(
        title=title, sentence=caption.sentence, data_date=caption.data_date,
        note=branding.source(scope.lang)))
    if branding.logo is not None:
        presentation.slides[0].shapes.add_picture(str(branding.logo), deck.MARGIN, Inches(0.4), height=Inches(1.2))
    _totals_slide(presentation, scope, caption)
    for item in contents(scope):
        if item[0] == "chart":
            shown = caption.of_figure(item[1])
            deck._chart_slide(presentation, shown, _projector(item[1]))
            presentation.slides[-1].notes_slide.notes_text_frame.text = notes(shown, item[1])
        else:
            _table_slide(presentation, item[1], caption, item[2], item[3])
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def build_release(document: dict, lang: str, branding: Branding) -> bytes:
    """A published release as a meeting deck (protected values only, inside i18n.use(lang)): the
    same title slide and projector-size charts, the release's own totals and protection note."""
    from dashboard.exports import release

    caption = release.caption(document, lang)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = deck.SLIDE_WIDTH, deck.SLIDE_HEIGHT
    title = _("Human rights violations documented by REAct")
    deck._title_slide(presentation, title, Caption(title=title, sentence=caption.title, data_date=caption.data_date,
                                                   note=f"{branding.source(lang)} · {caption.note}"))
    if branding.logo is not None:
        presentation.slides[0].shapes.add_picture(str(branding.logo), deck.MARGIN, Inches(0.4), height=Inches(1.2))
    rows = document["tables"]["totals"]["rows"]
    numbers = [(release._text(r["label"], lang), r["cells"]["count"]["hidden_as"] if r["cells"]["count"]["suppressed"]
                else i18n.number(r["cells"]["count"]["value"]), "") for r in rows]
    _number_slide(presentation, numbers, caption)
    for figure in release.figures(document, lang):
        if _says_nothing(figure) or not figure.get("data"):
            continue
        shown = caption.of_figure(figure)
        deck._chart_slide(presentation, shown, _projector(figure))
        presentation.slides[-1].notes_slide.notes_text_frame.text = notes(shown, figure)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
