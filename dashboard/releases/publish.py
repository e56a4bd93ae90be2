"""Publishing a release: scope → tables from the snapshot → protection and audit → frozen file.

The one entry point for the command line (and tests). Bad input raises ValueError or
SnapshotError; a release that must not be published raises ReleaseRefused with the reason.
The audit reads every release ever published that is tied to the new one through overlapping
places and periods (withdrawn ones included), from their public documents only, as an attacker
would. Next to the public file, a private record keeps what the protection cost (information
loss: exact counts hidden, which must not be public) and any warning of the audit.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

from dashboard import periods
from dashboard.describe import describe_range
from dashboard.releases import ledger
from dashboard.releases import notes as publisher_notes
from dashboard.releases.build import build_draft
from dashboard.releases.document import FORMAT, notes, tables_document
from dashboard.releases.ledger import View
from dashboard.releases.model import SECONDARY, Draft, Protection, ReleaseRefused, Scope, describe
from dashboard.releases.protect import information_loss, protect
from dashboard.releases.store import ReleaseStore, new_release_id
from dashboard.snapshots import SnapshotStore
from dashboard.vocab import LANGUAGES, vocabulary

DEFAULT_THRESHOLD = 11
REGION = {"en": "All countries", "ru": "Все страны"}


def make_scope(countries: list[str], region_wide: bool, period: str | None = None,
               start: date | None = None, end: date | None = None) -> Scope:
    """Validate a release's place and period (the period grammar of statistics.md)."""
    if region_wide and countries:
        raise ValueError("give either --country or --region-wide, not both")
    if not region_wide and not countries:
        raise ValueError("give at least one --country, or --region-wide")
    codes = []
    for text in countries:
        code = vocabulary().match("country", text)
        if code is None:
            raise ValueError(f"country {text!r} is not a known country")
        codes.append(code)
    if period and (start or end):
        raise ValueError("give either a period or start/end dates, not both")
    if period:
        start, end = periods.period_range(period)
    if start is None or end is None or start > end:
        raise ValueError("give a period such as 2023H1 (or a start and an end, start first)")
    return Scope(tuple(sorted(set(codes))), start, end)


def publish(data_dir: Path | str, scope: Scope, *, snapshot_id: str | None = None,
            threshold: int = DEFAULT_THRESHOLD, now: datetime | None = None, notes_file: Path | None = None,
            notes: dict | None = None, expect_tables: dict | None = None, approval: dict | None = None) -> dict:
    """Build, protect, audit and freeze a release; return its document.

    notes_file / notes: the publisher's contact line and notes (releases/notes.py), frozen with it.
    expect_tables: the tables a reviewer approved (the browser's four-eyes step); if the release
    would now differ (a release published since changed what must be hidden), it is refused.
    approval: who submitted and who approved, kept in the private record."""
    store = ReleaseStore(data_dir)
    with store.lock("publish"):
        document, record = prepare(data_dir, scope, snapshot_id=snapshot_id, threshold=threshold, now=now,
                                   notes_file=notes_file, notes=notes)
        if expect_tables is not None and document["tables"] != expect_tables:
            raise ReleaseRefused("what must be hidden changed since the preview (another release was published); "
                                 "preview it again")
        if approval:
            record["approval"] = approval
        store.write_record(document["release_id"], record)
        store.write(document)
    return document


def prepare(data_dir: Path | str, scope: Scope, *, snapshot_id: str | None = None,
            threshold: int = DEFAULT_THRESHOLD, now: datetime | None = None,
            notes_file: Path | None = None, notes: dict | None = None) -> tuple[dict, dict]:
    """The release document and its private record, audited against what is published now; writes nothing."""
    if not 2 <= threshold <= 1000:
        raise ValueError(f"threshold {threshold} is not between 2 and 1000")
    snapshot = SnapshotStore(data_dir).get(snapshot_id)
    draft = build_draft(snapshot, scope)
    documents = ReleaseStore(data_dir).documents(include_withdrawn="withdrawn" in ledger.RELATIONS)
    published = tied_releases(documents, scope)
    started = time.perf_counter()
    outcome = protect(draft, threshold, published)
    now = now or datetime.now(UTC)
    document = make_document(draft, outcome.protection, threshold, new_release_id(scope, now), now)
    if notes_file is not None:
        document["publisher"] = publisher_notes.read(notes_file, document["tables"])
    elif notes:
        document["publisher"] = publisher_notes.parse(notes, document["tables"])
    record = {"release_id": document["release_id"], "information_loss": information_loss(draft, outcome.protection),
              "audited_against": sorted(view.tag for view in published), "warnings": outcome.warnings,
              "audit_seconds": round(time.perf_counter() - started, 3), "solves": outcome.solves,
              "hidden_cells": [{"cell": describe(key), "kind": kind, "value": draft.values.get(key)}
                               for key, kind in sorted(outcome.protection.hidden.items())],
              "withheld_tables": sorted(outcome.protection.withheld)}
    return document, record


def tied_releases(documents: list[dict], scope: Scope) -> list[View]:
    """The releases that share cases with `scope`, directly or through a chain of overlapping releases."""
    scopes = {d["release_id"]: Scope.from_dict(d["scope"]) for d in documents}
    reached, frontier = {}, [scope]
    while frontier:
        current = frontier.pop()
        for d in documents:
            if d["release_id"] not in reached and scopes[d["release_id"]].overlaps(current):
                reached[d["release_id"]] = d
                frontier.append(scopes[d["release_id"]])
    return [View(d["release_id"], scopes[d["release_id"]], d["threshold"], d["tables"])
            for d in sorted(reached.values(), key=lambda d: (d["created_at"], d["release_id"]))]


def make_document(draft: Draft, protection: Protection, threshold: int, release_id: str, now: datetime) -> dict:
    note, note_more = notes(threshold)
    more = any(k == SECONDARY for k in protection.hidden.values()) or bool(protection.withheld)
    return {
        "format": FORMAT, "release_id": release_id, "scope": draft.scope.as_dict(), "label": scope_label(draft.scope),
        "snapshot_id": draft.snapshot_id, "data_date": draft.data_date, "threshold": threshold,
        "created_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "grain": draft.grain,
        "note": note, "note_more": note_more if more else None,
        "tables": tables_document(draft, protection, threshold),
    }


def scope_label(scope: Scope) -> dict[str, str]:
    """'Tajikistan · 2023 H1' / 'Таджикистан · 1-е полугодие 2023'."""
    out = {}
    for lang in LANGUAGES:
        place = ", ".join(vocabulary().label("country", c, lang) for c in scope.countries) or REGION[lang]
        out[lang] = f"{place} · {_period_label(scope, lang)}"
    return out


def _period_label(scope: Scope, lang: str) -> str:
    name = periods.name_of_range(scope.start, scope.end)
    if name is None or len(name) == 7 and name[4] == "-":
        return describe_range(scope.start, scope.end, lang)
    year, part = name[:4], name[4:]
    if not part:
        return year if lang == "en" else f"{year} год"
    number = part[1]
    if lang == "en":
        return f"{year} {part}"
    return f"{number}-е полугодие {year}" if part[0] == "H" else f"{number}-й квартал {year}"
