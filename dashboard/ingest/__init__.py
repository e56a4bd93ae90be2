"""Importing a REAct export (CSV or XLSX) into a new snapshot, all or nothing.

`ingest_file` reads the file in batches (reader), checks every row (validate), stages the
valid rows as parquet, finds case ids repeated anywhere in the file, then either refuses the
file (default, on any problem) or writes the sorted snapshot, its manifest and, with
skip_invalid, a rejects file beside the import report, and makes it current in one step.
Private columns are never read past their header: only their names reach the report.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from dashboard.i18n import N_
from dashboard.ingest.changes import changes_against
from dashboard.ingest.problems import IngestRefused, Problem, Reason
from dashboard.ingest.reader import Header, batches, numbered_records, read_header
from dashboard.ingest.validate import IDS_SCHEMA, STAGING_SCHEMA, validate_batch
from dashboard.schema import CASE_SCHEMA, CASES_ROW_GROUP, FORMAT_VERSION, SNAPSHOT_SCHEMA, snapshot_select
from dashboard.snapshots import CASES_FILE, SnapshotStore, write_manifest, write_native_copy

__all__ = ["REJECTS_FILE", "IngestRefused", "IngestReport", "Problem", "ingest_file"]

REPORT_FILE = "import-report.txt"
SORT_MEMORY_LIMIT = "1GB"
REJECTS_FILE = "rejects.csv"


@dataclass
class IngestReport:
    snapshot_id: str
    rows_read: int
    rows_imported: int
    rows_rejected: int
    problems: list[Problem] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    rejects_path: Path | None = None
    report_path: Path | None = None
    summary: dict = field(default_factory=dict)  # cases, clients, countries, first and last day
    changes: list[dict] = field(default_factory=list)  # against the snapshot current before (changes.py)
    dry_run: bool = False

    def sentence(self) -> str:
        """What was imported, for a person: 'Imported 522 cases of 520 clients in TJ, 2023-01-03 to …'."""
        s = self.summary
        verb = "Would import" if self.dry_run else "Imported"
        cases, clients = s.get("cases", 0), s.get("clients", 0)
        text = (f"{verb} {cases:,} case{'' if cases == 1 else 's'} of {clients:,} "
                f"client{'' if clients == 1 else 's'} in "
                f"{', '.join(s.get('countries', [])) or 'no country'}, registered {s.get('first')} to {s.get('last')}")
        if self.rows_rejected:
            text += f"; {self.rows_rejected:,} of {self.rows_read:,} rows refused"
        if self.dropped_columns:
            text += f"; private columns dropped unread: {', '.join(self.dropped_columns)}"
        return text + "."


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def ingest_file(
    source: Path | str,
    data_dir: Path | str,
    *,
    skip_invalid: bool = False,
    today: date | None = None,
    export_date: date | None = None,
    private: Iterable[str] = (),
    dry_run: bool = False,
    source_name: str | None = None,
    imported_by: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Import `source` as a new current snapshot, or raise IngestRefused and change nothing.

    private: headers declared private although they resemble a contract column (export-format.md).
    dry_run: check everything and report what would change against the current snapshot, write nothing.
    source_name: the file's name as the user knows it (an upload is stored under another name).
    progress: called with the rows read so far after each batch (the data desk's progress bar).
    """
    source = Path(source)
    if not source.is_file():
        raise IngestRefused("not_found", f"{source} does not exist or is not a file")
    today = today or date.today()
    store = SnapshotStore(Path(data_dir))
    kind, header, records = read_header(source, frozenset(private))
    name = source_name or source.name

    with store.staging() as stage:
        rows_read, problems, rejected = _stage_rows(header, records, stage, today, progress)
        if rows_read == 0:
            raise IngestRefused("header_only", Reason(N_("%(file)s has a header but no rows"), file=name))
        dup_problems = _repeated_ids(stage)
        problems = sorted(problems + dup_problems, key=lambda p: (p.row or 0, p.column or ""))
        rejected |= {p.row for p in dup_problems}
        if problems and not skip_invalid:
            raise IngestRefused(
                "invalid_rows",
                Reason(N_("%(file)s was refused: %(problems)s problem(s) in %(rejected)s of %(rows)s rows; "
                          "nothing was imported"), file=name, problems=len(problems), rejected=len(rejected),
                       rows=rows_read),
                problems,
            )
        if len(rejected) == rows_read:
            raise IngestRefused(
                "invalid_rows", Reason(N_("%(file)s was refused: none of its %(rows)s rows is valid"), file=name,
                                       rows=rows_read), problems
            )
        imported = _write_cases(stage)
        if write_native_copy(stage) != imported:
            raise RuntimeError("snapshot check failed: the DuckDB copy does not hold every case")
        manifest = _manifest(source, kind, header, stage, rows_read, imported, export_date, name, imported_by)
        current = store.current_id()
        report = IngestReport(
            snapshot_id=manifest["snapshot_id"],
            rows_read=rows_read,
            rows_imported=imported,
            rows_rejected=len(rejected),
            problems=problems,
            dropped_columns=list(header.private),
            summary={"cases": imported, "clients": manifest["clients"], "countries": manifest["countries"],
                     "first": manifest["registered_on"]["first"], "last": manifest["registered_on"]["last"]},
            changes=changes_against(store.get(current).cases_file if current else None, stage / CASES_FILE),
            dry_run=dry_run,
        )
        if dry_run:
            if rejected:
                report.rejects_path = None
            return report
        if rejected:
            _write_rejects(source, kind, header, rejected, problems, stage / REJECTS_FILE)
        _write_report(report, source, stage / REPORT_FILE)
        write_manifest(stage, manifest)
        snapshot = store.commit(stage, manifest["snapshot_id"])
    report.report_path = snapshot.path / REPORT_FILE
    report.rejects_path = snapshot.path / REJECTS_FILE if rejected else None
    return report


def _stage_rows(header: Header, records, stage: Path, today: date,
                progress: Callable[[int], None] | None = None) -> tuple[int, list[Problem], set[int]]:
    rows_read = 0
    problems: list[Problem] = []
    rejected: set[int] = set()
    with (
        pq.ParquetWriter(stage / "staged.parquet", STAGING_SCHEMA) as rows_out,
        pq.ParquetWriter(stage / "ids.parquet", IDS_SCHEMA) as ids_out,
    ):
        for batch in batches(header, records):
            # Validation makes millions of short-lived tuples and no cycles: pausing the cycle
            # collector meanwhile saves about a sixth of the import time.
            gc.disable()
            try:
                result = validate_batch(batch, today)
            finally:
                gc.enable()
            rows_read += len(batch.rows)
            problems.extend(result.problems)
            rejected |= result.rejected
            rows_out.write_table(result.valid)
            ids_out.write_table(result.ids)
            if progress is not None:
                progress(rows_read)
    return rows_read, problems, rejected


def _repeated_ids(stage: Path) -> list[Problem]:
    """Every row whose case_id occurs more than once in the file, valid or not."""
    with duckdb.connect() as con:
        rows = con.execute(
            """
            select _row, case_id, list(_row) over (partition by case_id) as all_rows
            from read_parquet($ids)
            qualify count(*) over (partition by case_id) > 1
            order by _row
            """,
            {"ids": str(stage / "ids.parquet")},
        ).fetchall()
    return [
        Problem(row, "case_id", case_id, Reason(N_("is repeated in the file (rows %(rows)s); every row with it is "
                                                   "refused"), rows=", ".join(str(r) for r in sorted(others))))
        for row, case_id, others in rows
    ]


def _write_cases(stage: Path) -> int:
    """Sorted snapshot parquet from the staged rows, minus repeated ids; checked by reading back."""
    target = stage / CASES_FILE
    columns = ", ".join(CASE_SCHEMA.names)
    source = f"""
        select {columns}
        from read_parquet($staged)
        where case_id not in (
            select case_id from read_parquet($ids) group by case_id having count(*) > 1
        )
    """
    with duckdb.connect() as con:
        con.execute("set enable_progress_bar = false")  # the import reports through its own output
        # The sort spills to the staging folder rather than taking memory without bound.
        con.execute(f"set memory_limit = '{SORT_MEMORY_LIMIT}'")
        con.execute(f"set temp_directory = '{stage / 'spill'}'")
        con.execute(
            f"""
            copy ({snapshot_select(source)})
            to '{target}' (format parquet, compression zstd, row_group_size {CASES_ROW_GROUP})
            """,
            {"staged": str(stage / "staged.parquet"), "ids": str(stage / "ids.parquet")},
        )
        count, distinct = con.execute(
            "select count(*), count(distinct case_id) from read_parquet($cases)", {"cases": str(target)}
        ).fetchone()
    if count != distinct:
        raise RuntimeError("snapshot check failed: case ids are not unique after import")
    if pq.read_schema(target).names != SNAPSHOT_SCHEMA.names:
        raise RuntimeError("snapshot check failed: the written columns differ from the schema")
    (stage / "staged.parquet").unlink()
    (stage / "ids.parquet").unlink()
    shutil.rmtree(stage / "spill", ignore_errors=True)
    return count


def _manifest(source: Path, kind: str, header: Header, stage: Path, rows_read: int, imported: int,
              export_date: date | None, name: str, imported_by: str | None) -> dict:
    now = datetime.now(UTC)
    checksum = _sha256(source)
    with duckdb.connect() as con:
        first, last, clients = con.execute(
            "select min(registered_on)::varchar, max(registered_on)::varchar, count(distinct client_id) "
            "from read_parquet($cases)",
            {"cases": str(stage / CASES_FILE)},
        ).fetchone()
        # Places per country, so a user limited to some countries is offered only their names.
        places = {
            country: {"regions": regions, "organizations": organizations}
            for country, regions, organizations in con.execute(
                """
                select country, list(distinct region order by region), list(distinct organization order by organization)
                from read_parquet($cases) group by country order by country
                """,
                {"cases": str(stage / CASES_FILE)},
            ).fetchall()
        }
    return {
        "snapshot_id": f"{now:%Y%m%dT%H%M%S}{now.microsecond // 1000:03d}Z-{checksum[:8]}",
        "format_version": FORMAT_VERSION,
        "imported_at": now.isoformat(timespec="seconds"),
        "export_date": export_date.isoformat() if export_date else None,
        "source": {"name": name, "sha256": checksum, "bytes": source.stat().st_size, "format": kind},
        "imported_by": imported_by,
        "clients": clients,
        "rows": {"read": rows_read, "imported": imported, "rejected": rows_read - imported},
        "dropped_columns": list(header.private),
        "registered_on": {"first": first, "last": last},
        "countries": sorted(places),
        "places": places,
    }


def _write_rejects(source: Path, kind: str, header: Header, rejected: set[int],
                   problems: list[Problem], target: Path) -> None:
    """Refused rows with their contract cells exactly as in the file (private ones left out)."""
    reasons: dict[int, list[str]] = {}
    for problem in problems:
        reasons.setdefault(problem.row, []).append(str(problem))
    names = list(header.positions)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([header.originals[n] for n in names] + ["_row", "_problems"])
        records = numbered_records(source, kind)
        next(r for r in records if any(c.strip() for c in r[1]))  # skip the header
        for batch in batches(header, records):
            for index, row in enumerate(batch.rows):
                if row in rejected:
                    writer.writerow([batch.cells[n][index] for n in names] + [row, " | ".join(reasons[row])])


def _write_report(report: IngestReport, source: Path, target: Path) -> None:
    lines = [
        f"Import of {source.name} into snapshot {report.snapshot_id}",
        f"rows read: {report.rows_read}; imported: {report.rows_imported}; rejected: {report.rows_rejected}",
        "private columns dropped (contents never stored): " + (", ".join(report.dropped_columns) or "none"),
        f"problems: {len(report.problems)}",
        *(str(p) for p in report.problems),
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
