"""Who presents: the organisation's name (English and Russian) and logo on title slides.

    <data_dir>/branding.toml
        logo = "logo.png"                  # a PNG or JPEG beside this file (optional)
        [name]
        en = "Alliance for Public Health"
        ru = "Альянс общественного здоровья"

Missing or unreadable settings fall back to "REAct" and no logo: a deck is never refused for
its branding; the problem is logged.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

BRANDING_FILE = "branding.toml"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Branding:
    names: dict
    logo: Path | None = None

    def name(self, lang: str) -> str:
        """The organisation in `lang` ("" when none is set)."""
        return self.names.get(lang) or self.names.get("en") or ""

    def source(self, lang: str) -> str:
        """'Source: REAct, <organisation>' (or just REAct), in the running language."""
        from dashboard.i18n import _

        name = self.name(lang)
        return _("Source: REAct, %(organisation)s", organisation=name) if name else _("Source: REAct")


def load(data_dir: Path | str) -> Branding:
    path = Path(data_dir) / BRANDING_FILE
    if not path.is_file():
        return Branding({})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        log.exception("branding settings %s cannot be read; using none", path)
        return Branding({})
    names = {k: str(v) for k, v in (data.get("name") or {}).items() if isinstance(v, str)}
    logo = data.get("logo")
    logo_path = (path.parent / logo).resolve() if isinstance(logo, str) else None
    if logo_path is not None and (not logo_path.is_file() or logo_path.suffix.lower() not in (".png", ".jpg", ".jpeg")
                                  or path.parent.resolve() not in logo_path.parents):
        log.warning("branding logo %s is not a PNG/JPEG in the data directory; left out", logo_path)
        logo_path = None
    return Branding(names, logo_path)
