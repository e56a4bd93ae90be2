"""The view as an A4 report: `/export/report.pdf?<the view's query string>`.

The same content as the deck (view_deck.contents): a cover (organisation, title, the filters in
words, data date, source), the totals with their change, every chart as SVG with its title, `n`
and source line, and the tables. Printed by Chromium (exports/pdf.py): page numbers in the
margin (`@page` margin boxes), no chart split across pages (`break-inside: avoid`), none of the
screen's hints or controls (the report is its own page, not the screen printed).
"""

from __future__ import annotations

import html

from dashboard.exports import images, pdf
from dashboard.exports.branding import Branding
from dashboard.exports.caption import Caption
from dashboard.exports.view_deck import contents, totals
from dashboard.i18n import _

WIDTH_PX = 900  # the A4 text width at 96 dpi, about; the SVG scales to the column

STYLE = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm;
        @bottom-right { content: counter(page) " / " counter(pages); font: 9pt system-ui, sans-serif; color: #555; }
        @bottom-left { content: "REAct"; font: 9pt system-ui, sans-serif; color: #555; } }
body { font: 10.5pt/1.4 system-ui, "Noto Sans", Arial, sans-serif; color: #1d1d1f; margin: 0; }
.cover { break-after: page; padding-top: 45mm; }
.cover h1 { font-size: 24pt; margin: 0 0 6mm; }
.cover p { font-size: 13pt; margin: 2mm 0; }
.totals { display: flex; gap: 8mm; margin: 6mm 0 8mm; }
.totals div { border: 1px solid #ccd; border-radius: 2mm; padding: 3mm 4mm; flex: 1; }
.totals b { display: block; font-size: 22pt; }
figure, .table { break-inside: avoid; margin: 0 0 7mm; }
figure h2, .table h2 { font-size: 13pt; margin: 0 0 1mm; break-after: avoid; }
.sub, .source { color: #555; font-size: 9pt; margin: 0 0 1mm; }
svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #dde; padding: 1mm 1.5mm; text-align: left; }
"""


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _chart(figure: dict, caption: Caption) -> str:
    shown = caption.of_figure(figure)
    height = max(figure.get("layout", {}).get("height") or 420, 300)
    svg = images.render(images.captioned(figure, shown, WIDTH_PX, titled=False), "svg", width=WIDTH_PX,
                        height=height, scale=1).decode("utf-8")
    svg = svg[svg.index("<svg"):]  # the XML declaration is not HTML
    return (f'<figure><h2>{_escape(shown.title)}</h2><p class="sub">{_escape(shown.n)}</p>{svg}'
            f'<p class="source">{_escape(shown.source_line())}</p></figure>')


def _table(title: str, header: list[str], rows: list[list[str]], caption: Caption) -> str:
    head = "".join(f"<th scope='col'>{_escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<div class="table"><h2>{_escape(title)}</h2><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table><p class="source">{_escape(caption.source_line())}</p></div>')


def html_report(scope, caption: Caption, branding: Branding) -> str:
    """The report as one HTML page (inside i18n.use(scope.lang))."""
    title = _("Human rights violations documented by REAct")
    numbers = "".join(f"<div><b>{_escape(number)}</b>{_escape(label)}<br><small>{_escape(change)}</small></div>"
                      for label, number, change in totals(scope))
    source = branding.source(scope.lang)
    parts = [f'<section class="cover"><h1>{_escape(title)}</h1><p>{_escape(caption.sentence)}</p>'
             f'<p>{_escape(caption.dated)}</p><p>{_escape(source)}</p></section>',
             f'<h2>{_escape(_("In numbers"))}</h2><div class="totals">{numbers}</div>']
    for item in contents(scope):
        parts.append(_chart(item[1], caption) if item[0] == "chart" else _table(item[1], item[2], item[3], caption))
    return (f'<!doctype html><html lang="{scope.lang}"><head><meta charset="utf-8"><title>{_escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>")


def build(scope, caption: Caption, branding: Branding) -> bytes:
    return pdf.from_html(html_report(scope, caption, branding))
