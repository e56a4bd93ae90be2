"""The frame around every page: navigation, the demo-mode banner, the footer.

Holds no data: the footer's data date and snapshot id come by callback, and only for a signed-in
principal; the links (with the page's query string) come with the layout and by callback.
Anonymous visitors of the public release pages get the public links and the protection note,
never a number from the case data.
"""

from __future__ import annotations

from urllib.parse import urlparse

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, html
from flask import has_request_context, request

from dashboard import i18n, views
from dashboard.auth.principal import DEMO_MODE, current_mode, current_principal
from dashboard.components import PAGES_LOCATION
from dashboard.definitions import PROTECTION_NOTE
from dashboard.i18n import N_, _
from dashboard.webctx import VIEW_PARAMS, current_snapshot, scope_from_search

DEMO_NOTICE = N_("Local demo mode: no sign-in is set up, so this dashboard answers only on this computer. "
                 "Add a user (python -m dashboard users add NAME) to require sign-in.")


def _link(label: str, href: str, link_id: str, page_load: bool = False) -> dbc.NavItem:
    """A nav link; page_load for server routes (sign-in, sign-out) that Dash cannot render."""
    return dbc.NavItem(dbc.NavLink(label, href=href, id=link_id, active="exact", external_link=page_load))


def layout() -> html.Div:
    """The frame, its navigation and demo notice already filled for the page it is loaded for (they
    came by callback, late, and pushed the page down: Lighthouse's layout shift). It holds no data
    (privacy.md): links, names and notices only. The callbacks keep it right as the user moves on.

    A skip link first; the navigation collapses behind a toggler on a phone; the page is the
    `<main>` landmark (the page's own title is its `<h1>`)."""
    pathname, search = _page_location()
    skip, menu = shell_words(search)
    return html.Div([
        html.A(skip, href="#main", id="skip-link", className="visually-hidden-focusable"),
        dbc.Navbar(dbc.Container([
            dbc.NavbarBrand("REAct dashboard", href="/"),
            dbc.NavbarToggler([html.Span(className="navbar-toggler-icon"),
                               html.Span(menu, className="visually-hidden", id="nav-toggler-name")],
                              id="nav-toggler", n_clicks=0),
            dbc.Collapse(dbc.Nav(navigation(search, pathname), className="flex-wrap", navbar=True, id="nav"),
                         id="nav-collapse", is_open=False, navbar=True),
        ], fluid=True), color="dark", dark=True, className="mb-3 d-print-none", expand="lg"),
        html.Div(demo_notice(pathname, search), id="demo-notice", className="mx-3 d-print-none"),
        html.Main(dbc.Container(fluid=True, children=[dash.page_container]), id="main", tabIndex="-1"),
        # The footer names the snapshot: data, which privacy.md keeps out of /_dash-layout. It comes by
        # callback, below the first screen (explorer.css), so its arrival moves nothing in view.
        html.Footer(id="footer", className="container-fluid small text-body-secondary border-top py-2 mt-4"),
    ])


def _page_location() -> tuple[str, str]:
    """(path, query string) of the page the layout is loaded for. Dash fetches the layout from
    the page itself, and the app sends `Referrer-Policy: same-origin`, so the request's Referer is
    that page; without one (a browser that strips it), the shell starts in English and the
    callbacks put it right."""
    if not has_request_context() or not request.referrer:
        return "/", ""
    page = urlparse(request.referrer)
    if page.netloc != request.host:
        return "/", ""
    return page.path or "/", f"?{page.query}" if page.query else ""


# The toggler opens and closes the navigation in the browser (no server round trip).
clientside_callback("(clicks, open) => clicks ? !open : open", Output("nav-collapse", "is_open"),
                    Input("nav-toggler", "n_clicks"), State("nav-collapse", "is_open"))


def _lang(search: str | None) -> str:
    """The language asked for in a query string (it needs no sign-in: public pages have it too)."""
    from urllib.parse import parse_qs

    values = parse_qs((search or "").lstrip("?")).get("lang") or ["en"]
    return values[-1] if values[-1] in VIEW_PARAMS["lang"][0] else "en"


# The shell reads Dash Pages' own location (always in the layout); the explorer's "url" Location
# lives in the explorer pages with the filter bar, so no callback has inputs half present.
@callback(Output("footer", "children"), Input(PAGES_LOCATION, "pathname"), Input(PAGES_LOCATION, "search"))
def footer(_pathname, search):
    with i18n.use(_lang(search)):
        if current_principal() is None:
            return [_(PROTECTION_NOTE), " ", _("Public releases are frozen tables; no case data is queried for them.")]
        snapshot = current_snapshot()
        if snapshot is None:
            return _("No case data has been imported yet.")
        return [_("Data as of %(date)s", date=snapshot.data_date), " · ", _("snapshot"), " ",
                html.Code(snapshot.id, id="footer-snapshot"), " · ",
                _("Aggregates only: no case rows, narratives or names are shown or stored.")]


@callback(Output("skip-link", "children"), Output("nav-toggler-name", "children"), Input(PAGES_LOCATION, "search"))
def shell_words(search):
    """The skip link and the menu button's name, in the page's language."""
    with i18n.use(_lang(search)):
        return _("Skip to content"), _("Menu")


@callback(Output("demo-notice", "children"), Input(PAGES_LOCATION, "pathname"), Input(PAGES_LOCATION, "search"))
def demo_notice(_pathname, search):
    """Said on every page while no sign-in is set up (privacy.md)."""
    if current_mode() != DEMO_MODE:
        return None
    with i18n.use(_lang(search)):
        return dbc.Alert(_(DEMO_NOTICE), color="info", className="py-2 small", id="demo-notice-text")


@callback(Output("nav", "children"), Input(PAGES_LOCATION, "search"), Input(PAGES_LOCATION, "pathname"))
def navigation(search, _pathname):
    """Explorer links keep the current filters and language; anonymous visitors see public links."""
    principal = current_principal()
    lang = _lang(search)
    with i18n.use(lang):
        language = "?lang=ru" if lang == "ru" else ""
        # The public pages are server-rendered (dashboard/public), not Dash pages: a full page load.
        releases = _link(_("Public releases"), "/releases" + language, "nav-releases", page_load=True)
        if principal is None:
            return [releases, _link(_("Sign in"), "/login", "nav-sign-in", page_load=True)]
        query = scope_from_search(search).query_string
        links = [_link(_(view.title), view.path + query, f"nav-{view.id.replace('_', '-')}")
                 for view in views.EXPLORER.values()]
        links.append(releases)
        if principal.role in ("admin", "publisher"):
            links.append(_link(_("Data desk"), "/data" + language, "nav-data-desk", page_load=True))
            links.append(_link(_("Publish"), "/publish" + language, "nav-publish", page_load=True))
        if principal.role == "admin":
            links.append(_link(_("Users"), "/users" + language, "nav-users", page_load=True))
        if not principal.demo:
            links.append(_link(_("Account"), "/account" + language, "nav-account", page_load=True))
        links.append(_language_switch(search, lang))
        if not principal.demo:
            # A form that posts: signing out ends every session, so no link or image may trigger it.
            links.append(dbc.NavItem(html.Form(html.Button(_("Sign out (%(name)s)", name=principal.name),
                                                           type="submit", id="nav-sign-out",
                                                           className="btn btn-link nav-link"),
                                               action="/logout", method="post", className="d-inline")))
        return links


def _language_switch(search: str | None, lang: str) -> dbc.NavItem:
    """English ⇄ Русский, keeping the rest of the view (the language is part of the URL)."""
    scope = scope_from_search(search)
    other = "en" if lang == "ru" else "ru"
    # A full page load: page layouts are built in the language of the URL they are loaded with.
    return dbc.NavItem(dbc.NavLink("English" if other == "en" else "Русский", id="nav-language", external_link=True,
                                   href="?" + scope.with_setting("lang", other).query_string.lstrip("?")))
