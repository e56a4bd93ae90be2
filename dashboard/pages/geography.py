"""Geography: cases by country, and sortable tables of regions and organizations.

No map: no package ships honest sub-national boundaries for Tajikistan, Uzbekistan or
Kyrgyzstan, and a country-level map of seven countries says less than the bar chart.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, html

from dashboard import i18n
from dashboard.components import pagekit
from dashboard.i18n import _
from dashboard.views.geography import VIEW

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")



def _table(table_id: str, place: str, place_label: str, title: str) -> dbc.Col:
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.H3(title, className="h6"),
        html.P(id=f"{table_id}-n", className="small text-body-secondary"),
        dash_table.DataTable(
            id=table_id, sort_action="native", page_size=15, style_as_list_view=True,
            columns=[{"name": _("Country"), "id": "country_label"}, {"name": place_label, "id": place},
                     {"name": _("Cases"), "id": "cases", "type": "numeric"},
                     {"name": _("Share of cases, %"), "id": "share_pct", "type": "numeric"}],
            style_cell={"fontFamily": "inherit", "fontSize": 13, "textAlign": "left"},
            style_cell_conditional=[{"if": {"column_id": c}, "textAlign": "right"} for c in ("cases", "share_pct")],
        ),
    ]), className="mb-3"), lg=6)


def layout(lang: str = "en", **_query) -> html.Div:
    with i18n.use(lang):
        return html.Div([
            pagekit.header(VIEW.id, _("Geography")),
            dbc.Row([pagekit.chart("geography-countries", _("Click a bar to filter by that country."))]),
            dbc.Row([_table("geography-regions", "region", _("Region"), _("Cases by region")),
                     _table("geography-organizations", "organization", _("Organization"),
                            _("Cases by organization"))]),
        ])


pagekit.wire(VIEW)
pagekit.click_to_filter("geography-countries", "country")
