"""Geography: cases by country, and sortable tables of regions and organizations.

No map: no package ships honest sub-national boundaries for Tajikistan, Uzbekistan or
Kyrgyzstan, and a country-level map of seven countries says less than the bar chart.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, html

from dashboard import charts
from dashboard.cache import cached
from dashboard.components import pagekit
from dashboard.vocab import vocabulary
from dashboard.webctx import Scope

dash.register_page(__name__, path="/geography", name="Geography", order=5, title="Geography · REAct dashboard")

PAGE = "geography"


def _table(table_id: str, place: str, title: str) -> dbc.Col:
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.H3(title, className="h6"),
        html.P(id=f"{table_id}-n", className="small text-body-secondary"),
        dash_table.DataTable(
            id=table_id, sort_action="native", page_size=15, style_as_list_view=True,
            columns=[{"name": "Country", "id": "country_label"}, {"name": place.capitalize(), "id": place},
                     {"name": "Cases", "id": "cases", "type": "numeric", "format": {"specifier": ","}},
                     {"name": "Share of cases", "id": "share_pct", "type": "numeric", "format": {"specifier": ".1f"}}],
            style_cell={"fontFamily": "inherit", "fontSize": 13, "textAlign": "left"},
            style_cell_conditional=[{"if": {"column_id": c}, "textAlign": "right"} for c in ("cases", "share_pct")],
        ),
    ]), className="mb-3"), lg=6)


def layout(**_query) -> html.Div:
    return html.Div([
        pagekit.header(PAGE, "Geography"),
        dbc.Row([pagekit.chart("geography-countries", "Click a bar to filter by that country.")]),
        dbc.Row([_table("geography-regions", "region", "Cases by region"),
                 _table("geography-organizations", "organization", "Cases by organization")]),
    ])


def _rows(rows: list[dict], cases: int, lang: str) -> list[dict]:
    labels = vocabulary().labels("country", lang)
    return [dict(r, country_label=labels.get(r["country"], r["country"]),
                 share_pct=round(r["cases"] / cases * 100, 1) if cases else None) for r in rows]


def compute(scope: Scope) -> list:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    cases = cached("totals", snapshot, filters)["cases"]
    countries = [dict(r, share=r["cases"] / cases)
                 for r in cached("per_case", snapshot, filters, "country", cases, lang)]
    n = charts.n_text(cases, "cases")
    return [
        charts.bar(countries, count="cases", share="share", share_label="of cases", title="Cases by country",
                   subtitle=n),
        _rows(cached("places", snapshot, filters, "region"), cases, lang), n,
        _rows(cached("places", snapshot, filters, "organization"), cases, lang), n,
    ]


pagekit.wire(PAGE, [("geography-countries", "figure"),
                    ("geography-regions", "data"), ("geography-regions-n", "children"),
                    ("geography-organizations", "data"), ("geography-organizations-n", "children")], compute)
pagekit.click_to_filter("geography-countries", "country")
