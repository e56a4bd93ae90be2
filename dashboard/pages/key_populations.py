"""Key populations: clients by key group, gender and age, and a profile per primary key group
with its case count and most common perpetrators (the public REAct page, made interactive)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import charts, i18n
from dashboard.cache import cached
from dashboard.components import pagekit
from dashboard.i18n import N_, _
from dashboard.webctx import Scope

dash.register_page(__name__, path="/key-populations", name=N_("Key populations"), order=1,
                   title="REAct dashboard")

PAGE = "keypop"


def layout(lang: str = "en", **_query) -> html.Div:
    with i18n.use(lang):
        latest_note = _("From each client's latest case in the selection.")
        return html.Div([
            pagekit.header(PAGE, _("Key populations")),
            dbc.Row([pagekit.chart("keypop-key-groups", _("A client in several key groups counts in each: the "
                                                          "bars add up to more than the number of clients. Click a "
                                                          "bar to filter by it."))]),
            dbc.Row([pagekit.chart("keypop-gender", latest_note, width=6),
                     pagekit.chart("keypop-age", latest_note, width=6)]),
            html.H3(_("Profiles by primary key group"), className="h5 mt-2"),
            html.P(_("A client in several key groups is counted here in the group most relevant to the violation "
                     "(the case's primary group), so the profiles add up to the number of cases. One case can name "
                     "several perpetrators: shares are of perpetrator mentions."),
                   className="small text-body-secondary"),
            dbc.Row(id="keypop-profiles"),
        ])


def _profile_figure(profile: dict) -> dict:
    mentions = sum(p["cases"] for p in profile["perpetrator"])
    return charts.bar(
        profile["perpetrator"], count="cases", unit="mentions", share="share_of_mentions",
        share_label=_("of mentions"), title=_("%(group)s: most common perpetrators", group=profile["label"]),
        subtitle=f"{i18n.n_text(profile['cases'], 'cases')} · {i18n.count(mentions, 'mentions')}",
        empty_sentence=_("No perpetrator was identified in these cases."),
    )


def _profile_card(figure: dict, lang: str) -> dbc.Col:
    config = i18n.graph_config(charts.GRAPH_CONFIG, lang)
    return dbc.Col(dbc.Card(dbc.CardBody(dcc.Graph(figure=figure, config=config)), className="mb-3 chart-card"), lg=6)


def compute(scope: Scope) -> list:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    latest = cached("people", snapshot, filters, lang)
    clients = latest["totals"]["clients"]
    groups = [dict(r, share=r["clients"] / clients) for r in latest["key_group"]]
    profiles = [_profile_figure(p) for p in cached("key_group_profiles", snapshot, filters, lang)]
    subtitle = i18n.n_text(clients, "clients")
    of_clients = _("of clients")
    return [
        charts.bar(groups, count="clients", unit="clients", share="share", share_label=of_clients,
                   title=_("Clients by key group (multiple membership)"), subtitle=subtitle),
        charts.bar(latest["gender"], count="clients", unit="clients", share="share", share_label=of_clients,
                   title=_("Clients by gender"), subtitle=subtitle),
        charts.bar(latest["age_group"], count="clients", unit="clients", share="share", share_label=of_clients,
                   title=_("Clients by age group"), subtitle=subtitle),
        [_profile_card(f, lang) for f in profiles] or [dbc.Col(html.P(_("No cases match these filters.")))],
    ]


def profile_figures(scope: Scope) -> list[tuple[str, dict]]:
    """The per-group profile charts too, for exports and slides (they are not outputs of their own)."""
    return [(f"keypop-profile-{p['code']}", _profile_figure(p))
            for p in cached("key_group_profiles", scope.snapshot, scope.filters, scope.lang)]


pagekit.wire(PAGE, [("keypop-key-groups", "figure"), ("keypop-gender", "figure"), ("keypop-age", "figure"),
                    ("keypop-profiles", "children")], compute, extra_figures=profile_figures)
pagekit.click_to_filter("keypop-key-groups", "key_group")
