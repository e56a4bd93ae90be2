"""Where the data lives and other settings read from the environment.

The data directory is, in order: an explicit flag, `REACT_DATA_DIR`, then `data/` in the
project folder. Nothing here touches the disk.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR_ENV = "REACT_DATA_DIR"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env)
    return PROJECT_DIR / "data"
