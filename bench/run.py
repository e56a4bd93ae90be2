"""Every benchmark, one after the other (`make bench`). Figures only; nothing is asserted.

    python bench/run.py            # compare (100 k, 1 M, 10 M), browser (100 k, 1 M), load (1 M, 2 min)
    python bench/run.py --quick    # compare at 100 k, browser at 100 k, a 15 s load smoke run

Builds missing snapshots first (bench/out/, 10 M takes a while the first time). Each script
prints its own markdown table; see each one's --help.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> int:
    print(f"\n# {script} {' '.join(args)}", flush=True)
    return subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE.parent).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        steps = [("compare.py", "--sizes", "100000", "--repeat", "1", "--no-ingest"),
                 ("browser.py", "--sizes", "100000"), ("load.py", "--smoke")]
    else:
        steps = [("compare.py",), ("browser.py",), ("load.py",)]
    codes = [run(*step) for step in steps]
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
