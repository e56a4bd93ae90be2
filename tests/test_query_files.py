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


def test_every_filter_has_one_scope_condition():
    from dashboard.filters import LIST_FILTERS

    assert set(queries.scope_conditions()) == {"period", "qualified_only", *LIST_FILTERS}


def test_the_scope_holds_only_active_filters():
    from datetime import date

    from dashboard.filters import Filters

    assert queries.scope_subquery(Filters()) == ("(select * from cases)", {})
    sql, params = queries.scope_subquery(
        Filters().with_values(country=["TJ"], perpetrator=["police"]).with_range(date(2023, 1, 1), date(2023, 6, 30)))
    assert sql == ("(select * from cases where (registered_on between $scope_start and $scope_end) and "
                   "(list_contains($scope_country, country)) and "
                   "((perpetrators_mask & perpetrators_bits($scope_perpetrator)) != 0))")
    assert params == {"scope_start": date(2023, 1, 1), "scope_end": date(2023, 6, 30), "scope_country": ["TJ"],
                      "scope_perpetrator": ["police"]}
