"""Geography: cases by country, and sortable tables of regions and organizations.

No map: no package ships honest sub-national boundaries for Tajikistan, Uzbekistan or
Kyrgyzstan, and a country-level map of seven countries says less than the bar chart.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, html

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.components import pagekit
from dashboard.i18n import N_, _
from dashboard.vocab import vocabulary
from dashboard.webctx import Scope

dash.register_page(__name__, path="/geography", name=N_("Geography"), order=5, title="REAct dashboard")

PAGE = "geography"


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
            pagekit.header(PAGE, _("Geography")),
            dbc.Row([pagekit.chart("geography-countries", _("Click a bar to filter by that country."))]),
            dbc.Row([_table("geography-regions", "region", _("Region"), _("Cases by region")),
                     _table("geography-organizations", "organization", _("Organization"),
                            _("Cases by organization"))]),
        ])


def _rows(rows: list[dict], cases: int, lang: str) -> list[dict]:
    labels = vocabulary().labels("country", lang)
    return [dict(r, country_label=labels.get(r["country"], r["country"]),
                 share_pct=round(r["cases"] / cases * 100, 1) if cases else None) for r in rows]


def compute(scope: Scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    cases = cached(measures.case_count, snapshot, filters)
    countries = [dict(r, share=r["cases"] / cases)
                 for r in cached(measures.per_case, snapshot, filters, "country", cases, lang=lang)]
    n = i18n.n_text(cases, "cases")
    return {
        "geography-countries": charts.bar(countries, count="cases", share="share", share_label=_("of cases"),
                                          title=_("Cases by country"), subtitle=n),
        "geography-regions": _rows(cached(measures.places, snapshot, filters, "region"), cases, lang),
        "geography-regions-n": n,
        "geography-organizations": _rows(cached(measures.places, snapshot, filters, "organization"), cases, lang),
        "geography-organizations-n": n,
    }


pagekit.wire(PAGE, [("geography-countries", "figure"),
                    ("geography-regions", "data"), ("geography-regions-n", "children"),
                    ("geography-organizations", "data"), ("geography-organizations-n", "children")], compute,
             module=__name__)
pagekit.click_to_filter("geography-countries", "country")
