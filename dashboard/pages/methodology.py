"""Methodology: what each number counts, the multiple-counting rules, the status definitions, the data date."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import i18n, measures
from dashboard.cache import cached
from dashboard.definitions import MEASURES, PRIVACY, SCOPE, SHARES, STATUS_DEFINITIONS, UNITS, definition, status_intro
from dashboard.i18n import _
from dashboard.views.methodology import VIEW
from dashboard.vocab import vocabulary
from dashboard.webctx import scope_from_search

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")

def _markdown() -> str:
    table = "\n".join(f"| {_(name)} | {_(meaning)} |" for name, meaning in MEASURES)
    head = "| " + _("number") + " | " + _("counts") + " |\n|---|---|\n"
    return "\n\n".join([
        "### " + _("Units"), "\n".join(f"- {_(u)}" for u in UNITS),
        "### " + _("Which cases a number covers"), _(SCOPE),
        "### " + _("What each number counts"), head + table, _(SHARES),
        "### " + _("Privacy"), _(PRIVACY),
    ])


def layout(lang: str = "en", **_query) -> html.Div:
    lang = i18n.language(lang)
    labels = vocabulary().labels("reaction_status", lang)
    with i18n.use(lang):
        return html.Div([
            html.H1(_("Methodology"), className="h3"),
            html.P(id="methodology-sentence", className="text-body-secondary"),
            dbc.Card(dbc.CardBody(dcc.Markdown(_markdown())), className="mb-3"),
            dbc.Card(dbc.CardBody([
                html.H3(_("Reaction status"), className="h5"),
                html.P(status_intro()),
                html.Dl([item for code in STATUS_DEFINITIONS
                         for item in (html.Dt(labels[code]), html.Dd(definition(code)))]),
            ]), className="mb-3"),
        ])


@callback(Output("methodology-sentence", "children"), Input("_pages_location", "search"))
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
