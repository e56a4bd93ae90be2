"""What every page is made of, and the one way a page's numbers reach the screen.

A page module lays out the outputs its view declares (dashboard/views) from these pieces and
calls `wire` with that view; `wire` registers the callback, turns the URL into a Scope (the only
door, see webctx), takes the view's values by output id (never by position) and adds the
sentence that says what is shown. `present` turns a view's plain value into components where a
page shows more than text (the trends comparison table).
`click_to_filter` makes a bar chart add its clicked category to the URL's filters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.development.base_component import Component
from dash.exceptions import MissingCallbackContextException

from dashboard import charts, i18n
from dashboard.auth.principal import current_principal
from dashboard.components import PAGES_LOCATION, exportkit, filterbar
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
        dcc.Store(id=f"{page}-filled"),  # the query string the layout's values are for (Page.filled)
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
        # The frame keeps the first figure's height until plotly has drawn it (Page.filled, explorer.css).
        html.Div(dcc.Loading(dcc.Graph(id=chart_id, config=charts.GRAPH_CONFIG,
                                       figure=charts.empty("", _("Loading…"))), type="dot", delay_show=300),
                 id=f"{chart_id}-frame", className="chart-frame"),
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


def wire(view: View, present: Mapping[str, Callable] | None = None) -> Page:
    """Register the page's callback: URL -> sentence + every output of the view, from one Scope.

    The first values come with the page's layout (`Page.filled`), which notes the query string
    they are for in the page's `<page>-filled` store. The "url" Location reports the browser's
    address once mounted, as it must (every other URL-driven callback starts from that report);
    the callback answers that first report with nothing new and forgets the note, so a later
    return to the same address (back, forward) is drawn afresh."""
    page = Page(view, dict(present or {}))
    filled_id = f"{view.id}-filled"

    @callback(*[Output(i, p) for i, p in page.outputs], Output(filled_id, "data"), Input("url", "search"),
              State(filled_id, "data"), prevent_initial_call=True)
    def update(search, filled_for):
        if filled_for is not None and search == filled_for:
            return (*[no_update] * len(page.outputs), None)
        return (*page.values(search).values(), None)

    update.__name__ = f"update_{view.id}"
    return page


class Page:
    """A wired view: its outputs (sentence, the view's own, each graph's config and numbers) and
    their values for a URL, which the callback sends and the layout starts with."""

    def __init__(self, view: View, present: dict[str, Callable]):
        self.view, self.present = view, present
        graphs = view.chart_ids
        self.outputs = ((f"{view.id}-sentence", "children"), *view.outputs, *[(g, "config") for g in graphs],
                        *[(f"{g}-numbers", "children") for g in graphs])

    def values(self, search: str | None) -> dict[tuple[str, str], object]:
        """Every output's value for a query string, through the one door (scope_from_search)."""
        view, graphs = self.view, self.view.chart_ids
        scope = scope_from_search(search)
        with i18n.use(scope.lang):
            configs = [i18n.graph_config(charts.GRAPH_CONFIG, scope.lang)] * len(graphs)
            if scope.snapshot is None:
                values = [no_data(), *[_no_data_value(prop) for _i, prop in view.outputs], *configs,
                          *[None] * len(graphs)]
            else:
                named = dict(zip([oid for oid, _prop in view.outputs], view.values(scope), strict=True))
                shown = [self.present[oid](named[oid]) if oid in self.present else named[oid]
                         for oid, _prop in view.outputs]
                values = [describe(scope.filters, scope.lang), *shown, *configs,
                          *[numbers_table(named[g]) for g in graphs]]
        return dict(zip(self.outputs, values, strict=True))

    def filled(self, layout: Component) -> Component:
        """The page's layout with its first values in place, so opening a page computes and draws
        once and nothing jumps when the charts arrive.

        Called by Dash Pages' router, whose own inputs hold the browser's query string. A visitor
        who is not signed in gets the layout as it is (scope_from_search would refuse them)."""
        search = router_search()
        if search is None or current_principal() is None:
            return layout
        values = self.values(search)
        for component in layout._traverse():
            cid = getattr(component, "id", None)
            if cid == f"{self.view.id}-filled":
                component.data = search
            for (oid, prop), value in values.items():
                if oid == cid and value is not no_update:
                    setattr(component, prop, value)
            figure = values.get((str(cid).removesuffix("-frame"), "figure"))
            height = isinstance(figure, dict) and (figure.get("layout") or {}).get("height")
            if getattr(component, "className", None) == "chart-frame" and height:
                component.style = {"minHeight": height}  # until drawn (assets/explorer.css)
        return layout


def router_search() -> str | None:
    """The query string the Pages router was called with; None outside its callback."""
    try:
        inputs = ctx.inputs
    except MissingCallbackContextException:
        return None
    if f"{PAGES_LOCATION}.search" not in inputs:
        return None
    return inputs[f"{PAGES_LOCATION}.search"] or ""


def numbers_table(figure: dict):
    """A chart's numbers as an HTML table (inside the callback's language); each row's first cell
    names it. Every cell is a Dash component the renderer keeps track of: a long table costs the
    page time (bench/RESULTS.md), which is why two-way numbers come as a grid (charts.readable_table)."""
    headers, rows = charts.readable_table(figure)
    if not rows:
        return html.P(_("No numbers to show."))
    return dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
                      html.Tbody([html.Tr([html.Th(row[0], scope="row"), *[html.Td(c) for c in row[1:]]])
                                  for row in rows])],
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


# The catalog's texts mark emphasis with ** and * and nothing else (tests/test_first_render.py
# checks): drawn as components, because dcc.Markdown's code arrives after the page, and the
# methodology's text then pushed the rest of the page down.
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def emphasised(text: str) -> list:
    """A catalog text with its **strong** and *emphasised* words as components."""
    parts, at = [], 0
    for match in _EMPHASIS.finditer(text):
        parts += [text[at:match.start()], html.Strong(match[1]) if match[1] else html.Em(match[2])]
        at = match.end()
    return [part for part in [*parts, text[at:]] if part != ""]
