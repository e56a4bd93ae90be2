"""`/publish`: choose a place and period, write the notes, preview the release as the public will
see it with every hidden cell and why, submit it; a second publisher or admin approves it and
only then is it public. Admins withdraw releases with a reason. All of it goes to the audit log.

    GET  /publish                              the form, releases awaiting approval, published ones
    POST /publish/preview                      build and audit a candidate (nothing is public)
    GET  /publish/pending/<token>              the candidate: hidden cells, information loss, actions
    GET  /publish/pending/<token>/page         the candidate exactly as its public page will be
    POST /publish/pending/<token>/submit       ask for approval
    POST /publish/pending/<token>/approve      publish it (another person, see releases/pending.py)
    POST /publish/pending/<token>/discard      drop it
    POST /publish/releases/<id>/withdraw       hide a published release from the public (admin)
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, redirect, request

from dashboard import audit_log, i18n
from dashboard.admin.common import PUBLISHERS, lang, page, principal_with, q
from dashboard.i18n import N_, _
from dashboard.periods import PeriodError
from dashboard.public import render
from dashboard.releases.model import ReleaseRefused, Scope
from dashboard.releases.notes import NotesError
from dashboard.releases.pending import PendingStore, approvers_needed
from dashboard.releases.publish import make_scope, prepare, publish
from dashboard.releases.store import ReleaseStore
from dashboard.snapshots import SnapshotError
from dashboard.vocab import vocabulary
from dashboard.webctx import data_dir

blueprint = Blueprint("publishing", __name__, template_folder="templates")


def _publisher():
    return principal_with(PUBLISHERS, N_("Publishing is for publishers and admins."))


def _may_cover(principal, scope: Scope) -> bool:
    """A publisher publishes only places they may see (a region-wide release needs every country)."""
    if principal.countries is None:
        return True
    return bool(scope.countries) and set(scope.countries) <= set(principal.countries)


class PreviewLinks(render.LiveLinks):
    """The candidate's page links to nothing that does not exist yet (its files come once public)."""

    def downloads(self, lang: str) -> list:
        return []

    def chart_files(self, name: str, lang: str) -> list:
        return []

    def embed(self, name: str, lang: str) -> None:
        return None


def _notes_from_form(form) -> dict:
    notes: dict = {}
    for key in ("contact", "notes"):
        texts = {language: form.get(f"{key}_{language}", "").strip() for language in i18n.LANGUAGES}
        if any(texts.values()):
            notes[key] = texts
    context = form.get("context", "").strip()
    if context:
        try:
            notes["context"] = tomllib.loads(context)
        except tomllib.TOMLDecodeError as error:
            raise NotesError(f"the context notes are not valid TOML: {error}") from None
    return notes


def _form_page(principal, language: str, status: int = 200, error: str | None = None, values=None):
    countries = [(e.code, e.label(language)) for e in vocabulary().entries("country")
                 if principal.countries is None or e.code in principal.countries]
    store = ReleaseStore(data_dir())
    return page("admin/publish.html", language, principal, status=status, error=error, values=values or {},
                countries=countries, pending=PendingStore(data_dir()).submitted(), releases=store.summaries(),
                is_admin=principal.role == "admin", approvers=approvers_needed())


@blueprint.get("/publish")
def publish_home():
    return _form_page(_publisher(), lang())


@blueprint.post("/publish/preview")
def preview():
    principal = _publisher()
    language = lang()
    form = request.form
    try:
        threshold = int(form.get("threshold") or 11)
        scope = make_scope(form.getlist("country"), form.get("region_wide") == "1", form.get("period") or None)
        if not _may_cover(principal, scope):
            abort(403, N_("You may publish only the countries you may see."))
        notes = _notes_from_form(form)
        document, record = prepare(data_dir(), scope, threshold=threshold, notes=notes)
    except (ValueError, PeriodError, SnapshotError, ReleaseRefused) as error:  # NotesError is a ValueError
        return _form_page(principal, language, status=400, error=str(error), values=form)
    token = PendingStore(data_dir()).create({
        "params": {"countries": list(scope.countries), "region_wide": not scope.countries,
                   "start": scope.start.isoformat(), "end": scope.end.isoformat(), "threshold": threshold},
        "notes": notes, "document": document, "record": record, "by": principal.name})
    return redirect(f"/publish/pending/{token}{q(language)}", code=303)


def _pending(token: str) -> dict:
    entry = PendingStore(data_dir()).get(token)
    if entry is None:
        abort(404, N_("No such release in preparation."))
    return entry


@blueprint.get("/publish/pending/<token>")
def pending_page(token: str):
    principal = _publisher()
    entry = _pending(token)
    may_approve = entry["status"] == "submitted" and (approvers_needed() == 1 or entry.get("submitted_by") !=
                                                      principal.name)
    record = entry["record"]
    withheld = set(record["information_loss"].get("withheld_tables", [])) | set(record.get("withheld_tables", []))
    # A cell of a table withheld whole (a profile whose case count is hidden) is hidden with it.
    hidden = [{**cell, "kind": "withheld" if cell["cell"].split(" / ")[0] in withheld else cell["kind"]}
              for cell in record.get("hidden_cells", [])]
    return page("admin/pending.html", lang(), principal, entry=entry, record=record, hidden=hidden,
                document=entry["document"], may_approve=may_approve, approvers=approvers_needed(),
                label=entry["document"]["label"].get(lang()) or entry["document"]["label"]["en"])


@blueprint.get("/publish/pending/<token>/page")
def pending_public_page(token: str):
    _publisher()
    entry = _pending(token)
    html = render.release(entry["document"], lang(), PreviewLinks(entry["document"]))
    return Response(html, mimetype="text/html", headers={"Cache-Control": "no-store"})


@blueprint.post("/publish/pending/<token>/submit")
def submit(token: str):
    principal = _publisher()
    entry = _pending(token)
    if entry["status"] == "preview":
        PendingStore(data_dir()).update(token, status="submitted", submitted_by=principal.name,
                                        submitted_at=datetime.now(UTC).isoformat(timespec="seconds"))
    return redirect(f"/publish/pending/{token}{q(lang())}", code=303)


@blueprint.post("/publish/pending/<token>/approve")
def approve(token: str):
    principal = _publisher()
    language = lang()
    entry = _pending(token)
    if entry["status"] != "submitted":
        abort(409, N_("Only a submitted release can be approved."))
    if approvers_needed() == 2 and entry.get("submitted_by") == principal.name:
        abort(403, N_("Another publisher or admin must approve what you submitted."))
    params = entry["params"]
    scope = Scope(tuple(params["countries"]), *(datetime.fromisoformat(params[k]).date() for k in ("start", "end")))
    if not _may_cover(principal, scope):
        abort(403, N_("You may approve only releases of the countries you may see."))
    approval = {"submitted_by": entry.get("submitted_by"), "approved_by": principal.name,
                "approved_at": datetime.now(UTC).isoformat(timespec="seconds"), "approvers_needed": approvers_needed()}
    try:
        document = publish(data_dir(), scope, snapshot_id=entry["document"]["snapshot_id"],
                           threshold=params["threshold"], notes=entry["notes"] or None,
                           expect_tables=entry["document"]["tables"], approval=approval)
    except (ReleaseRefused, SnapshotError, ValueError) as error:
        PendingStore(data_dir()).update(token, status="preview", error=str(error))
        return redirect(f"/publish/pending/{token}{q(language)}", code=303)
    PendingStore(data_dir()).remove(token)
    audit_log.from_request("publish", principal.name, release_id=document["release_id"],
                           submitted_by=entry.get("submitted_by"))
    return redirect(f"/releases/{document['release_id']}{q(language)}", code=303)


@blueprint.post("/publish/pending/<token>/discard")
def discard(token: str):
    _publisher()
    _pending(token)
    PendingStore(data_dir()).remove(token)
    return redirect(f"/publish{q(lang())}", code=303)


@blueprint.post("/publish/releases/<release_id>/withdraw")
def withdraw(release_id: str):
    principal = principal_with(("admin",), N_("Only admins withdraw releases."))
    reason = request.form.get("reason", "").strip()[:500]
    if not reason:
        return _form_page(principal, lang(), status=400, error=_("Say why the release is withdrawn."))
    try:
        ReleaseStore(data_dir()).withdraw(release_id, datetime.now(UTC), reason)
    except KeyError:
        abort(404, N_("No such release."))
    audit_log.from_request("withdraw", principal.name, release_id=release_id, reason=reason)
    return redirect(f"/publish{q(lang())}", code=303)
