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
def macros() -> str:
    """_macros.sql: the macros every query file may use (one statement)."""
    return (QUERY_DIR / "_macros.sql").read_text(encoding="utf-8")


SCOPE_PLACEHOLDER = "scope($scope)"
_FILTER_LINE = re.compile(r"^--\s*filter:\s*([a-z_]+)\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def scope_conditions() -> dict[str, str]:
    """{filter name: SQL condition} from _scope.sql, in file order."""
    text = (QUERY_DIR / "_scope.sql").read_text(encoding="utf-8")
    parts = _FILTER_LINE.split(text)[1:]  # name, body, name, body...
    conditions = {}
    for name, body in zip(parts[::2], parts[1::2]):
        lines = [line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("--")]
        conditions[name] = " ".join(line.strip() for line in lines)
    return conditions


def scope_subquery(filters) -> tuple[str, dict[str, object]]:
    """The SQL that replaces `scope($scope)` for these filters (a dashboard.filters.Filters), and
    its parameters: only the conditions of active filters."""
    conditions, params = [], {}
    for name, condition in scope_conditions().items():
        if name == "period":
            if filters.start is None and filters.end is None:
                continue
            bounds = filters.sql_params()
            params["scope_start"], params["scope_end"] = bounds["start"], bounds["end"]
        elif name == "qualified_only":
            if not filters.qualified_only:
                continue
        else:
            selected = getattr(filters, name)
            if not selected:
                continue
            params[f"scope_{name}"] = list(selected)
        conditions.append(f"({condition})")
    where = " where " + " and ".join(conditions) if conditions else ""
    return f"(select * from cases{where})", params
