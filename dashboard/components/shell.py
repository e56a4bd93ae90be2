"""The frame around every page: navigation, the demo-mode banner, the footer.

Holds no data: the footer's data date and snapshot id and the links' query strings are filled
by callbacks, and only for a signed-in principal. Anonymous visitors of the public release
pages get the public links and the protection note, never a number from the case data.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard.auth.principal import DEMO_MODE, current_mode, current_principal
from dashboard.webctx import current_snapshot, scope_from_search

EXPLORER_PAGES = ("overview", "key_populations", "violations", "response", "trends", "geography", "methodology")
PROTECTION_NOTE = "Numbers from 1 to 10 are hidden to protect the people who reported these cases."
DEMO_NOTICE = ("Local demo mode: no sign-in is set up, so this dashboard answers only on this computer. "
               "Add a user (python -m dashboard users add NAME) to require sign-in.")


def _explorer_pages() -> list[dict]:
    pages = [p for p in dash.page_registry.values() if p["module"].split(".")[-1] in EXPLORER_PAGES]
    return sorted(pages, key=lambda p: p.get("order", 99))


def _link(label: str, href: str, link_id: str, page_load: bool = False) -> dbc.NavItem:
    """A nav link; page_load for server routes (sign-in, sign-out) that Dash cannot render."""
    return dbc.NavItem(dbc.NavLink(label, href=href, id=link_id, active="exact", external_link=page_load))


def layout() -> html.Div:
    demo = current_mode() == DEMO_MODE
    return html.Div([
        dcc.Location(id="url", refresh=False),
        dbc.Navbar(dbc.Container([
            dbc.NavbarBrand("REAct dashboard", href="/"),
            dbc.Nav([], className="flex-wrap", navbar=True, id="nav"),
        ], fluid=True), color="dark", dark=True, className="mb-3 d-print-none"),
        dbc.Alert(DEMO_NOTICE, color="info", className="py-2 mx-3 small d-print-none", id="demo-notice")
        if demo else None,
        dbc.Container(fluid=True, children=[dash.page_container]),
        html.Footer(id="footer", className="container-fluid small text-body-secondary border-top py-2 mt-4"),
    ])


@callback(Output("footer", "children"), Input("url", "pathname"))
def footer(_pathname):
    if current_principal() is None:
        return [PROTECTION_NOTE, " Public releases are frozen tables; no case data is queried for them."]
    snapshot = current_snapshot()
    if snapshot is None:
        return "No case data has been imported yet."
    return [f"Data as of {snapshot.data_date} · snapshot ", html.Code(snapshot.id, id="footer-snapshot"),
            " · Aggregates only: no case rows, narratives or names are shown or stored."]


@callback(Output("nav", "children"), Input("url", "search"), Input("url", "pathname"))
def navigation(search, _pathname):
    """Explorer links keep the current filters and language; anonymous visitors see public links."""
    principal = current_principal()
    releases = _link("Public releases", "/releases", "nav-releases")
    if principal is None:
        return [releases, _link("Sign in", "/login", "nav-sign-in", page_load=True)]
    query = scope_from_search(search).query_string
    links = [_link(p["name"], p["path"] + query, f"nav-{p['module'].split('.')[-1].replace('_', '-')}")
             for p in _explorer_pages()]
    links.append(releases)
    if not principal.demo:
        links.append(_link(f"Sign out ({principal.name})", "/logout", "nav-sign-out", page_load=True))
    return links
