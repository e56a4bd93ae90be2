"""Caching measure results for the web app (flask-caching).

Keys hold the snapshot id and the canonical filter value, so a new snapshot gets new keys and
never shows stale numbers. FileSystemCache by default; Redis when REDIS_URL is set, so several
gunicorn workers share one cache.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from flask_caching import Cache

from dashboard import measures
from dashboard.filters import Filters
from dashboard.snapshots import Snapshot

cache = Cache()

TIMEOUT_SECONDS = 24 * 3600  # keys change with the snapshot, so age only bounds the size


def cache_config(data_dir: Path) -> dict:
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
                "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS, "CACHE_KEY_PREFIX": "react:"}
    # Beside the data when it is writable; the cache holds aggregates only, never case rows.
    folder = Path(os.environ.get("REACT_CACHE_DIR") or Path(tempfile.gettempdir()) / "react-dashboard-cache")
    return {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(folder),
            "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS, "CACHE_THRESHOLD": 20_000}


def cache_key(name: str, snapshot: Snapshot, filters: Filters, extra: tuple) -> str:
    text = "|".join([name, snapshot.id, filters.query_string(), repr(extra)])
    return "m:" + hashlib.sha256(text.encode()).hexdigest()


def cached(name: str, snapshot: Snapshot, filters: Filters, *args) -> object:
    """measures.<name>(snapshot, filters, *args), through the cache."""
    function: Callable = getattr(measures, name)
    key = cache_key(name, snapshot, filters, args)
    value = cache.get(key)
    if value is None:
        value = function(snapshot, filters, *args)
        cache.set(key, value)
    return value
