"""Response: reaction-status shares with their definitions, the drill-down from a status to the
reasons clients declined, and services provided, referred and needed but unavailable."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.components import pagekit
from dashboard.definitions import STATUS_DEFINITIONS, definition, status_intro
from dashboard.i18n import N_, _
from dashboard.vocab import vocabulary
from dashboard.webctx import Scope, scope_from_search

dash.register_page(__name__, path="/response", name=N_("Response"), order=3, title="REAct dashboard")

PAGE = "response"
DEFAULT_DRILL = "client_declined"  # "the client did not want to resolve the case" comes first


def layout(lang: str = "en", **_query) -> html.Div:
    lang = i18n.language(lang)
    labels = vocabulary().labels("reaction_status", lang)
    with i18n.use(lang):
        return html.Div([
            pagekit.header(PAGE, _("Response to cases")),
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


def compute(scope: Scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    cases = cached(measures.case_count, snapshot, filters)
    statuses = cached(measures.per_case, snapshot, filters, "reaction_status", cases, lang=lang)
    services = cached(measures.services, snapshot, filters, lang=lang)
    series = [("provided", _("Provided")), ("referred", _("Referred")), ("unavailable", _("Needed, unavailable"))]
    return {
        "chart-reaction-status": charts.donut(statuses, title=_("Cases by reaction status"),
                                              subtitle=i18n.n_text(cases, "cases")),
        "response-services": charts.grouped_bar(
            services, series=series, subtitle=i18n.n_text(cases, "cases"),
            title=_("Services: provided, referred, needed but unavailable (a case counts once per service)"),
            empty_sentence=_("No services are recorded for these cases."),
        ),
    }


pagekit.wire(PAGE, [("chart-reaction-status", "figure"), ("response-services", "figure")], compute,
             extra_figures=lambda scope: [("chart-decline-reasons", decline_figure(scope, DEFAULT_DRILL))],
             module=__name__)


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


def decline_figure(scope: Scope, status: str) -> dict:
    chosen = scope.filters.reaction_status
    if chosen and status not in chosen:  # the pie shows only the filtered statuses: drill into the first
        status = chosen[0]
    narrowed = scope.filters.with_values(reaction_status=[status])
    cases = cached(measures.case_count, scope.snapshot, narrowed)
    reasons = cached(measures.mentions, scope.snapshot, narrowed, "decline_reason", cases, lang=scope.lang)
    label = vocabulary().label("reaction_status", status, scope.lang)
    mentions = sum(r["cases"] for r in reasons)
    return charts.bar(
        reasons, count="cases", share="share_of_mentions", share_label=_("of mentions"),
        title=_("Why clients did not want to pursue their case"),
        subtitle=_("%(n)s with status “%(status)s” · %(mentions)s (a case can give several reasons)",
                   n=i18n.n_text(cases, "cases"), status=charts.short(label, 60),
                   mentions=i18n.count(mentions, "mentions")),
        empty_sentence=_("No decline reasons are recorded for cases with the status “%(status)s”.", status=label),
    )
