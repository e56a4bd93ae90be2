"""What an import would change: cases added, removed and changed against the current snapshot,
per country and year of registration (the data desk's preview before anything is written).

A case is matched by its case_id; it has changed when any column of the export differs. Runs in DuckDB
over the two parquet files, so a million cases take a second or two, not memory.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.schema import CASE_SCHEMA

# Only the export's own columns: derived ones (a client's latest case…) move when other cases do.
_DIGEST = "md5(cast(struct_pack(" + ", ".join(CASE_SCHEMA.names) + ") as varchar))"
COMPARE = f"""
with old as (select case_id, country, year(registered_on) as year, {_DIGEST} as digest from read_parquet($old)),
     new as (select case_id, country, year(registered_on) as year, {_DIGEST} as digest from read_parquet($new)),
     joined as (
       select coalesce(new.country, old.country) as country, coalesce(new.year, old.year) as year,
              case when old.case_id is null then 'added' when new.case_id is null then 'removed'
                   when old.digest <> new.digest then 'changed' else 'same' end as change
       from new full outer join old using (case_id))
select country, year,
       count(*) filter (where change = 'added') as added,
       count(*) filter (where change = 'removed') as removed,
       count(*) filter (where change = 'changed') as changed,
       count(*) filter (where change = 'same') as unchanged
from joined group by country, year order by country, year
"""


def changes_against(old: Path | None, new: Path) -> list[dict]:
    """Rows {country, year, added, removed, changed, unchanged}; against nothing, every case is added."""
    with duckdb.connect() as con:
        con.execute("set enable_progress_bar = false")
        if old is None:
            rows = con.execute("select country, year(registered_on), count(*), 0, 0, 0 from read_parquet($new) "
                               "group by all order by 1, 2", {"new": str(new)}).fetchall()
        else:
            rows = con.execute(COMPARE, {"old": str(old), "new": str(new)}).fetchall()
    return [{"country": c, "year": y, "added": a, "removed": r, "changed": ch, "unchanged": u}
            for c, y, a, r, ch, u in rows]
