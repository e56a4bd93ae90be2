"""Public: the list of published releases, each linking to its permanent page.

Reads the release files only (dashboard.releases.store), never case data, and needs no
sign-in. Withdrawn releases are not listed.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import i18n
from dashboard.components import protected_charts
from dashboard.i18n import N_, _
from dashboard.releases.store import ReleaseStore
from dashboard.webctx import data_dir

dash.register_page(__name__, path="/releases", name="Public releases", order=90,
                   title="Published statistics · REAct")

WORDS = {  # msgids, translated through the catalog
    "title": N_("Published statistics"), "none": N_("No release has been published yet."),
    "intro": N_("Each release is a fixed set of tables for one place and period. Its numbers never change; "
                "small numbers are hidden to protect the people who reported the cases."),
    "created": N_("published"), "json": N_("All releases as JSON"),
}


def page_words(lang: str) -> dict[str, str]:
    with i18n.use(lang):
        return {**{key: _(msgid) for key, msgid in WORDS.items()},
                "other": protected_charts.OTHER_LANGUAGE[lang]}


def layout(lang: str = "en", **_query) -> html.Div:
    lang = protected_charts.language(lang)
    words = page_words(lang)
    suffix = "?lang=ru" if lang == "ru" else ""
    items = [
        html.Li([
            dcc.Link(document["label"][lang], href=f"/releases/{document['release_id']}{suffix}",
                     className="release-link"),
            html.Span(f" · {words['created']} {document['created_at'][:10]}", className="text-body-secondary"),
        ], className="mb-2")
        for document in ReleaseStore(data_dir()).summaries()
    ]
    return html.Div(className="release-page", id="releases-index", children=[
        html.Div(className="release-controls d-print-none small mb-2", children=[
            dcc.Link(words["other"], href="/releases" + ("" if lang == "ru" else "?lang=ru"), id="releases-lang"),
            " · ", html.A(words["json"], href="/api/v1/releases"),
        ]),
        html.H2(words["title"], className="h3"),
        html.P(words["intro"], className="text-body-secondary"),
        html.Ul(items, className="list-unstyled", id="releases-list") if items else html.P(words["none"]),
    ])
