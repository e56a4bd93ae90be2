"""Overview: the three headline numbers with their change, cases over time, key groups, countries."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import i18n
from dashboard.components import pagekit
from dashboard.i18n import _
from dashboard.views.overview import VIEW

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")



def layout(lang: str = "en", **_query) -> html.Div:
    with i18n.use(lang):
        return PAGE.filled(html.Div([
            pagekit.header(VIEW.id, _("Overview")),
            dbc.Row([
                pagekit.kpi("kpi-cases", _("Cases"), _("documented cases")),
                pagekit.kpi("kpi-clients", _("Clients"), _("distinct people")),
                pagekit.kpi("kpi-qualified", _("Qualified as human-rights violations"), _("cases")),
            ]),
            dbc.Row([pagekit.chart("overview-trend")]),
            dbc.Row([
                pagekit.chart("chart-key-groups", _("A client in several key groups counts in each: the bars add up "
                                                    "to more than the number of clients."),
                              width=6, hint=_("Click a bar to filter by it.")),
                pagekit.chart("overview-countries", width=6, hint=_("Click a bar to filter by that country.")),
            ]),
        ]))


PAGE = pagekit.wire(VIEW)
pagekit.click_to_filter("chart-key-groups", "key_group")
pagekit.click_to_filter("overview-countries", "country")
