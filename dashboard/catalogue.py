"""The filters a view can have, declared once.

Each filter's name (the URL parameter and command-line flag), vocabulary dimension (None: its
values come from the data, as regions and organizations do), label on its control, noun in the
sentence that describes a view, whether a case can list several values (a split by it counts
mentions), and where its control sits (the main bar or "more filters", in `position` order).
Parsing (filters.py), the filter bar, the sentence (describe.py), split-by (measures, trends)
and the command line read this table; adding a filter is a line here and its condition in
queries/_scope.sql. No Dash, no Flask: the data layers read it too.

The order of FILTERS is the canonical order of a query string (and so of cache keys).
"""

from __future__ import annotations

from dataclasses import dataclass

MAIN, MORE = "main", "more"


def N_(message: str) -> str:
    """Marks a message for extraction (`make translations`); translated where it is shown."""
    return message


@dataclass(frozen=True)
class FilterSpec:
    name: str
    dimension: str | None
    label: str  # msgid: "Key group"
    noun: str | None  # msgid inside a sentence: "key group" (None: described apart, as the place is)
    multi_valued: bool
    bar: str  # MAIN or MORE
    position: int  # order of the controls within their bar

    @property
    def control_id(self) -> str:
        return "filter-" + self.name.replace("_", "-")


FILTERS = (
    FilterSpec("country", "country", N_("Country"), None, False, MAIN, 0),
    FilterSpec("key_group", "key_group", N_("Key group"), N_("key group"), True, MAIN, 1),
    FilterSpec("primary_key_group", "key_group", N_("Primary key group"), N_("primary key group"), False, MORE, 7),
    FilterSpec("perpetrator", "perpetrator", N_("Perpetrator"), N_("perpetrator"), True, MAIN, 2),
    FilterSpec("violation", "violation", N_("Violation"), N_("violation"), True, MORE, 0),
    FilterSpec("reaction_status", "reaction_status", N_("Reaction status"), N_("reaction status"), False, MORE, 6),
    FilterSpec("gender", "gender", N_("Gender"), N_("gender"), False, MORE, 3),
    FilterSpec("age_group", "age_group", N_("Age group"), N_("age group"), False, MORE, 4),
    FilterSpec("intake_channel", "intake_channel", N_("Intake channel"), N_("intake channel"), False, MAIN, 3),
    FilterSpec("region", None, N_("Region"), N_("region"), False, MORE, 1),
    FilterSpec("organization", None, N_("Organization"), N_("organization"), False, MORE, 2),
)
BY_NAME = {spec.name: spec for spec in FILTERS}


def in_bar(bar: str) -> list[FilterSpec]:
    """The filters of one bar, in the order their controls are shown."""
    return sorted((spec for spec in FILTERS if spec.bar == bar), key=lambda spec: spec.position)
