"""Every query file keeps the SQL conventions: one SELECT, a header that names its parameters."""

import re

import pytest

from dashboard import queries


@pytest.mark.parametrize("name", queries.names())
def test_query_file_contract(name):
    query = queries.load(name)
    text = query.sql
    assert text.startswith("--"), "a query file opens with a comment saying what it returns"
    assert "scope" in query.params
    # Values are bound, never formatted in: no Python-style placeholders in SQL text.
    assert not re.search(r"\{[a-z_]+\}|%\(|%s", text)


def test_header_that_disagrees_is_refused(tmp_path, monkeypatch):
    (tmp_path / "bad.sql").write_text("-- params: scope\nselect $other as x\n")
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    queries.load.cache_clear()
    try:
        with pytest.raises(queries.QueryContractError, match="header names"):
            queries.load("bad")
    finally:
        queries.load.cache_clear()


def test_two_statements_are_refused(tmp_path, monkeypatch):
    (tmp_path / "two.sql").write_text("-- params: \nselect 1; select 2\n")
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    queries.load.cache_clear()
    try:
        with pytest.raises(queries.QueryContractError, match="2 statements"):
            queries.load("two")
    finally:
        queries.load.cache_clear()
