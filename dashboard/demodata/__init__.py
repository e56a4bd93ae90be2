"""Synthetic REAct exports for demos, tests and benchmarks.

`write_demo_export(out, cases, seed)` writes a CSV in the export format (contract columns
plus two private columns, `narrative` and `reactor_name`, that the importer must drop) for
Tajikistan, Uzbekistan, Kyrgyzstan, Kazakhstan, Ukraine, Moldova and Georgia, 2019-2025.
Tajikistan's volume is fixed (`MINIMUM_CASES`): 0 cases in 2019, exactly 165 in 2020, and a
January-June 2023 block that reproduces the published report `tajikistan-2023-h1.json`; the
other countries scale to reach `cases`. Every row is synthetic; none is real data.
"""

from .generator import DEFAULT_CASES, write_demo_export
from .timeline import MINIMUM_CASES

__all__ = ["DEFAULT_CASES", "MINIMUM_CASES", "write_demo_export"]
