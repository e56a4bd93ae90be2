"""Geography: the map, cases by country, and plain tables of regions and organizations.

The tables are Bootstrap tables, not dash-ag-grid: a screen reader reads them as tables, they
print, and they cost no JavaScript (ag-grid's bundle alone would double the page's weight).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import i18n
from dashboard.components import pagekit
from dashboard.i18n import _
from dashboard.views.geography import VIEW

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")



def _table(table_id: str, title: str) -> dbc.Col:
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.H2(title, className="h6", id=f"{table_id}-title"),
        html.P(id=f"{table_id}-n", className="small text-body-secondary"),
        # A phone scrolls the table sideways: the region takes the keyboard focus to do so too.
        html.Div(id=table_id, className="table-responsive", tabIndex="0", role="region",
                 **{"aria-labelledby": f"{table_id}-title"}),
    ]), className="mb-3"), lg=6)


def _place_table(rows: list[dict], place: str, place_label: str, table_id: str):
    """Every place of the selection, most cases first, as a plain table (a screen reader reads it
    as one; nothing to page through). Called inside the callback's language."""
    if not rows:
        return html.P(_("No cases match these filters."), className="small")
    head = html.Thead(html.Tr([html.Th(_("Country"), scope="col"), html.Th(place_label, scope="col"),
                               html.Th(_("Cases"), scope="col", className="text-end"),
                               html.Th(_("Share of cases, %"), scope="col", className="text-end")]))
    body = html.Tbody([html.Tr([html.Td(r["country_label"]), html.Th(r[place], scope="row", className="fw-normal"),
                                html.Td(i18n.number(r["cases"]), className="text-end"),
                                html.Td(i18n.number(r["share_pct"]) if r["share_pct"] is not None else "–",
                                        className="text-end")]) for r in rows])
    caption = html.Caption(place_label, className="visually-hidden")
    return dbc.Table([caption, head, body], size="sm", striped=True, className="mb-0", id=f"{table_id}-table")


def layout(lang: str = "en", **_query) -> html.Div:
    with i18n.use(lang):
        return PAGE.filled(html.Div([
            pagekit.header(VIEW.id, _("Geography")),
            dbc.Row([pagekit.chart("geography-map", live_note=True, note=_(
                "Borders: Natural Earth (public domain); Crimea as part of Ukraine, per UN General Assembly "
                "resolution 68/262. Regions: the organization's own boundary files."))]),
            dbc.Row([pagekit.chart("geography-countries", hint=_("Click a bar to filter by that country."))]),
            dbc.Row([_table("geography-regions", _("Cases by region")),
                     _table("geography-organizations", _("Cases by organization"))]),
        ]))


PAGE = pagekit.wire(VIEW, present={
    "geography-regions": lambda rows: _place_table(rows, "region", _("Region"), "geography-regions"),
    "geography-organizations": lambda rows: _place_table(rows, "organization", _("Organization"),
                                                         "geography-organizations"),
})
pagekit.click_to_filter("geography-countries", "country")
pagekit.click_to_filter("geography-map", "country")
