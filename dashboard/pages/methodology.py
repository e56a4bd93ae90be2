"""Methodology: what each number counts, the multiple-counting rules, the status definitions, the data date."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import i18n, measures
from dashboard.auth.principal import current_principal
from dashboard.cache import cached
from dashboard.components import PAGES_LOCATION, pagekit
from dashboard.definitions import MEASURES, PRIVACY, SCOPE, SHARES, STATUS_DEFINITIONS, UNITS, definition, status_intro
from dashboard.i18n import _
from dashboard.views.methodology import VIEW
from dashboard.vocab import vocabulary
from dashboard.webctx import scope_from_search

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")

def _definitions() -> list:
    measures = dbc.Table([html.Thead(html.Tr([html.Th(_("number"), scope="col"), html.Th(_("counts"), scope="col")])),
                          html.Tbody([html.Tr([html.Th(_(name), scope="row"), html.Td(pagekit.emphasised(_(meaning)))])
                                      for name, meaning in MEASURES])], size="sm", className="mb-2")
    return [
        html.H2(_("Units"), className="h5"), html.Ul([html.Li(pagekit.emphasised(_(unit))) for unit in UNITS]),
        html.H2(_("Which cases a number covers"), className="h5"), html.P(pagekit.emphasised(_(SCOPE))),
        html.H2(_("What each number counts"), className="h5"), measures, html.P(pagekit.emphasised(_(SHARES))),
        html.H2(_("Privacy"), className="h5"), html.P(pagekit.emphasised(_(PRIVACY)), className="mb-0"),
    ]


def layout(lang: str = "en", **_query) -> html.Div:
    lang = i18n.language(lang)
    labels = vocabulary().labels("reaction_status", lang)
    search = pagekit.router_search()
    with i18n.use(lang):
        # The sentence comes with the page when the router knows the URL (as on the explorer pages).
        sentence = data_date(search) if search is not None and current_principal() else None
        return html.Div([
            html.H1(_("Methodology"), className="h3"),
            html.P(sentence, id="methodology-sentence", className="text-body-secondary"),
            dbc.Card(dbc.CardBody(_definitions()), className="mb-3"),
            dbc.Card(dbc.CardBody([
                html.H2(_("Reaction status"), className="h5"),
                html.P(status_intro()),
                html.Dl([item for code in STATUS_DEFINITIONS
                         for item in (html.Dt(labels[code]), html.Dd(definition(code)))]),
            ]), className="mb-3"),
        ])


@callback(Output("methodology-sentence", "children"), Input(PAGES_LOCATION, "search"))
def data_date(search):
    scope = scope_from_search(search)
    with i18n.use(scope.lang):
        snapshot = scope.snapshot
        if snapshot is None:
            return _("No case data has been imported yet.")
        # The cases the principal may see, not the snapshot's total over every country.
        totals = cached(measures.totals, snapshot, scope.filters)
        dates = snapshot.manifest.get("registered_on", {})
        return _("Data as of %(date)s: snapshot %(id)s, %(cases)s registered %(first)s to %(last)s.",
                 date=snapshot.data_date, id=snapshot.id, cases=i18n.count(totals["cases"], "cases"),
                 first=dates.get("first", "?"), last=dates.get("last", "?"))
