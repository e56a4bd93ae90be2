"""DuckDB connections over snapshots, and running the query files against them.

One in-memory DuckDB database per snapshot holds the `cases` view and the list-mask macros; a
query file's `scope($scope)` becomes the cases of the active filters (queries.scope_subquery);
each query runs on its own cursor, so threads of a web worker can share it.
`cases` reads the snapshot's DuckDB copy (`cases-v3.duckdb`, attached read-only: shared by all
workers through the operating system's file cache; row groups a filter excludes are skipped).
A snapshot imported before snapshots had that copy gets it on first opening.

For each masked list column (schema.MASKED_LISTS), `<column>_codes(mask)` lists the codes of a
mask and `<column>_bits(codes)` makes the mask of some codes; `gender_of(person)` and
`age_group_of(person)` read a latest_key's low bits; all in the copy's own code order.
"""

from __future__ import annotations

import os
import tempfile
import threading
import uuid
from collections import OrderedDict
from pathlib import Path

import duckdb
import pandas as pd

from dashboard import queries
from dashboard.filters import Filters
from dashboard.schema import PERSON_SHIFT, sql_list
from dashboard.snapshots import NATIVE_FILE, Snapshot, write_native_copy

_OPEN_LIMIT = 4  # snapshots kept open per process; older ones are closed
_lock = threading.Lock()
_open: OrderedDict[str, duckdb.DuckDBPyConnection] = OrderedDict()


def connection(snapshot: Snapshot) -> duckdb.DuckDBPyConnection:
    """The shared connection of a snapshot (opened on first use), keyed by its folder."""
    key = str(snapshot.path.resolve())
    with _lock:
        con = _open.get(key)
        if con is None:
            con = _open_connection(snapshot)
            _open[key] = con
            while len(_open) > _OPEN_LIMIT:
                _open.popitem(last=False)[1].close()
        else:
            _open.move_to_end(key)
        return con


def _open_connection(snapshot: Snapshot) -> duckdb.DuckDBPyConnection:
    native = snapshot.native_file if snapshot.native_file.exists() else _native_copy_for(snapshot)
    con = duckdb.connect(":memory:")
    # DDL takes no parameters; the path is a snapshot folder's file, quoted as a literal.
    literal = str(native).replace("'", "''")
    # Read-only: every worker process opens the same file; nothing is copied into memory.
    con.execute(f"attach '{literal}' as snapshot (read_only)")
    con.execute("create view cases as select * from snapshot.cases")
    con.execute(queries.macros())
    for name, codes in con.execute("select name, codes from snapshot.codes").fetchall():
        listed = sql_list(codes)
        if name in PERSON_SHIFT:
            # <column>_of(person): the gender or age group coded in a latest_key's low 16 bits.
            con.execute(f"create macro {name}_of(person) as "
                        f"list_extract({listed}, ((person >> {PERSON_SHIFT[name]}) & 255)::integer + 1)")
            continue
        # <column>_codes(mask): the codes whose bits are set; <column>_bits(codes): the mask of codes.
        con.execute(f"create macro {name}_codes(mask) as "
                    f"list_filter({listed}, lambda code, i: (mask >> (i - 1)) & 1 = 1)")
        con.execute(f"create macro {name}_bits(selected) as coalesce(list_aggregate(list_transform("
                    f"selected, lambda code: 1::bigint << (list_position({listed}, code) - 1)), 'bit_or'), 0)")
    return con


def _native_copy_for(snapshot: Snapshot) -> Path:
    """The DuckDB copy of a snapshot imported before snapshots had one: written once beside its
    parquet file (atomically: a half-written copy is never opened), or in a temporary folder when
    the snapshot folder is read-only."""
    staging = snapshot.path / f".{NATIVE_FILE}.{uuid.uuid4().hex}"
    try:
        write_native_copy(snapshot.path, staging)
        os.replace(staging, snapshot.native_file)
        return snapshot.native_file
    except OSError:
        staging.unlink(missing_ok=True)
        elsewhere = Path(tempfile.mkdtemp(prefix="react-snapshot-")) / NATIVE_FILE
        write_native_copy(snapshot.path, elsewhere)
        return elsewhere


def run(snapshot: Snapshot, query_name: str, filters: Filters, **extra: object) -> pd.DataFrame:
    """Run one query file with the filters' scope and any extra named parameters."""
    query = queries.load(query_name)
    query.check_params({"scope": filters, **extra})
    scope_sql, params = queries.scope_subquery(filters)
    sql = query.sql.replace(queries.SCOPE_PLACEHOLDER, scope_sql)
    cursor = connection(snapshot).cursor()
    try:
        return cursor.execute(sql, {**params, **extra}).df()
    finally:
        cursor.close()


def close_all() -> None:
    with _lock:
        while _open:
            _open.popitem()[1].close()

