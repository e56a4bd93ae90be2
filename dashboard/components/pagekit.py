"""What every page is made of, and the one way a page's numbers reach the screen.

A page module declares its layout from these pieces and calls `wire` with the outputs it fills
and a function from a `Scope` to their values, named by output id (`{"kpi-cases": "522", …}`,
never matched by position); `wire` registers the callback, turns the URL into a Scope (the only
door, see webctx) and adds the sentence that says what is shown.
`click_to_filter` makes a bar chart add its clicked category to the URL's filters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import charts, i18n
from dashboard.components import exportkit, filterbar
from dashboard.describe import describe
from dashboard.i18n import _
from dashboard.webctx import Scope, scope_from_search


def no_data() -> str:
    return _("No case data has been imported yet.")


@dataclass(frozen=True)
class PageSpec:
    """What a page shows: its outputs and the function computing them from a Scope."""

    page: str
    outputs: tuple[tuple[str, str], ...]
    compute: Callable[[Scope], dict]
    extra_figures: Callable[[Scope], list[tuple[str, dict]]] | None = None
    module: str = ""  # the page module (its entry in Dash's page registry: path, name)

    def values(self, scope: Scope) -> list:
        """The outputs' values in the order of `outputs`; compute must name each output exactly once."""
        named = self.compute(scope)
        expected = [oid for oid, _prop in self.outputs]
        if set(named) != set(expected):
            raise ValueError(f"page {self.page}: compute gave {sorted(named)}, the page has {sorted(expected)}")
        return [named[oid] for oid in expected]

    def figures(self, scope: Scope) -> list[tuple[str, dict]]:
        """(id, figure) of every chart the page shows for a scope: what exports and slides take."""
        named = self.compute(scope)
        found = [(oid, named[oid]) for oid, prop in self.outputs if prop == "figure"]
        return found + (self.extra_figures(scope) if self.extra_figures else [])


# Filled as Dash imports the page modules; exports read it (nothing may import the pages).
PAGES: dict[str, PageSpec] = {}


def header(page: str, title: str, intro: str | None = None) -> html.Div:  # called inside i18n.use
    """The explorer's page top: its URL, filter notice, the shared filter bar, title, what is shown.

    The "url" Location is part of every explorer page (not of the shell): Dash refuses a callback
    whose inputs are partly missing, and the filter bar's callback reads both.
    """
    return html.Div(className="mb-3", children=[
        dcc.Location(id="url", refresh=False),
        html.Div(id="filter-notice"),
        filterbar.layout(),
        html.H2(title, className="h3 mb-1"),
        html.P(id=f"{page}-sentence", className="text-body-secondary mb-1 filter-sentence"),
        exportkit.page_bar(page, PAGES),
        html.P(intro, className="small text-body-secondary mb-0") if intro else None,
    ])


def chart(chart_id: str, note: str | None = None, width: int = 12) -> dbc.Col:
    return dbc.Col(dbc.Card(dbc.CardBody([
        dcc.Loading(dcc.Graph(id=chart_id, config=charts.GRAPH_CONFIG,
                              figure=charts.empty("", _("Loading…"))), type="dot", delay_show=300),
        html.P(note, className="small text-body-secondary mb-0") if note else None,
        exportkit.download_menu(chart_id, PAGES),
    ]), className="mb-3 chart-card"), lg=width)


def kpi(kpi_id: str, label: str, unit: str) -> dbc.Col:
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(label, className="text-body-secondary small"),
        html.Div("–", id=kpi_id, className="display-6 fw-semibold kpi-value"),
        html.Div(unit, className="small text-body-secondary"),
        html.Div(id=f"{kpi_id}-change", className="small"),
    ]), className="mb-3"), md=4)


def wire(page: str, outputs: Sequence[tuple[str, str]], compute: Callable[[Scope], dict],
         extra_figures: Callable[[Scope], list[tuple[str, dict]]] | None = None, *, module: str) -> None:
    """Register the page's callback: URL -> sentence + every output, computed from one Scope.

    extra_figures: charts drawn inside a children output (e.g. one per key group), for exports.
    """
    spec = PAGES[page] = PageSpec(page, tuple(outputs), compute, extra_figures, module)
    graphs = [i for i, prop in outputs if prop == "figure"]

    @callback(Output(f"{page}-sentence", "children"), *[Output(i, p) for i, p in outputs],
              *[Output(g, "config") for g in graphs], Input("url", "search"))
    def update(search):
        scope = scope_from_search(search)
        with i18n.use(scope.lang):
            configs = [i18n.graph_config(charts.GRAPH_CONFIG, scope.lang)] * len(graphs)
            if scope.snapshot is None:
                return (no_data(), *[_no_data_value(prop) for _i, prop in outputs], *configs)
            return (describe(scope.filters, scope.lang), *spec.values(scope), *configs)

    update.__name__ = f"update_{page}"


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


def change_text(current: int, previous: int, label: str) -> str:
    """'+12 (+4.3%) vs previous period' — the change of a tile against an earlier period."""
    delta = current - previous
    signed = ("+" if delta > 0 else "−" if delta < 0 else "±") + i18n.number(abs(delta))
    if previous == 0:
        return _("%(change)s vs %(period)s (was 0)", change=signed, period=label)
    relative = ("+" if delta >= 0 else "−") + i18n.percent(abs(delta) / previous)
    return _("%(change)s (%(relative)s) vs %(period)s", change=signed, relative=relative, period=label)
