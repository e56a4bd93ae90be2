"""`/users` (admins): who may sign in, with what role and countries, and when they last did;
add, change role and countries in place, reset a password (a generated one, shown once), remove.
`/account` (everyone signed in with a password): change one's own password.

    GET  /users   POST /users/add   POST /users/<name>/edit   POST /users/<name>/password
    POST /users/<name>/remove       GET|POST /account
"""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, redirect, request

from dashboard import audit_log
from dashboard.admin.common import lang, page, principal_with, q
from dashboard.auth.principal import require_principal
from dashboard.auth.users import ROLES, UserError, UserStore, users_file
from dashboard.i18n import N_, _
from dashboard.vocab import vocabulary
from dashboard.webctx import data_dir

blueprint = Blueprint("users", __name__, template_folder="templates")


def _admin():
    return principal_with(("admin",), N_("Managing users is for admins."))


def _store() -> UserStore:
    return UserStore(users_file(data_dir()))


def _countries_from(form) -> tuple[str, ...] | None:
    """Every country, or the ones ticked; none ticked without 'every country' is a mistake."""
    if form.get("all_countries") == "1":
        return None
    chosen = tuple(sorted(code for code in form.getlist("country") if code in vocabulary().codes("country")))
    if not chosen:
        raise UserError(_("Tick the countries the user may see, or 'every country'."))
    return chosen


def _users_page(principal, status: int = 200, error: str | None = None, shown_password: tuple | None = None):
    language = lang()
    countries = [(e.code, e.label(language)) for e in vocabulary().entries("country")]
    return page("admin/users.html", language, principal, status=status, error=error, roles=ROLES,
                users=sorted(_store().load().values(), key=lambda u: u.name), countries=countries,
                shown_password=shown_password)


@blueprint.get("/users")
def users_home():
    return _users_page(_admin())


@blueprint.post("/users/add")
def add():
    principal = _admin()
    form = request.form
    password = secrets.token_urlsafe(12)
    try:
        user = _store().add(form.get("name", "").strip(), form.get("role", "viewer"), password, _countries_from(form))
    except UserError as error:
        return _users_page(principal, status=400, error=str(error))
    audit_log.from_request("user_added", principal.name, user=user.name, role=user.role,
                           countries=list(user.countries) if user.countries is not None else "all")
    return _users_page(principal, shown_password=(user.name, password))


@blueprint.post("/users/<name>/edit")
def edit(name: str):
    principal = _admin()
    try:
        user = _store().edit(name, request.form.get("role"), _countries_from(request.form))
    except UserError as error:
        return _users_page(principal, status=400, error=str(error))
    audit_log.from_request("user_changed", principal.name, user=user.name, role=user.role,
                           countries=list(user.countries) if user.countries is not None else "all")
    return redirect(f"/users{q(lang())}", code=303)


@blueprint.post("/users/<name>/password")
def reset_password(name: str):
    """A new generated password, shown once to the admin; every session of the user ends."""
    principal = _admin()
    password = secrets.token_urlsafe(12)
    try:
        _store().set_password(name, password)
    except UserError as error:
        return _users_page(principal, status=404, error=str(error))
    audit_log.from_request("password_reset", principal.name, user=name)
    return _users_page(principal, shown_password=(name, password))


@blueprint.post("/users/<name>/remove")
def remove(name: str):
    principal = _admin()
    if name == principal.name:
        return _users_page(principal, status=400, error=_("You cannot remove your own account."))
    try:
        _store().remove(name)
    except UserError as error:
        return _users_page(principal, status=404, error=str(error))
    audit_log.from_request("user_removed", principal.name, user=name)
    return redirect(f"/users{q(lang())}", code=303)


@blueprint.route("/account", methods=["GET", "POST"])
def account():
    principal = require_principal()
    language = lang()
    if principal.demo:
        abort(404, N_("The local demo has no accounts."))
    if request.method == "GET":
        return page("admin/account.html", language, principal)
    store = _store()
    if store.verify(principal.name, request.form.get("current", "")) is None:
        return page("admin/account.html", language, principal, status=400,
                    error=_("The current password is not right."))
    new = request.form.get("new", "")
    if new != request.form.get("again", ""):
        return page("admin/account.html", language, principal, status=400, error=_("The two new passwords differ."))
    try:
        store.set_password(principal.name, new)
    except UserError as error:
        return page("admin/account.html", language, principal, status=400, error=str(error))
    audit_log.from_request("password_changed", principal.name)
    # Changing the password ends every session, this one too: sign in again with the new one.
    return redirect(f"/login?next=/account{'&lang=ru' if language == 'ru' else ''}", code=303)
