"""Trends: cases per month, quarter, half year or year, split by any one dimension, with dated
events marked, and the selected period against the previous one and the same period a year before."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import i18n
from dashboard.components import pagekit
from dashboard.i18n import _
from dashboard.measures import SPLIT_DIMENSIONS
from dashboard.views.trends import GRAIN_LABELS, SPLIT_LABELS, VIEW
from dashboard.webctx import VIEW_PARAMS, scope_from_search

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")

def layout(grain: str = "month", split: str = "", lang: str = "en", **_query) -> html.Div:
    grain = grain if grain in VIEW_PARAMS["grain"][0] else "month"
    split = split if split in SPLIT_DIMENSIONS else ""
    with i18n.use(lang):
        return PAGE.filled(html.Div([
            pagekit.header(VIEW.id, _("Trends")),
            dbc.Row([
                dbc.Col([dbc.Label(_("Time step"), className="small mb-0"),
                         dbc.RadioItems(id="trends-grain", value=grain, inline=True,
                                        options=[{"label": _(v), "value": k} for k, v in GRAIN_LABELS.items()])],
                        md=6),
                dbc.Col([dbc.Label(_("Split by"), html_for="trends-split", className="small mb-0"),
                         dcc.Dropdown(id="trends-split", value=split, clearable=False,
                                      options=[{"label": _(v), "value": k} for k, v in SPLIT_LABELS.items()])], md=4),
            ], className="mb-2 d-print-none"),
            dbc.Row([pagekit.chart("trends-chart", _(
                "Dotted lines mark events that changed reporting: COVID-19 restrictions (March 2020), the hotline "
                "in Tajikistan and Uzbekistan (October 2021), the full-scale war in Ukraine (24 February 2022)."))]),
            html.Div(id="trends-comparison"),
        ]))


def _comparison_table(rows: list[dict] | None):
    if rows is None:
        return html.P(_("Choose a period to compare it with the previous period and the same period a year before."),
                      className="small text-body-secondary")
    body = [html.Tr([html.Td(r["name"]), html.Td(r["dates"]), html.Td(r["cases"], className="text-end"),
                     html.Td(r["clients"], className="text-end"), html.Td(r["change"])]) for r in rows]
    head = html.Thead(html.Tr([html.Th(_("Compared")), html.Th(_("Dates")), html.Th(_("Cases"), className="text-end"),
                               html.Th(_("Clients"), className="text-end"), html.Th(_("Selected period vs this"))]))
    return dbc.Table([head, html.Tbody(body)], size="sm", bordered=False, striped=True, id="trends-comparison-table")


PAGE = pagekit.wire(VIEW, present={"trends-comparison": _comparison_table})


@callback(Output("url", "search", allow_duplicate=True), Input("trends-grain", "value"), Input("trends-split", "value"),
          State("url", "search"), prevent_initial_call=True)
def choose_view(grain, split, search):
    """The time step and split live in the URL too, so a shared link shows the same chart."""
    scope = scope_from_search(search)
    if grain not in VIEW_PARAMS["grain"][0] or (split or "") not in ("", *SPLIT_DIMENSIONS):
        return no_update
    query = scope.with_setting("grain", grain).with_setting("split", split or "").query_string
    return query if query != (search or "") else no_update
