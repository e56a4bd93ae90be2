"""Methodology: what each number counts, the multiple-counting rules, the status definitions, the data date."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import i18n, measures
from dashboard.cache import cached
from dashboard.definitions import STATUS_DEFINITIONS, definition, status_intro
from dashboard.i18n import N_, _
from dashboard.views.methodology import VIEW
from dashboard.vocab import vocabulary
from dashboard.webctx import scope_from_search

dash.register_page(__name__, path=VIEW.path, name=VIEW.title, order=VIEW.order, title="REAct dashboard")

UNITS = [
    N_("**Case**: one documented case, one row of the REAct export. The main unit."),
    N_("**Client**: one person (a distinct pseudonymous client code). A client can have several cases."),
    N_("**Mention**: one (case, value) pair of a field that can hold several values: perpetrators, violations, key groups, decline reasons, services. A value listed twice in one case is one mention. Mentions add up to more than the number of cases, and charts of mentions say so."),
]
SCOPE = N_("A case is counted when every active filter holds for it. Within one filter the chosen values combine with *or* (Tajikistan or Uzbekistan); different filters combine with *and*. The period filter uses the day the case was **registered** (documented), inclusive of both ends.")
MEASURES = [
    (N_("Cases"), N_("cases in the selection")),
    (N_("Clients"), N_("distinct clients among those cases")),
    (N_("Qualified"), N_("cases the REActor qualified as a human-rights violation")),
    (N_("Key groups"), N_("distinct clients who have that group on any of their selected cases. A client in two groups counts in both, so the bars add up to more than the clients")),
    (N_("Profiles by primary key group"), N_("cases whose primary group (the group most relevant to the violation) is that group. These add up to the cases")),
    (N_("Gender, age group"), N_("distinct clients, by the value on each client's **latest** selected case")),
    (N_("Perpetrators, violations"), N_("cases that name each value; shares of mentions and of cases")),
    (N_("Reaction status, intake channel"), N_("cases with each value; share of cases")),
    (N_("Decline reasons"), N_("cases that record each reason, whatever their status; share of mentions. The drill-down from a status adds that status to the selection")),
    (N_("Services"), N_("for each service, the cases where it was provided, referred elsewhere, and needed but unavailable")),
    (N_("Trends"), N_("cases (and clients) per month, quarter, half year or year of registration")),
]
SHARES = N_("Shares are computed from exact counts and shown rounded to one decimal. A share whose denominator is 0 is not shown.")
PRIVACY = N_("The dashboard stores no narratives, names, phone numbers or other private columns of the export: the import drops them. Screens show aggregates only. Public releases hide numbers from 1 to 10.")


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
            html.H2(_("Methodology"), className="h3"),
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
