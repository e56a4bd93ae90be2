"""Key populations: clients by key group, gender and age, and a profile per primary key group
with its case count and most common perpetrators (the public REAct page, made interactive)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import i18n
from dashboard.components import pagekit
from dashboard.i18n import _
from dashboard.views.key_populations import VIEW

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")



def layout(lang: str = "en", **_query) -> html.Div:
    with i18n.use(lang):
        latest_note = _("From each client's latest case in the selection.")
        return PAGE.filled(html.Div([
            pagekit.header(VIEW.id, _("Key populations")),
            dbc.Row([pagekit.chart("keypop-key-groups", _("A client in several key groups counts in each: the "
                                                          "bars add up to more than the number of clients."),
                                   hint=_("Click a bar to filter by it."))]),
            dbc.Row([pagekit.chart("keypop-gender", latest_note, width=6),
                     pagekit.chart("keypop-age", latest_note, width=6)]),
            html.H2(_("Profiles by primary key group"), className="h5 mt-2"),
            html.P(_("A client in several key groups is counted here in the group most relevant to the violation "
                     "(the case's primary group), so the profiles add up to the number of cases. One case can name "
                     "several perpetrators: shares are of perpetrator mentions."),
                   className="small text-body-secondary"),
            dbc.Row([pagekit.chart("keypop-profiles")]),
        ]))


PAGE = pagekit.wire(VIEW)
pagekit.click_to_filter("keypop-key-groups", "key_group")
