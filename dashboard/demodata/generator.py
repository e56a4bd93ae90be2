"""The streaming writer of the demo export: one country-month at a time, straight to CSV.

Owns the order of generation (month by month, countries in a fixed order, the Tajikistan
2023 H1 reference block in place of Tajikistan's January-June 2023), the split of large
country-months into bounded batches, and the CSV file itself (UTF-8, comma, RFC 4180 quoting,
written to a temporary name and moved into place when complete). Memory is bounded by one
batch whatever the number of cases; the same (cases, seed) always gives the same bytes.
"""

from __future__ import annotations

import csv
import operator
from collections.abc import Iterator
from pathlib import Path

from .cases import RunState, ordinary_block
from .model import COUNTRIES, HEADER, CaseBlock
from .population import Population
from .reference import anchor_block
from .text import cells
from .timeline import ANCHOR_MONTHS, MONTHS, volume_plan

DEFAULT_CASES = 50_000
MAX_BATCH = 50_000


def batch_sizes(n: int, limit: int | None = None) -> list[int]:
    """`n` split into near-equal parts of at most `limit` (MAX_BATCH); none for n = 0."""
    parts = -(-n // (limit or MAX_BATCH))
    return [n // parts + (1 if k < n % parts else 0) for k in range(parts)]


def blocks(plan: dict[tuple[str, int, int], int], seed: int) -> Iterator[CaseBlock]:
    """Every batch of the export, in file order."""
    state = RunState(seed, Population(seed))
    for year, month in MONTHS:
        if month == 1:
            state.population.mark_year(year, state.clients)
        for country, code in enumerate(COUNTRIES):
            if code == "TJ" and (year, month) in ANCHOR_MONTHS:
                if (year, month) == ANCHOR_MONTHS[0]:
                    yield anchor_block(state)
                continue
            for part, size in enumerate(batch_sizes(plan[(code, year, month)])):
                yield ordinary_block(state, country, year, month, size, part)


def _check_seed(seed: int) -> int:
    seed = operator.index(seed)
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    return seed


def write_demo_export(out: Path, cases: int = DEFAULT_CASES, seed: int = 1) -> int:
    """Write a synthetic REAct export of exactly `cases` rows to `out`; return the row count.

    Raises ValueError, before touching `out`, when `cases` is below the fixed Tajikistan
    volume (`timeline.MINIMUM_CASES`) or the seed is negative.
    """
    cases, seed = operator.index(cases), _check_seed(seed)
    plan = volume_plan(cases)
    out = Path(out)
    partial = out.with_name(out.name + ".part")
    written = 0
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(HEADER)
            for block in blocks(plan, seed):
                block.check_lengths()
                writer.writerows(zip(*cells(block)))
                written += len(block)
        if written != cases:
            raise RuntimeError(f"demo export: wrote {written} cases, planned {cases}")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return written
