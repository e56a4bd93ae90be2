"""The snapshot store: immutable folders of parquet plus a manifest, and the current pointer.

Layout under the data directory (see data/README.md):

    snapshots/<id>/cases.parquet   one row per case, sorted by country and registered_on
    snapshots/<id>/cases-v3.duckdb the same rows in DuckDB's own format, what queries read
    snapshots/<id>/manifest.json   id, source name and checksum, row counts, format version…
    CURRENT                        the id of the current snapshot, replaced atomically

A new snapshot is built in a hidden staging folder, checked, renamed into place and only then
made current; any failure removes the staging folder and leaves CURRENT as it was. One import
runs at a time per data directory (a lock file); holding it, an import also removes the staging
folders that a killed import left behind. Case data is the owner's only: folders 700, files 600.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CASES_FILE = "cases.parquet"
# The DuckDB copy's name carries its layout version: bump it when the copy changes (columns,
# masks, row groups), and snapshots with an older copy get a new one on first opening.
NATIVE_FILE = "cases-v3.duckdb"
# Rows per row group of the DuckDB copy: a sixteenth of DuckDB's default, so that a period filter
# skips most of each country's rows (in a 1 M-case snapshot: 13.8 -> 5.3 ms for a quarter of all
# countries, 3.9 -> 1.6 ms for one country's half year).
NATIVE_ROW_GROUP = 16_384
MANIFEST_FILE = "manifest.json"
CURRENT_FILE = "CURRENT"
SNAPSHOTS_DIR = "snapshots"
STAGING_PREFIX = ".staging-"
IMPORT_LOCK = ".import.lock"


class SnapshotError(Exception):
    """A snapshot that does not exist or cannot be read; the message says which."""


@dataclass(frozen=True)
class Snapshot:
    id: str
    path: Path
    manifest: dict

    @property
    def cases_file(self) -> Path:
        return self.path / CASES_FILE

    @property
    def native_file(self) -> Path:
        return self.path / NATIVE_FILE

    @property
    def data_dir(self) -> Path:
        """The data directory the snapshot belongs to (its settings: boundaries, branding)."""
        return self.path.parent.parent

    @property
    def imported_on(self) -> str:
        return self.manifest["imported_at"][:10]

    @property
    def data_date(self) -> str:
        """The export date when known, else the import date: how current the numbers are."""
        return self.manifest.get("export_date") or self.imported_on

    def regions(self, countries: tuple[str, ...] | None = None) -> list[str]:
        """Regions in the data, of the given countries only when a list is given."""
        return self._places("regions", countries)

    def organizations(self, countries: tuple[str, ...] | None = None) -> list[str]:
        return self._places("organizations", countries)

    def _places(self, kind: str, countries: tuple[str, ...] | None) -> list[str]:
        by_country = self.manifest.get("places", {})
        chosen = by_country if countries is None else {c: by_country[c] for c in countries if c in by_country}
        return sorted({name for places in chosen.values() for name in places.get(kind, [])})


def write_native_copy(folder: Path, target: Path | None = None) -> int:
    """Write the DuckDB copy (NATIVE_FILE) of a snapshot folder's `cases.parquet`; the rows it holds.

    The parquet file stays the snapshot's record (any tool reads it); the DuckDB copy is what the
    query layer scans: its light compression is cheaper to read than zstd, it adds the list masks
    and latest_key (schema.coded_select), and every web worker opens it read-only, so the operating system
    caches one copy for all of them. A parquet file written before the import derived the client
    columns gets them here, from the same SQL (schema.snapshot_select).
    `target`: where to write (default NATIVE_FILE in the folder).
    """
    import duckdb
    import pyarrow.parquet as pq

    from dashboard.schema import DERIVED_SCHEMA, code_lists, coded_select, snapshot_select, sql_list

    parquet = str(folder / CASES_FILE).replace("'", "''")
    source = f"select * from read_parquet('{parquet}')"
    if not set(DERIVED_SCHEMA.names) <= set(pq.read_schema(folder / CASES_FILE).names):
        source = snapshot_select(source)
    codes = code_lists()
    # DDL takes no parameters: the paths are our own snapshot folder, quoted as literals.
    literal = str(target or folder / NATIVE_FILE).replace("'", "''")
    with duckdb.connect() as con:
        con.execute("set enable_progress_bar = false")
        con.execute(f"attach '{literal}' as native (row_group_size {NATIVE_ROW_GROUP})")
        con.execute(f"create table native.cases as {coded_select(source, codes)}")
        con.execute("create table native.codes (name varchar, codes varchar[])")
        for name, found in codes.items():
            con.execute(f"insert into native.codes values ('{name}', {sql_list(found)})")
        rows = con.execute("select count(*) from native.cases").fetchone()[0]
        con.execute("detach native")
    return rows


class SnapshotStore:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.snapshots_dir = self.data_dir / SNAPSHOTS_DIR

    def current_id(self) -> str | None:
        try:
            text = (self.data_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return text or None

    def get(self, snapshot_id: str | None = None) -> Snapshot:
        """A snapshot by id, or the current one when no id is given."""
        wanted = snapshot_id or self.current_id()
        if wanted is None:
            raise SnapshotError(
                f"no snapshot in {self.data_dir}: import an export first (python -m dashboard ingest FILE)"
            )
        if "/" in wanted or wanted.startswith(".") or "\\" in wanted:
            raise SnapshotError(f"snapshot id {wanted!r} is not valid")
        path = self.snapshots_dir / wanted
        try:
            manifest = json.loads((path / MANIFEST_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SnapshotError(f"snapshot {wanted!r} does not exist in {self.data_dir}") from None
        return Snapshot(wanted, path, manifest)

    def list(self) -> list[Snapshot]:
        if not self.snapshots_dir.is_dir():
            return []
        found = []
        for child in sorted(self.snapshots_dir.iterdir()):
            if child.name.startswith(".") or not (child / MANIFEST_FILE).is_file():
                continue
            found.append(self.get(child.name))
        return found

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh hidden folder to build a snapshot in, under the import lock; removed if the block fails."""
        self.snapshots_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        with (self.snapshots_dir / IMPORT_LOCK).open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SnapshotError(f"another import into {self.data_dir} is running; try again when it has "
                                    "finished") from None
            for stale in self.snapshots_dir.glob(f"{STAGING_PREFIX}*"):  # no import runs: a killed one's
                shutil.rmtree(stale, ignore_errors=True)
            path = self.snapshots_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
            path.mkdir(mode=0o700)
            try:
                yield path
            finally:
                # On success commit() has moved it away; anything left here is a failed attempt.
                if path.exists():
                    shutil.rmtree(path, ignore_errors=True)

    def commit(self, staging_path: Path, snapshot_id: str) -> Snapshot:
        """Move a checked staging folder into place and make it current, atomically."""
        final = self.snapshots_dir / snapshot_id
        if final.exists():
            raise SnapshotError(f"snapshot {snapshot_id!r} exists already")
        _fsync_tree(staging_path)
        os.rename(staging_path, final)
        try:
            self._point_at(snapshot_id)
        except OSError:
            shutil.rmtree(final, ignore_errors=True)  # never current: nothing may point at a half-made state
            raise
        return self.get(snapshot_id)

    def make_current(self, snapshot_id: str) -> Snapshot:
        """Roll back (or forward) to an existing snapshot: one atomic swap of the pointer, under the
        import lock so that no import commits in between."""
        snapshot = self.get(snapshot_id)  # refuses an unknown or malformed id
        self.snapshots_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        with (self.snapshots_dir / IMPORT_LOCK).open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SnapshotError("an import is running; roll back when it has finished") from None
            self._point_at(snapshot.id)
        return snapshot

    def _point_at(self, snapshot_id: str) -> None:
        pointer = self.data_dir / f".{CURRENT_FILE}.{uuid.uuid4().hex}"
        try:
            with pointer.open("w", encoding="utf-8") as handle:
                handle.write(snapshot_id + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(pointer, self.data_dir / CURRENT_FILE)
        finally:
            if pointer.exists():
                pointer.unlink()


def _fsync_tree(path: Path) -> None:
    """Flush every file to disk and make the snapshot the owner's only (folder 700, files 600)."""
    os.chmod(path, 0o700)
    for child in path.iterdir():
        os.chmod(child, 0o600)
        with child.open("rb") as handle:
            os.fsync(handle.fileno())


def write_manifest(staging_path: Path, manifest: dict) -> None:
    (staging_path / MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
