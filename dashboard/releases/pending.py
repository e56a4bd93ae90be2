"""Releases on their way through the browser: previewed, then submitted, then approved.

    <data_dir>/releases/pending/<token>.json   (0600, never served to the public)

A pending release holds what the publisher asked for (place, period, threshold, notes), the
candidate document and audit record exactly as previewed, who did what and when. Approving
publishes it through `publish(…, expect_tables=…)`, which audits again under the publishing lock
and refuses if the release would now differ from what the approver saw. Four eyes by default:
the approver must be another person, unless REACT_PUBLISH_APPROVERS=1 (small teams); either way
the record says who submitted and who approved.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path

from dashboard.releases.store import RELEASES_DIR

PENDING_DIR = "pending"
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


def approvers_needed() -> int:
    """2: someone other than the submitter approves (default); 1: the submitter may approve."""
    return 1 if os.environ.get("REACT_PUBLISH_APPROVERS", "2").strip() == "1" else 2


class PendingStore:
    def __init__(self, data_dir: Path | str):
        self.folder = Path(data_dir) / RELEASES_DIR / PENDING_DIR

    def _path(self, token: str) -> Path | None:
        return self.folder / f"{token}.json" if isinstance(token, str) and TOKEN.fullmatch(token) else None

    def create(self, entry: dict) -> str:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        token = secrets.token_urlsafe(16)
        self.write(token, {**entry, "token": token, "status": "preview",
                           "created_at": datetime.now(UTC).isoformat(timespec="seconds")})
        return token

    def write(self, token: str, entry: dict) -> None:
        path = self._path(token)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as out:
            json.dump(entry, out, ensure_ascii=False)
        os.replace(temporary, path)

    def get(self, token: str) -> dict | None:
        path = self._path(token)
        if path is None or not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def update(self, token: str, **changes) -> dict:
        entry = {**self.get(token), **changes}
        self.write(token, entry)
        return entry

    def remove(self, token: str) -> None:
        path = self._path(token)
        if path is not None and path.exists():
            path.unlink()

    def submitted(self) -> list[dict]:
        if not self.folder.is_dir():
            return []
        entries = [self.get(p.stem) for p in self.folder.glob("*.json")]
        return sorted((e for e in entries if e and e["status"] == "submitted"), key=lambda e: e["created_at"])
