"""A published release as files: its tables' rows, captions and charts, from the frozen file only.

A release file holds only what the public may see (dashboard/releases/document.py): a hidden
cell has no value, only how it reads (`<11`, or `≥11` for a larger number hidden so that the
small ones cannot be worked out). Rows here carry exactly that text, never a number; charts
are the public page's own (protected_charts: hatched bars labelled `<11`); every caption
carries the release's protection note. Nothing here queries case data. A release never
changes, so its files are cached by release id.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from dashboard import i18n
from dashboard.components import protected_charts
from dashboard.exports.caption import Caption, format_data_date
from dashboard.i18n import _
from dashboard.releases.model import PROFILE, TOTALS

LANGS = i18n.LANGUAGES


def _word_release(lang: str) -> str:
    with i18n.use(lang):
        return _("release")


def _text(value, lang: str) -> str:
    """A {en, ru} text of the release in a language (English when it has no translation)."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or ""
    return value or ""


def table_names(document: dict) -> list[str]:
    """The tables a release offers as CSV/XLSX (breakdowns stay inside their profile table)."""
    return list(document.get("tables", {}))


def charted(document: dict) -> list[str]:
    """The tables drawn as charts (the totals are tiles on the page, not a chart)."""
    return [name for name in table_names(document) if name != TOTALS]


def figure(document: dict, name: str, lang: str) -> dict:
    """The chart of one table, as the public page draws it."""
    table = document["tables"][name]
    return protected_charts.grouped(table, lang) if name == "service" else protected_charts.bars(table, lang)


def figures(document: dict, lang: str) -> list[dict]:
    """Every chart of the release page, in its order: each table, the profiles' breakdowns after theirs."""
    out = []
    for name in charted(document):
        out.append(figure(document, name, lang))
        if name == PROFILE:
            for row in document["tables"][name]["rows"]:
                breakdown = row.get("breakdown")
                if breakdown is not None:
                    title = f"{_text(row['label'], lang)} · {_text(breakdown['title'], lang)}"
                    out.append(protected_charts.bars(breakdown, lang, title=title))
    return out


def rows(table: dict, lang: str) -> list[dict]:
    """One dict per row: code, label, each column's shown count or how it is hidden, shown shares."""
    columns = [column["code"] for column in table["columns"]]
    out = []
    for row in table["rows"]:
        line = {"code": row["code"], "label": _text(row["label"], lang)}
        if row.get("country"):
            line["country"] = row["country"]
        for column in columns:
            cell = row["cells"][column]
            line[column] = cell["hidden_as"] if cell["suppressed"] else cell["value"]
        for column in columns:
            share = row["cells"][column].get("share")
            if share is not None:
                line[f"share_{column}"] = share
        out.append(line)
    return out


def caption(document: dict, lang: str) -> Caption:
    """The release's caption: its place and period, its id, the data date, the protection note."""
    label = _text(document.get("label"), lang)
    note = " ".join(_text(document.get(key), lang) for key in ("note", "note_more") if document.get(key))
    return Caption(title=label, sentence=f"{label} · {_word_release(lang)} {document['release_id']}",
                   data_date=format_data_date(document.get("data_date", ""), lang), note=note)


def sheets(document: dict, lang: str) -> list[tuple[str, list[dict], Caption]]:
    """Every table of the release as (sheet name, rows, caption), each profile's breakdown after its table."""
    out = []
    for name, table in document["tables"].items():
        out.append((_text(table.get("title"), lang) or name, rows(table, lang), table_caption(document, table, lang)))
        if name == PROFILE:
            for row in table["rows"]:
                breakdown = row.get("breakdown")
                if breakdown is not None:
                    title = f"{_text(row['label'], lang)} · {_text(breakdown['title'], lang)}"
                    caption = replace(table_caption(document, breakdown, lang), title=title)
                    out.append((title, rows(breakdown, lang), caption))
    return out


def table_caption(document: dict, table: dict, lang: str) -> Caption:
    return replace(caption(document, lang), title=_text(table["title"], lang),
                   n=protected_charts.subtitle(table, lang))


def cache_key(document: dict, what: str, lang: str) -> str:
    """A release is frozen: its id and creation time name every file made from it."""
    text = "|".join(["release-export", document["release_id"], document.get("created_at", ""), what, lang])
    return "x:" + hashlib.sha256(text.encode()).hexdigest()
