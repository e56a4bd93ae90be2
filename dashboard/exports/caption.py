"""What an exported file says about itself: title, the filters in words, data date, `n`, and
for public releases the protection note. One home for these lines, so a CSV, an image and a
slide taken from the same view say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from dashboard.describe import describe, format_day
from dashboard.i18n import _
from dashboard.webctx import Scope


@dataclass(frozen=True)
class Caption:
    title: str
    sentence: str  # the filter sentence: "Cases in Tajikistan, 1 Jan 2023 – 30 Jun 2023"
    data_date: str  # formatted for the language
    n: str = ""  # the chart's subtitle: "n = 7 clients"
    note: str = ""  # public releases: numbers from 1 to 10 are hidden…

    def of_figure(self, figure: dict) -> Caption:
        """This caption for one chart: its own title and `n = …` subtitle."""
        title = figure.get("layout", {}).get("title", {})
        return replace(self, title=title.get("text") or self.title, n=(title.get("subtitle") or {}).get("text", ""))

    def header(self) -> list[tuple[str, str]]:
        """(label, value) lines heading a table file."""
        lines = [(_("Title"), self.title), (_("Shows"), self.sentence), (_("Data as of"), self.data_date)]
        if self.n:
            lines.append(("n", self.n))
        if self.note:
            lines.append((_("Note"), self.note))
        return lines

    @property
    def dated(self) -> str:
        return _("Data as of %(date)s", date=self.data_date)

    def source_line(self) -> str:
        """One line for the foot of an image or slide: the filters, the data date, the note."""
        return " · ".join(part for part in (self.sentence, self.dated, self.note) if part)


def format_data_date(value: str, lang: str) -> str:
    """An ISO date from the snapshot, written for the language (as given when it is not ISO)."""
    try:
        return format_day(date.fromisoformat(value), lang)
    except (TypeError, ValueError):
        return str(value)


def for_scope(scope: Scope, title: str) -> Caption:
    """The caption of a view of the case data (the scope must have a snapshot)."""
    return Caption(title=title, sentence=describe(scope.filters, scope.lang),
                   data_date=format_data_date(scope.snapshot.data_date, scope.lang))
