"""Small texts several views compute: the change of a number against an earlier period."""

from __future__ import annotations

from dashboard import i18n
from dashboard.i18n import _


def change_text(current: int, previous: int, label: str) -> str:
    """'+12 (+4.3%) vs previous period' — the change of a tile against an earlier period."""
    delta = current - previous
    signed = ("+" if delta > 0 else "−" if delta < 0 else "±") + i18n.number(abs(delta))
    if previous == 0:
        return _("%(change)s vs %(period)s (was 0)", change=signed, period=label)
    relative = ("+" if delta >= 0 else "−") + i18n.percent(abs(delta) / previous)
    return _("%(change)s (%(relative)s) vs %(period)s", change=signed, relative=relative, period=label)
