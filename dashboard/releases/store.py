"""The frozen release files, the list of published releases, and withdrawal.

    <data_dir>/releases/<release_id>.json   one release: written once, never modified
    <data_dir>/releases/withdrawn.json      {"withdrawn": [{"release_id", "withdrawn_at", "reason"}]}
    <data_dir>/releases/records/<id>.json   private (0600, never served): the audit's record of a release

A release file is written to a temporary file in the same folder, flushed, made read-only and
moved into place with os.replace, so a reader sees the whole file or none; an existing file is
never overwritten. Withdrawal hides a release from the public without deleting it: it is
recorded in withdrawn.json, rewritten the same atomic way under a lock. Publishing holds a
lock too, so two releases being published at once are audited against each other. Ids are checked
against a strict pattern before they come near a path.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from dashboard.releases.model import Scope

RELEASES_DIR = "releases"
RECORDS_DIR = "records"
WITHDRAWN_FILE = "withdrawn.json"
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){0,15}")
MAX_ID_LENGTH = 100

log = logging.getLogger(__name__)


def valid_id(text: object) -> bool:
    return isinstance(text, str) and len(text) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(text) is not None


def new_release_id(scope: Scope, now: datetime) -> str:
    """`tj-2023h1-20240102030405-9f3a`: place, period, creation time, four random hex digits."""
    place = re.sub(r"[^a-z0-9]+", "-", scope.place.lower())
    period = re.sub(r"[^a-z0-9]+", "-", scope.period.lower()).strip("-")
    return f"{place}-{period}-{now:%Y%m%d%H%M%S}-{secrets.token_hex(2)}"


def summary(document: dict) -> dict:
    """What the public list says about a release."""
    return {"release_id": document["release_id"], "scope": document["scope"], "label": document.get("label"),
            "snapshot_id": document["snapshot_id"], "threshold": document["threshold"],
            "created_at": document["created_at"]}


class ReleaseStore:
    def __init__(self, data_dir: Path | str):
        self.folder = Path(data_dir) / RELEASES_DIR

    def path(self, release_id: str) -> Path | None:
        return self.folder / f"{release_id}.json" if valid_id(release_id) else None

    def write(self, document: dict) -> Path:
        """Freeze a new release; refuses to replace an existing file."""
        final = self.path(document["release_id"])
        if final is None:
            raise ValueError(f"release id {document['release_id']!r} is not valid")
        self.folder.mkdir(parents=True, exist_ok=True)
        if final.exists():
            raise FileExistsError(f"release {document['release_id']} exists already")
        _write_atomically(final, json.dumps(document, ensure_ascii=False, indent=1) + "\n", read_only=True)
        return final

    def write_record(self, release_id: str, record: dict) -> None:
        """The private record of a release (information loss, audit warnings): owner-only, replaced atomically."""
        if not valid_id(release_id):
            raise ValueError(f"release id {release_id!r} is not valid")
        folder = self.folder / RECORDS_DIR
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_atomically(folder / f"{release_id}.json", json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                          read_only=False, mode=0o600)

    def record(self, release_id: str) -> dict | None:
        path = self.folder / RECORDS_DIR / f"{release_id}.json" if valid_id(release_id) else None
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            return None

    def read(self, release_id: str, include_withdrawn: bool = False) -> dict | None:
        """The release, or None when the id is not valid, unknown, unreadable or (unless asked) withdrawn."""
        path = self.path(release_id)
        if path is None or not path.is_file():
            return None
        if not include_withdrawn and release_id in self.withdrawn():
            return None
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            log.warning("release file %s cannot be read: %s", path, error)
            return None
        return document if isinstance(document, dict) and document.get("release_id") == release_id else None

    def documents(self, include_withdrawn: bool = False) -> list[dict]:
        """Every readable release, newest first."""
        if not self.folder.is_dir():
            return []
        withdrawn = self.withdrawn()
        found = []
        for path in self.folder.glob("*.json"):
            if valid_id(path.stem) and (include_withdrawn or path.stem not in withdrawn):
                document = self.read(path.stem, include_withdrawn=True)
                if document is not None:
                    found.append(document)
        found.sort(key=lambda d: (d["created_at"], d["release_id"]), reverse=True)
        return found

    def summaries(self) -> list[dict]:
        """What the public list shows of every published release, newest first (cached per file)."""
        if not self.folder.is_dir():
            return []
        withdrawn = self.withdrawn()
        found = []
        for path in self.folder.glob("*.json"):
            if valid_id(path.stem) and path.stem not in withdrawn:
                entry = _summary_of(str(path), path.stat().st_mtime_ns)
                if entry is not None:
                    found.append(dict(entry))
        found.sort(key=lambda d: (d["created_at"], d["release_id"]), reverse=True)
        return found

    def withdrawn(self) -> dict[str, dict]:
        try:
            data = json.loads((self.folder / WITHDRAWN_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {entry["release_id"]: entry for entry in data.get("withdrawn", [])}

    def withdraw(self, release_id: str, now: datetime, reason: str = "") -> None:
        """Hide a release from the public; the file stays. Raises KeyError for an unknown id."""
        if self.read(release_id, include_withdrawn=True) is None:
            raise KeyError(release_id)
        with self.lock("withdrawn"):
            entries = list(self.withdrawn().values())
            if release_id in {e["release_id"] for e in entries}:
                return
            entries.append({"release_id": release_id, "withdrawn_at": now.isoformat(), "reason": reason})
            text = json.dumps({"withdrawn": entries}, ensure_ascii=False, indent=1) + "\n"
            _write_atomically(self.folder / WITHDRAWN_FILE, text, read_only=False)

    @contextmanager
    def lock(self, name: str):
        """An exclusive lock between processes: one publication (audit and write) or withdrawal at a time."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / f".{name}.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


@lru_cache(maxsize=4096)
def _summary_of(path: str, _mtime_ns: int) -> dict | None:
    """A release file's summary; the modification time in the key keeps the cache honest."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        return summary(document) if document.get("release_id") == Path(path).stem else None
    except (OSError, ValueError, KeyError, AttributeError) as error:
        log.warning("release file %s cannot be read: %s", path, error)
        return None


def _write_atomically(final: Path, text: str, read_only: bool, mode: int = 0o644) -> None:
    temporary = final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")
    try:
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if read_only:
            os.chmod(temporary, 0o444)
        os.replace(temporary, final)
    finally:
        if temporary.exists():
            temporary.unlink()
    directory = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
