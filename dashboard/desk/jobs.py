"""The data desk's background work: checking an upload (a dry run) and importing it.

Both run in a thread of the worker that received the request, and write their progress and
result into the upload's state (uploads.py), which every worker can read; the page polls it.
Why a thread and not Celery/RQ: imports happen a few times a month, one at a time per data
directory (the snapshot store's import lock refuses a second one), and take seconds to a few
minutes; a queue would add a broker process and a worker to every deployment for that. A thread
does not survive its worker being restarted: the state then stays "checking"/"importing" with
a stale progress time, which the page reports as interrupted (`stalled`) so the person can
start again; the snapshot store never leaves a half-written snapshot behind either way.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict
from pathlib import Path

from dashboard import audit_log
from dashboard.desk.uploads import Uploads
from dashboard.ingest import IngestRefused, ingest_file
from dashboard.snapshots import SnapshotError

log = logging.getLogger(__name__)
STALLED_SECONDS = 120  # no progress for this long while running: the worker doing it is gone
MAX_PROBLEMS_KEPT = 20_000  # in the state; the problems download holds them all up to this


def stalled(state: dict) -> bool:
    return state.get("status") in ("checking", "importing") and \
        time.time() - state.get("heartbeat", state.get("created", 0)) > STALLED_SECONDS


def _said(reason) -> dict:
    """A reason's text with its message and values, so the page can say it in Russian."""
    return {"template": getattr(reason, "template", None), "params": getattr(reason, "params", None)}


def _problems(problems) -> list[dict]:
    return [{**asdict(p), "reason": str(p.reason), "said": _said(p.reason)} for p in problems[:MAX_PROBLEMS_KEPT]]


def start(data_dir: Path, token: str, who: str, address: str | None, *, dry_run: bool,
          skip_invalid: bool = False, wait: bool = False) -> threading.Thread:
    """Check (dry_run) or import an upload in the background; `wait` runs it to the end (tests, CLI)."""
    uploads = Uploads(data_dir)
    uploads.update(token, status="checking" if dry_run else "importing", progress=0, heartbeat=time.time(),
                   error=None)
    thread = threading.Thread(target=_run, args=(data_dir, token, who, address, dry_run, skip_invalid),
                              name=f"desk-{'check' if dry_run else 'import'}-{token[:6]}", daemon=True)
    thread.start()
    if wait:
        thread.join()
    return thread


def _run(data_dir: Path, token: str, who: str, address: str | None, dry_run: bool, skip_invalid: bool) -> None:
    uploads = Uploads(data_dir)
    state = uploads.state(token) or {}
    path = uploads.file(token)

    def progress(rows: int) -> None:
        uploads.update(token, progress=rows, heartbeat=time.time())

    try:
        report = ingest_file(path, data_dir, dry_run=dry_run, skip_invalid=skip_invalid or dry_run,
                             private=state.get("private", []), imported_by=who, progress=progress)
    except IngestRefused as refused:
        uploads.update(token, status="refused", kind=refused.kind, error=str(refused), error_said=_said(refused.reason),
                       problems=_problems(refused.problems), problem_count=len(refused.problems))
        if not dry_run:
            audit_log.record(data_dir, "import_refused", who, address, source=state.get("file"), kind=refused.kind)
        return
    except SnapshotError as error:
        uploads.update(token, status="failed", error=str(error))
        return
    except Exception as error:  # a bug or a full disk: say so on the page, keep the trace in the log
        log.exception("data desk job failed for upload %s", token)
        uploads.update(token, status="failed", error=f"the import stopped unexpectedly ({type(error).__name__}); "
                                                     "nothing was changed")
        return
    result = {"rows_read": report.rows_read, "rows_imported": report.rows_imported,
              "rows_rejected": report.rows_rejected, "dropped_columns": report.dropped_columns,
              "summary": report.summary, "changes": report.changes, "sentence": report.sentence(),
              "problems": _problems(report.problems), "problem_count": len(report.problems)}
    if dry_run:
        uploads.update(token, status="checked", check=result, progress=report.rows_read)
        return
    uploads.update(token, status="imported", result=result, snapshot_id=report.snapshot_id,
                   progress=report.rows_read)
    uploads.discard_file(token)
    audit_log.record(data_dir, "import", who, address, snapshot_id=report.snapshot_id, source=state.get("file"),
                     rows_imported=report.rows_imported, rows_rejected=report.rows_rejected)
