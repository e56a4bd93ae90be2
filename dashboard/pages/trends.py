"""Trends: cases per month, quarter, half year or year, split by any one dimension, with dated
events marked, and the selected period against the previous one and the same period a year before."""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import catalogue, charts, i18n, measures
from dashboard.cache import cached
from dashboard.components import pagekit
from dashboard.describe import describe_range
from dashboard.i18n import N_, _
from dashboard.measures import SPLIT_DIMENSIONS
from dashboard.periods import previous_range, year_before_range
from dashboard.webctx import VIEW_PARAMS, Scope, scope_from_search

dash.register_page(__name__, path="/trends", name=N_("Trends"), order=4, title="REAct dashboard")

PAGE = "trends"
EVENTS = (  # (date, label, countries it concerns; empty = everywhere)
    (date(2020, 3, 1), N_("COVID-19 restrictions"), ()),
    (date(2021, 10, 1), N_("Hotline opens (TJ, UZ)"), ("TJ", "UZ")),
    (date(2022, 2, 24), N_("Full-scale war in Ukraine"), ("UA",)),
)
GRAIN_LABELS = {"month": N_("Month"), "quarter": N_("Quarter"), "half": N_("Half year"), "year": N_("Year")}
CHART_TITLES = {"month": N_("Cases per month"), "quarter": N_("Cases per quarter"),
                "half": N_("Cases per half year"), "year": N_("Cases per year")}
SPLIT_LABELS = {"": N_("No split"), **{spec.name: spec.label for spec in catalogue.FILTERS}}
MAX_SERIES = 8  # more lines than this cannot be told apart; the rest are summed as "Other values"


def layout(grain: str = "month", split: str = "", lang: str = "en", **_query) -> html.Div:
    grain = grain if grain in VIEW_PARAMS["grain"][0] else "month"
    split = split if split in SPLIT_DIMENSIONS else ""
    with i18n.use(lang):
        return html.Div([
            pagekit.header(PAGE, _("Trends")),
            dbc.Row([
                dbc.Col([dbc.Label(_("Time step"), className="small mb-0"),
                         dbc.RadioItems(id="trends-grain", value=grain, inline=True,
                                        options=[{"label": _(v), "value": k} for k, v in GRAIN_LABELS.items()])],
                        md=6),
                dbc.Col([dbc.Label(_("Split by"), html_for="trends-split", className="small mb-0"),
                         dcc.Dropdown(id="trends-split", value=split, clearable=False,
                                      options=[{"label": _(v), "value": k} for k, v in SPLIT_LABELS.items()])], md=4),
            ], className="mb-2 d-print-none"),
            dbc.Row([pagekit.chart("trends-chart", _(
                "Dotted lines mark events that changed reporting: COVID-19 restrictions (March 2020), the hotline "
                "in Tajikistan and Uzbekistan (October 2021), the full-scale war in Ukraine (24 February 2022)."))]),
            html.Div(id="trends-comparison"),
        ])


def _events(scope: Scope) -> list[tuple[str, str]]:
    countries = set(scope.filters.country)
    return [(day.isoformat(), _(label)) for day, label, where in EVENTS
            if (not where or not countries or countries & set(where))
            and (scope.filters.start is None or scope.filters.start <= day)
            and (scope.filters.end is None or day <= scope.filters.end)]


def _series(scope: Scope, grain: str, split: str) -> list:
    if not split:
        trend = cached(measures.trend, scope.snapshot, scope.filters, grain)
        return [(_("Cases"), [b["start"] for b in trend], [b["cases"] for b in trend])]
    rows = cached(measures.trend_split, scope.snapshot, scope.filters, grain, split, lang=scope.lang)
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["label"]] = totals.get(row["label"], 0) + row["cases"]
    top = sorted(totals, key=lambda k: (-totals[k], k))[:MAX_SERIES]
    series: dict[str, dict[str, int]] = {}
    for row in rows:
        name = row["label"] if row["label"] in top else _("Other values")
        series.setdefault(name, {})
        series[name][row["start"]] = series[name].get(row["start"], 0) + row["cases"]
    return [(name, list(points), list(points.values())) for name, points in series.items()]


def _comparison(scope: Scope) -> html.Div:
    filters = scope.filters
    if not (filters.start and filters.end):
        return html.P(_("Choose a period to compare it with the previous period and the same period a year before."),
                      className="small text-body-secondary")
    ranges = [(_("Selected period"), None, (filters.start, filters.end)),
              (_("Previous period"), _("the previous period"), previous_range(filters.start, filters.end)),
              (_("Same period a year before"), _("the same period a year before"),
               year_before_range(filters.start, filters.end))]
    rows = []
    base = cached(measures.totals, scope.snapshot, filters)
    for name, against, (start, end) in ranges:
        totals = cached(measures.totals, scope.snapshot, filters.with_range(start, end))
        change = "" if against is None else pagekit.change_text(base["cases"], totals["cases"], against)
        rows.append(html.Tr([html.Td(name), html.Td(describe_range(start, end, scope.lang)),
                             html.Td(i18n.number(totals["cases"]), className="text-end"),
                             html.Td(i18n.number(totals["clients"]), className="text-end"), html.Td(change)]))
    head = html.Thead(html.Tr([html.Th(_("Compared")), html.Th(_("Dates")), html.Th(_("Cases"), className="text-end"),
                               html.Th(_("Clients"), className="text-end"), html.Th(_("Selected period vs this"))]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", bordered=False, striped=True, id="trends-comparison-table")


def compute(scope: Scope) -> dict:
    grain, split = scope.setting("grain"), scope.setting("split")
    cases = cached(measures.totals, scope.snapshot, scope.filters)["cases"]
    multi_valued = split in catalogue.BY_NAME and catalogue.BY_NAME[split].multi_valued
    unit_note = " · " + _("a case counts under each value it lists") if multi_valued else ""
    title = _(CHART_TITLES[grain])
    if split:
        title = _("%(title)s, by %(dimension)s", title=title, dimension=_(SPLIT_LABELS[split]).lower())
    figure = charts.lines(_series(scope, grain, split), title=title, events=_events(scope),
                          subtitle=i18n.n_text(cases, "cases") + unit_note)
    return {"trends-chart": figure, "trends-comparison": _comparison(scope)}


pagekit.wire(PAGE, [("trends-chart", "figure"), ("trends-comparison", "children")], compute, module=__name__)


@callback(Output("url", "search", allow_duplicate=True), Input("trends-grain", "value"), Input("trends-split", "value"),
          State("url", "search"), prevent_initial_call=True)
def choose_view(grain, split, search):
    """The time step and split live in the URL too, so a shared link shows the same chart."""
    scope = scope_from_search(search)
    if grain not in VIEW_PARAMS["grain"][0] or (split or "") not in ("", *SPLIT_DIMENSIONS):
        return no_update
    query = scope.with_setting("grain", grain).with_setting("split", split or "").query_string
    return query if query != (search or "") else no_update
