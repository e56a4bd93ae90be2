"""Counting sign-in attempts per account and per address, atomically, across every worker.

`hit(key)` adds one attempt and returns how many there were in the window, in one atomic step,
so concurrent guesses cannot race past the limit: Redis INCR (with the key's expiry set once)
when REDIS_URL is set, else an SQLite file in the cache folder (a write transaction serialises
the workers of one machine). An account's attempt is counted *before* its password is checked,
and a right password clears the count; an address counts failures only, so that many people
signing in through one proxy are never locked out together.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

WINDOW_SECONDS = 15 * 60


class Attempts:
    def __init__(self, folder: Path | str, redis_url: str | None = None):
        self.redis = None
        if redis_url:
            import redis

            self.redis = redis.Redis.from_url(redis_url)
        self.path = Path(folder) / "signin-attempts.sqlite"

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        connection.execute("create table if not exists attempts (key text primary key, count integer, "
                           "expires real)")
        os.chmod(self.path, 0o600)
        return connection

    def hit(self, key: str, window: int = WINDOW_SECONDS) -> int:
        if self.redis is not None:
            name = f"react:signin:{key}"
            with self.redis.pipeline() as pipe:
                count, _ = pipe.incr(name).expire(name, window, nx=True).execute()
            return int(count)
        now = time.time()
        with closing(self._connect()) as connection:
            connection.execute("begin immediate")
            connection.execute("delete from attempts where expires < ?", (now,))
            connection.execute("insert into attempts values (?, 1, ?) on conflict(key) do update set "
                               "count = count + 1", (key, now + window))
            (count,) = connection.execute("select count from attempts where key = ?", (key,)).fetchone()
            connection.execute("commit")
        return int(count)

    def count(self, key: str) -> int:
        """Attempts in the window, without adding one."""
        if self.redis is not None:
            return int(self.redis.get(f"react:signin:{key}") or 0)
        with closing(self._connect()) as connection:
            row = connection.execute("select count from attempts where key = ? and expires >= ?",
                                     (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def clear(self, key: str) -> None:
        if self.redis is not None:
            self.redis.delete(f"react:signin:{key}")
            return
        with closing(self._connect()) as connection:
            connection.execute("delete from attempts where key = ?", (key,))
