"""Every figure of the dashboard is built here, from measure rows.

One template, one colour-blind-safe palette (Okabe-Ito), a title that says what is counted and
a subtitle with `n = … <unit>`, hover text with count and share, and a sentence instead of an
empty plot. Bars that can be clicked to add a filter carry the code in `customdata`.

Figures are plain Plotly JSON dicts, not `go.Figure` objects: plotly's validation took about
30 ms per chart, most of a page's time. `plotly.graph_objects.Figure(fig)` turns one into an
object where that is needed (image export).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from datetime import date

from babel.dates import format_date
from plotly.colors import sample_colorscale

from dashboard import i18n
from dashboard.i18n import _

Figure = dict

# Built from Okabe & Ito (2008), darkened where needed so every colour has at least 3:1 contrast on
# white (WCAG 1.4.11, tested); lines also differ by dash and marker, so colour is never the only cue.
PALETTE = ["#0072B2", "#D55E00", "#007A55", "#AA3377", "#9A6200", "#00818A", "#222222", "#6B6B6B", "#5E35B1"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "triangle-down", "star", "cross", "pentagon"]
WRAP = 32  # characters per line of a category label beside the bars
PRIMARY = PALETTE[0]

GRAPH_CONFIG = {
    # No mode bar: its seven buttons were seven Tab stops per chart and covered titles on a phone;
    # every chart has its own Download menu (images, numbers) beside it instead.
    "displayModeBar": False,
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "responsive": True,
}

_BASE_LAYOUT = {
    "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 13},
    "colorway": PALETTE,
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    # Room for a one-line title and `n = …` line pinned to the top (see _title): what
    # assets/fit.js measures them to need, so a chart whose texts fit is drawn once, not three times.
    "margin": {"l": 10, "r": 20, "t": 82, "b": 40},
    "hoverlabel": {"bgcolor": "white"},
}


def _title(title: str, subtitle: str) -> dict:
    """Pinned to the top, as assets/fit.js pins it when a title wraps (plotly would centre it in
    the margin and move it as the margin grows)."""
    return {"text": title, "subtitle": {"text": subtitle}, "x": 0, "xanchor": "left",
            "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 20}}


def _figure(data: list[dict], table: list[dict] | None = None, kind: str | None = None, **layout) -> Figure:
    """A figure dict; `table` is the numbers behind it (exports write exactly these rows), `kind`
    what a reader of the dict cannot tell from its traces (a map is drawn with scatter traces)."""
    meta = {"table": table if table is not None else [], **({"kind": kind} if kind else {})}
    return {"data": data, "layout": {**_BASE_LAYOUT, **layout, "meta": meta}}


def table_of(figure: Figure) -> list[dict]:
    """The rows behind a figure: what its CSV/XLSX export and slide notes hold."""
    return figure.get("layout", {}).get("meta", {}).get("table", [])


def table_headers() -> dict[str, str]:
    """The words for the keys of `table_of` rows, in the running language (codes are left out)."""
    return {"label": _("Category"), "cases": _("Cases"), "clients": _("Clients"), "share": "%",
            "share_of_mentions": _("of mentions"), "share_of_cases": _("of cases"), "group_label": _("Group"),
            "series": _("Series"), "period_start": _("Period"), "row": _("Row"), "column": _("Column"),
            "provided": _("Provided"), "referred": _("Referred"), "unavailable": _("Needed, unavailable")}


def readable_table(figure: Figure) -> tuple[list[str], list[list[str]]]:
    """The numbers behind a chart as a person reads them: translated headers, formatted numbers
    and shares, no codes (the text alternative beside a chart, and the slides' notes)."""
    names = table_headers()
    rows = table_of(figure)
    keys = [k for k in dict.fromkeys(k for row in rows for k in row) if k not in ("code", "group")]
    for row_key, column_key in TWO_WAY_KEYS:
        values = [k for k in keys if k not in (row_key, column_key)]
        if {row_key, column_key} <= set(keys) and 1 <= len(values) <= 2 and not _hides(values):
            return _two_way(rows, row_key, column_key, values, names)

    def header(key: str) -> str:
        if key.endswith("_hidden_as"):  # a release's hidden cell: how it reads (<11)
            return f"{names.get(key.removesuffix('_hidden_as'), key)} ({_('hidden')})"
        return names.get(key, key)

    return [header(k) for k in keys], [[_cell(k, row.get(k)) for k in keys] for row in rows]


def _cell(key: str, value) -> str:
    """One value of a numbers table as read: shares as percentages, counts grouped."""
    if value is None:
        return ""
    if isinstance(value, float) and key.startswith("share"):
        return i18n.percent(value)
    if isinstance(value, (int, float)):
        return i18n.number(value)
    return str(value)


def _hides(keys: Sequence[str]) -> bool:
    return any(k.endswith("_hidden_as") for k in keys)


# A heatmap's cells, a trend's points and the key-group profiles read best as a grid (a key
# group's row across the perpetrators, a month across the series), and a grid of 10 x 15 has a
# tenth of the cells of the same numbers as one row each (each cell is a component the page's
# renderer tracks: bench/RESULTS.md). (row key, column key), and the code that tells a row's or a
# column's categories apart where the table has one: two labels alike are never one row or column.
TWO_WAY_KEYS = (("row", "column"), ("period_start", "series"), ("group_label", "label"))
_CODE_OF = {"group_label": "group", "label": "code"}


def _two_way(rows: Sequence[dict], row_key: str, column_key: str, value_keys: Sequence[str],
             names: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """One value per (row, column) as a grid, a second one (a share) after it in brackets; a pair
    the table does not have stays empty. The corner says what the rows are and what the cells count."""
    def identity(row: dict, key: str):
        return row.get(_CODE_OF.get(key, key), row[key])

    row_labels = {identity(r, row_key): str(r[row_key]) for r in rows}
    column_labels = {identity(r, column_key): str(r[column_key]) for r in rows}
    grid = {(identity(r, row_key), identity(r, column_key)):
            " ".join([_cell(value_keys[0], r.get(value_keys[0])),
                      *[f"({_cell(k, r.get(k))})" for k in value_keys[1:] if r.get(k) is not None]])
            for r in rows}
    counted = " ".join([names.get(value_keys[0], value_keys[0]), *[f"({names.get(k, k)})" for k in value_keys[1:]]])
    # A heatmap's rows have no name of their own ("row"): there the corner is what the cells count.
    corner = counted if row_key == "row" else f"{names.get(row_key, row_key)}: {counted}"
    return ([corner, *column_labels.values()],
            [[label, *[grid.get((row, column), "") for column in column_labels]] for row, label in row_labels.items()])


def _rows_table(rows: Sequence[dict], keys: Sequence[str]) -> list[dict]:
    return [{k: r.get(k) for k in keys if k in r} for r in rows]


def empty(title: str, sentence: str) -> Figure:
    """A figure that says why there is nothing to draw, instead of a blank plot."""
    return _figure(
        [],
        title=_title(title, ""),
        xaxis={"visible": False},
        yaxis={"visible": False},
        height=220,
        annotations=[{"text": sentence, "showarrow": False, "xref": "paper", "yref": "paper",
                      "x": 0.5, "y": 0.5, "font": {"size": 14, "color": "#555"}}],
    )


def safe(label: object) -> str:
    """A label as Plotly text: region and organisation names come from imported files, and Plotly
    renders tags in text, hover and tick labels (a link in a region name would be a live link)."""
    return html.escape(str(label), quote=True)


def short(label: str, limit: int = 42) -> str:
    """A label cut to a length, for sentences that quote it (never for categories). Escaped."""
    return safe(label if len(label) <= limit else label[: limit - 1].rstrip() + "…")


def wrapped(label: str, width: int = WRAP) -> str:
    """A category label in lines of at most `width` characters, whole words, nothing cut. Escaped."""
    return "<br>".join(safe(line) for line in textwrap.wrap(str(label), width, break_long_words=False) or [""])


def category_axis(codes: Sequence[str], labels: Sequence[str], width: int = WRAP) -> dict:
    """A category axis whose categories are the codes (two labels that begin alike never merge into
    one bar) and whose tick texts are the labels, wrapped."""
    return {"type": "category", "tickmode": "array", "tickvals": list(codes),
            "ticktext": [wrapped(label, width) for label in labels], "automargin": True}


def _bars_height(labels: Sequence[str], per_line: int = 17, least: int = 26, extra: int = 90, width: int = WRAP) -> int:
    return extra + sum(max(least, 8 + per_line * len(textwrap.wrap(str(label), width) or [""])) for label in labels)


PHONE_WRAP = 16  # characters per line of a category label on a phone (assets/fit.js, meta.narrow)


def _narrow_bars(labels: Sequence[str], wide_ticks: list[str], height: int) -> dict:
    """A bar chart's phone layout: labels in shorter lines (at 32 characters they took more than
    plotly gives a margin and were cut at the left edge), three or four count ticks, level."""
    # Three-line labels need their lines' height, and the margins (title, n, count axis) ~160 px.
    narrow_height = max(height, _bars_height(labels, per_line=19, least=30, extra=160, width=PHONE_WRAP))
    return {"below": 640,
            "layout": {"yaxis.ticktext": [wrapped(label, PHONE_WRAP) for label in labels], "height": narrow_height,
                       "xaxis.nticks": 4, "xaxis.tickangle": 0},
            "wide": {"yaxis.ticktext": wide_ticks, "height": height,
                     "xaxis.nticks": None, "xaxis.tickangle": None}}


def _headroom(values: Sequence[float]) -> list[float]:
    """The count axis reaches past the longest bar, so the number printed beside it is never cut."""
    top = max([v for v in values if v is not None] + [0])
    return [0, top * 1.18 if top else 1]


def bar(
    rows: Sequence[dict],
    *,
    count: str,
    title: str,
    subtitle: str,
    share: str | None = None,
    share_label: str = "share",
    unit: str = "cases",
    empty_sentence: str | None = None,
    label_key: str = "label",
    code_key: str = "code",
) -> Figure:
    """Horizontal bars, largest on top, each with its count (and share) in the hover."""
    if not rows:
        return empty(title, empty_sentence or _("No cases match these filters."))
    ordered = list(reversed(rows))  # plotly draws the first category at the bottom
    hover = [
        f"<b>{safe(r[label_key])}</b><br>{i18n.count(r[count], unit)}"
        + (f"<br>{i18n.percent(r.get(share))} {share_label}" if share else "")
        for r in ordered
    ]
    trace = {
        "type": "bar",
        "x": [r[count] for r in ordered],
        "y": [r.get(code_key) or r[label_key] for r in ordered],  # a row without a code: its label
        "orientation": "h",
        "marker": {"color": PRIMARY},
        "text": [i18n.number(r[count]) for r in ordered],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [r.get(code_key) for r in ordered],
        "hovertext": hover,
        "hoverinfo": "text",
    }
    height = max(260, _bars_height([r[label_key] for r in rows]))
    figure = _figure(
        [trace],
        table=_rows_table(rows, [code_key, label_key, count, *([share] if share else [])]),
        title=_title(title, subtitle),
        height=height,
        xaxis={"title": {"text": i18n.unit_word(unit)}, "gridcolor": "#eee", "range": _headroom(trace["x"])},
        yaxis=category_axis(trace["y"], [r[label_key] for r in ordered]),
        # The numbers printed past the bars' ends spill into the right margin (cliponaxis off): a
        # margin as wide as the longest number keeps "18 098" whole on a 390 px phone too.
        margin={**_BASE_LAYOUT["margin"], "r": 14 + 8 * max(len(t) for t in trace["text"])},
    )
    figure["layout"]["meta"]["narrow"] = _narrow_bars([r[label_key] for r in ordered],
                                                      figure["layout"]["yaxis"]["ticktext"], height)
    return figure


def bar_panels(
    panels: Sequence[dict],
    *,
    count: str,
    title: str,
    subtitle: str,
    share: str,
    share_label: str,
    unit: str,
    empty_sentence: str,
    columns: int = 2,
) -> Figure:
    """Small multiples: one panel of horizontal bars per group, in a grid, as one figure.

    panels: {"code", "label", "note", "rows"}; each panel's title is "label · note", and a panel
    with no rows says `empty_sentence`. One figure rather than one per group: Key populations
    drew 14 graphs on every filter change, about a second in the browser.
    """
    if not panels:
        return empty(title, _("No cases match these filters."))
    columns = max(1, min(columns, len(panels)))
    most_bars = max([len(p["rows"]) for p in panels] + [1])
    panel_px = 64 + 22 * most_bars  # title line, bars, axis ticks
    wide = _panel_grid(len(panels), columns, panel_px, label_share=0.17)
    data, annotations, axes, table = [], [], {}, []
    for index, panel in enumerate(panels):
        suffix = "" if index == 0 else str(index + 1)
        x_domain, y_domain, title_x, title_y = wide["cells"][index]
        axes[f"xaxis{suffix}"] = {"domain": x_domain, "anchor": f"y{suffix}", "gridcolor": "#eee",
                                  "rangemode": "tozero"}
        ordered = list(reversed(panel["rows"]))
        axes[f"yaxis{suffix}"] = {"domain": y_domain, "anchor": f"x{suffix}", "automargin": False,
                                  **category_axis([r["code"] for r in ordered], [r["label"] for r in ordered], 24)}
        annotations.append({"text": f"<b>{safe(panel['label'])}</b> · {safe(panel['note'])}", "showarrow": False,
                            "xref": "paper", "yref": "paper", "x": title_x, "y": title_y,
                            "xanchor": "left", "yanchor": "bottom", "align": "left"})
        # Every panel spans most_bars category slots, bars at the top: one bar thickness throughout.
        axes[f"yaxis{suffix}"]["range"] = [len(ordered) - most_bars - 0.5, len(ordered) - 0.5]
        if ordered and max(r[count] for r in ordered) <= 5:
            axes[f"xaxis{suffix}"]["dtick"] = 1  # counts: no 0.5 ticks
        if not ordered:
            axes[f"xaxis{suffix}"]["visible"] = False
            axes[f"yaxis{suffix}"]["visible"] = False
            annotations.append({"text": empty_sentence, "showarrow": False, "xref": f"x{suffix} domain",
                                "yref": f"y{suffix} domain", "x": 0, "y": 0.5, "xanchor": "left",
                                "font": {"color": "#555"}})
        data.append({
            "type": "bar", "orientation": "h", "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
            "x": [r[count] for r in ordered], "y": [r["code"] for r in ordered],
            "marker": {"color": PRIMARY}, "text": [i18n.number(r[count]) for r in ordered],
            "textposition": "outside", "cliponaxis": False, "customdata": [r["code"] for r in ordered],
            "hovertext": [f"<b>{safe(panel['label'])}: {safe(r['label'])}</b><br>{i18n.count(r[count], unit)}"
                          f"<br>{i18n.percent(r.get(share))} {share_label}" for r in ordered],
            "hoverinfo": "text", "showlegend": False,
        })
        table.extend({"group": panel["code"], "group_label": panel["label"], "code": r["code"],
                      "label": r["label"], count: r[count], share: r.get(share)} for r in panel["rows"])
    # On a phone two panels side by side overlap each other's labels: assets/fit.js applies this
    # one-column layout (wider labels, room for the numbers) to a chart narrower than `below` px.
    narrow = _panel_grid(len(panels), 1, panel_px + 40, label_share=0.45, right=0.84, title_lines=3)
    figure = _figure(data, table=table, title=_title(title, subtitle), height=wide["height"],
                     annotations=annotations, bargap=0.25, **axes)
    if columns > 1:
        # One column: smaller category labels (one line each, mostly), the panel's name above its note.
        small = {f"yaxis{'' if i == 0 else i + 1}.tickfont.size": 10 for i in range(len(panels))}
        two_lines = {f"annotations[{i}].text": f"<b>{wrapped(p['label'], 34)}</b><br>{safe(p['note'])}"
                     for i, p in enumerate(panels)}
        figure["layout"]["meta"]["narrow"] = {
            "below": 640, "layout": {"height": narrow["height"], **_grid_patch(narrow), **small, **two_lines},
            "wide": {"height": wide["height"], **_grid_patch(wide), **{k: 13 for k in small},
                     **{f"annotations[{i}].text": a["text"] for i, a in enumerate(annotations)}}}
    return figure


def _panel_grid(count: int, columns: int, panel_px: int, label_share: float, right: float = 1.0,
                title_lines: int = 1) -> dict:
    """Where each small-multiple panel sits: (x domain, y domain, title x, title y) per panel, and
    the figure's height. `label_share` of each column is left for the category labels, and the
    bars end at `right` of it (the rest is room for the numbers printed past them)."""
    grid_rows = -(-count // columns)
    gap = 0.06
    width = (1 - gap * (columns - 1)) / columns
    cells = []
    for index in range(count):
        row, column = divmod(index, columns)
        left = column * (width + gap)
        top = 1 - row / grid_rows
        bottom = 1 - (row + 1) / grid_rows
        y_domain = [bottom + 0.18 / grid_rows, top - (0.16 + 0.07 * (title_lines - 1)) / grid_rows]
        x_domain = [left + label_share, left + width * right]
        cells.append((x_domain, y_domain, left, y_domain[1] + 0.02 / grid_rows))
    return {"cells": cells, "height": 110 + grid_rows * panel_px}


def _grid_patch(grid: dict) -> dict:
    patch = {}
    for index, (x_domain, y_domain, title_x, title_y) in enumerate(grid["cells"]):
        suffix = "" if index == 0 else str(index + 1)
        patch |= {f"xaxis{suffix}.domain": x_domain, f"yaxis{suffix}.domain": y_domain,
                  f"annotations[{index}].x": title_x, f"annotations[{index}].y": title_y}
    return patch


def donut(rows: Sequence[dict], *, title: str, subtitle: str, count: str = "cases", unit: str = "cases",
          empty_sentence: str | None = None) -> Figure:
    """Shares of a whole (one value per case): slices clickable, code in customdata."""
    if not rows:
        return empty(title, empty_sentence or _("No cases match these filters."))
    trace = {
        "type": "pie",
        "labels": [safe(r["label"]) for r in rows],
        "values": [r[count] for r in rows],
        "customdata": [r["code"] for r in rows],
        "hole": 0.45,
        "sort": False,
        "direction": "clockwise",
        "textinfo": "percent",
        "textposition": "inside",
        "hovertext": [f"<b>{safe(r['label'])}</b><br>{i18n.count(r[count], unit)}<br>{i18n.percent(r.get('share'))}"
                      for r in rows],
        "hoverinfo": "text",
        "marker": {"colors": PALETTE * 2},
    }
    return _figure([trace], table=_rows_table(rows, ["code", "label", count, "share"]), title=_title(title, subtitle),
                   height=420, legend={"orientation": "v", "x": 1.02, "y": 0.5})


def grouped_bar(rows: Sequence[dict], *, series: Sequence[tuple[str, str]], title: str, subtitle: str,
                unit: str = "cases", empty_sentence: str | None = None) -> Figure:
    """Several counts per category side by side (e.g. services provided / referred / unavailable)."""
    if not rows:
        return empty(title, empty_sentence or _("No cases match these filters."))
    ordered = list(reversed(rows))
    traces = [
        {"type": "bar", "name": safe(name), "x": [r[key] for r in ordered], "y": [r["code"] for r in ordered],
         "orientation": "h", "marker": {"color": PALETTE[i]}, "customdata": [r["code"] for r in ordered],
         "hovertext": [f"<b>{safe(r['label'])}</b><br>{safe(name)}: {i18n.count(r[key], unit)}" for r in ordered],
         "hoverinfo": "text"}
        for i, (key, name) in enumerate(series)
    ]
    return _figure(traces, table=_rows_table(rows, ["code", "label", *[key for key, _ in series]]),
                   title=_title(title, subtitle), barmode="group",
                   height=max(300, _bars_height([r["label"] for r in rows], per_line=17, least=40, extra=100)),
                   xaxis={"title": {"text": i18n.unit_word(unit)}, "gridcolor": "#eee"},
                   yaxis=category_axis([r["code"] for r in ordered], [r["label"] for r in ordered]),
                   legend={"orientation": "h", "y": -0.12})


def heatmap(x_labels: Sequence[str], y_labels: Sequence[str], values: Sequence[Sequence[int]], *, title: str,
            subtitle: str, unit: str = "cases", empty_sentence: str | None = None) -> Figure:
    if not x_labels or not y_labels:
        return empty(title, empty_sentence or _("No cases match these filters."))
    trace = {"type": "heatmap", "z": [list(row) for row in values], "x": [safe(x) for x in x_labels],
             "y": [safe(y) for y in y_labels],
             "colorscale": "Blues", "texttemplate": "%{z}", "colorbar": {"title": {"text": i18n.unit_word(unit)}},
             "hovertemplate": "%{y} × %{x}<br>%{z} " + i18n.unit_word(unit) + "<extra></extra>"}
    table = [{"row": y, "column": x, unit: values[i][j]}
             for i, y in enumerate(y_labels) for j, x in enumerate(x_labels)]
    return _figure([trace], table=table, title=_title(title, subtitle), height=max(320, 110 + 34 * len(y_labels)),
                   xaxis={"automargin": True, "tickangle": -30}, yaxis={"automargin": True, "autorange": "reversed"})


def month_ticks(days: Sequence[str], most: int = 12) -> dict:
    """A date axis whose tick labels are written here, in the running language ("янв. 2023"): the
    images made on the server (kaleido) have no plotly.js locale, so Russian slides showed English
    months. At most `most` ticks, evenly spaced over the bucket starts."""


    if not days:
        return {"type": "date"}
    step = max(1, -(-len(days) // most))
    chosen = list(days)[::step]
    locale = i18n.current_lang()
    texts = [format_date(date.fromisoformat(day[:10]), "LLL yyyy", locale=locale) for day in chosen]
    return {"type": "date", "tickmode": "array", "tickvals": chosen, "ticktext": texts, "automargin": True}


def lines(series: Sequence[tuple[str, Sequence[str], Sequence[int]]], *, title: str, subtitle: str,
          unit: str = "cases", events: Sequence[tuple[str, str]] = (),
          empty_sentence: str | None = None) -> Figure:
    """One line per series of (name, bucket start dates, counts), with dated event markers."""
    if not series or not any(len(x) for _name, x, _values in series):
        return empty(title, empty_sentence or _("No cases match these filters."))
    traces = [
        {"type": "scatter", "name": safe(name), "x": list(x), "y": list(y), "mode": "lines+markers",
         "line": {"color": PALETTE[i % len(PALETTE)], "dash": DASHES[i % len(DASHES)], "width": 2.5},
         "marker": {"symbol": MARKERS[i % len(MARKERS)], "size": 7},
         "hovertemplate": safe(name) + "<br>%{x|%x}: %{y} " + i18n.unit_word(unit)
         + "<extra></extra>"}
        for i, (name, x, y) in enumerate(series)
    ]
    shapes = [{"type": "line", "x0": day, "x1": day, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
               "line": {"dash": "dot", "color": "#555", "width": 1}} for day, _ in events]
    annotations = [{"x": day, "y": 1, "xref": "x", "yref": "paper", "text": text, "showarrow": False,
                    "textangle": -90, "xanchor": "right", "yanchor": "top", "font": {"size": 11, "color": "#555"}}
                   for day, text in events]
    table = [{"series": name, "period_start": day, unit: value} for name, x, y in series for day, value in zip(x, y)]
    return _figure(traces, table=table, title=_title(title, subtitle), height=420, hovermode="closest", shapes=shapes,
                   annotations=annotations, xaxis=month_ticks(sorted({day for _n, x, _y in series for day in x})),
                   yaxis={"title": {"text": i18n.unit_word(unit)}, "gridcolor": "#eee", "rangemode": "tozero",
                          "automargin": True},
                   legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"})


MAP_SCALE = [[0.0, "#DCE9F5"], [1.0, "#08306B"]]  # light to dark blue; borders, not fills, carry 3:1
CONTEXT_FILL = "#EEEEEE"


def choropleth(projected, rows: Sequence[dict], *, title: str, subtitle: str, unit: str = "cases",
               share_label: str = "share", clickable: bool = True, empty_sentence: str | None = None) -> Figure:
    """Places shaded by their count, on the plane shapes of `maps.project` (filled areas on hidden
    axes: the light cartesian bundle draws them; plotly's geo module is not shipped). Each place
    carries its name and count as text, so the map reads on paper and without hovering; the
    shares are in the hover and the table. `rows` hold key, label, count (and share)."""
    rows = [r for r in rows if r["key"] in projected.focus]
    if not rows:
        return empty(title, empty_sentence or _("No cases match these filters."))
    top = max(r["cases"] for r in rows) or 1
    data: list[dict] = []
    if projected.context:  # grey neighbours under the places, one trace for all
        xs, ys = _joined(projected.context)
        data.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself",
                     "fillcolor": CONTEXT_FILL, "line": {"color": "#BBBBBB", "width": 0.6},
                     "hoverinfo": "skip", "showlegend": False})
    if projected.outline:  # its own trace: overlapping the context's simpler borders would punch holes
        xs, ys = _joined(projected.outline)
        data.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself",
                     "fillcolor": "#E2E2E2", "line": {"color": "#555555", "width": 1.5},
                     "hoverinfo": "skip", "showlegend": False})
    for r in rows:
        xs, ys = _joined(projected.focus[r["key"]])
        hover = f"{safe(r['label'])}: {i18n.count(r['cases'], unit)}"
        data.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself",
                     "fillcolor": sample_colorscale(MAP_SCALE, [r["cases"] / top])[0],
                     "line": {"color": "#333333", "width": 1},
                     "name": hover, "hoveron": "fills", "hoverinfo": "name", "showlegend": False})
    points = [projected.label_points[r["key"]] for r in rows]
    named = [f"<b>{safe(r['label'])}</b><br>{i18n.number(r['cases'])}" for r in rows]
    data.append({
        "type": "scatter", "mode": "text", "x": [p[0] for p in points], "y": [p[1] for p in points],
        "text": named,
        "textposition": [p[2] for p in points],
        # Dark text on light fills, white on dark ones; a small place's label sits under it, on grey.
        "textfont": {"color": ["white" if r["cases"] / top > 0.55 and p[2] == "middle center" else "#111111"
                               for r, p in zip(rows, points)], "size": 12, "shadow": "auto"},
        "customdata": [r["key"] if clickable else None for r in rows],
        "hovertext": [f"<b>{safe(r['label'])}</b><br>{i18n.count(r['cases'], unit)}"
                      + (f"<br>{i18n.percent(r['share'])} {share_label}" if r.get("share") is not None else "")
                      for r in rows],
        "hoverinfo": "text", "showlegend": False,
    })
    # The colour key: an invisible marker whose colour bar spans 0..the largest count.
    data.append({"type": "scatter", "mode": "markers", "x": [points[0][0]], "y": [points[0][1]],
                 "hoverinfo": "skip", "showlegend": False,
                 "marker": {"size": 0.1, "opacity": 0, "color": [0, top], "cmin": 0, "cmax": top,
                            "colorscale": MAP_SCALE, "showscale": True,
                            # Under the map, not beside it: on a phone a side bar took a quarter of the width.
                            "colorbar": {"title": {"text": i18n.unit_word(unit), "side": "top"},
                                         "orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.02,
                                         "yanchor": "top", "thickness": 10, "len": 0.8, "tickangle": 0,
                                         **_number_ticks(top)}}})
    x0, x1, y0, y1 = projected.frame
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    table = [{"code": r["key"], "label": r["label"], "cases": r["cases"],
              **({"share": r["share"]} if "share" in r else {})} for r in rows]
    figure = _figure(data, table=table, kind="map", title=_title(title, subtitle), height=500, dragmode=False,
                     margin={**_BASE_LAYOUT["margin"], "b": 70},
                     xaxis={**hidden, "range": [x0, x1], "constrain": "domain"},
                     yaxis={**hidden, "range": [y0, y1], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"})
    # On a phone the names of neighbouring places ran into each other: there the labels are the
    # counts alone, smaller (the names are in the hover and in the chart's numbers table).
    labels = len(data) - 2
    figure["layout"]["meta"]["narrow"] = {
        "below": 640, "layout": {"height": 360}, "wide": {"height": 500},  # a wide map is short on a phone
        "traces": {"index": labels, "narrow": {"text": [[i18n.number(r["cases"]) for r in rows]], "textfont.size": 10},
                   "wide": {"text": [named], "textfont.size": 12}}}
    return figure


def _number_ticks(top: int) -> dict:
    """Round ticks from 0 to `top` written in the running language ("15 000", not plotly's "15k")."""
    raw = top / 4
    magnitude = 10 ** max(0, len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw) or 1
    values = list(range(0, int(top) + 1, int(step)))
    return {"tickmode": "array", "tickvals": values, "ticktext": [i18n.number(v) for v in values]}


def _joined(rings: Sequence[tuple[list[float], list[float]]]) -> tuple[list, list]:
    """Several rings as one trace: plotly starts a new filled area after each None."""
    xs: list = []
    ys: list = []
    for rx, ry in rings:
        xs += [*rx, None]
        ys += [*ry, None]
    return xs, ys
