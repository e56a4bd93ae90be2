"""The users file: names, hashed passwords, roles and the countries each user may see.

Lives at `<data dir>/users.json` (or `REACT_USERS_FILE`), written atomically (mode 600).
Passwords are stored only as werkzeug scrypt hashes. `countries: null` means every country, a
list means those countries, and an empty list means none. `session_version` ends sessions: each
session carries the version it was signed in with, and signing out, a new password or removal
changes it, so every copy of an older cookie stops working at once.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("viewer", "publisher", "admin")
MIN_PASSWORD_LENGTH = 10
_NAME = re.compile(r"^[A-Za-z0-9._@+-]{2,100}$")
_parsed: dict[Path, tuple[tuple, dict]] = {}  # users file -> (stat stamp, parsed users)
# Checked against when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class UserError(ValueError):
    """A user command or entry that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str | None = None  # None for users who sign in through OpenID Connect only
    countries: tuple[str, ...] | None = None  # None: every country; (): none
    session_version: int = 0
    extra: dict = field(default_factory=dict, compare=False)
    last_sign_in: str | None = None  # ISO time of the last successful sign-in


def users_file(data_dir: Path) -> Path:
    return Path(os.environ.get("REACT_USERS_FILE") or Path(data_dir) / "users.json")


class UserStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    def load(self) -> dict[str, User]:
        """The users, parsed again only when the file changed (it is read on every request)."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {}
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        cached = _parsed.get(self.path)
        if cached is not None and cached[0] == stamp:
            return dict(cached[1])
        users = self._parse(json.loads(self.path.read_text(encoding="utf-8")))
        _parsed[self.path] = (stamp, users)
        return dict(users)

    @staticmethod
    def _parse(raw: dict) -> dict[str, User]:
        return {
            entry["name"]: User(entry["name"], entry["role"], entry.get("password_hash"),
                                tuple(entry["countries"]) if entry.get("countries") is not None else None,
                                int(entry.get("session_version") or 0), last_sign_in=entry.get("last_sign_in"))
            for entry in raw.get("users", [])
        }

    def _save(self, users: dict[str, User]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entries = []
        for user in sorted(users.values(), key=lambda u: u.name):
            entry = asdict(user)
            entry.pop("extra")
            entry["countries"] = list(user.countries) if user.countries is not None else None
            entries.append(entry)
        temporary = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}")
        try:
            with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w",
                           encoding="utf-8") as handle:
                handle.write(json.dumps({"users": entries}, indent=2) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        finally:
            if temporary.exists():
                temporary.unlink()

    def add(self, name: str, role: str, password: str | None, countries: tuple[str, ...] | None) -> User:
        if not _NAME.match(name):
            raise UserError(f"user name {name!r}: use 2-100 letters, digits or . _ @ + -")
        if role not in ROLES:
            raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}")
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
        users = self.load()
        if name in users:
            raise UserError(f"user {name!r} exists already")
        hashed = generate_password_hash(password, method="scrypt") if password is not None else None
        users[name] = User(name, role, hashed, countries)
        self._save(users)
        return users[name]

    def edit(self, name: str, role: str | None = None, countries: tuple[str, ...] | None | str = "keep") -> User:
        """Change a user's role and/or countries in place (password and sessions stay); the next
        request of that user already sees the new scope (the file is read on every request)."""
        users = self.load()
        if name not in users:
            raise UserError(f"no user named {name!r}")
        if role is not None and role not in ROLES:
            raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}")
        old = users[name]
        users[name] = replace(old, role=role or old.role, countries=old.countries if countries == "keep" else countries)
        self._save(users)
        return users[name]

    def signed_in(self, name: str, when: str) -> None:
        users = self.load()
        if name in users:
            users[name] = replace(users[name], last_sign_in=when)
            self._save(users)

    def set_password(self, name: str, password: str) -> None:
        users = self.load()
        if name not in users:
            raise UserError(f"no user named {name!r}")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
        old = users[name]
        users[name] = replace(old, password_hash=generate_password_hash(password, method="scrypt"),
                              session_version=old.session_version + 1)
        self._save(users)

    def end_sessions(self, name: str) -> None:
        """Every session of the user ends (sign-out ends them on every device)."""
        users = self.load()
        if name in users:
            old = users[name]
            users[name] = replace(old, session_version=old.session_version + 1)
            self._save(users)

    def remove(self, name: str) -> None:
        users = self.load()
        if users.pop(name, None) is None:
            raise UserError(f"no user named {name!r}")
        self._save(users)

    def verify(self, name: str, password: str) -> User | None:
        """The user if the password is right; None otherwise (same cost either way)."""
        user = self.load().get(name)
        if user is None or user.password_hash is None:
            check_password_hash(_DUMMY_HASH, password)
            return None
        return user if check_password_hash(user.password_hash, password) else None
