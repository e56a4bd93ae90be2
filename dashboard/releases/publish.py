"""Publishing a release: scope → tables from the snapshot → protection and audit → frozen file.

The one entry point for the command line (and tests). Bad input raises ValueError or
SnapshotError; a release that must not be published raises ReleaseRefused with the reason.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from dashboard import periods
from dashboard.describe import describe_range
from dashboard.releases import audit
from dashboard.releases.build import build_draft
from dashboard.releases.document import FORMAT, notes, tables_document
from dashboard.releases.model import Draft, Scope
from dashboard.releases.protect import SECONDARY, Protection
from dashboard.releases.store import ReleaseStore, new_release_id
from dashboard.snapshots import SnapshotStore
from dashboard.vocab import vocabulary

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
            threshold: int = DEFAULT_THRESHOLD, now: datetime | None = None) -> dict:
    """Build, protect, audit and freeze a release; return its document."""
    if not 2 <= threshold <= 1000:
        raise ValueError(f"threshold {threshold} is not between 2 and 1000")
    snapshots = SnapshotStore(data_dir)
    snapshot = snapshots.get(snapshot_id)
    draft = build_draft(snapshot, scope)
    store = ReleaseStore(data_dir)
    with store.lock("publish"):
        published = [audit.load_member(d, snapshots) for d in audit.related(store.documents(), scope)]
        protection = audit.audited_protection(draft, threshold, published)
        now = now or datetime.now(UTC)
        document = make_document(draft, protection, threshold, new_release_id(scope, now), now)
        store.write(document)
    return document


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
    for lang in ("en", "ru"):
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
