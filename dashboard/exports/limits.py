"""How many image and slide exports run at once: a few per process, one per person.

Drawing a PNG, SVG or slide deck drives a headless Chromium (kaleido) for a second or more; 20 at
once from one user kept /health waiting 12 s. `slot(who)` admits at most REACT_EXPORT_SLOTS
(default 2) exports per process and one per person (a signed-in name, or the address of a
public visitor); beyond that the route answers 429 with Retry-After instead of queueing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

RETRY_AFTER_SECONDS = 10
_slots = threading.BoundedSemaphore(int(os.environ.get("REACT_EXPORT_SLOTS") or 2))
_busy: set[str] = set()
_lock = threading.Lock()


class Busy(Exception):
    """No export slot is free for this person now."""


@contextmanager
def slot(who: str) -> Iterator[None]:
    with _lock:
        if who in _busy or not _slots.acquire(blocking=False):
            raise Busy(who)
        _busy.add(who)
    try:
        yield
    finally:
        with _lock:
            _busy.discard(who)
            _slots.release()
