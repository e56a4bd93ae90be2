"""Response: reaction-status shares with their definitions, the drill-down from a status to the
reasons clients declined, and services provided, referred and needed but unavailable."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import charts, i18n
from dashboard.components import pagekit
from dashboard.definitions import STATUS_DEFINITIONS, definition, status_intro
from dashboard.i18n import _
from dashboard.views.response import DEFAULT_DRILL, VIEW, decline_figure
from dashboard.vocab import vocabulary
from dashboard.webctx import scope_from_search

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")



def layout(lang: str = "en", **_query) -> html.Div:
    lang = i18n.language(lang)
    labels = vocabulary().labels("reaction_status", lang)
    with i18n.use(lang):
        return html.Div([
            pagekit.header(VIEW.id, _("Response to cases")),
            dbc.Row([
                pagekit.chart("chart-reaction-status", _("Click a slice to see why clients with that status declined "
                                                         "to pursue their case."), width=6),
                pagekit.chart("chart-decline-reasons", width=6),
            ]),
            dbc.Row([pagekit.chart("response-services")]),
            dbc.Card(dbc.CardBody([
                html.H3(_("What each status means"), className="h5"),
                html.P(status_intro(), className="small"),
                html.Dl([item for code in STATUS_DEFINITIONS for item in (
                    html.Dt(labels[code]), html.Dd(definition(code), className="small"))]),
            ]), className="mb-3", id="response-definitions"),
        ])


pagekit.wire(VIEW)


def _clicked_status(click) -> str | None:
    try:
        code = click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        return None
    code = code[0] if isinstance(code, list) and code else code
    return code if isinstance(code, str) and code in vocabulary().codes("reaction_status") else None


@callback(Output("chart-decline-reasons", "figure"),
          Input("url", "search"), Input("chart-reaction-status", "clickData"))
def drill_down(search, click):
    """Decline reasons of the cases with the clicked status: the same breakdown, status added to the scope."""
    scope = scope_from_search(search)
    with i18n.use(scope.lang):
        if scope.snapshot is None:
            return charts.empty("", pagekit.no_data())
        return decline_figure(scope, _clicked_status(click) or DEFAULT_DRILL)
