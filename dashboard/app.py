"""The Dash application: `create_app()` builds it; `server` is the WSGI entry for gunicorn.

Nothing is read at import time: `server` is made on first access (PEP 562), which also builds
the demo snapshot on a fresh clone.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from dash import Dash
from flask_compress import Compress

from dashboard import api_internal, config, i18n, warmup, webctx
from dashboard.admin import publishing
from dashboard.admin import users as admin_users
from dashboard.auth import web as auth_web
from dashboard.auth.principal import DEMO_MODE, auth_mode, is_loopback
from dashboard.cache import init_cache
from dashboard.desk import routes as desk_routes
from dashboard.exports import routes as export_routes
from dashboard.public import routes as public_routes

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS_DIR = config.PROJECT_DIR / "assets"


class ReactDash(Dash):
    """Dash, with the page's language on `<html lang>` (a screen reader reads Russian as Russian)."""

    def interpolate_index(self, **kwargs):
        from flask import has_request_context, request

        page = super().interpolate_index(**kwargs)
        lang = i18n.language(request.args.get("lang")) if has_request_context() else "en"
        return page.replace("<html>", f'<html lang="{lang}">', 1)


def create_app(data_dir: Path | str | None = None, debug: bool = False) -> Dash:
    """The app over a data directory. Dash's page registry is global: one app per process."""
    folder = config.data_dir(data_dir)
    app = ReactDash(
        __name__,
        use_pages=True,
        pages_folder=str(PACKAGE_DIR / "pages"),
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        title="REAct dashboard",
        update_title=None,
        suppress_callback_exceptions=True,
        health_endpoint="health",
    )
    use_partial_plotly()
    drop_babel_polyfill()
    drop_dash_table()
    # Assets and component scripts carry their version in the URL (?m=, ?v=): cache them a year.
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = 365 * 24 * 3600
    app.server.config["REACT_DATA_DIR"] = str(folder)
    app.server.config[warmup.CONFIG_KEY] = warmup.enabled_by_environment()
    app.server.config[webctx.SNAPSHOT_HOOKS] = (warmup.notice,)
    secret = auth_web.secret_key(folder)
    init_cache(app.server, folder, secret)
    i18n.init_app(app.server)
    auth_web.install(app, folder, secret, debug=debug)
    api_internal.register(app.server)
    export_routes.register(app.server)
    public_routes.register(app.server)
    desk_routes.register(app.server)
    for blueprint in (publishing.blueprint, admin_users.blueprint):
        app.server.register_blueprint(blueprint)
    Compress(app.server)  # gzip/brotli for pages, callbacks and scripts (plotly.js: 4.8 MB -> 1.5 MB)
    from dashboard.components import shell  # imported here: registers the shell's callbacks once

    app.layout = shell.layout
    from dashboard import api_public

    api_public.register(app.server)
    # Dash finishes registering the Pages router's callbacks on its first request; concurrent
    # first requests to a fresh worker could see "Callback function not found". One request now.
    app.server.test_client().get("/_dash-dependencies")
    return app


def use_partial_plotly() -> None:
    """The browser loads a plotly.js bundle from assets/vendor with only the trace types charts.py
    draws (bar, scatter, heatmap, pie; scripts/build-plotly-bundle.sh; 1.2 MB instead of the full
    4.8 MB or the cartesian dist's 1.5 MB) and not Dash's own
    full bundle: dcc.Graph draws with the `window.Plotly` it finds. Images on the server (kaleido)
    keep plotly.py's full bundle. tests/test_front_end.py checks no chart uses another trace type."""
    from dash import dcc

    dcc._js_dist[:] = [d for d in dcc._js_dist if d.get("namespace") != "plotly"]


def drop_babel_polyfill() -> None:
    """Dash sends @babel/polyfill 7 (core-js 2, for browsers of 2015) before everything else: 36 KB
    compressed and 130-240 ms of start-up on every page (bench/RESULTS.md), for features every
    browser the dashboard supports has built in. The one thing the bundles need from it is the
    global `regeneratorRuntime` (their lazy loading uses it), which assets/vendor's
    regenerator-runtime 0.14.1 (MIT, from npm) provides at 7 KB."""
    from dash import _dash_renderer

    for dependency in _dash_renderer._js_dist_dependencies:
        for key in ("relative_package_path", "external_url"):
            for bundle in ("prod", "dev"):
                paths = dependency.get(key, {}).get(bundle)
                if paths:
                    paths[:] = [path for path in paths if "polyfill@" not in path]


def drop_dash_table() -> None:
    """Dash sends dash_table's bundle to every page; no page uses DataTable (it is deprecated:
    tables are Bootstrap tables), so the page is one request lighter."""
    from dash import dash_table

    dash_table._js_dist[:] = []


@lru_cache(maxsize=1)
def _default_app() -> Dash:
    from dashboard.bootstrap import ensure_demo_data

    folder = config.data_dir()
    if os.environ.get("REACT_DEMO_BOOTSTRAP", "1") != "0":
        ensure_demo_data(folder)
    return create_app(folder)


def __getattr__(name: str):
    if name == "server":
        return _default_app().server
    if name == "app":
        return _default_app()
    raise AttributeError(name)


class NoSignInError(RuntimeError):
    """Asked to listen beyond this computer with no sign-in set up."""


def check_listen_address(host: str, data_dir: Path) -> None:
    """privacy.md: without sign-in the app may listen on a loopback address only."""
    if auth_mode(data_dir) == DEMO_MODE and not _all_loopback(host):
        raise NoSignInError(
            f"refusing to listen on {host} with no sign-in set up: add a user "
            "(python -m dashboard users add NAME --role viewer) or configure OpenID Connect, or use 127.0.0.1"
        )


def _all_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    return is_loopback(host.strip("[]"))


def serve(data_dir: Path, host: str, port: int, debug: bool) -> int:
    from dashboard.bootstrap import ensure_demo_data

    check_listen_address(host, data_dir)
    logging.basicConfig(level=logging.INFO)
    ensure_demo_data(data_dir)
    create_app(data_dir, debug=debug).run(host=host, port=port, debug=debug)
    return 0
