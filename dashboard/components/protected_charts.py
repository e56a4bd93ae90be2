"""Charts of a published release's protected tables: hidden counts as hatched bars labelled `<11`.

Tables come from a release file (dashboard.releases.document): a shown cell has its value, a
hidden one `value: null` with `hidden_as` (`<11`, or `≥11` for a larger count hidden so that the
small ones cannot be worked out). A hidden count is never drawn as 0 or left out. A `<11` gets a
short, grey, hatched bar (as long as 10, or a thirtieth of the longest shown bar if that is
longer, so it can be seen); a `≥11` is drawn unlike it, never as a tiny bar: in the series colour,
lighter and dotted, at least as long as 11 and a sixth of the longest bar, since a covered 17 or
170 must not read as "a few". Drawn lengths are never whole numbers, so none passes for a count.
Built on dashboard.charts (palette, title saying what is counted, `n = …` subtitle, a sentence
for an empty table); the numbers behind each figure (what an export writes) hold null for a
hidden cell, never the bar's drawn length.
"""

from __future__ import annotations

from dashboard import charts, i18n
from dashboard.i18n import N_, _

HIDDEN_COLOUR = "#dcdcdc"
SMALL_SHARE = 1 / 30  # a `<11` bar's least length, as a share of the longest shown bar
COVER_SHARE = 1 / 6  # a `≥11` bar's least length, likewise

WORDS = {  # msgids, translated through the catalog
    "empty": N_("No cases in this table."),
    "withheld": N_("This table is not shown: its numbers are too small to publish without identifying people."),
    "<": N_("fewer than {t}: hidden to protect the people who reported these cases"),
    "≥": N_("{t} or more: hidden so that smaller numbers cannot be worked out"),
}
OTHER_LANGUAGE = {"en": "Русский", "ru": "English"}  # the language switch names the other language in itself


def _word(key: str, lang: str) -> str:
    with i18n.use(lang):
        return _(WORDS[key])


def language(value: object) -> str:
    """The page language from an untrusted query value: en unless exactly ru."""
    return i18n.language(value)


def count_text(value: int, unit: str, lang: str) -> str:
    """'265 cases' / '265 случаев'."""
    with i18n.use(lang):
        return i18n.count(value, unit)


def subtitle(table: dict, lang: str) -> str:
    if table.get("n") is None:
        return ""
    with i18n.use(lang):
        return i18n.n_text(table["n"], table["unit"])


def _hidden_hover(cell: dict, lang: str) -> str:
    mark = cell["hidden_as"] or "<"
    return _word(mark[0], lang).format(t=mark.lstrip("<≥"))


def value_text(cell: dict, lang: str) -> str:
    """A cell as printed: its number, or its `<11` mark."""
    if cell["suppressed"]:
        return cell["hidden_as"]
    with i18n.use(lang):
        return i18n.number(cell["value"])


def drawn_length(cell: dict, longest: int) -> float:
    """A hidden bar's drawn length (see the module's docstring); never a whole number."""
    threshold = int(cell["hidden_as"].lstrip("<≥"))
    if cell["hidden_as"].startswith("<"):
        length = max(threshold - 1, longest * SMALL_SHARE)
    else:
        length = max(threshold, longest * COVER_SHARE)
    length = round(length, 1)
    return length + 0.5 if length == int(length) else length


def _none_to_draw(table: dict, lang: str) -> dict | None:
    title = table["title"][lang]
    if table["withheld"]:
        return charts.empty(title, _word("withheld", lang))
    if not table["rows"]:
        return charts.empty(title, _word("empty", lang))
    return None


def bars(table: dict, lang: str, column: str | None = None, title: str | None = None) -> dict:
    """Horizontal bars of one column, in the release's row order (largest shown first, hidden last)."""
    empty = _none_to_draw(table, lang)
    if empty is not None:
        return empty
    column = column or table["columns"][0]["code"]
    cells = [row["cells"][column] for row in table["rows"]]
    longest = max((c["value"] for c in cells if not c["suppressed"]), default=0)
    rows = [{"code": row["code"], "label": row["label"][lang], "drawn": 0 if c["suppressed"] else c["value"]}
            for row, c in zip(table["rows"], cells)]
    with i18n.use(lang):  # the axis title is in the page's language, not the request's
        figure = charts.bar(rows, count="drawn", title=title or table["title"][lang],
                            subtitle=subtitle(table, lang), unit=table["unit"])
    _mark_hidden(figure["data"][0], list(reversed(cells)), list(reversed(table["rows"])), charts.PRIMARY, table,
                 lang, longest)
    _least_axis(figure, cells, longest)
    figure["layout"]["meta"]["table"] = _numbers(table, [column], lang)
    return figure


def _least_axis(figure: dict, cells: list[dict], longest: int) -> None:
    """The axis reaches at least four thresholds: a table of hidden counts draws short bars, not full ones."""
    thresholds = [int(c["hidden_as"].lstrip("<≥")) for c in cells if c["suppressed"]]
    if thresholds and longest < 4 * max(thresholds):
        figure["layout"].setdefault("xaxis", {})["range"] = [0, 4 * max(thresholds) * 1.15]


def grouped(table: dict, lang: str) -> dict:
    """Several columns side by side (services provided / referred / unavailable), hidden ones hatched."""
    empty = _none_to_draw(table, lang)
    if empty is not None:
        return empty
    columns = [c["code"] for c in table["columns"]]
    longest = max((row["cells"][c]["value"] for row in table["rows"] for c in columns
                   if not row["cells"][c]["suppressed"]), default=0)
    rows = [{"code": row["code"], "label": row["label"][lang],
             **{c: 0 if row["cells"][c]["suppressed"] else row["cells"][c]["value"] for c in columns}}
            for row in table["rows"]]
    series = [(c["code"], c["label"][lang]) for c in table["columns"]]
    with i18n.use(lang):
        figure = charts.grouped_bar(rows, series=series, title=table["title"][lang],
                                    subtitle=subtitle(table, lang), unit=table["unit"])
    ordered = list(reversed(table["rows"]))
    for i, (trace, column) in enumerate(zip(figure["data"], columns)):
        colour = charts.PALETTE[i % len(charts.PALETTE)]
        _mark_hidden(trace, [row["cells"][column] for row in ordered], ordered, colour, table, lang, longest,
                     prefix=f"{trace['name']}: ")
    figure["layout"]["meta"]["table"] = _numbers(table, columns, lang)
    return figure


def _mark_hidden(trace: dict, cells: list[dict], rows: list[dict], colour: str, table: dict, lang: str,
                 longest: int, prefix: str = "") -> None:
    """Length, colour, hatch, label and hover of every bar of a trace, from its cells (in the trace's order)."""
    def kind(cell: dict) -> str:
        return "" if not cell["suppressed"] else cell["hidden_as"][0]

    trace["x"] = [drawn_length(c, longest) if c["suppressed"] else c["value"] for c in cells]
    trace["marker"] = {
        "color": [{"": colour, "<": HIDDEN_COLOUR, "≥": colour}[kind(c)] for c in cells],
        "opacity": 1,
        "line": {"color": [{"": colour, "<": "#8a8a8a", "≥": colour}[kind(c)] for c in cells], "width": 1},
        "pattern": {"shape": [{"": "", "<": "/", "≥": "."}[kind(c)] for c in cells],
                    "bgcolor": [{"": colour, "<": HIDDEN_COLOUR, "≥": "#ffffff"}[kind(c)] for c in cells],
                    "fgcolor": [{"": colour, "<": "#6e6e6e", "≥": colour}[kind(c)] for c in cells],
                    "fillmode": "replace", "solidity": 0.35},
    }
    trace["text"] = [value_text(c, lang) for c in cells]
    trace["textposition"] = "outside"
    trace["cliponaxis"] = False
    share_of = (table.get("share_of") or {}).get(lang, "")
    hover = []
    for row, c in zip(rows, cells):
        if c["suppressed"]:
            detail = f"{c['hidden_as']} ({_hidden_hover(c, lang)})"
        else:
            with i18n.use(lang):
                detail = i18n.count(c["value"], table["unit"])
                if c.get("share") is not None:
                    detail += f"<br>{i18n.percent(c['share'])} {share_of}"
        hover.append(f"<b>{charts.safe(row['label'][lang])}</b><br>{prefix}{detail}")
    trace["hovertext"] = hover
    trace["hoverinfo"] = "text"


def _numbers(table: dict, columns: list[str], lang: str) -> list[dict]:
    """The rows behind a figure: shown values, null and the `<11` mark for hidden ones."""
    out = []
    for row in table["rows"]:
        record = {"code": row["code"], "label": row["label"][lang]}
        for column in columns:
            cell = row["cells"][column]
            record[column] = cell["value"]
            if cell["suppressed"]:
                record[f"{column}_hidden_as"] = cell["hidden_as"]
        out.append(record)
    return out
