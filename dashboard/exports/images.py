"""A figure dict as PNG or SVG through kaleido (headless Chromium), saying what it shows.

The image's subtitle carries `n = …`, the data date and the filter sentence (and a release's
protection note), so the picture still says what it counts once it is pasted elsewhere.
Kaleido's sync server (one Chromium kept open) starts on the first image of the process, not
at import: about 4 s for that one, then about 0.3 s each. The server's queue is not safe for
concurrent callers, so one image is drawn at a time. MathJax is off: it would come from a CDN.
"""

from __future__ import annotations

import copy
import html
import textwrap
import threading
import warnings

import kaleido
import plotly.graph_objects as go

from dashboard.exports.caption import Caption

FORMATS = ("png", "svg")
WIDTH = 1200
CAPTION_LINE_PX = 20
MIN_HEIGHT = 380
_lock = threading.Lock()
_server_started = False


def _start_server() -> None:
    """Once per process, under the lock. Never `kaleido.get_chrome()`: that downloads a browser."""
    global _server_started
    if not _server_started:
        kaleido.start_sync_server(mathjax=False, timeout=60, silence_warnings=True)
        _server_started = True


def stop_server() -> None:
    """Close the browser (tests; a process that exits closes it by itself)."""
    global _server_started
    with _lock:
        if _server_started:
            kaleido.stop_sync_server(silence_warnings=True)
            _server_started = False


def _wrap(text: str, width_px: int) -> list[str]:
    return textwrap.wrap(text, width=max(40, width_px // 8)) or [""]


def captioned(figure: dict, caption: Caption, width: int = WIDTH, titled: bool = True) -> dict:
    """A copy of the figure whose subtitle says what it shows; `titled=False` leaves the title
    to the slide and keeps only the plot (the caption is then the slide's)."""
    fig = copy.deepcopy(figure)
    layout = fig.setdefault("layout", {})
    lines = [" · ".join(part for part in (caption.n, caption.dated) if part)]
    lines += _wrap(caption.sentence, width) + (_wrap(caption.note, width) if caption.note else [])
    margin = dict(layout.get("margin") or {})
    margin.update(l=max(margin.get("l", 0), 24), r=max(margin.get("r", 0), 24), b=max(margin.get("b", 0), 24))
    layout["margin"] = margin
    if titled:
        title = dict(layout.get("title") or {})
        title.update(subtitle={"text": "<br>".join(html.escape(line, quote=False) for line in lines)},
                     automargin=True, yref="container", y=1, yanchor="top", x=0, xanchor="left",
                     pad={"l": 16, "t": 16})
        layout["title"] = title
        layout["height"] = max(layout.get("height") or 450, MIN_HEIGHT) + CAPTION_LINE_PX * len(lines) + 30
    else:
        layout["title"] = {"text": ""}
        margin["t"] = 20
    return fig


def render(figure: dict, fmt: str, width: int = WIDTH, height: int | None = None, scale: float = 2) -> bytes:
    """The figure drawn as `fmt` (png or svg). Raises on a browser failure; callers answer 503."""
    if fmt not in FORMATS:
        raise ValueError(f"image format must be one of {', '.join(FORMATS)}")
    height = height or figure.get("layout", {}).get("height") or 450
    with _lock, warnings.catch_warnings():
        # plotly passes its default request headers, which a running server ignores (and says so).
        warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
        _start_server()
        return go.Figure(figure).to_image(format=fmt, width=width, height=height, scale=scale)


def image(figure: dict, caption: Caption, fmt: str) -> bytes:
    """The file a chart's PNG/SVG download gives."""
    return render(captioned(figure, caption), fmt, scale=2 if fmt == "png" else 1)
