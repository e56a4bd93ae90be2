"""How long publishing takes when many releases of one country are already out (issue 10's goal:
under 30 s with 50 published, on 2 cores). Figures only.

    python bench/audit.py [--cases 100000] [--country TJ]

On the demo snapshot of N cases, publishes in turn the quarters and halves of 2020–2025, the
years but 2023, and the months January to September 2023 of Tajikistan (50 releases, each
audited against all before it), printing each publication's time, solves and what it hid; then
times publishing 2023 with 1, 10 and 50 releases already out (each in a data directory of its
own). Refusals are printed, not hidden.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from common import data_dir, log

from dashboard.releases.model import ReleaseRefused
from dashboard.releases.publish import make_scope, publish
from dashboard.releases.store import ReleaseStore

YEARS = range(2020, 2026)  # the demo's Tajikistan starts in 2020
FIFTY = ([f"{y}Q{q}" for y in YEARS for q in range(1, 5)] + [f"{y}H{h}" for y in YEARS for h in (1, 2)]
         + [str(y) for y in YEARS if y != 2023] + [f"2023-{m:02d}" for m in range(1, 10)])
TEN = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2023H1", "2023H2", "2022Q1", "2022Q2", "2022Q3", "2022Q4"]


def fresh(snapshots: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="react-audit-")) / "data"
    folder.mkdir()
    os.symlink(snapshots / "snapshots", folder / "snapshots")
    shutil.copy(snapshots / "CURRENT", folder / "CURRENT")
    return folder


def publish_timed(folder: Path, country: str, period: str) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        document = publish(folder, make_scope([country], False, period))
    except ReleaseRefused as refused:
        return time.perf_counter() - started, f"refused: {refused}"
    record = ReleaseStore(folder).record(document["release_id"])
    loss = record["information_loss"]
    return time.perf_counter() - started, (f"{len(record['audited_against'])} audited, {record['solves']} solves, "
                                           f"{loss['primary']} primary + {loss['secondary']} secondary hidden, "
                                           f"{loss['share_hidden_pct']} % of counts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--country", default="TJ")
    args = parser.parse_args()
    snapshots = data_dir(args.cases)
    print(f"\n## Publishing {args.country} releases one after another ({args.cases:,} cases)\n")
    print("| # | period | seconds | audit |\n|---:|---|---:|---|")
    assert len(FIFTY) == 50
    folders = {}
    for count, periods in ((1, ["2023H1"]), (10, TEN), (50, FIFTY)):
        folder = fresh(snapshots)
        for i, period in enumerate(periods, 1):
            seconds, what = publish_timed(folder, args.country, period)
            if count == 50:
                print(f"| {i} | {period} | {seconds:.2f} | {what} |", flush=True)
        folders[count] = folder
        log(f"{count} published")
    print("\n## Publishing 2023 with N releases of the country already published\n")
    print("| already published | seconds | audit |\n|---:|---:|---|")
    for count, folder in folders.items():
        seconds, what = publish_timed(folder, args.country, "2023")
        print(f"| {count} | {seconds:.2f} | {what} |", flush=True)
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
