"""What every page is made of, and the one way a page's numbers reach the screen.

A page module lays out the outputs its view declares (dashboard/views) from these pieces and
calls `wire` with that view; `wire` registers the callback, turns the URL into a Scope (the only
door, see webctx), takes the view's values by output id (never by position) and adds the
sentence that says what is shown. `present` turns a view's plain value into components where a
page shows more than text (the trends comparison table).
`click_to_filter` makes a bar chart add its clicked category to the URL's filters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import charts, i18n
from dashboard.components import exportkit, filterbar
from dashboard.describe import describe
from dashboard.i18n import _
from dashboard.views import View
from dashboard.webctx import scope_from_search


def no_data() -> str:
    return _("No case data has been imported yet.")


def header(page: str, title: str, intro: str | None = None) -> html.Div:  # called inside i18n.use
    """The explorer's page top: its URL, filter notice, the shared filter bar, title, what is shown.

    The "url" Location is part of every explorer page (not of the shell): Dash refuses a callback
    whose inputs are partly missing, and the filter bar's callback reads both.
    """
    return html.Div(className="mb-3", children=[
        dcc.Location(id="url", refresh=False),
        html.Div(id="filter-notice"),
        filterbar.layout(),
        html.H1(title, className="h3 mb-1"),
        # Said again by a screen reader whenever the filters change: what the page now shows.
        html.P(id=f"{page}-sentence", className="text-body-secondary mb-1 filter-sentence", role="status",
               **{"aria-live": "polite"}),
        exportkit.page_bar(page),
        html.P(intro, className="small text-body-secondary mb-0") if intro else None,
    ])


def chart(chart_id: str, note: str | None = None, width: int = 12, hint: str | None = None,
          live_note: bool = False) -> dbc.Col:
    """A chart card: the graph, a note on what it counts (printed), a note the callback writes
    (`live_note`: `<chart_id>-note`, e.g. what the map could not place), a hint on what a click
    does (on screen only: paper cannot be clicked), its Download menu."""
    return dbc.Col(dbc.Card(dbc.CardBody([
        dcc.Loading(dcc.Graph(id=chart_id, config=charts.GRAPH_CONFIG,
                              figure=charts.empty("", _("Loading…"))), type="dot", delay_show=300),
        html.P(id=f"{chart_id}-note", className="small mb-1") if live_note else None,
        html.P(note, className="small text-body-secondary mb-0") if note else None,
        html.P(hint, className="small text-body-secondary mb-0 d-print-none chart-hint") if hint else None,
        # The chart's text alternative: its numbers as a table, one click (or Enter) away.
        html.Details([html.Summary(_("The numbers")), html.Div(id=f"{chart_id}-numbers")],
                     className="small chart-numbers d-print-none"),
        exportkit.download_menu(chart_id),
    ]), className="mb-3 chart-card"), lg=width)


def kpi(kpi_id: str, label: str, unit: str) -> dbc.Col:
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(label, className="text-body-secondary small"),
        html.Div("–", id=kpi_id, className="display-6 fw-semibold kpi-value"),
        html.Div(unit, className="small text-body-secondary"),
        html.Div(id=f"{kpi_id}-change", className="small"),
    ]), className="mb-3"), md=4)


def wire(view: View, present: Mapping[str, Callable] | None = None) -> None:
    """Register the page's callback: URL -> sentence + every output of the view, from one Scope."""
    present = present or {}
    outputs = view.outputs
    graphs = view.chart_ids

    @callback(Output(f"{view.id}-sentence", "children"), *[Output(i, p) for i, p in outputs],
              *[Output(g, "config") for g in graphs], *[Output(f"{g}-numbers", "children") for g in graphs],
              Input("url", "search"))
    def update(search):
        scope = scope_from_search(search)
        with i18n.use(scope.lang):
            configs = [i18n.graph_config(charts.GRAPH_CONFIG, scope.lang)] * len(graphs)
            if scope.snapshot is None:
                return (no_data(), *[_no_data_value(prop) for _i, prop in outputs], *configs, *[None] * len(graphs))
            named = dict(zip([oid for oid, _prop in outputs], view.values(scope), strict=True))
            values = [present[oid](named[oid]) if oid in present else named[oid] for oid, _prop in outputs]
            numbers = [numbers_table(named[g]) for g in graphs]
            return (describe(scope.filters, scope.lang), *values, *configs, *numbers)

    update.__name__ = f"update_{view.id}"


def numbers_table(figure: dict):
    """A chart's numbers as an HTML table (inside the callback's language)."""
    headers, rows = charts.readable_table(figure)
    if not rows:
        return html.P(_("No numbers to show."))
    return dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
                      html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows])],
                     size="sm", striped=True, className="mb-0 mt-1")


def _no_data_value(prop: str):
    return charts.empty("", no_data()) if prop == "figure" else "–" if prop == "children" else no_update


def click_to_filter(chart_id: str, filter_name: str) -> None:
    """Clicking a bar adds its category (the code in customdata) to that filter in the URL."""

    @callback(Output("url", "search", allow_duplicate=True), Input(chart_id, "clickData"), State("url", "search"),
              prevent_initial_call=True)
    def add_filter(click, search):
        try:
            code = click["points"][0]["customdata"]
        except (TypeError, KeyError, IndexError):
            return no_update
        scope = scope_from_search(search)
        current = set(getattr(scope.filters, filter_name))
        if not isinstance(code, str) or code in current:
            return no_update
        filters = scope.filters.with_values(**{filter_name: current | {code}})
        # Re-validate: customdata is posted by the browser and is untrusted like any input.
        narrowed = scope_from_search(scope.with_filters(filters).query_string)
        return narrowed.query_string if not narrowed.problems else no_update

    add_filter.__name__ = f"click_{chart_id.replace('-', '_')}"
