"""The data desk's pages and actions; every one checks the role itself.

    GET  /data                                  the desk: upload, template, history, audit log
    GET  /data/template.xlsx?lang=ru            the export template with drop-down lists
    POST /data/upload                           store a file and start its check (a dry run)
    GET  /data/uploads/<token>                  the check's report, then the import's progress
    GET  /data/uploads/<token>/problems.xlsx    every problem of the check, as a spreadsheet
    POST /data/uploads/<token>/import           import it (all rows, or the valid ones)
    GET  /data/snapshots/<id>/rejects.csv       the rows an import set aside
    POST /data/snapshots/<id>/current           roll back to an earlier snapshot (admin)

Who: admins and publishers; importing replaces the data of every country, so it also needs an
account that sees every country. Rolling back and reading the audit log: admins. Anyone else
gets 403 on every route (the sign-in gate has already sent strangers to /login).
"""

from __future__ import annotations

import os

from flask import Blueprint, Flask, Response, abort, redirect, request

from dashboard import audit_log
from dashboard.admin.common import lang as request_lang
from dashboard.admin.common import page, q
from dashboard.auth.principal import Principal, require_principal
from dashboard.desk import jobs
from dashboard.desk.uploads import Uploads
from dashboard.exports import tables
from dashboard.exports.caption import Caption
from dashboard.i18n import N_, _
from dashboard.ingest import REJECTS_FILE
from dashboard.ingest.problems import in_language
from dashboard.ingest.template import template
from dashboard.snapshots import SnapshotError, SnapshotStore
from dashboard.webctx import data_dir

blueprint = Blueprint("desk", __name__, template_folder="templates")
DESK_ROLES = ("admin", "publisher")
MAX_UPLOAD_BYTES = 500 * 1024 * 1024  # REACT_MAX_UPLOAD_BYTES; the body limit of other routes stays small
PROBLEMS_SHOWN = 200


def max_upload_bytes() -> int:
    return int(os.environ.get("REACT_MAX_UPLOAD_BYTES") or MAX_UPLOAD_BYTES)


def _desk_principal() -> Principal:
    principal = require_principal()
    if principal.role not in DESK_ROLES:
        abort(403, N_("The data desk is for admins and publishers."))
    return principal


def _importer() -> Principal:
    principal = _desk_principal()
    if principal.countries is not None:
        abort(403, N_("An import replaces the data of every country: it needs an account that sees every country."))
    return principal


def _admin() -> Principal:
    principal = _desk_principal()
    if principal.role != "admin":
        abort(403, N_("Only admins may do this."))
    return principal


def _say(text: str, said: dict | None, lang: str) -> str:
    """An import's reason in the page's language (English when it has no message to translate)."""
    said = said or {}
    return in_language(text, said.get("template"), said.get("params"), lang)


def _render(name: str, lang: str, principal: Principal, status: int = 200, **context) -> Response:
    return page(f"desk/{name}", lang, principal, status=status,
                say=lambda text, said=None: _say(text, said, lang), **context)


@blueprint.get("/data")
def desk():
    principal = _desk_principal()
    lang = request_lang()
    folder = data_dir()
    store = SnapshotStore(folder)
    snapshots = [{"id": s.id, "manifest": s.manifest} for s in reversed(store.list())]
    return _render("desk.html", lang, principal, snapshots=snapshots, current=store.current_id(),
                   uploads=Uploads(folder).recent(), may_import=principal.countries is None,
                   is_admin=principal.role == "admin", max_mb=max_upload_bytes() // (1024 * 1024),
                   events=audit_log.latest(folder) if principal.role == "admin" else [],
                   rolled=request.args.get("rolled"))


@blueprint.get("/data/template.xlsx")
def template_file():
    _desk_principal()
    lang = request_lang()
    return Response(template(lang), mimetype=tables.XLSX_MIME, headers={
        "Content-Disposition": f'attachment; filename="react-export-template-{lang}.xlsx"',
        "Cache-Control": "no-store"})


@blueprint.post("/data/upload")
def upload():
    principal = _importer()
    lang = request_lang()
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        return _render("message.html", lang, principal, status=400, title=_("No file chosen"),
                       text=_("Choose a CSV or XLSX export to upload."))
    private = [name.strip() for name in request.form.get("private", "").replace(";", ",").split(",") if name.strip()]
    uploads = Uploads(data_dir())
    try:
        token = uploads.create(sent.filename, principal.name, sent.stream, max_upload_bytes())
    except ValueError as error:
        return _render("message.html", lang, principal, status=413, title=_("File too large"), text=str(error))
    uploads.update(token, private=private)
    jobs.start(data_dir(), token, principal.name, request.remote_addr, dry_run=True)
    return redirect(f"/data/uploads/{token}{q(lang)}", code=303)


def _upload_state(token: str) -> dict:
    state = Uploads(data_dir()).state(token)
    if state is None:
        abort(404, N_("No such upload (uploads are kept for a day)."))
    return state


@blueprint.get("/data/uploads/<token>")
def upload_page(token: str):
    principal = _importer()
    state = _upload_state(token)
    check = state.get("check") or {}
    problems = check.get("problems") or state.get("problems") or []
    return _render("upload.html", lang := request_lang(), principal, state=state, check=check,
                   problems=problems[:PROBLEMS_SHOWN], problem_count=check.get("problem_count",
                                                                                state.get("problem_count", 0)),
                   stalled=jobs.stalled(state), running=state.get("status") in ("uploaded", "checking", "importing"),
                   total=check.get("rows_read") or 0, token=token, lang_q=q(lang))


@blueprint.get("/data/uploads/<token>/problems.xlsx")
def problems_file(token: str):
    _importer()
    state = _upload_state(token)
    problems = (state.get("check") or {}).get("problems") or state.get("problems") or []
    lang = request_lang()
    rows = [{"row": p["row"], "column": p["column"], "value": p["value"],
             "reason": _say(p["reason"], p.get("said"), lang)} for p in problems]
    caption = Caption(title=f"Problems found in {state['file']}", sentence="", data_date="",
                      note="Row numbers as the spreadsheet shows them (header = row 1).")
    body = tables.to_xlsx(rows, caption, sheet="problems")
    return Response(body, mimetype=tables.XLSX_MIME, headers={
        "Content-Disposition": 'attachment; filename="problems.xlsx"', "Cache-Control": "no-store"})


@blueprint.post("/data/uploads/<token>/import")
def start_import(token: str):
    principal = _importer()
    state = _upload_state(token)
    lang = request_lang()
    if state.get("status") != "checked":
        return redirect(f"/data/uploads/{token}{q(lang)}", code=303)
    skip_invalid = request.form.get("skip_invalid") == "1"
    if state["check"].get("problem_count") and not skip_invalid:
        abort(400, N_("This file has problems: import the valid rows, or fix the file and upload it again."))
    jobs.start(data_dir(), token, principal.name, request.remote_addr, dry_run=False, skip_invalid=skip_invalid)
    return redirect(f"/data/uploads/{token}{q(lang)}", code=303)


@blueprint.get("/data/snapshots/<snapshot_id>/rejects.csv")
def rejects(snapshot_id: str):
    _desk_principal()
    try:
        snapshot = SnapshotStore(data_dir()).get(snapshot_id)
    except SnapshotError:
        abort(404)
    path = snapshot.path / REJECTS_FILE
    if not path.is_file():
        abort(404, N_("This import set no rows aside."))
    return Response(path.read_bytes(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="rejects-{snapshot_id}.csv"', "Cache-Control": "no-store"})


@blueprint.post("/data/snapshots/<snapshot_id>/current")
def make_current(snapshot_id: str):
    principal = _admin()
    lang = request_lang()
    store = SnapshotStore(data_dir())
    previous = store.current_id()
    try:
        store.make_current(snapshot_id)
    except SnapshotError as error:
        return _render("message.html", lang, principal, status=409, title=_("Not rolled back"), text=str(error))
    audit_log.from_request("rollback", principal.name, snapshot_id=snapshot_id, previous=previous)
    separator = "&" if lang == "ru" else "?"
    return redirect(f"/data{q(lang)}{separator}rolled={snapshot_id}", code=303)


def register(server: Flask) -> None:
    server.register_blueprint(blueprint)

