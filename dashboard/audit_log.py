"""The audit log: who imported, rolled back, published, withdrew, exported or signed in, and when.

Append-only JSON lines in `<data_dir>/audit.log` (0600): one object per event with the time
(UTC), the event, the person (or "anonymous"), their address and what the event concerns.
Lines are appended under an exclusive lock with O_APPEND, so concurrent workers never
interleave half lines; nothing here rewrites or deletes a line. Nothing private goes in: ids,
file names, counts, never case data. Admins read the latest events on the data desk.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

LOG_FILE = "audit.log"
EVENTS = ("import", "import_refused", "rollback", "publish", "withdraw", "export", "sign_in", "sign_in_failed",
          "sign_out", "user_added", "user_changed", "user_removed", "password_reset", "password_changed")

log = logging.getLogger(__name__)


def record(data_dir: Path | str, event: str, who: str | None, address: str | None = None, **details) -> None:
    """Append one event; a log that cannot be written is reported, never a reason to fail the action."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    line = json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event,
                       "who": who or "anonymous", "address": address, **details}, ensure_ascii=False,
                      sort_keys=True) + "\n"
    path = Path(data_dir) / LOG_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            os.write(descriptor, line.encode("utf-8"))
        finally:
            os.close(descriptor)
    except OSError:
        log.exception("could not write the audit log %s", path)


def latest(data_dir: Path | str, limit: int = 200) -> list[dict]:
    """The newest events first (at most `limit`); a damaged line is shown as such, not skipped."""
    path = Path(data_dir) / LOG_FILE
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-limit:]
    events = []
    for text in reversed(lines):
        try:
            events.append(json.loads(text))
        except ValueError:
            events.append({"event": "unreadable line", "who": "", "at": ""})
    return events


def from_request(event: str, who: str | None, **details) -> None:
    """Record an event of the running request (its data directory and the client's address)."""
    from flask import current_app, request

    record(current_app.config["REACT_DATA_DIR"], event, who, request.remote_addr, **details)
