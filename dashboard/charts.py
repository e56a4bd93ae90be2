"""Every figure of the dashboard is built here, from measure rows.

One template, one colour-blind-safe palette (Okabe-Ito), a title that says what is counted and
a subtitle with `n = … <unit>`, hover text with count and share, and a sentence instead of an
empty plot. Bars that can be clicked to add a filter carry the code in `customdata`.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

# Okabe & Ito (2008), safe for the common colour-vision deficiencies; blue first.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999"]
PRIMARY = PALETTE[0]

GRAPH_CONFIG = {
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
    "margin": {"l": 10, "r": 20, "t": 70, "b": 40},
    "hoverlabel": {"bgcolor": "white"},
}


def _title(title: str, subtitle: str) -> dict:
    return {"text": title, "subtitle": {"text": subtitle}, "x": 0, "xanchor": "left"}


def n_text(n: int, unit: str) -> str:
    return f"n = {n:,} {unit}"


def empty(title: str, sentence: str) -> go.Figure:
    """A figure that says why there is nothing to draw, instead of a blank plot."""
    figure = go.Figure()
    figure.update_layout(
        **_BASE_LAYOUT,
        title=_title(title, ""),
        xaxis={"visible": False},
        yaxis={"visible": False},
        height=220,
        annotations=[{"text": sentence, "showarrow": False, "xref": "paper", "yref": "paper",
                      "x": 0.5, "y": 0.5, "font": {"size": 14, "color": "#555"}}],
    )
    return figure


def short(label: str, limit: int = 42) -> str:
    """Axis labels are cut to fit beside the bars; the hover always carries the full label."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def bar(
    rows: Sequence[dict],
    *,
    count: str,
    title: str,
    subtitle: str,
    share: str | None = None,
    share_label: str = "share",
    unit: str = "cases",
    empty_sentence: str = "No cases match these filters.",
    label_key: str = "label",
    code_key: str = "code",
) -> go.Figure:
    """Horizontal bars, largest on top, each with its count (and share) in the hover."""
    if not rows:
        return empty(title, empty_sentence)
    ordered = list(reversed(rows))  # plotly draws the first category at the bottom
    hover = [
        f"<b>{r[label_key]}</b><br>{r[count]:,} {unit}"
        + (f"<br>{_percent(r.get(share))} {share_label}" if share else "")
        for r in ordered
    ]
    figure = go.Figure(go.Bar(
        x=[r[count] for r in ordered],
        y=[short(r[label_key]) for r in ordered],
        orientation="h",
        marker_color=PRIMARY,
        text=[f"{r[count]:,}" for r in ordered],
        textposition="outside",
        cliponaxis=False,
        customdata=[r.get(code_key) for r in ordered],
        hovertext=hover,
        hoverinfo="text",
    ))
    figure.update_layout(
        **_BASE_LAYOUT,
        title=_title(title, subtitle),
        height=max(260, 90 + 26 * len(rows)),
        xaxis={"title": {"text": unit}, "gridcolor": "#eee"},
        yaxis={"automargin": True},
    )
    return figure


def donut(rows: Sequence[dict], *, title: str, subtitle: str, count: str = "cases", unit: str = "cases",
          empty_sentence: str = "No cases match these filters.") -> go.Figure:
    """Shares of a whole (one value per case): slices clickable, code in customdata."""
    if not rows:
        return empty(title, empty_sentence)
    figure = go.Figure(go.Pie(
        labels=[r["label"] for r in rows],
        values=[r[count] for r in rows],
        customdata=[r["code"] for r in rows],
        hole=0.45,
        sort=False,
        direction="clockwise",
        textinfo="percent",
        textposition="inside",
        hovertext=[f"<b>{r['label']}</b><br>{r[count]:,} {unit}<br>{_percent(r.get('share'))}" for r in rows],
        hoverinfo="text",
        marker={"colors": PALETTE * 2},
    ))
    figure.update_layout(**_BASE_LAYOUT, title=_title(title, subtitle), height=420,
                         legend={"orientation": "v", "x": 1.02, "y": 0.5})
    return figure


def grouped_bar(rows: Sequence[dict], *, series: Sequence[tuple[str, str]], title: str, subtitle: str,
                unit: str = "cases", empty_sentence: str = "No cases match these filters.") -> go.Figure:
    """Several counts per category side by side (e.g. services provided / referred / unavailable)."""
    if not rows:
        return empty(title, empty_sentence)
    ordered = list(reversed(rows))
    figure = go.Figure([
        go.Bar(name=name, x=[r[key] for r in ordered], y=[short(r["label"]) for r in ordered], orientation="h",
               marker_color=PALETTE[i], hovertemplate="%{y}<br>" + name + ": %{x:,} " + unit + "<extra></extra>")
        for i, (key, name) in enumerate(series)
    ])
    figure.update_layout(**_BASE_LAYOUT, title=_title(title, subtitle), barmode="group",
                         height=max(300, 100 + 40 * len(rows)), xaxis={"title": {"text": unit}, "gridcolor": "#eee"},
                         yaxis={"automargin": True}, legend={"orientation": "h", "y": -0.12})
    return figure


def heatmap(x_labels: Sequence[str], y_labels: Sequence[str], values: Sequence[Sequence[int]], *, title: str,
            subtitle: str, unit: str = "cases", empty_sentence: str = "No cases match these filters.") -> go.Figure:
    if not x_labels or not y_labels:
        return empty(title, empty_sentence)
    figure = go.Figure(go.Heatmap(
        z=values, x=list(x_labels), y=list(y_labels), colorscale="Blues", texttemplate="%{z:,}",
        hovertemplate="%{y} × %{x}<br>%{z:,} " + unit + "<extra></extra>", colorbar={"title": {"text": unit}},
    ))
    figure.update_layout(**_BASE_LAYOUT, title=_title(title, subtitle), height=max(320, 110 + 34 * len(y_labels)),
                         xaxis={"automargin": True, "tickangle": -30},
                         yaxis={"automargin": True, "autorange": "reversed"})
    return figure


def lines(series: Sequence[tuple[str, Sequence[str], Sequence[int]]], *, title: str, subtitle: str,
          unit: str = "cases", events: Sequence[tuple[str, str]] = (),
          empty_sentence: str = "No cases match these filters.") -> go.Figure:
    """One line per series of (name, bucket start dates, counts), with dated event markers."""
    if not series or not any(len(x) for _, x, _ in series):
        return empty(title, empty_sentence)
    figure = go.Figure([
        go.Scatter(name=name, x=list(x), y=list(y), mode="lines+markers", line={"color": PALETTE[i % len(PALETTE)]},
                   hovertemplate=name + "<br>%{x|%Y-%m-%d}: %{y:,} " + unit + "<extra></extra>")
        for i, (name, x, y) in enumerate(series)
    ])
    for day, text in events:
        figure.add_vline(x=day, line={"dash": "dot", "color": "#555", "width": 1})
        figure.add_annotation(x=day, y=1, yref="paper", text=text, showarrow=False, textangle=-90,
                              xanchor="right", yanchor="top", font={"size": 11, "color": "#555"})
    figure.update_layout(**_BASE_LAYOUT, title=_title(title, subtitle), height=420, hovermode="closest",
                         yaxis={"title": {"text": unit}, "gridcolor": "#eee", "rangemode": "tozero"},
                         legend={"orientation": "h", "y": -0.15})
    return figure
