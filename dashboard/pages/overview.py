"""Overview: the three headline numbers with their change, cases over time, key groups, countries."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.components import pagekit
from dashboard.i18n import N_, _
from dashboard.periods import previous_range
from dashboard.webctx import Scope

dash.register_page(__name__, path="/", name=N_("Overview"), order=0, title="REAct dashboard")

PAGE = "overview"


def layout(lang: str = "en", **_query) -> html.Div:
    with i18n.use(lang):
        return html.Div([
            pagekit.header(PAGE, _("Overview")),
            dbc.Row([
                pagekit.kpi("kpi-cases", _("Cases"), _("documented cases")),
                pagekit.kpi("kpi-clients", _("Clients"), _("distinct people")),
                pagekit.kpi("kpi-qualified", _("Qualified as human-rights violations"), _("cases")),
            ]),
            dbc.Row([pagekit.chart("overview-trend")]),
            dbc.Row([
                pagekit.chart("chart-key-groups", _("A client in several key groups counts in each: the bars add up "
                                                    "to more than the number of clients. Click a bar to filter by it."),
                              width=6),
                pagekit.chart("overview-countries", _("Click a bar to filter by that country."), width=6),
            ]),
        ])


def _grain_for(scope: Scope) -> str:
    filters = scope.filters
    if filters.start and filters.end and (filters.end - filters.start).days <= 400:
        return "month"
    return "quarter"


def compute(scope: Scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    people = cached(measures.people, snapshot, filters, lang=lang)
    totals = people["totals"]
    changes = ["", "", ""]
    if filters.start and filters.end:
        previous = cached(measures.totals, snapshot, filters.with_range(*previous_range(filters.start, filters.end)))
        changes = [pagekit.change_text(totals[k], previous[k], _("previous period"))
                   for k in ("cases", "clients", "qualified_cases")]
    grain = _grain_for(scope)
    trend = cached(measures.trend, snapshot, filters, grain)
    title = _("Cases and clients per month") if grain == "month" else _("Cases and clients per quarter")
    trend_figure = charts.lines(
        [(_("Cases"), [b["start"] for b in trend], [b["cases"] for b in trend]),
         (_("Clients"), [b["start"] for b in trend], [b["clients"] for b in trend])],
        title=title, subtitle=i18n.n_text(totals["cases"], "cases"),
    )
    # Copies with a share for the hover; cached rows are never changed in place.
    groups = [dict(r, share=r["clients"] / totals["clients"]) for r in people["key_group"]]
    countries = [dict(r, share=r["cases"] / totals["cases"])
                 for r in cached(measures.per_case, snapshot, filters, "country", totals["cases"], lang=lang)]
    return {
        "kpi-cases": i18n.number(totals["cases"]), "kpi-cases-change": changes[0],
        "kpi-clients": i18n.number(totals["clients"]), "kpi-clients-change": changes[1],
        "kpi-qualified": i18n.number(totals["qualified_cases"]), "kpi-qualified-change": changes[2],
        "overview-trend": trend_figure,
        "chart-key-groups": charts.bar(groups, count="clients", unit="clients", share="share",
                                       share_label=_("of clients"),
                                       title=_("Clients by key group (multiple membership)"),
                                       subtitle=i18n.n_text(totals["clients"], "clients")),
        "overview-countries": charts.bar(countries, count="cases", title=_("Cases by country"), share="share",
                                         share_label=_("of cases"), subtitle=i18n.n_text(totals["cases"], "cases")),
    }


pagekit.wire(PAGE, [
    ("kpi-cases", "children"), ("kpi-cases-change", "children"),
    ("kpi-clients", "children"), ("kpi-clients-change", "children"),
    ("kpi-qualified", "children"), ("kpi-qualified-change", "children"),
    ("overview-trend", "figure"), ("chart-key-groups", "figure"), ("overview-countries", "figure"),
], compute, module=__name__)
pagekit.click_to_filter("chart-key-groups", "key_group")
pagekit.click_to_filter("overview-countries", "country")
