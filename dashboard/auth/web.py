"""Putting sign-in and the security rules onto the Flask server behind the Dash app.

Modes: OpenID Connect through dash-auth when `REACT_OIDC_METADATA_URL` is set; a sign-in form
against the users file once it exists; otherwise local demo mode, which answers loopback
clients only (and `serve`/gunicorn refuse to listen elsewhere). In every mode (SECURITY.md):

- the client's address is the socket's, unless the socket is a proxy named in
  `REACT_TRUSTED_PROXIES`, whose `X-Forwarded-For`/`-Proto` are then believed (one hop);
- the Host must be one of `REACT_ALLOWED_HOSTS` (in demo mode, by default, a loopback name);
- a body larger than `REACT_MAX_BODY_BYTES` is refused with 413 before anything reads it;
- a callback body that is not of Dash's form is a 400 with a short JSON reason;
- posts from a foreign Origin are refused; sign-in attempts are limited per account and per
  address, atomically (attempts.py); sign-out is a POST and ends every session of the user;
- every response carries a Content-Security-Policy (no `unsafe-eval` outside debug),
  frame-ancestors, nosniff, and HSTS over TLS; the session cookie is Secure over HTTPS.

dash-auth only guards the door: each callback and route still authorizes itself through
`principal.require_principal` (see webctx).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse, urlsplit

import dash_auth
from dash import Dash
from dash_auth.auth import Auth
from flask import Response, abort, current_app, jsonify, redirect, render_template_string, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import audit_log, i18n
from dashboard.auth.attempts import Attempts
from dashboard.auth.principal import DEMO_MODE, OIDC_MODE, auth_mode, current_mode, is_loopback
from dashboard.auth.users import UserStore, users_file
from dashboard.i18n import N_, _

PUBLIC_ROUTES = [
    "/releases", "/releases/<release_id>", "/releases/<release_id>/embed/<name>", "/releases/<path:anything>",
    "/api/v1/releases", "/api/v1/releases/<release_id>",
    "/login", "/logout", "/health", "/assets/<path:path>",
    # Downloads of public releases read the frozen release file only, like the release pages.
    "/export/release/<release_id>/<filename>", "/export/release/<filename>",
    "/api/v1/releases/<path:anything>",
]
MAX_FAILED_SIGNINS = 5  # per account in the window
MAX_ATTEMPTS_PER_ADDRESS = 50  # failures per address in the window: slows spraying many accounts
MAX_BODY_BYTES = 2 * 1024 * 1024
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
JSON_ERROR_PATHS = ("/_dash-", "/api/")
UPLOAD_PATH = "/data/upload"

log = logging.getLogger(__name__)


class SecretKeyError(RuntimeError):
    """No session key can be kept; the message says to set SECRET_KEY."""


def _create_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, whole or not at all (temporary file, fsync, rename)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one kept beside the data (shared by all workers).

    A missing, empty or cut file (a full disk) is replaced under a lock, so every worker ends up
    with the same key; a data directory that cannot be written asks for SECRET_KEY instead.
    """
    configured = os.environ.get("SECRET_KEY") or os.environ.get("REACT_SECRET_KEY")
    if configured:
        return configured
    path = Path(data_dir) / ".secret_key"

    def kept() -> str | None:
        try:
            text = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return text if re.fullmatch(r"[0-9a-f]{64}", text) else None

    try:
        found = kept()
        if found:
            return found
        path.parent.mkdir(parents=True, exist_ok=True)
        with (path.parent / ".secret_key.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            found = kept()
            if found:
                return found
            key = secrets.token_hex(32)
            _create_private(path, key + "\n")
            return key
    except OSError as error:
        raise SecretKeyError(f"cannot keep a session key in {path} ({error.strerror or error}): set SECRET_KEY "
                             "in the environment (the same value for every worker)") from None


def trusted_proxies() -> set[str]:
    return {item.strip() for item in os.environ.get("REACT_TRUSTED_PROXIES", "").split(",") if item.strip()}


class TrustedProxy:
    """WSGI middleware: X-Forwarded-For/-Proto count only when the socket's peer is a trusted proxy."""

    def __init__(self, app):
        self.app = app
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=0, x_port=0, x_prefix=0)

    def __call__(self, environ, start_response):
        if environ.get("REMOTE_ADDR") in trusted_proxies():
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def client_address() -> str:
    """The requesting client's address (after TrustedProxy)."""
    return request.remote_addr or ""


class _SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (directly or via a trusted proxy)."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


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
        target = request.full_path if request.query_string else request.path
        return redirect(f"/login?next={quote(target, safe='')}")


_LOGIN_PAGE = """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ _("Sign in") }} · REAct dashboard</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap-5.3.9.min.css"></head>
<body class="bg-light"><main class="container" style="max-width:26rem;margin-top:10vh">
<h1 class="h4 mb-3">REAct dashboard</h1>
{% if message %}<div class="alert alert-{{ level }}" role="alert" id="login-message">{{ message }}</div>{% endif %}
<form method="post" action="/login" class="card card-body">
<input type="hidden" name="next" value="{{ next }}"><input type="hidden" name="lang" value="{{ lang }}">
<label class="form-label" for="username">{{ _("User name") }}</label>
<input class="form-control mb-2" id="username" name="username" autocomplete="username" required>
<label class="form-label" for="password">{{ _("Password") }}</label>
<input class="form-control mb-3" id="password" name="password" type="password" autocomplete="current-password" required>
<button class="btn btn-primary" type="submit" id="login-submit">{{ _("Sign in") }}</button></form>
<p class="small text-body-secondary mt-3">
<a href="/releases{{ '?lang=ru' if lang == 'ru' else '' }}">{{ _("Published statistics") }}</a>
{{ _("need no sign-in.") }} <a href="{{ other_href }}" lang="{{ other_lang }}">{{ other_name }}</a></p>
</main></body></html>"""

_ERROR_PAGE = """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }} · REAct</title>
<style>body{font:16px/1.45 system-ui,sans-serif;max-width:40rem;margin:10vh auto;padding:0 1rem;color:#1d1d1f}
a{color:#0b57a4}</style></head><body><main><h1 id="error-title">{{ code }} · {{ title }}</h1>
<p id="error-text">{{ text }}</p><p><a href="/{{ '?lang=ru' if lang == 'ru' else '' }}">{{ _("Dashboard") }}</a> ·
<a href="/releases{{ '?lang=ru' if lang == 'ru' else '' }}">{{ _("Published statistics") }}</a></p>
</main></body></html>"""
# The words of the two pages above, for the catalog (they are inside template strings).
_PAGE_WORDS = (N_("Sign in"), N_("User name"), N_("Password"), N_("Published statistics"), N_("need no sign-in."),
               N_("Dashboard"))
ERROR_TITLES = {400: N_("The request cannot be used"), 403: N_("Not allowed"), 404: N_("Not found"),
                405: N_("Not allowed this way"), 409: N_("Not possible now"), 413: N_("Too large"),
                429: N_("Too many attempts")}


def request_lang() -> str:
    """The language of a page that is not a Dash page: ?lang=, a form's lang, or the lang of `next`."""
    try:
        values = request.values
    except HTTPException:  # a body too large to read: the query string is all there is
        values = request.args
    value = values.get("lang")
    if not value:
        value = (parse_qs(urlsplit(values.get("next") or "").query).get("lang") or [""])[-1]
    return i18n.language(value)


def _safe_next(target: str | None) -> str:
    """Only paths on this site: an open redirect would let a link send people elsewhere. Browsers drop
    tabs and newlines inside URLs and read a backslash as a slash, so `/<TAB>/evil.example` is
    `//evil.example`: any control character, space or backslash sends the user home instead, and
    so does a path that starts with an encoded control character or slash."""
    if not target or re.search(r"[\x00-\x20\x7f\\]", target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if re.match(r"/(%[01][0-9a-f]|%2f|%5c|%7f)", target, re.IGNORECASE):
        return "/"
    return target


def _attempts(server) -> Attempts:
    if "REACT_ATTEMPTS" not in server.config:
        folder = server.config.get("CACHE_DIR") or Path(server.config["REACT_DATA_DIR"])
        server.config["REACT_ATTEMPTS"] = Attempts(folder, os.environ.get("REDIS_URL"))
    return server.config["REACT_ATTEMPTS"]


def _install_sign_in_form(app: Dash) -> None:
    server = app.server

    @server.route("/login", methods=["GET", "POST"])
    def login():
        store = UserStore(users_file(Path(server.config["REACT_DATA_DIR"])))
        next_path = _safe_next(request.values.get("next"))
        lang = request_lang()

        def login_page(message=None, level=None):
            other = "en" if lang == "ru" else "ru"
            with i18n.use(lang):
                return render_template_string(
                    _LOGIN_PAGE, next=next_path, message=_(message) if message else None, level=level, lang=lang, _=_,
                    other_lang=other, other_name="English" if lang == "ru" else "Русский",
                    other_href=f"/login?next={quote(next_path, safe='')}&lang={other}")
        if request.method == "GET":
            return login_page()
        name = request.form.get("username", "")[:100]
        attempts = _attempts(server)
        account_key = f"account:{store.path}:{name.casefold()}"
        address_key = f"address:{client_address()}"
        # The account's attempt is counted before the password is checked, atomically: concurrent
        # guesses cannot race past the limit.
        if attempts.count(address_key) >= MAX_ATTEMPTS_PER_ADDRESS or attempts.hit(account_key) > MAX_FAILED_SIGNINS:
            return login_page(N_("Too many failed sign-ins. Try again in 15 minutes."), "danger"), 429
        user = store.verify(name, request.form.get("password", ""))
        if user is None:
            attempts.hit(address_key)
            audit_log.from_request("sign_in_failed", None, name=name)
            return login_page(N_("The user name or password is not right."), "warning"), 401
        attempts.clear(account_key)
        session.clear()
        session["user"] = {"email": user.name, "groups": [user.role], "v": user.session_version}
        audit_log.from_request("sign_in", user.name)
        store.signed_in(user.name, datetime.now(UTC).isoformat(timespec="seconds"))
        return redirect(next_path)

    @server.get("/logout")
    def logout_is_a_post():
        """A link or an image on another page must not sign anyone out (and this is no Dash page)."""
        return Response("Sign out with the button on the page (a POST).", status=405, headers={"Allow": "POST"})

    @server.route("/logout", methods=["POST"])
    def logout():
        """Ends every session of the user, on every device (a copied cookie included)."""
        name = (session.get("user") or {}).get("email")
        if name:
            UserStore(users_file(Path(server.config["REACT_DATA_DIR"]))).end_sessions(name)
            audit_log.from_request("sign_out", name)
        session.clear()
        return redirect("/login")

    SignInGate(app, public_routes=PUBLIC_ROUTES)


class _OIDCGate(dash_auth.OIDCAuth):
    """dash-auth's OpenID Connect sign-in; callbacks and APIs get a 401, not a redirect to the
    provider; a completed sign-in is written to the audit log and the user's last sign-in."""

    def login_request(self, idp: str | None = None):
        if request.path.startswith(("/_dash", "/api/")):
            abort(401)
        return super().login_request(idp)

    def callback(self, idp: str):
        answer = super().callback(idp)
        name = (session.get("user") or {}).get("email")
        if name:
            store = UserStore(users_file(Path(current_app.config["REACT_DATA_DIR"])))
            if name in store.load():
                store.signed_in(name, datetime.now(UTC).isoformat(timespec="seconds"))
            audit_log.from_request("sign_in", name, provider=idp)
        return answer


def _install_oidc(app: Dash) -> None:
    auth = _OIDCGate(app, secret_key=app.server.secret_key, public_routes=PUBLIC_ROUTES,
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


def allowed_hosts() -> set[str] | None:
    """Host names this instance answers to; None: any (sign-in on and no list configured)."""
    configured = {h.strip().lower() for h in os.environ.get("REACT_ALLOWED_HOSTS", "").split(",") if h.strip()}
    if configured:
        return configured
    return LOOPBACK_HOSTS if current_mode() == DEMO_MODE else None


def _host_name(host: str) -> str:
    host = host.lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def callback_body_problem(data: object) -> str | None:
    """Why a posted body is not a Dash callback request (None when it is of the right form)."""
    if not isinstance(data, dict):
        return "the body is not a JSON object"
    if not isinstance(data.get("output"), str):
        return "output must be text"
    if not isinstance(data.get("outputs"), (dict, list)):
        return "outputs must be an object or a list"
    for name in ("inputs", "state"):
        items = data.get(name, [])
        if not isinstance(items, list) or not all(
                isinstance(i, dict) or (isinstance(i, list) and all(isinstance(j, dict) for j in i)) for i in items):
            return f"{name} must be a list of objects"
    changed = data.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of text"
    return None


def _install_request_rules(app: Dash, debug: bool) -> None:
    server = app.server
    limit = int(os.environ.get("REACT_MAX_BODY_BYTES") or MAX_BODY_BYTES)
    server.config["MAX_CONTENT_LENGTH"] = limit
    server.session_interface = _SessionInterface()

    @server.before_request
    def known_host():
        """DNS rebinding: a page on another name must not reach a local demo (or any instance with a list)."""
        allowed = allowed_hosts()
        if allowed is not None and _host_name(request.host) not in allowed:
            abort(400, "unknown host")

    @server.before_request
    def bounded_body():
        """Refused before anything (dash-auth included) reads the body. Uploads of exports to the
        data desk have their own, larger limit (REACT_MAX_UPLOAD_BYTES), and only there."""
        allowed = limit
        if request.path == UPLOAD_PATH and request.method == "POST":
            from dashboard.desk.routes import max_upload_bytes

            allowed = max_upload_bytes()
            request.max_content_length = allowed
        if request.content_length is not None and request.content_length > allowed:
            abort(413, f"the request body is larger than {allowed} bytes")

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

    @server.before_request
    def callback_body_of_dashs_form():
        if request.method != "POST" or request.path != "/_dash-update-component":
            return None
        try:
            data = json.loads(request.get_data(cache=True) or b"null")
        except (ValueError, RecursionError):
            abort(400, "the body is not valid JSON")
        problem = callback_body_problem(data)
        if problem:
            abort(400, problem)
        return None

    @server.errorhandler(HTTPException)
    def short_errors(error: HTTPException):
        """Callbacks and APIs get a short JSON reason; pages get Flask's plain page."""
        if request.path.startswith(JSON_ERROR_PATHS):
            return jsonify({"error": error.description}), error.code
        if error.code not in ERROR_TITLES:
            return error
        lang = request_lang()
        with i18n.use(lang):
            # Our own abort messages are catalog messages (N_); Flask's defaults stay as they are.
            text = _(error.description) if error.description else ""
            html = render_template_string(_ERROR_PAGE, lang=lang, code=error.code, title=_(ERROR_TITLES[error.code]),
                                          text=text, _=_)
        response = Response(html, status=error.code, mimetype="text/html")
        for name in ("Retry-After", "Allow"):
            if error.get_headers() and dict(error.get_headers()).get(name):
                response.headers[name] = dict(error.get_headers())[name]
        return response

    @server.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", _content_security_policy(app, debug))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]:
            response.headers.setdefault("X-Frame-Options", "DENY")  # the public embed page sets its own CSP
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.path.startswith(("/api/v1/summary", "/_dash-update-component", "/_dash-layout", "/login")):
            # Signed-in numbers (and the layout's navigation, named for its user) stay out of shared caches.
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def install(app: Dash, data_dir: Path, secret: str, debug: bool = False) -> str:
    """Set up sign-in and the request rules; returns the mode at start (demo, password or oidc)."""
    server = app.server
    server.secret_key = secret
    server.wsgi_app = TrustedProxy(server.wsgi_app)
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
