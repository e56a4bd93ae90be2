"""The explorer's "take it out" controls: a download menu per chart, and under the page title the
data date and a toolbar (slides, presentation mode, print).

Download links are plain `<a>` elements (the browser downloads; Dash does not route them);
one clientside callback (assets/exports.js) writes the current query string into every link's
href whenever the URL changes, so a file shows what the screen shows. Presentation mode and
printing are browser-side too (assets/present.js, assets/exports.js, assets/print.css); they
find the page's graphs, sentence and data date by the class names and ids given here.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, html

from dashboard import i18n
from dashboard.exports.caption import format_data_date
from dashboard.i18n import _
from dashboard.views import exportable
from dashboard.webctx import scope_from_search

LINK = "export-link"
DATA_DATE_ID = "header-data-date"


def _link_id(page: str, chart: str, fmt: str) -> dict:
    return {"type": LINK, "page": page, "chart": chart, "fmt": fmt}


def _href(page: str, chart: str, fmt: str) -> str:
    return f"/export/{page}/{chart}.{fmt}" if chart else f"/export/{page}.{fmt}"


def page_of(chart_id: str) -> str | None:
    """The page whose exports include this chart (charts drawn by other callbacks have none)."""
    return next((vid for vid, view in exportable().items() if chart_id in view.chart_ids), None)


def download_menu(chart_id: str) -> html.Div | None:
    page = page_of(chart_id)
    if page is None:
        return None
    formats = [("png", _("Image (PNG)")), ("svg", _("Image (SVG)")), ("csv", _("Numbers (CSV)")),
               ("xlsx", _("Numbers (Excel)"))]
    items = [html.A(label, id=_link_id(page, chart_id, fmt), href=_href(page, chart_id, fmt),
                    className="dropdown-item", rel="nofollow") for fmt, label in formats]
    return html.Div(dbc.DropdownMenu(items, label=_("Download"), size="sm", color="link", align_end=True,
                                     id=f"{chart_id}-downloads"),
                    className="chart-downloads d-flex justify-content-end d-print-none")


def page_bar(page: str) -> html.Div:
    """The data date (printed with the title) and the toolbar (never printed)."""
    buttons = [html.A(_("Slides (.pptx)"), id=_link_id(page, "", "pptx"), href=_href(page, "", "pptx"),
                      className="btn btn-outline-secondary", rel="nofollow")] if page in exportable() else []
    # The whole view (every page) as one deck for a meeting: title, totals, every chart, tables.
    buttons.append(html.A(_("Deck, all pages (.pptx)"), id=_link_id("deck", "", "pptx"), href=_href("deck", "", "pptx"),
                          className="btn btn-outline-secondary", rel="nofollow"))
    buttons.append(html.A(_("Report (PDF)"), id=_link_id("report", "", "pdf"), href=_href("report", "", "pdf"),
                          className="btn btn-outline-secondary", rel="nofollow"))
    buttons += [
        html.Button(_("Present"), id=f"{page}-present", className="btn btn-outline-secondary js-present",
                    title=_("Show the charts full screen, one per slide (arrow keys move, Escape closes)")),
        html.Button(_("Print"), id=f"{page}-print", className="btn btn-outline-secondary js-print"),
    ]
    return html.Div(className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-1", children=[
        html.Span(id=DATA_DATE_ID, className="small text-body-secondary data-date"),
        html.Div(buttons, className="btn-group btn-group-sm page-toolbar d-print-none", role="group"),
    ])


clientside_callback(
    ClientsideFunction(namespace="react_exports", function_name="hrefs"),
    Output(_link_id(ALL, ALL, ALL), "href"),
    Input("url", "search"),
    State(_link_id(ALL, ALL, ALL), "id"),
)


@callback(Output(DATA_DATE_ID, "children"), Input("url", "search"))
def data_date(search):
    """'Data as of 15 Jan 2025' under the title: how current the numbers are (printed with them)."""
    scope = scope_from_search(search)
    if scope.snapshot is None:
        return ""
    with i18n.use(scope.lang):
        return _("Data as of %(date)s", date=format_data_date(scope.snapshot.data_date, scope.lang))
