"""Public: one published release, the permanent page at /releases/<release_id>.

Everything on it comes from the release file (never from case data), in the language of
`?lang=`: headline tiles, key groups, gender, age, profiles with their perpetrators, violations,
reaction status with its definitions, decline reasons, services, intake, places and the trend
within the period. Hidden counts are hatched bars labelled `<11` (protected_charts). One chart
per block, so that it prints one under the other (assets/releases.css, print.css). An unknown or
withdrawn id shows a "not found" message.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import charts, i18n
from dashboard.components import protected_charts as pc
from dashboard.definitions import definition
from dashboard.i18n import N_, _
from dashboard.releases.store import ReleaseStore
from dashboard.webctx import data_dir

dash.register_page(__name__, path_template="/releases/<release_id>", name="Published release",
                   title="Published release · REAct")

WORDS = {  # msgids: translated by words(lang) through the catalog like every other page
    "missing": N_("Release not found"),
    "missing_text": N_("There is no published release with this id; it may have been withdrawn."),
    "all": N_("All published releases"), "json": N_("Data (JSON)"), "release": N_("Release"),
    "published": N_("published"), "data": N_("data as of"), "snapshot": N_("snapshot"),
    "statuses": N_("What each status means"), "profiles": N_("Key groups in detail"),
    "no_breakdown": N_("The number of cases is hidden, so perpetrators are not shown for this group."),
}


def page_words(lang: str) -> dict[str, str]:
    """The page's words in `lang`, and the name of the other language for the switch."""
    with i18n.use(lang):
        return {**{key: _(msgid) for key, msgid in WORDS.items()}, "other": pc.OTHER_LANGUAGE[lang]}


BAR_TABLES = ("key_group", "gender", "age_group", "key_group_profile")
LATER_TABLES = ("perpetrator", "violation", "reaction_status", "decline_reason", "service", "intake_channel",
                "country", "region", "trend")


def layout(release_id: str | None = None, lang: str = "en", **_query) -> html.Div:
    lang = pc.language(lang)
    document = ReleaseStore(data_dir()).read(release_id) if isinstance(release_id, str) else None
    if document is None:
        return _not_found(lang)
    tables = document["tables"]
    return html.Div(className="release-page", id="release-report", children=[
        _header(document, lang),
        _tiles(tables["totals"], lang),
        *[_block(f"release-chart-{name.replace('_', '-')}", pc.bars(tables[name], lang), tables[name], lang)
          for name in BAR_TABLES],
        *_profiles(tables["key_group_profile"], lang),
        *[_later(name, tables[name], lang) for name in LATER_TABLES if name in tables],
        _footer(document, lang),
    ])


def _not_found(lang: str) -> html.Div:
    words = page_words(lang)
    return html.Div(id="release-not-found", className="release-page", children=[
        html.H2(words["missing"], className="h3"), html.P(words["missing_text"]),
        dcc.Link(words["all"], href="/releases" + ("?lang=ru" if lang == "ru" else "")),
    ])


def _header(document: dict, lang: str) -> html.Div:
    words = page_words(lang)
    release_id = document["release_id"]
    other = "" if lang == "ru" else "?lang=ru"
    return html.Div(className="mb-3", children=[
        html.Div(className="release-controls d-print-none small mb-2", children=[
            dcc.Link(words["all"], href="/releases" + ("?lang=ru" if lang == "ru" else "")), " · ",
            dcc.Link(words["other"], href=f"/releases/{release_id}{other}", id="release-lang"), " · ",
            html.A(words["json"], href=f"/api/v1/releases/{release_id}", id="release-json"),
        ]),
        html.H2(document["label"][lang], className="h3 mb-1", id="release-title"),
        html.P(f"{words['release']} {release_id} · {words['published']} {document['created_at'][:10]} · "
               f"{words['data']} {document['data_date']}", className="text-body-secondary small mb-0"),
    ])


def _tiles(totals: dict, lang: str) -> dbc.Row:
    tiles = []
    for row in totals["rows"]:
        cell = row["cells"]["count"]
        hidden = cell["suppressed"]
        value = cell["hidden_as"] if hidden else pc.value_text(cell, lang)
        tiles.append(dbc.Col(dbc.Card(dbc.CardBody([
            html.Div(row["label"][lang], className="text-body-secondary small"),
            html.Div(value, className="display-6 fw-semibold" + (" release-hidden" if hidden else ""),
                     id=f"release-tile-{row['code'].replace('_', '-')}"),
        ]), className="mb-3 release-block"), md=4))
    return dbc.Row(tiles)


def _block(chart_id: str, figure: dict, table: dict | None, lang: str, extra=None) -> dbc.Card:
    note = (table or {}).get("note") or {}
    return dbc.Card(dbc.CardBody([
        dcc.Graph(id=chart_id, figure=figure, config=i18n.graph_config(charts.GRAPH_CONFIG, lang)),
        html.P(note[lang], className="small text-body-secondary mb-0") if note else None,
        extra,
    ]), className="mb-3 chart-card release-block")


def _profiles(table: dict, lang: str) -> list:
    words = page_words(lang)
    blocks = [html.H3(words["profiles"], className="h5 mt-4")]
    for row in table["rows"]:
        cell = row["cells"]["cases"]
        count = cell["hidden_as"] if cell["suppressed"] else pc.count_text(cell["value"], "cases", lang)
        title = f"{row['label'][lang]}: {count}"
        breakdown = row.get("breakdown")
        if breakdown is None:
            blocks.append(dbc.Card(dbc.CardBody([html.H4(title, className="h6"),
                                                 html.P(words["no_breakdown"], className="small mb-0")]),
                                   className="mb-3 release-block"))
            continue
        figure = pc.bars(breakdown, lang, title=f"{row['label'][lang]} · {breakdown['title'][lang]}")
        blocks.append(_block(f"release-profile-{row['code'].replace('_', '-')}", figure, breakdown, lang))
    return blocks


def _later(name: str, table: dict, lang: str) -> dbc.Card:
    figure = pc.grouped(table, lang) if name == "service" else pc.bars(table, lang)
    extra = _definitions(table, lang) if name == "reaction_status" else None
    return _block(f"release-chart-{name.replace('_', '-')}", figure, table, lang, extra)


def _definitions(table: dict, lang: str) -> html.Div:
    items = [item for row in table["rows"] for item in (
        html.Dt(row["label"][lang]), html.Dd(definition(row["code"], lang), className="small"))]
    return html.Div([html.H4(page_words(lang)["statuses"], className="h6 mt-3"), html.Dl(items)],
                    id="release-definitions")


def _footer(document: dict, lang: str) -> html.Div:
    words = page_words(lang)
    return html.Div(className="release-note border-top pt-2 mt-4 small", id="release-note", children=[
        html.P(html.Strong(document["note"][lang]), className="mb-1"),
        html.P(document["note_more"][lang], className="mb-1") if document.get("note_more") else None,
        html.P(f"{words['release']} {document['release_id']} · {words['snapshot']} {document['snapshot_id']}",
               className="text-body-secondary mb-0"),
    ])
