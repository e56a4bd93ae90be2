"""A release table as the public page draws it: one row per category, its shown number or how it
is hidden, the share where the release gives one, and the bar's length as a percentage.

Bars follow protected_charts' rules (a `<11` short, grey and hatched; a `≥11` dotted and at
least a sixth of the longest bar), so the page, its PNG/SVG downloads and the slides agree. The
scale is the longest bar drawn, but never under four times the threshold, so a table whose
counts are all hidden does not draw full-width bars out of nothing. Labels are text, never cut:
rows are told apart by their codes, not by their labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import i18n
from dashboard.components.protected_charts import drawn_length
from dashboard.i18n import _
from dashboard.releases.model import PROFILE, TOTALS

GROUPED = ("service",)  # tables with several columns side by side


@dataclass(frozen=True)
class Bar:
    column: str  # the column's label ("Provided"); "" in one-column tables
    text: str  # "279", "<11", "≥11"
    share: str  # "52.3%", or "" where the release gives no share
    width: float  # percent of the bar area, 0 for a true zero
    kind: str  # "shown", "small" (<11), "cover" (≥11), "zero"
    hidden_note: str = ""


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    bars: tuple[Bar, ...]
    context: str = ""  # the publisher's note under this row


@dataclass(frozen=True)
class Chart:
    name: str  # table name ("decline_reason"), or "key_group_profile/plhiv" for a profile's breakdown
    dom_id: str
    title: str
    subtitle: str  # "n = 522 cases · shares of mentions"
    note: str
    rows: tuple[Row, ...]
    columns: tuple[str, ...] = ()
    empty: str = ""  # why nothing is drawn (withheld or no cases)
    all_hidden: bool = False
    context: str = ""  # the publisher's note under the whole table
    extra: dict = field(default_factory=dict)


def text(value, lang: str) -> str:
    """A {en, ru} text of the release in a language (English when it has no translation)."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or ""
    return value or ""


def _cell_bar(cell: dict, column: str, scale: float, longest: int, share_shown: bool) -> Bar:
    if cell["suppressed"]:
        kind = "small" if cell["hidden_as"].startswith("<") else "cover"
        threshold = cell["hidden_as"].lstrip("<≥")
        note = (_("fewer than %(t)s: hidden to protect the people who reported these cases", t=threshold)
                if kind == "small" else _("%(t)s or more: hidden so that smaller numbers cannot be worked out",
                                          t=threshold))
        return Bar(column, cell["hidden_as"], "", drawn_length(cell, longest) / scale * 100, kind, note)
    value = cell["value"]
    share = i18n.percent(cell["share"]) if share_shown and cell.get("share") is not None else ""
    return Bar(column, i18n.number(value), share, value / scale * 100 if value else 0,
               "shown" if value else "zero")


def _longest(table: dict) -> int:
    return max((row["cells"][c["code"]]["value"] for row in table["rows"] for c in table["columns"]
                if not row["cells"][c["code"]]["suppressed"]), default=0)


def chart(document: dict, name: str, table: dict, lang: str, title: str | None = None) -> Chart:
    """One table (or a profile's breakdown) ready to draw, in `lang` (inside i18n.use(lang))."""
    context = document.get("publisher", {}).get("context", {})
    dom_id = "release-chart-" + name.replace("_", "-").replace("/", "-")
    heading = title or text(table["title"], lang)
    note = text(table.get("note"), lang)
    if table.get("withheld"):
        return Chart(name, dom_id, heading, "", note, (), empty=_(
            "This table is not shown: its numbers are too small to publish without identifying people."))
    if not table["rows"]:
        return Chart(name, dom_id, heading, "", note, (), empty=_("No cases in this table."))
    longest = _longest(table)
    scale = float(max(longest, 4 * document["threshold"]))
    columns = [c["code"] for c in table["columns"]]
    grouped = len(columns) > 1
    rows = tuple(Row(row["code"], text(row["label"], lang),
                     tuple(_cell_bar(row["cells"][c["code"]], text(c["label"], lang) if grouped else "", scale,
                                     longest, share_shown=True) for c in table["columns"]),
                     text(context.get(f"{name}/{row['code']}"), lang))
                 for row in table["rows"])
    subtitle = i18n.n_text(table["n"], table["unit"]) if table.get("n") is not None else ""
    share_of = text(table.get("share_of"), lang)
    if share_of and any(b.share for r in rows for b in r.bars):
        subtitle += " · % " + share_of  # "% of mentions": the release's own words for the denominator
    all_hidden = all(b.kind in ("small", "cover") for r in rows for b in r.bars)
    return Chart(name, dom_id, heading, subtitle, note, rows,
                 tuple(text(c["label"], lang) for c in table["columns"]) if grouped else (),
                 all_hidden=all_hidden, context=text(context.get(name), lang))


def tiles(document: dict, lang: str) -> list[dict]:
    """The headline numbers: cases, clients, qualified."""
    out = []
    for row in document["tables"][TOTALS]["rows"]:
        cell = row["cells"]["count"]
        out.append({"code": row["code"].replace("_", "-"), "label": text(row["label"], lang),
                    "value": cell["hidden_as"] if cell["suppressed"] else i18n.number(cell["value"]),
                    "hidden": cell["suppressed"]})
    return out


def profiles(document: dict, lang: str) -> list[dict]:
    """Each primary key group: its case count, and its perpetrators as a chart (or why not)."""
    table = document["tables"][PROFILE]
    context = document.get("publisher", {}).get("context", {})
    out = []
    for row in table["rows"]:
        cell = row["cells"]["cases"]
        count = cell["hidden_as"] if cell["suppressed"] else i18n.count(cell["value"], "cases")
        breakdown = row.get("breakdown")
        label = text(row["label"], lang)
        out.append({
            "code": row["code"], "label": label, "count": count, "hidden": cell["suppressed"],
            "context": text(context.get(f"{PROFILE}/{row['code']}"), lang),
            "chart": None if breakdown is None else chart(
                document, f"{PROFILE}/{row['code']}", breakdown, lang,
                title=_("Most common perpetrators")),
        })
    return out


def charts_in_order(document: dict, lang: str) -> list[Chart]:
    """Every chart of the page (profiles apart), in the release's table order."""
    return [chart(document, name, table, lang) for name, table in document["tables"].items()
            if name not in (TOTALS, PROFILE)]
