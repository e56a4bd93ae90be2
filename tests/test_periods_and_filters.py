"""The period grammar and the filter value: parsing, refusing, and round trips."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import periods
from dashboard.filters import LIST_FILTERS, FilterError, Filters, filters_from_query_string, parse_filters
from dashboard.vocab import vocabulary


@pytest.mark.parametrize(
    "period, start, end",
    [
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("2023H1", date(2023, 1, 1), date(2023, 6, 30)),
        ("2023h2", date(2023, 7, 1), date(2023, 12, 31)),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2023Q4", date(2023, 10, 1), date(2023, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
    ],
)
def test_period_ranges(period, start, end):
    assert periods.period_range(period) == (start, end)


@pytest.mark.parametrize("bad", ["2023H3", "2023Q5", "2023-13", "23", "2023-1", "H1", "2023 H1x", "0999"])
def test_bad_periods_are_refused(bad):
    with pytest.raises(periods.PeriodError):
        periods.period_range(bad)


@pytest.mark.parametrize(
    "start, end, previous, year_before",
    [
        (date(2023, 1, 1), date(2023, 6, 30), (date(2022, 7, 1), date(2022, 12, 31)),
         (date(2022, 1, 1), date(2022, 6, 30))),
        (date(2024, 3, 1), date(2024, 3, 31), (date(2024, 2, 1), date(2024, 2, 29)),
         (date(2023, 3, 1), date(2023, 3, 31))),
        (date(2023, 1, 10), date(2023, 1, 19), (date(2022, 12, 31), date(2023, 1, 9)),
         (date(2022, 1, 10), date(2022, 1, 19))),
    ],
)
def test_previous_and_year_before(start, end, previous, year_before):
    assert periods.previous_range(start, end) == previous
    assert periods.year_before_range(start, end) == year_before


def test_labels_of_any_form_become_codes():
    filters, problems = parse_filters({
        "country": ["Таджикистан", " uzbekistan "], "key_group": ["ЛЖВ", "pwid"],
        "perpetrator": ["Милиция"], "period": "2023h1",
    })
    assert problems == []
    assert filters.country == ("TJ", "UZ")
    assert filters.key_group == ("plhiv", "pwud")
    assert filters.perpetrator == ("police",)
    assert (filters.start, filters.end) == (date(2023, 1, 1), date(2023, 6, 30))


def test_every_problem_is_reported_in_strict_mode():
    with pytest.raises(FilterError) as error:
        parse_filters({"country": ["XX"], "gender": ["robot"], "period": "2023H9"})
    assert len(error.value.problems) == 3
    assert "'XX' is not a known country" in str(error.value)


def test_lenient_parse_drops_bad_values_and_keeps_good_ones():
    filters, problems = filters_from_query_string("?country=TJ&country=XX&period=junk&key_group=plhiv")
    assert filters.country == ("TJ",)
    assert filters.key_group == ("plhiv",)
    assert filters.start is None
    assert len(problems) == 2


def test_regions_are_checked_against_the_data():
    filters, _ = parse_filters({"region": ["  dushanbe "]}, regions=["Dushanbe", "Khatlon"])
    assert filters.region == ("Dushanbe",)
    with pytest.raises(FilterError, match="does not occur in the data"):
        parse_filters({"region": ["Atlantis"]}, regions=["Dushanbe"])


def test_period_and_dates_together_are_refused():
    with pytest.raises(FilterError, match="either a period or start/end"):
        parse_filters({"period": "2023", "start": "2023-01-01"})
    with pytest.raises(FilterError, match="after end"):
        parse_filters({"start": "2023-05-01", "end": "2023-01-01"})


def test_query_string_names_a_range_as_a_period_when_it_is_one():
    filters, _ = parse_filters({"start": "2023-04-01", "end": "2023-06-30", "country": ["UZ", "TJ"]})
    assert filters.query_string() == "?country=TJ&country=UZ&period=2023Q2"


def _code_lists():
    vocab = vocabulary()
    dims = {"country": "country", "key_group": "key_group", "perpetrator": "perpetrator", "gender": "gender",
            "reaction_status": "reaction_status", "age_group": "age_group"}
    return st.fixed_dictionaries({name: st.lists(st.sampled_from(vocab.codes(dim)), max_size=3)
                                  for name, dim in dims.items()})


@given(_code_lists(), st.one_of(st.none(), st.tuples(st.dates(date(2015, 1, 1), date(2030, 1, 1)),
                                                     st.integers(0, 900))), st.booleans())
def test_query_string_round_trip(lists, span, qualified):
    params = dict(lists)
    if span:
        params["start"] = span[0].isoformat()
        params["end"] = date.fromordinal(span[0].toordinal() + span[1]).isoformat()
    params["qualified_only"] = qualified
    filters, problems = parse_filters(params)
    again, problems_again = filters_from_query_string(filters.query_string())
    assert problems == problems_again == []
    assert again == filters
    assert hash(again) == hash(filters)


def test_sql_params_cover_every_filter():
    params = Filters().sql_params()
    assert set(params) == set(LIST_FILTERS) | {"start", "end", "qualified_only"}
