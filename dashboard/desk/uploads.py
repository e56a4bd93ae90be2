"""Uploaded exports waiting on the data desk, each in its own private folder with its state.

    <data_dir>/uploads/<token>/<file name>   the file as uploaded (0600; removed after a day)
    <data_dir>/uploads/<token>/state.json    who, when, the check's result, the import's progress

The state is rewritten whole and atomically (temporary file + os.replace), so any worker can read
it while a background job updates it. Tokens are random and checked against a strict pattern
before they come near a path. Uploads contain private columns (narratives, names): they are kept
only until imported or a day old, never served back, and the import reads past their headers only.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from pathlib import Path

UPLOADS_DIR = "uploads"
STATE_FILE = "state.json"
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
KEEP_SECONDS = 24 * 3600
SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_file_name(name: str) -> str:
    """The uploaded file's own name, without any folder part or odd characters (kept for messages)."""
    base = Path((name or "").replace("\\", "/")).name.strip()
    base = SAFE_NAME.sub("_", base)[:120].strip(". ")
    return base or "export.csv"


class Uploads:
    def __init__(self, data_dir: Path | str):
        self.folder = Path(data_dir) / UPLOADS_DIR

    def create(self, name: str, who: str, stream, max_bytes: int) -> str:
        """Store an upload; returns its token. Refuses (ValueError) a file larger than max_bytes."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._remove_old()
        token = secrets.token_urlsafe(16)
        place = self.folder / token
        place.mkdir(mode=0o700)
        target = place / safe_file_name(name)
        written = 0
        try:
            with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
                while chunk := stream.read(1 << 20):
                    written += len(chunk)
                    if written > max_bytes:
                        raise ValueError(f"the file is larger than {max_bytes // (1024 * 1024)} MB")
                    handle.write(chunk)
        except BaseException:
            shutil.rmtree(place, ignore_errors=True)
            raise
        self.write_state(token, {"token": token, "file": target.name, "bytes": written, "by": who,
                                 "created": time.time(), "status": "uploaded"})
        return token

    def path(self, token: str) -> Path | None:
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            return None
        place = self.folder / token
        return place if (place / STATE_FILE).is_file() else None

    def file(self, token: str) -> Path | None:
        place, state = self.path(token), self.state(token)
        return place / state["file"] if place and state else None

    def state(self, token: str) -> dict | None:
        place = self.path(token)
        if place is None:
            return None
        try:
            return json.loads((place / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write_state(self, token: str, state: dict) -> None:
        place = self.folder / token
        temporary = place / f".{STATE_FILE}.{secrets.token_hex(4)}"
        temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.chmod(temporary, 0o600)
        os.replace(temporary, place / STATE_FILE)

    def update(self, token: str, **changes) -> dict:
        state = {**(self.state(token) or {}), **changes}
        self.write_state(token, state)
        return state

    def discard_file(self, token: str) -> None:
        """The export itself is gone once imported (it holds private columns); the state stays."""
        path = self.file(token)
        if path is not None and path.exists():
            path.unlink()

    def recent(self, limit: int = 10) -> list[dict]:
        if not self.folder.is_dir():
            return []
        states = [s for s in (self.state(p.name) for p in self.folder.iterdir() if TOKEN.fullmatch(p.name)) if s]
        return sorted(states, key=lambda s: -s.get("created", 0))[:limit]

    def _remove_old(self) -> None:
        cutoff = time.time() - KEEP_SECONDS
        for place in self.folder.iterdir():
            state = self.state(place.name) if TOKEN.fullmatch(place.name) else None
            if state and state.get("created", 0) < cutoff and state.get("status") not in ("checking", "importing"):
                shutil.rmtree(place, ignore_errors=True)
