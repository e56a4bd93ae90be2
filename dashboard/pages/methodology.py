"""Methodology: what each number counts, the multiple-counting rules, the status definitions, the data date."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard.definitions import STATUS_DEFINITIONS, STATUS_INTRO, definition
from dashboard.vocab import vocabulary
from dashboard.webctx import scope_from_search

dash.register_page(__name__, path="/methodology", name="Methodology", order=6, title="Methodology · REAct dashboard")

PAGE = "methodology"

TEXT = """
### Units

- **Case**: one documented case, one row of the REAct export. The main unit.
- **Client**: one person (a distinct pseudonymous client code). A client can have several cases.
- **Mention**: one (case, value) pair of a field that can hold several values: perpetrators,
  violations, key groups, decline reasons, services. A value listed twice in one case is one mention.
  Mentions add up to more than the number of cases, and charts of mentions say so.

### Which cases a number covers

A case is counted when every active filter holds for it. Within one filter the chosen values
combine with *or* (Tajikistan or Uzbekistan); different filters combine with *and*. The period
filter uses the day the case was **registered** (documented), inclusive of both ends.

### What each number counts

| number | counts |
|---|---|
| Cases | cases in the selection |
| Clients | distinct clients among those cases |
| Qualified | cases the REActor qualified as a human-rights violation |
| Key groups | distinct clients who have that group on any of their selected cases. A client in two groups counts in both, so the bars add up to more than the clients |
| Profiles by primary key group | cases whose primary group (the group most relevant to the violation) is that group. These add up to the cases |
| Gender, age group | distinct clients, by the value on each client's **latest** selected case |
| Perpetrators, violations | cases that name each value; shares of mentions and of cases |
| Reaction status, intake channel | cases with each value; share of cases |
| Decline reasons | cases that record each reason, whatever their status; share of mentions. The drill-down from a status adds that status to the selection |
| Services | for each service, the cases where it was provided, referred elsewhere, and needed but unavailable |
| Trends | cases (and clients) per month, quarter, half year or year of registration |

Shares are computed from exact counts and shown rounded to one decimal. A share whose
denominator is 0 is not shown.

### Privacy

The dashboard stores no narratives, names, phone numbers or other private columns of the export:
the import drops them. Screens show aggregates only. Public releases hide numbers from 1 to 10.
"""


def layout(lang: str = "en", **_query) -> html.Div:
    lang = lang if lang in ("en", "ru") else "en"
    labels = vocabulary().labels("reaction_status", lang)
    return html.Div([
        html.H2("Methodology", className="h3"),
        html.P(id="methodology-sentence", className="text-body-secondary"),
        dbc.Card(dbc.CardBody(dcc.Markdown(TEXT)), className="mb-3"),
        dbc.Card(dbc.CardBody([
            html.H3("Reaction status", className="h5"),
            html.P(STATUS_INTRO[lang]),
            html.Dl([item for code in STATUS_DEFINITIONS
                     for item in (html.Dt(labels[code]), html.Dd(definition(code, lang)))]),
        ]), className="mb-3"),
    ])


@callback(Output("methodology-sentence", "children"), Input("url", "search"))
def data_date(search):
    snapshot = scope_from_search(search).snapshot
    if snapshot is None:
        return "No case data has been imported yet."
    rows = snapshot.manifest.get("rows", {})
    dates = snapshot.manifest.get("registered_on", {})
    return (f"Data as of {snapshot.data_date}: snapshot {snapshot.id}, {rows.get('imported', 0):,} cases "
            f"registered {dates.get('first', '?')} to {dates.get('last', '?')}.")
