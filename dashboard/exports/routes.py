"""Download routes: the explorer's views (signed-in users) and published release tables.

`GET /export/<page>/<chart id>.<png|svg|csv|xlsx>` and `GET /export/<page>.pptx`, with the
page's own query string (same names as the filters, plus lang, grain, split). The page and
chart come from an allow-list (`views.exportable()`); the numbers from the view's own
compute, the same the page shows, through `scope_from_search`, so sign-in, validation and the principal's
countries apply exactly as on screen. Junk gets a short 404 and a lenient query the same
fallback the page shows, never a traceback.

`GET /export/release/<release id>/<table>.<png|svg|csv|xlsx>` and `/export/release/<id>.pptx`
serve a published release from its frozen file alone: hidden counts read `<11` (hatched bars in
charts), the protection note in every header and slide, `?lang=ru` for Russian. They are meant
for the public, so their paths belong among the sign-in gate's public routes (auth/web.py).
"""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Flask, Response, request

from dashboard import audit_log, charts, i18n
from dashboard.cache import cache
from dashboard.exports import branding, deck, images, limits, pdf, release, tables
from dashboard.exports import report as reports
from dashboard.exports import view_deck as view_decks
from dashboard.exports.caption import for_scope
from dashboard.i18n import _
from dashboard.releases.store import ReleaseStore
from dashboard.views import View, exportable
from dashboard.webctx import Scope, data_dir, scope_from_search

log = logging.getLogger(__name__)
blueprint = Blueprint("exports", __name__)

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
CHART_FORMATS = ("png", "svg", "csv", "xlsx")
CHART_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")


def _refuse(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def _too_busy() -> Response:
    response = _refuse(429, "Another export of yours is being drawn; try again in a few seconds.")
    response.headers["Retry-After"] = str(limits.RETRY_AFTER_SECONDS)
    return response


def _scope() -> Scope:
    """The request's scope: 403 without a principal, countries clamped, bad values dropped."""
    return scope_from_search("?" + request.query_string.decode("utf-8", "replace"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")


def file_stem(scope: Scope) -> str:
    """`react-tj-2023h1`: the place and period a file is about, for its name."""
    filters = scope.filters
    place = "-".join(filters.country) or "all"
    if filters.period:
        when = filters.period
    elif filters.start or filters.end:
        when = f"{filters.start or 'start'}_{filters.end or 'end'}"
    else:
        when = "all-dates"
    return _slug(f"react-{place}-{when}")


def _file(body: bytes, fmt: str, name: str, public: bool = False) -> Response:
    """An attachment; internal ones are never stored by a cache, public ones briefly (a withdrawal
    must take effect soon)."""
    return Response(body, mimetype=MIME[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "public, max-age=60" if public else "no-store"})


def page_title(page: str) -> str:
    """The page's title in the current language (an N_ message of its view)."""
    view = exportable().get(page)
    return _(view.title) if view else page.capitalize()


def _may_have(view: View, chart_id: str) -> bool:
    """Known before computing anything: one of the page's figures."""
    return chart_id in view.chart_ids


@blueprint.get("/export/<page>/<filename>")
def chart_file(page: str, filename: str):
    scope = _scope()
    chart_id, dot, fmt = filename.rpartition(".")
    spec = exportable().get(page)
    if spec is None or not dot or fmt not in CHART_FORMATS or not CHART_ID.fullmatch(chart_id) \
            or not _may_have(spec, chart_id):
        return _refuse(404, "No such chart or format.")
    if scope.snapshot is None:
        return _refuse(404, "No case data has been imported yet.")
    with i18n.use(scope.lang):
        figure = dict(spec.figures(scope)).get(chart_id)
        if figure is None:
            return _refuse(404, "No such chart or format.")
        caption = for_scope(scope, page_title(page)).of_figure(figure)
        if fmt == "csv":
            body = tables.to_csv(charts.table_of(figure), caption)
        elif fmt == "xlsx":
            body = tables.to_xlsx(charts.table_of(figure), caption)
        else:
            try:
                with limits.slot(scope.principal.name):
                    body = images.image(figure, caption, fmt)
            except limits.Busy:
                return _too_busy()
            except Exception:  # a browser that fails to start or draw: say so, keep the trace in the log
                log.exception("image export failed for %s/%s", page, chart_id)
                return _refuse(503, "Image export is not available right now.")
    audit_log.from_request("export", scope.principal.name, page=page, chart=chart_id, format=fmt,
                           query=scope.query_string)
    return _file(body, fmt, f"{file_stem(scope)}-{chart_id}.{fmt}")


def _whole_view(fmt: str, build, what: str):
    """The whole view (every explorer page) as one file, in the view's language: deck or report."""
    scope = _scope()
    if scope.snapshot is None:
        return _refuse(404, "No case data has been imported yet.")
    with i18n.use(scope.lang):
        caption = for_scope(scope, _("Human rights violations documented by REAct"))
        try:
            with limits.slot(scope.principal.name):
                body = build(scope, caption, branding.load(data_dir()))
        except limits.Busy:
            return _too_busy()
        except Exception:
            log.exception("the view's %s failed", what)
            return _refuse(503, f"{'Slide' if fmt == 'pptx' else 'PDF'} export is not available right now.")
    audit_log.from_request("export", scope.principal.name, page=what, format=fmt, query=scope.query_string)
    return _file(body, fmt, f"{file_stem(scope)}-{what}.{fmt}")


@blueprint.get("/export/deck.pptx")
def view_deck():
    return _whole_view("pptx", view_decks.build, "deck")


@blueprint.get("/export/report.pdf")
def view_report():
    return _whole_view("pdf", reports.build, "report")


@blueprint.get("/export/<page>.pptx")
def page_deck(page: str):
    scope = _scope()
    spec = exportable().get(page)
    if spec is None:
        return _refuse(404, "No such page.")
    if scope.snapshot is None:
        return _refuse(404, "No case data has been imported yet.")
    with i18n.use(scope.lang):
        title = page_title(page)
        figures = [figure for _oid, figure in spec.figures(scope)]
        try:
            with limits.slot(scope.principal.name):
                body = deck.build(title, for_scope(scope, title), figures)
        except limits.Busy:
            return _too_busy()
        except Exception:
            log.exception("slide export failed for %s", page)
            return _refuse(503, "Slide export is not available right now.")
    audit_log.from_request("export", scope.principal.name, page=page, format="pptx", query=scope.query_string)
    return _file(body, "pptx", f"{file_stem(scope)}-{page}.pptx")


def _release(release_id: str) -> tuple[dict | None, str]:
    """The published release (None: invalid id, unknown or withdrawn) and the language asked for."""
    lang = request.args.get("lang", "en")
    return ReleaseStore(data_dir()).read(release_id), i18n.language(lang)


def _release_file(document: dict, what: str, lang: str, make) -> bytes:
    """A release's file from the cache, or made once (a release never changes)."""
    key = release.cache_key(document, what, lang)
    body = cache.get(key)
    if body is None:
        with limits.slot(f"address:{request.remote_addr}"), i18n.use(lang):
            body = make()
        cache.set(key, body)
    return body


@blueprint.get("/export/release/<release_id>/<filename>")
def release_table(release_id: str, filename: str):
    """A public release's table as numbers or chart: from its frozen file only (no Scope, no case data)."""
    document, lang = _release(release_id)
    name, dot, fmt = filename.rpartition(".")
    if document is None or not dot or fmt not in CHART_FORMATS or name not in release.table_names(document) \
            or (fmt in images.FORMATS and name not in release.charted(document)):
        return _refuse(404, "No such release table or format.")
    table = document["tables"][name]
    if fmt in images.FORMATS:
        def make() -> bytes:
            figure = release.figure(document, name, lang)
            return images.image(figure, release.caption(document, lang).of_figure(figure), fmt)
    else:
        def make() -> bytes:
            writer = tables.to_csv if fmt == "csv" else tables.to_xlsx
            return writer(release.rows(table, lang), release.table_caption(document, table, lang))
    try:
        body = _release_file(document, f"{name}.{fmt}", lang, make)
    except limits.Busy:
        return _too_busy()
    except Exception:
        log.exception("release export failed for %s/%s", release_id, filename)
        return _refuse(503, "Image export is not available right now.")
    return _file(body, fmt, f"react-release-{release_id}-{_slug(name)}.{fmt}", public=True)


@blueprint.get("/export/release/<release_id>.pptx")
def release_deck(release_id: str):
    document, lang = _release(release_id)
    if document is None:
        return _refuse(404, "No such release.")
    brand = branding.load(data_dir())
    try:
        body = _release_file(document, f"deck.pptx:{brand.name(lang)}", lang,
                             lambda: view_decks.build_release(document, lang, brand))
    except limits.Busy:
        return _too_busy()
    except Exception:
        log.exception("release slides failed for %s", release_id)
        return _refuse(503, "Slide export is not available right now.")
    return _file(body, "pptx", f"react-release-{release_id}.pptx", public=True)


@blueprint.get("/export/release/<release_id>.xlsx")
def release_workbook(release_id: str):
    """Every table of a release in one workbook, a sheet each, hidden cells as `<11`/`≥11`."""
    document, lang = _release(release_id)
    if document is None:
        return _refuse(404, "No such release.")

    try:
        body = _release_file(document, "all.xlsx", lang, lambda: tables.workbook(release.sheets(document, lang)))
    except limits.Busy:
        return _too_busy()
    return _file(body, "xlsx", f"react-release-{release_id}.xlsx", public=True)


@blueprint.get("/export/release/<release_id>.pdf")
def release_pdf(release_id: str):
    """The release page printed (its print CSS), for reading offline and handing round."""
    from dashboard.public import render

    document, lang = _release(release_id)
    if document is None:
        return _refuse(404, "No such release.")
    try:
        body = _release_file(document, "report.pdf", lang,
                             lambda: pdf.from_html(render.release(document, lang, render.LiveLinks(document))))
    except limits.Busy:
        return _too_busy()
    except pdf.PdfError:
        log.exception("release PDF failed for %s", release_id)
        return _refuse(503, "PDF export is not available right now.")
    return _file(body, "pdf", f"react-release-{release_id}.pdf", public=True)


@blueprint.get("/export/<path:_rest>")
def unknown(_rest: str):
    """The rest of /export/ is ours too: a 404 here, not the Dash page shell that answers any path."""
    return _refuse(404, "No such export.")


def register(server: Flask) -> None:
    server.register_blueprint(blueprint)
