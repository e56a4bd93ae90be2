"""Key populations: clients by key group, gender and age, and a profile per primary key group
with its case count and most common perpetrators (the public REAct page, made interactive)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import charts
from dashboard.cache import cached
from dashboard.components import pagekit
from dashboard.webctx import Scope

dash.register_page(__name__, path="/key-populations", name="Key populations", order=1,
                   title="Key populations · REAct dashboard")

PAGE = "keypop"
PROFILE_NOTE = ("A client in several key groups is counted here in the group most relevant to the violation (the "
                "case's primary group), so the profiles add up to the number of cases. One case can name several "
                "perpetrators: shares are of perpetrator mentions.")


def layout(**_query) -> html.Div:
    return html.Div([
        pagekit.header(PAGE, "Key populations"),
        dbc.Row([pagekit.chart("keypop-key-groups", "A client in several key groups counts in each: the bars add "
                               "up to more than the number of clients. Click a bar to filter by it.")]),
        dbc.Row([pagekit.chart("keypop-gender", "From each client's latest case in the selection.", width=6),
                 pagekit.chart("keypop-age", "From each client's latest case in the selection.", width=6)]),
        html.H3("Profiles by primary key group", className="h5 mt-2"),
        html.P(PROFILE_NOTE, className="small text-body-secondary"),
        dbc.Row(id="keypop-profiles"),
    ])


def _profile_card(profile: dict) -> dbc.Col:
    figure = charts.bar(
        profile["perpetrator"], count="cases", unit="mentions", share="share_of_mentions", share_label="of mentions",
        title=f"{profile['label']}: most common perpetrators",
        subtitle=f"{charts.n_text(profile['cases'], 'cases')} · "
                 f"{sum(p['cases'] for p in profile['perpetrator']):,} perpetrator mentions",
        empty_sentence="No perpetrator was identified in these cases.",
    )
    return dbc.Col(dbc.Card(dbc.CardBody(dcc.Graph(figure=figure, config=charts.GRAPH_CONFIG)),
                            className="mb-3 chart-card"), lg=6)


def compute(scope: Scope) -> list:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    totals = cached("totals", snapshot, filters)
    clients = totals["clients"]
    groups = [dict(r, share=r["clients"] / clients) for r in cached("key_groups", snapshot, filters, lang)]
    latest = cached("latest_attributes", snapshot, filters, lang)
    profiles = cached("key_group_profiles", snapshot, filters, lang)
    subtitle = charts.n_text(clients, "clients")
    return [
        charts.bar(groups, count="clients", unit="clients", share="share", share_label="of clients",
                   title="Clients by key group (multiple membership)", subtitle=subtitle),
        charts.bar(latest["gender"], count="clients", unit="clients", share="share", share_label="of clients",
                   title="Clients by gender", subtitle=subtitle),
        charts.bar(latest["age_group"], count="clients", unit="clients", share="share", share_label="of clients",
                   title="Clients by age group", subtitle=subtitle),
        [_profile_card(p) for p in profiles] or [dbc.Col(html.P("No cases match these filters."))],
    ]


pagekit.wire(PAGE, [("keypop-key-groups", "figure"), ("keypop-gender", "figure"), ("keypop-age", "figure"),
                    ("keypop-profiles", "children")], compute)
pagekit.click_to_filter("keypop-key-groups", "key_group")
