"""Caching measure results for the web app (flask-caching).

Keys hold the snapshot id and the canonical filter value, so a new snapshot gets new keys and
never shows stale numbers. FileSystemCache by default; Redis when REDIS_URL is set, so several
gunicorn workers share one cache.

Values are pickles, as flask-caching writes them, but signed: each carries an HMAC-SHA256 made
with a key derived from the app's SECRET_KEY, and a value whose signature does not match is a
miss, never unpickled. Whoever can write to the cache folder (or the Redis server) without the
key cannot make the app run code. The file cache's folder must belong to this process's user
and be writable by nobody else; a folder of someone else, a shared one or a symbolic link is
refused with the reason (set REACT_CACHE_DIR to a folder of your own).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from cachelib.serializers import BaseSerializer
from flask_caching import Cache

from dashboard import measures
from dashboard.filters import Filters
from dashboard.snapshots import Snapshot

cache = Cache()

TIMEOUT_SECONDS = 24 * 3600  # keys change with the snapshot, so age only bounds the size


class CacheFolderError(RuntimeError):
    """The file cache's folder could be written by someone else; the message says what to do."""


class SignedSerializer(BaseSerializer):
    """Pickles with an HMAC in front; a value that does not verify loads as None (a cache miss)."""

    def __init__(self, secret: str, redis: bool = False):
        self.key = hashlib.sha256(b"react-dashboard cache|" + secret.encode()).digest()
        self.redis = redis

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self.key, payload, hashlib.sha256).digest() + payload

    def _verify(self, data: bytes) -> object:
        mac, payload = data[:32], data[32:]
        if len(mac) < 32 or not hmac.compare_digest(mac, hmac.new(self.key, payload, hashlib.sha256).digest()):
            return None
        return pickle.loads(payload)  # signed by this app: safe to unpickle

    def dump(self, value, f, protocol: int = pickle.HIGHEST_PROTOCOL) -> None:
        f.write(self._sign(pickle.dumps(value, protocol)))

    def load(self, f) -> object:
        return self._verify(f.read())

    def dumps(self, value, protocol: int = pickle.HIGHEST_PROTOCOL) -> bytes:
        if self.redis and type(value) is int:  # plain, so Redis' INCR keeps working
            return str(value).encode("ascii")
        return b"!" + self._sign(pickle.dumps(value, protocol))

    def loads(self, data: bytes | None) -> object:
        if data is None:
            return None
        if data.startswith(b"!"):
            return self._verify(data[1:])
        try:
            return int(data)
        except ValueError:
            return None


def private_folder(folder: Path) -> Path:
    """Make (mode 700) or check a folder that only this process's user may write."""
    if folder.is_symlink():
        raise CacheFolderError(f"cache folder {folder} is a symbolic link; set REACT_CACHE_DIR to a folder of "
                               "your own")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if info.st_uid != os.getuid():
        raise CacheFolderError(f"cache folder {folder} belongs to another user; set REACT_CACHE_DIR to a folder "
                               "of your own")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise CacheFolderError(f"cache folder {folder} is one that others can write; set REACT_CACHE_DIR to a "
                               "folder of your own (mode 700)")
    return folder


def cache_config(data_dir: Path) -> dict:
    """flask-caching's settings (values are signed by init_cache)."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
                "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS, "CACHE_KEY_PREFIX": "react:"}
    # One folder per user in the shared temp folder: another user's folder there is refused, not used.
    default = Path(tempfile.gettempdir()) / f"react-dashboard-cache-{os.getuid()}"
    folder = private_folder(Path(os.environ.get("REACT_CACHE_DIR") or default))
    return {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(folder),
            "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS, "CACHE_THRESHOLD": 20_000}


def init_cache(server, data_dir: Path, secret: str) -> None:
    """Set up the cache on the Flask server, with signed values."""
    config = cache_config(data_dir)
    cache.init_app(server, config=config)
    with server.app_context():
        cache.cache.serializer = SignedSerializer(secret, redis=config["CACHE_TYPE"] == "RedisCache")


def cache_key(function: Callable, snapshot: Snapshot, filters: Filters, extra: tuple) -> str:
    text = "|".join([function.__qualname__, snapshot.id, filters.query_string(), repr(extra)])
    return "m:" + hashlib.sha256(text.encode()).hexdigest()


def cached(function: Callable, snapshot: Snapshot, filters: Filters, *args, lang: str = "en") -> object:
    """`function(snapshot, filters, *args)`, a measure of dashboard.measures, through the cache.

    Cached once per scope in English; the labels of `lang` are applied after the cache, so a
    second language costs no query (measures.relabelled)."""
    key = cache_key(function, snapshot, filters, args)
    value = cache.get(key)
    if value is None:
        value = function(snapshot, filters, *args)
        cache.set(key, value)
    return measures.relabelled(function, value, args, lang)
