"""DuckDB connections over snapshots, and running the query files against them.

One in-memory DuckDB database per snapshot holds a `cases` view over its parquet file and the
`scope` macro; each query runs on its own cursor, so threads of a web worker can share it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import duckdb
import pandas as pd

from dashboard import queries
from dashboard.filters import Filters
from dashboard.snapshots import Snapshot

_OPEN_LIMIT = 4  # snapshots kept open per process; older ones are closed
_lock = threading.Lock()
_open: OrderedDict[str, duckdb.DuckDBPyConnection] = OrderedDict()


def connection(snapshot: Snapshot) -> duckdb.DuckDBPyConnection:
    """The shared connection of a snapshot (opened on first use), keyed by its folder."""
    key = str(snapshot.path.resolve())
    with _lock:
        con = _open.get(key)
        if con is None:
            con = duckdb.connect(":memory:")
            # DDL takes no parameters; the path is our own snapshot folder, quoted as a literal.
            literal = str(snapshot.cases_file).replace("'", "''")
            con.execute(f"create view cases as select * from read_parquet('{literal}')")
            con.execute(queries.scope_macro())
            _open[key] = con
            while len(_open) > _OPEN_LIMIT:
                _open.popitem(last=False)[1].close()
        else:
            _open.move_to_end(key)
        return con


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
