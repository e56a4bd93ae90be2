"""DuckDB connections over snapshots, and running the query files against them.

One in-memory DuckDB database per snapshot holds `cases` and the `scope` macro; each query runs
on its own cursor, so threads of a web worker can share it. `cases` is a view of the snapshot's
DuckDB copy (`cases.duckdb`, attached read-only: shared by all workers through the operating
system's file cache, row groups a filter excludes are skipped). A snapshot imported before that
copy existed is read from its parquet file: copied into memory when small (up to _IN_MEMORY_ROWS
cases), else a view over the file; and if it also predates the derived columns (schema.py),
those are derived on opening.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from dashboard import queries
from dashboard.filters import Filters
from dashboard.schema import DERIVED_SCHEMA, snapshot_select
from dashboard.snapshots import Snapshot

_OPEN_LIMIT = 4  # snapshots kept open per process; older ones are closed
_IN_MEMORY_ROWS = 300_000  # snapshots up to this many cases are copied into memory
_lock = threading.Lock()
_open: OrderedDict[str, duckdb.DuckDBPyConnection] = OrderedDict()


def connection(snapshot: Snapshot) -> duckdb.DuckDBPyConnection:
    """The shared connection of a snapshot (opened on first use), keyed by its folder."""
    key = str(snapshot.path.resolve())
    with _lock:
        con = _open.get(key)
        if con is None:
            con = duckdb.connect(":memory:")
            # A snapshot's file never changes (a new import is a new folder): its parquet footer
            # is read once per connection instead of once per query.
            con.execute("set parquet_metadata_cache = true")
            # DDL takes no parameters; the path is our own snapshot folder, quoted as a literal.
            literal = str(snapshot.cases_file).replace("'", "''")
            source = f"select * from read_parquet('{literal}')"
            if snapshot.native_file.exists():
                # Read-only: every worker process opens the same file; nothing is copied.
                native = str(snapshot.native_file).replace("'", "''")
                con.execute(f"attach '{native}' as snapshot (read_only)")
                con.execute("create view cases as select * from snapshot.cases")
            elif not _has_derived_columns(snapshot):
                # Written before the import derived client_key, client_cases and case_rank: derive
                # them once, in memory, with the import's own SQL (slower to open, same numbers).
                con.execute(f"create table cases as {snapshot_select(source)}")
            else:
                kind = "table" if _rows(snapshot) <= _IN_MEMORY_ROWS else "view"
                con.execute(f"create {kind} cases as {source}")
            con.execute(queries.scope_macro())
            _open[key] = con
            while len(_open) > _OPEN_LIMIT:
                _open.popitem(last=False)[1].close()
        else:
            _open.move_to_end(key)
        return con


def _has_derived_columns(snapshot: Snapshot) -> bool:
    names = set(pq.read_schema(snapshot.cases_file).names)
    return all(name in names for name in DERIVED_SCHEMA.names)


def _rows(snapshot: Snapshot) -> float:
    """Cases in the snapshot, from its manifest (unknown: treated as large)."""
    rows = (snapshot.manifest.get("rows") or {}).get("imported")
    return rows if isinstance(rows, int) else float("inf")


def run(snapshot: Snapshot, query_name: str, filters: Filters, **extra: object) -> pd.DataFrame:
    """Run one query file with the filters' scope and any extra named parameters."""
    query = queries.load(query_name)
    params = {"scope": filters.sql_params(), **extra}
    query.check_params(params)
    cursor = connection(snapshot).cursor()
    try:
        return cursor.execute(query.sql, params).df()
    finally:
        cursor.close()


def close_all() -> None:
    with _lock:
        while _open:
            _open.popitem()[1].close()

