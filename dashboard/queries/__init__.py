"""The query files: loading, contract checks, and the scope macro.

Each `*.sql` here is one SELECT named after what it returns, opening with a comment that says
what it returns and a line `-- params: a, b` naming its parameters (`scope` is the struct of
every filter). `load` refuses a file whose header disagrees with the parameters DuckDB finds.
`_scope.sql` is the one exception: the macro that every query selects from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import duckdb

QUERY_DIR = Path(__file__).parent
_PARAMS_LINE = re.compile(r"^--\s*params:\s*(.*)$", re.MULTILINE)


class QueryContractError(Exception):
    """A query file that breaks the conventions (header, parameters, statement count)."""


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: frozenset[str]

    def check_params(self, given: dict) -> None:
        if set(given) != self.params:
            raise QueryContractError(
                f"{self.name}: takes {sorted(self.params)}, was given {sorted(given)}"
            )


def names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql") if not p.name.startswith("_"))


@cache
def load(name: str) -> Query:
    if name not in names():
        raise QueryContractError(f"no query file named {name!r}")
    sql = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    declared = _PARAMS_LINE.search(sql)
    if declared is None:
        raise QueryContractError(f"{name}.sql: no '-- params:' line in its header")
    declared_names = {p.strip() for p in declared.group(1).split(",") if p.strip()}
    statements = duckdb.extract_statements(sql)
    if len(statements) != 1:
        raise QueryContractError(f"{name}.sql: holds {len(statements)} statements, not one")
    found = set(statements[0].named_parameters)
    if found != declared_names:
        raise QueryContractError(
            f"{name}.sql: header names {sorted(declared_names)}, the SQL uses {sorted(found)}"
        )
    if statements[0].type != duckdb.StatementType.SELECT:
        raise QueryContractError(f"{name}.sql: is not a SELECT")
    return Query(name, sql, frozenset(found))


@lru_cache(maxsize=1)
def scope_macro() -> str:
    return (QUERY_DIR / "_scope.sql").read_text(encoding="utf-8")
