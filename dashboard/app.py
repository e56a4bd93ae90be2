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

from dashboard import config
from dashboard.cache import cache, cache_config

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS_DIR = config.PROJECT_DIR / "assets"


def create_app(data_dir: Path | str | None = None) -> Dash:
    """The app over a data directory. Dash's page registry is global: one app per process."""
    folder = config.data_dir(data_dir)
    app = Dash(
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
    app.server.config["REACT_DATA_DIR"] = str(folder)
    cache.init_app(app.server, config=cache_config(folder))
    from dashboard.components import shell  # imported here: registers the shell's callbacks once

    app.layout = shell.layout
    return app


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


def serve(data_dir: Path, host: str, port: int, debug: bool) -> int:
    from dashboard.bootstrap import ensure_demo_data

    logging.basicConfig(level=logging.INFO)
    ensure_demo_data(data_dir)
    create_app(data_dir).run(host=host, port=port, debug=debug)
    return 0
