"""Who is asking: the signed-in user of a request, or the local demo user, or nobody.

Read from the Flask session (set by the sign-in form or by dash-auth's OpenID Connect flow)
and re-checked against the users file on every request, so removing a user, a new password or
signing out (the session version, users.py) takes effect at once. Nothing here trusts what a
request says about itself beyond the signed session cookie.

Demo mode (no sign-in, loopback only) needs no users file at all: once the file exists, even
with no user left in it, sign-in is required; and once a process has seen sign-in on for a data
directory, it never falls back to demo mode for it, whatever happens to the file.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, request, session

from dashboard.auth.users import UserStore, users_file

DEMO_MODE, PASSWORD_MODE, OIDC_MODE = "demo", "password", "oidc"


SIGNIN_SEEN = "REACT_SIGNIN_SEEN"  # app config: data directories this process has seen with sign-in on


def auth_mode(data_dir: Path) -> str:
    """OpenID Connect when configured; a sign-in form once the users file exists; else demo."""
    if os.environ.get("REACT_OIDC_METADATA_URL"):
        return OIDC_MODE
    path = users_file(data_dir)
    if path.exists() or UserStore(path).load():
        return PASSWORD_MODE
    return DEMO_MODE


def current_mode() -> str:
    """Decided per request, so adding the first user turns sign-in on without a restart."""
    folder = current_app.config["REACT_DATA_DIR"]
    mode = auth_mode(Path(folder))
    seen = current_app.config.setdefault(SIGNIN_SEEN, set())
    if mode != DEMO_MODE:
        seen.add(folder)
    elif folder in seen:
        return PASSWORD_MODE
    return mode


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    countries: tuple[str, ...] | None  # None: every country
    demo: bool = False


DEMO_PRINCIPAL = Principal("local demo", "admin", None, demo=True)


def is_loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def current_principal() -> Principal | None:
    if current_mode() == DEMO_MODE:
        return DEMO_PRINCIPAL if is_loopback(request.remote_addr) else None
    user = session.get("user") or {}
    name = user.get("email") or user.get("name")
    if not name:
        return None
    account = UserStore(users_file(Path(current_app.config["REACT_DATA_DIR"]))).load().get(name)
    if account is None or int(user.get("v") or 0) != account.session_version:
        return None
    return Principal(account.name, account.role, account.countries)


def require_principal() -> Principal:
    """The principal, or a 403 that ends the request (callbacks and routes alike); a user with an
    empty country list may see no country at all."""
    principal = current_principal()
    if principal is None:
        abort(403)
    if principal.countries == ():
        abort(403, "No country has been given to your account.")
    return principal
