"""The frame around every page: navigation, notices, the filter bar, the footer.

Holds no data: the footer's data date and snapshot id and the links' query strings are filled
by callbacks, so /_dash-layout is the same for everyone.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard.webctx import scope_from_search

EXPLORER_PAGES = ("overview", "key-populations", "violations", "response", "trends", "geography", "methodology")


def _nav_links() -> list:
    pages = [p for p in dash.page_registry.values() if p.get("module", "").split(".")[-1].replace("_", "-")
             in EXPLORER_PAGES]
    pages.sort(key=lambda p: p.get("order", 99))
    return [dbc.NavItem(dbc.NavLink(p["name"], href=p["path"], id=f"nav-{p['path'].strip('/') or 'overview'}",
                                    active="exact")) for p in pages]


def layout() -> html.Div:
    return html.Div([
        dcc.Location(id="url", refresh=False),
        dbc.Navbar(dbc.Container([
            dbc.NavbarBrand("REAct dashboard", href="/"),
            dbc.Nav(_nav_links(), className="flex-wrap", navbar=True, id="nav"),
        ], fluid=True), color="dark", dark=True, className="mb-3 d-print-none"),
        dbc.Container(fluid=True, children=[dash.page_container]),
        html.Footer(id="footer", className="container-fluid small text-body-secondary border-top py-2 mt-4"),
    ])


@callback(Output("footer", "children"), Input("url", "pathname"))
def footer(_pathname):
    snapshot = scope_from_search("").snapshot
    if snapshot is None:
        return "No case data has been imported yet."
    return [f"Data as of {snapshot.data_date} · snapshot ", html.Code(snapshot.id, id="footer-snapshot"),
            " · Aggregates only: no case rows, narratives or names are shown or stored."]


@callback(Output("nav", "children"), Input("url", "search"))
def keep_filters_in_links(search):
    """Switching page keeps the current filters and language."""
    query = scope_from_search(search).query_string
    links = _nav_links()
    for item in links:
        item.children.href = item.children.href + query
    return links
