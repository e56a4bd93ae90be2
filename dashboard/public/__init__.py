"""The public side as plain server-rendered pages: the release list, a release, one chart to
embed, the public methodology, and the whole release as XLSX and PDF.

A release is frozen, so its pages are too: HTML with each chart as a table of its numbers with
inline SVG bars (no Dash renderer, no plotly.js, no request after the page but none at all),
small enough for a slow phone link. Everything comes from the release file, never from case
data. `routes` serves them; `site` writes the same pages as files any web server can host.
"""
