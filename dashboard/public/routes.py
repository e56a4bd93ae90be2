"""The public pages' routes: no sign-in, release files only, cacheable.

    GET /releases                              the list of published releases
    GET /releases/<id>                         a release (`?lang=ru` for Russian)
    GET /releases/<id>/embed/<table>           one chart, for another site's <iframe>
    GET /releases/methodology                  how the numbers are counted, and protected

Pages are HTML made once per release, language and state (listed or withdrawn) and kept in the
cache; each carries an ETag, so a repeat visit is a 304. `Cache-Control: max-age=60`, because
a withdrawal must reach readers soon. Only the embed page may be framed, by any site.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Flask, Response, request

from dashboard import i18n
from dashboard.cache import cache
from dashboard.public import render
from dashboard.releases.store import ReleaseStore
from dashboard.webctx import data_dir

blueprint = Blueprint("public", __name__, template_folder="templates")
MAX_AGE = 60
EMBED_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
             "form-action 'none'; frame-ancestors *")


def _lang() -> str:
    return i18n.language(request.args.get("lang"))


def _page(html: str, status: int = 200, embed: bool = False) -> Response:
    response = Response(html, status=status, mimetype="text/html")
    if status == 200:
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        response.set_etag(hashlib.sha256(html.encode()).hexdigest()[:32])
        response.make_conditional(request)
    else:
        response.headers["Cache-Control"] = "no-store"
    if embed:
        response.headers["Content-Security-Policy"] = EMBED_CSP
    return response


def _cached_html(key: str, make) -> str:
    """A page made once: a release never changes (its id and creation time name it)."""
    html = cache.get(key)
    if html is None:
        html = make()
        cache.set(key, html)
    return html


def _release_key(document: dict, what: str, lang: str) -> str:
    """The release names the numbers; the code version names the words and layout around them."""
    text = "|".join(["public-page", document["release_id"], document["created_at"], what, lang, render.version()])
    return "p:" + hashlib.sha256(text.encode()).hexdigest()


@blueprint.get("/releases")
def release_list():
    lang = _lang()
    documents = ReleaseStore(data_dir()).summaries()
    return _page(render.index(documents, lang, render.LiveLinks()))


@blueprint.get("/releases/methodology")
def methodology():
    return _page(render.methodology(_lang(), render.LiveLinks()))


@blueprint.get("/releases/<release_id>")
def release_page(release_id: str):
    lang = _lang()
    document = ReleaseStore(data_dir()).read(release_id)
    if document is None:
        return _page(render.missing(lang, render.LiveLinks()), status=404)
    links = render.LiveLinks(document)
    return _page(_cached_html(_release_key(document, "page", lang), lambda: render.release(document, lang, links)))


@blueprint.get("/releases/<release_id>/embed/<name>")
def embed(release_id: str, name: str):
    lang = _lang()
    document = ReleaseStore(data_dir()).read(release_id)
    html = None
    if document is not None:
        links = render.LiveLinks(document)
        html = _cached_html(_release_key(document, f"embed/{name}", lang),
                            lambda: render.embed(document, name, lang, links) or "")
    if not html:
        return _page(render.missing(lang, render.LiveLinks()), status=404)
    return _page(html, embed=True)


@blueprint.get("/releases/<path:_anything>")
def beyond(_anything: str):
    """Any other path under /releases is ours too: the not-found page, not the explorer's shell."""
    return _page(render.missing(_lang(), render.LiveLinks()), status=404)


def register(server: Flask) -> None:
    server.register_blueprint(blueprint)
