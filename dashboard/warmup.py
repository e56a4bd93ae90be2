"""Filling the cache with every page's opening view (no filter) of a new snapshot.

Nearly every visit starts on a page with no filter: every case of the snapshot, the costliest
scope there is (at 10 M cases, seconds per page). After an import nobody has asked for it yet,
so the first visitor would wait. The first time a worker serves a snapshot it starts a background
thread that computes each page's opening view in each language through the page's own compute,
so the cache keys are exactly the ones a visitor's request looks up. A key in the shared cache
claims the work, so one worker does it, not all of them.

Off with REACT_WARM_CACHE=0 (the tests switch it off to keep their cache state their own;
benchmarks switch it off to time cold pages).
"""

from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask, current_app

from dashboard import i18n
from dashboard.cache import cache
from dashboard.filters import Filters
from dashboard.snapshots import Snapshot

log = logging.getLogger(__name__)

CONFIG_KEY = "REACT_WARM_CACHE"
_CLAIM_SECONDS = 3600  # a worker that died while warming frees the claim after this

_seen: set[str] = set()
_seen_lock = threading.Lock()


def enabled_by_environment() -> bool:
    return os.environ.get(CONFIG_KEY, "1") != "0"


def notice(snapshot: Snapshot) -> threading.Thread | None:
    """Start warming a snapshot in the background the first time this process serves it.

    Called on every request that reads the current snapshot: after the first call per snapshot
    it is one set lookup. Returns the thread it started, if any.
    """
    app = current_app._get_current_object()
    if not app.config.get(CONFIG_KEY, True):
        return None
    with _seen_lock:
        if snapshot.id in _seen:
            return None
        _seen.add(snapshot.id)
    thread = threading.Thread(target=_warm_once, args=(app, snapshot), name=f"warm-{snapshot.id}", daemon=True)
    thread.start()
    return thread


def _warm_once(app: Flask, snapshot: Snapshot) -> None:
    with app.test_request_context("/"):
        if not cache.add(f"warmed:{snapshot.id}", "claimed", timeout=_CLAIM_SECONDS):
            return  # another worker is warming it, or has
        started = time.perf_counter()
        try:
            views = warm(snapshot)
        except Exception:  # a failed warm-up only means a slower first visit; never take the worker down
            log.exception("warming the cache for snapshot %s failed", snapshot.id)
            cache.delete(f"warmed:{snapshot.id}")
            return
        log.info("cache warmed for snapshot %s: %d page views in %.1f s", snapshot.id, views,
                 time.perf_counter() - started)


def warm(snapshot: Snapshot, langs: tuple[str, ...] = i18n.LANGUAGES) -> int:
    """Compute (through the cache) every page's opening view in each language; the views computed.

    Needs an app and request context (the cache, the translations). A user limited to some
    countries opens a different scope, which this does not cover.
    """
    from dashboard.views import exportable
    from dashboard.webctx import Scope

    views = 0
    for lang in langs:
        scope = Scope(snapshot, Filters(), ()).with_setting("lang", lang)
        with i18n.use(lang):
            for view in exportable().values():
                view.figures(scope)
                views += 1
    return views
