"""Putting sign-in and the security rules onto the Flask server behind the Dash app.

Modes: OpenID Connect through dash-auth when `REACT_OIDC_METADATA_URL` is set; a sign-in form
against the users file when it has users; otherwise local demo mode, which answers loopback
clients only (and `serve`/gunicorn refuse to listen elsewhere). In every mode: callbacks
posted from a foreign Origin are refused, failed sign-ins are rate limited, and every response
carries a Content-Security-Policy (no `unsafe-eval` outside debug), frame-ancestors, nosniff,
and HSTS over TLS. dash-auth only guards the door: each callback and route still authorizes
itself through `principal.require_principal` (see webctx).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

import dash_auth
from dash import Dash
from dash_auth.auth import Auth
from flask import Response, abort, redirect, render_template_string, request, session

from dashboard.auth.principal import DEMO_MODE, OIDC_MODE, auth_mode, current_mode, is_loopback
from dashboard.auth.users import UserStore, users_file
from dashboard.cache import cache

PUBLIC_ROUTES = [
    "/releases", "/releases/<release_id>", "/api/v1/releases", "/api/v1/releases/<release_id>",
    "/login", "/logout", "/health", "/assets/<path:path>",
    # Downloads of public releases read the frozen release file only, like the release pages.
    "/export/release/<release_id>/<filename>", "/export/release/<filename>",
    "/api/v1/releases/<path:anything>",
]
MAX_FAILED_SIGNINS = 5
FAILED_SIGNIN_WINDOW_SECONDS = 15 * 60


def secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one kept beside the data (shared by all workers)."""
    configured = os.environ.get("SECRET_KEY") or os.environ.get("REACT_SECRET_KEY")
    if configured:
        return configured
    path = Path(data_dir) / ".secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


class SignInGate(Auth):
    """dash-auth's route protection (public routes), with our sign-in form and the Flask session.

    In demo mode (no users yet) loopback clients pass; once the users file has a user, the
    sign-in form is required, without a restart.
    """

    def is_authorized(self) -> bool:
        if current_mode() == DEMO_MODE:
            return is_loopback(request.remote_addr)
        return bool(session.get("user"))

    def login_request(self) -> Response:
        if current_mode() == DEMO_MODE:
            abort(403, "This dashboard has no sign-in set up and only answers on this computer.")
        if request.path.startswith(("/_dash", "/api/")):
            abort(401)
        return redirect(f"/login?next={request.full_path if request.query_string else request.path}")


_LOGIN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in · REAct dashboard</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap-5.3.9.min.css"></head>
<body class="bg-light"><main class="container" style="max-width:26rem;margin-top:10vh">
<h1 class="h4 mb-3">REAct dashboard</h1>
{% if message %}<div class="alert alert-{{ level }}" role="alert" id="login-message">{{ message }}</div>{% endif %}
<form method="post" action="/login" class="card card-body">
<input type="hidden" name="next" value="{{ next }}">
<label class="form-label" for="username">User name</label>
<input class="form-control mb-2" id="username" name="username" autocomplete="username" required>
<label class="form-label" for="password">Password</label>
<input class="form-control mb-3" id="password" name="password" type="password" autocomplete="current-password" required>
<button class="btn btn-primary" type="submit">Sign in</button></form>
<p class="small text-body-secondary mt-3"><a href="/releases">Public releases</a> need no sign-in.</p>
</main></body></html>"""


def _safe_next(target: str | None) -> str:
    """Only paths on this site: an open redirect would let a link send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _failures_key() -> str:
    return f"signin-failures:{request.remote_addr}"


def _install_sign_in_form(app: Dash) -> None:
    server = app.server

    @server.route("/login", methods=["GET", "POST"])
    def login():
        store = UserStore(users_file(Path(server.config["REACT_DATA_DIR"])))
        next_path = _safe_next(request.values.get("next"))
        if request.method == "GET":
            return render_template_string(_LOGIN_PAGE, next=next_path, message=None)
        failures = cache.get(_failures_key()) or 0
        if failures >= MAX_FAILED_SIGNINS:
            message = "Too many failed sign-ins from this address. Try again in 15 minutes."
            return render_template_string(_LOGIN_PAGE, next=next_path, message=message, level="danger"), 429
        user = store.verify(request.form.get("username", ""), request.form.get("password", ""))
        if user is None:
            cache.set(_failures_key(), failures + 1, timeout=FAILED_SIGNIN_WINDOW_SECONDS)
            message = "The user name or password is not right."
            return render_template_string(_LOGIN_PAGE, next=next_path, message=message, level="warning"), 401
        session.clear()
        session["user"] = {"email": user.name, "groups": [user.role]}
        return redirect(next_path)

    @server.route("/logout")
    def logout():
        session.clear()
        return redirect("/login")

    SignInGate(app, public_routes=PUBLIC_ROUTES)


def _install_oidc(app: Dash) -> None:
    auth = dash_auth.OIDCAuth(app, secret_key=app.server.secret_key, public_routes=PUBLIC_ROUTES,
                              force_https_callback=os.environ.get("REACT_OIDC_FORCE_HTTPS", "1") == "1")
    auth.register_provider(
        "idp",
        server_metadata_url=os.environ["REACT_OIDC_METADATA_URL"],
        client_id=os.environ.get("REACT_OIDC_CLIENT_ID"),
        client_secret=os.environ.get("REACT_OIDC_CLIENT_SECRET"),
        client_kwargs={"scope": "openid email profile"},
    )


def _install_demo_guard(app: Dash) -> None:
    @app.server.before_request
    def loopback_only_without_sign_in():
        """Public routes too: without sign-in the whole app stays on this computer."""
        if current_mode() == DEMO_MODE and not is_loopback(request.remote_addr):
            abort(403, "This dashboard has no sign-in set up and only answers on this computer.")


def _content_security_policy(app: Dash, debug: bool) -> str:
    scripts = " ".join(["'self'", *app.csp_hashes()] + (["'unsafe-eval'"] if debug else []))
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
        "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
    ])


def _install_request_rules(app: Dash, debug: bool) -> None:
    server = app.server

    @server.before_request
    def same_origin_posts():
        """A state-changing request from another site's page is refused (CSRF)."""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        origin = request.headers.get("Origin")
        if origin and urlparse(origin).netloc != request.host:
            abort(403, "cross-origin request refused")
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            abort(403, "cross-site request refused")
        return None

    @server.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", _content_security_policy(app, debug))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def install(app: Dash, data_dir: Path, debug: bool = False) -> str:
    """Set up sign-in and the request rules; returns the mode at start (demo, password or oidc)."""
    server = app.server
    server.secret_key = secret_key(data_dir)
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                         SESSION_COOKIE_SECURE=os.environ.get("REACT_SECURE_COOKIES", "0") == "1")
    # Order matters: refused requests never reach sign-in.
    _install_request_rules(app, debug)
    _install_demo_guard(app)
    mode = auth_mode(data_dir)
    if mode == OIDC_MODE:
        _install_oidc(app)
    else:
        _install_sign_in_form(app)
    return mode
