"""The public pages as HTML strings, from release files alone: list, release, embed, methodology.

Each render function takes `links`, which says where the other pages and the downloads are:
`LiveLinks` for the running app, `site.FileLinks` for the static copy that `export-site` writes.
Runs inside an app context (the catalog); the language is switched here, per page.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import markdown
from flask import has_request_context, render_template, request
from markupsafe import Markup

from dashboard import i18n
from dashboard.components.protected_charts import OTHER_LANGUAGE
from dashboard.definitions import (
    MEASURES,
    MULTIPLE_COUNTING,
    PRIMARY_GROUP,
    PROTECTION_NOTE,
    PROTECTION_RULES,
    SERVICES,
    SHARES,
    STATUS_DEFINITIONS,
    UNITS,
    definition,
    status_intro,
)
from dashboard.i18n import TRANSLATIONS_DIR, _
from dashboard.public import model
from dashboard.releases.model import PROFILE
from dashboard.vocab import vocabulary

CSS = Path(__file__).with_name("public.css")
PEOPLE = ("key_group", "gender", "age_group")
VIOLATIONS = ("violation", "perpetrator")
RESPONSE = ("reaction_status", "decline_reason", "service")
PLACES = ("intake_channel", "country", "region", "trend")
IMAGE_FORMATS = (("PNG", "png"), ("SVG", "svg"), ("CSV", "csv"))


@lru_cache(maxsize=1)
def css() -> str:
    return CSS.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def version() -> str:
    """A hash of everything a page is made of besides the release: templates, styles, catalogs.

    Part of every cached page's key, so a deployment with new words or layout never serves a
    page made by the old one."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.rglob("*.html"), CSS, *TRANSLATIONS_DIR.rglob("*.mo")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _lang_query(lang: str) -> str:
    return "?lang=ru" if lang == "ru" else ""


class LiveLinks:
    """URLs of the running app (public routes only)."""

    def __init__(self, document: dict | None = None):
        self.document = document

    def index(self, lang: str) -> str:
        return "/releases" + _lang_query(lang)

    def methodology(self, lang: str) -> str:
        return "/releases/methodology" + _lang_query(lang)

    def release(self, release_id: str, lang: str) -> str:
        return f"/releases/{quote(release_id)}" + _lang_query(lang)

    def _export(self, name: str, lang: str) -> str:
        return f"/export/release/{self.document['release_id']}{name}" + _lang_query(lang)

    def downloads(self, lang: str) -> list[tuple[str, str, str]]:
        """(label, href, id) of the whole-release files."""
        rid = self.document["release_id"]
        return [(_("All tables (Excel)"), self._export(".xlsx", lang), "release-xlsx"),
                (_("Report (PDF)"), self._export(".pdf", lang), "release-pdf"),
                (_("Slides (PowerPoint)"), self._export(".pptx", lang), "release-pptx"),
                (_("Data (JSON)"), f"/api/v1/releases/{rid}", "release-json")]

    def chart_files(self, name: str, lang: str) -> list[tuple[str, str]]:
        """A chart's own files: image and numbers (tables only, not the profiles' breakdowns)."""
        if "/" in name:
            return []
        return [(label, self._export(f"/{name}.{fmt}", lang)) for label, fmt in IMAGE_FORMATS]

    def embed(self, name: str, lang: str) -> str | None:
        """The address of the chart alone, for an <iframe> on another site (absolute: it is copied)."""
        if "/" in name:
            return None
        root = request.host_url.rstrip("/") if has_request_context() else ""
        return f"{root}/releases/{self.document['release_id']}/embed/{name}" + _lang_query(lang)


def _common(lang: str, other_href: str, document: dict | None = None) -> dict:
    """What every page needs; a release's protection note is its own (its threshold), frozen with it."""
    protection = model.text(document["note"], lang) if document else _(PROTECTION_NOTE)
    return {"lang": lang, "css": css(), "_": _, "protection": protection, "other_lang": "en" if lang == "ru"
            else "ru", "other_name": OTHER_LANGUAGE[lang], "other_href": other_href}


def _texts() -> dict:
    return {"multiple": _(MULTIPLE_COUNTING), "primary": _(PRIMARY_GROUP), "services": _(SERVICES),
            "status_intro": status_intro()}


def index(documents: list[dict], lang: str, links) -> str:
    with i18n.use(lang):
        releases = [{"href": links.release(d["release_id"], lang), "label": model.text(d.get("label"), lang),
                     "published": d["created_at"][:10]} for d in documents]
        return render_template("public/index.html", releases=releases, links=links,
                               **_common(lang, links.index("en" if lang == "ru" else "ru")))


def missing(lang: str, links) -> str:
    with i18n.use(lang):
        return render_template("public/missing.html", links=links,
                               **_common(lang, links.index("en" if lang == "ru" else "ru")))


def release(document: dict, lang: str, links) -> str:
    """The release page: tiles, every table as a chart with its numbers, profiles, notes, downloads."""
    with i18n.use(lang):
        charts = {c.name: c for c in model.charts_in_order(document, lang)}
        publisher = document.get("publisher", {})
        statuses = [(r["label"][lang], definition(r["code"], lang))
                    for r in document["tables"].get("reaction_status", {}).get("rows", [])
                    if r["code"] in STATUS_DEFINITIONS]
        other = "en" if lang == "ru" else "ru"
        return render_template(
            "public/release.html", links=links, label=model.text(document["label"], lang),
            release_id=document["release_id"], published=document["created_at"][:10],
            data_date=document["data_date"], snapshot_id=document["snapshot_id"], threshold=document["threshold"],
            publisher={key: model.text(publisher.get(key), lang) for key in ("contact", "notes")},
            downloads=links.downloads(lang), tiles=model.tiles(document, lang),
            people=[charts[n] for n in PEOPLE if n in charts],
            profiles=model.profiles(document, lang) if PROFILE in document["tables"] else [],
            violations=[charts[n] for n in VIOLATIONS if n in charts],
            response=[charts[n] for n in RESPONSE if n in charts],
            places=[charts[n] for n in PLACES if n in charts],
            statuses=statuses, texts=_texts(), note_more=model.text(document.get("note_more"), lang),
            **_common(lang, links.release(document["release_id"], other), document))


def embed(document: dict, name: str, lang: str, links) -> str | None:
    """One chart of a release, alone, for another site's iframe (None: no such chart)."""
    with i18n.use(lang):
        found = next((c for c in model.charts_in_order(document, lang) if c.name == name), None)
        if found is None:
            return None
        return render_template("public/embed.html", c=found, links=links, label=model.text(document["label"], lang),
                               data_date=document["data_date"], threshold=document["threshold"],
                               page_href=links.release(document["release_id"], lang), **_common(lang, "", document))


def methodology(lang: str, links) -> str:
    with i18n.use(lang):
        def html(message: str) -> str:
            # Our own catalog's Markdown (`**Case**: …`), not user input.
            return markdown.markdown(_(message)).removeprefix("<p>").removesuffix("</p>")

        statuses = [(vocabulary().label("reaction_status", code, lang), definition(code, lang))
                    for code in STATUS_DEFINITIONS]
        return render_template(
            "public/methodology.html", links=links, units=[Markup(html(u)) for u in UNITS],
            measures=[(_(name), Markup(html(meaning))) for name, meaning in MEASURES], shares=_(SHARES),
            statuses=statuses, texts=_texts(), protection_rules=[_(r) for r in PROTECTION_RULES],
            **_common(lang, links.methodology("en" if lang == "ru" else "ru")))
