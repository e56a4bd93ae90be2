"""Response: reaction-status shares with their definitions, the drill-down from a status to the
reasons clients declined, and services provided, referred and needed but unavailable."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, ctx, html, no_update

from dashboard import i18n
from dashboard.components import pagekit
from dashboard.definitions import DEFAULT_DRILL, STATUS_DEFINITIONS, definition, status_intro
from dashboard.i18n import _
from dashboard.views.response import VIEW
from dashboard.vocab import vocabulary
from dashboard.webctx import scope_from_search

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")



def layout(lang: str = "en", drill: str = DEFAULT_DRILL, **_query) -> html.Div:
    lang = i18n.language(lang)
    drill = drill if drill in vocabulary().codes("reaction_status") else DEFAULT_DRILL
    labels = vocabulary().labels("reaction_status", lang)
    with i18n.use(lang):
        return PAGE.filled(html.Div([
            pagekit.header(VIEW.id, _("Response to cases")),
            dbc.Row([
                pagekit.chart("chart-reaction-status", width=6, hint=_(
                    "Click a slice to see why clients with that status declined to pursue their case.")),
                dbc.Col([
                    dbc.Label(_("Reasons of the cases with status"), html_for="response-drill", className="small mb-0"),
                    dbc.Select(id="response-drill", value=drill, className="mb-2",
                               options=[{"label": labels[code], "value": code} for code in labels]),
                    pagekit.chart("chart-decline-reasons"),
                ], lg=6),
            ]),
            dbc.Row([pagekit.chart("response-services")]),
            dbc.Card(dbc.CardBody([
                html.H2(_("What each status means"), className="h5"),
                html.P(status_intro(), className="small"),
                html.Dl([item for code in STATUS_DEFINITIONS for item in (
                    html.Dt(labels[code]), html.Dd(definition(code), className="small"))]),
            ]), className="mb-3", id="response-definitions"),
        ]))


PAGE = pagekit.wire(VIEW)


def _clicked_status(click) -> str | None:
    try:
        code = click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        return None
    code = code[0] if isinstance(code, list) and code else code
    return code if isinstance(code, str) and code in vocabulary().codes("reaction_status") else None


# The list follows the URL in the browser at once (a click on a slice, back and forward); a server
# round trip here could reset a choice the user had just made.
clientside_callback(
    f"(search) => new URLSearchParams(search || '').get('drill') || '{DEFAULT_DRILL}'",
    Output("response-drill", "value"), Input("url", "search"))


@callback(Output("url", "search", allow_duplicate=True), Input("chart-reaction-status", "clickData"),
          Input("response-drill", "value"), State("url", "search"), prevent_initial_call=True)
def drill_down(click, chosen, search):
    """A slice clicked, or a status chosen in the list (the keyboard's way): into the URL, so the
    page's callback draws its reasons and a shared link shows the same."""
    code = _clicked_status(click) if ctx.triggered_id == "chart-reaction-status" else chosen
    scope = scope_from_search(search)
    if code not in vocabulary().codes("reaction_status") or code == scope.setting("drill"):
        return no_update
    return scope.with_setting("drill", code).query_string
