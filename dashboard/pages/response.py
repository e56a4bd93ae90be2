"""Response: reaction-status shares with their definitions, the drill-down from a status to the
reasons clients declined, and services provided, referred and needed but unavailable."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import charts
from dashboard.cache import cached
from dashboard.components import pagekit
from dashboard.definitions import STATUS_DEFINITIONS, STATUS_INTRO, definition
from dashboard.vocab import vocabulary
from dashboard.webctx import Scope, scope_from_search

dash.register_page(__name__, path="/response", name="Response", order=3, title="Response · REAct dashboard")

PAGE = "response"
SERVICE_SERIES = [("provided", "Provided"), ("referred", "Referred"), ("unavailable", "Needed, unavailable")]
DEFAULT_DRILL = "client_declined"  # "the client did not want to resolve the case" comes first


def layout(lang: str = "en", **_query) -> html.Div:
    lang = lang if lang in ("en", "ru") else "en"
    labels = vocabulary().labels("reaction_status", lang)
    return html.Div([
        pagekit.header(PAGE, "Response to cases"),
        dbc.Row([
            pagekit.chart("chart-reaction-status", "Click a slice to see why clients with that status declined "
                          "to pursue their case.", width=6),
            pagekit.chart("chart-decline-reasons", width=6),
        ]),
        dbc.Row([pagekit.chart("response-services")]),
        dbc.Card(dbc.CardBody([
            html.H3("What each status means", className="h5"),
            html.P(STATUS_INTRO[lang], className="small"),
            html.Dl([item for code in STATUS_DEFINITIONS for item in (
                html.Dt(labels[code]), html.Dd(definition(code, lang), className="small"))]),
        ]), className="mb-3", id="response-definitions"),
    ])


def compute(scope: Scope) -> list:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    totals = cached("totals", snapshot, filters)
    statuses = cached("per_case", snapshot, filters, "reaction_status", totals["cases"], lang)
    services = cached("services", snapshot, filters, lang)
    return [
        charts.donut(statuses, title="Cases by reaction status", subtitle=charts.n_text(totals["cases"], "cases")),
        charts.grouped_bar(
            services, series=SERVICE_SERIES, subtitle=charts.n_text(totals["cases"], "cases"),
            title="Services: provided, referred, needed but unavailable (a case counts once per service)",
            empty_sentence="No services are recorded for these cases.",
        ),
    ]


pagekit.wire(PAGE, [("chart-reaction-status", "figure"), ("response-services", "figure")], compute)


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
    if scope.snapshot is None:
        return charts.empty("", pagekit.NO_DATA)
    status = _clicked_status(click) or DEFAULT_DRILL
    chosen = scope.filters.reaction_status
    if chosen and status not in chosen:  # the pie shows only the filtered statuses: drill into the first
        status = chosen[0]
    narrowed = scope.filters.with_values(reaction_status=[status])
    totals = cached("totals", scope.snapshot, narrowed)
    reasons = cached("mentions", scope.snapshot, narrowed, "decline_reason", totals["cases"], scope.lang)
    label = vocabulary().label("reaction_status", status, scope.lang)
    mentions = sum(r["cases"] for r in reasons)
    return charts.bar(
        reasons, count="cases", share="share_of_mentions", share_label="of mentions",
        title="Why clients did not want to pursue their case",
        subtitle=f"{charts.n_text(totals['cases'], 'cases')} with status “{charts.short(label, 60)}” · "
                 f"{mentions:,} mentions (a case can give several reasons)",
        empty_sentence=f"No decline reasons are recorded for cases with the status “{label}”.",
    )
