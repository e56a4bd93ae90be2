"""Violations and perpetrators: what happened, who did it, and which groups met which perpetrators."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import i18n
from dashboard.components import pagekit
from dashboard.i18n import _
from dashboard.views.violations import VIEW

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")



def layout(lang: str = "en", **_query) -> html.Div:
    with i18n.use(lang):
        note = _("One case can record several violations and several perpetrators, so the bars add up to more "
                 "than the number of cases.")
        hint = _("Click a bar to filter by it.")
        return PAGE.filled(html.Div([
            pagekit.header(VIEW.id, _("Violations and perpetrators")),
            dbc.Row([pagekit.chart("violations-types", note, width=6, hint=hint),
                     pagekit.chart("violations-perpetrators", note, width=6, hint=hint)]),
            dbc.Row([pagekit.chart("violations-heatmap", _("Each case is counted under its primary key group, once "
                                                           "for every perpetrator it names."))]),
        ]))


PAGE = pagekit.wire(VIEW)
pagekit.click_to_filter("violations-types", "violation")
pagekit.click_to_filter("violations-perpetrators", "perpetrator")
