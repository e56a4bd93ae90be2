"""Key populations: clients by key group, gender and age, and a profile per primary key group
with its case count and most common perpetrators (the public REAct page, made interactive)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import charts, i18n, measures
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
            dbc.Row([pagekit.chart("keypop-profiles")]),
        ])


def _profiles_figure(profiles: list[dict], cases: int) -> dict:
    """Every primary key group's most common perpetrators, one panel each, in one figure."""
    panels = []
    for profile in profiles:
        mentioned = sum(r["cases"] for r in profile["perpetrator"])
        panels.append({"code": profile["code"], "label": profile["label"], "rows": profile["perpetrator"],
                       "note": f"{i18n.count(profile['cases'], 'cases')} · {i18n.count(mentioned, 'mentions')}"})
    mentions = sum(r["cases"] for p in profiles for r in p["perpetrator"])
    return charts.bar_panels(
        panels, count="cases", unit="mentions", share="share_of_mentions", share_label=_("of mentions"),
        title=_("Most common perpetrators by primary key group"),
        subtitle=f"{i18n.n_text(cases, 'cases')} · {i18n.count(mentions, 'mentions')}",
        empty_sentence=_("No perpetrator was identified in these cases."),
    )


def compute(scope: Scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    people = cached(measures.people, snapshot, filters, lang=lang)
    clients = people["totals"]["clients"]
    groups = [dict(r, share=r["clients"] / clients) for r in people["key_group"]]
    profiles = _profiles_figure(cached(measures.key_group_profiles, snapshot, filters, lang=lang),
                                people["totals"]["cases"])
    subtitle = i18n.n_text(clients, "clients")
    of_clients = _("of clients")
    return {
        "keypop-key-groups": charts.bar(groups, count="clients", unit="clients", share="share",
                                        share_label=of_clients, title=_("Clients by key group (multiple membership)"),
                                        subtitle=subtitle),
        "keypop-gender": charts.bar(people["gender"], count="clients", unit="clients", share="share",
                                    share_label=of_clients, title=_("Clients by gender"), subtitle=subtitle),
        "keypop-age": charts.bar(people["age_group"], count="clients", unit="clients", share="share",
                                 share_label=of_clients, title=_("Clients by age group"), subtitle=subtitle),
        "keypop-profiles": profiles,
    }


pagekit.wire(PAGE, [("keypop-key-groups", "figure"), ("keypop-gender", "figure"), ("keypop-age", "figure"),
                    ("keypop-profiles", "figure")], compute, module=__name__)
pagekit.click_to_filter("keypop-key-groups", "key_group")
