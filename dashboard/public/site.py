"""`python -m dashboard export-site RELEASE_ID --out DIR`: a release as plain files.

The same pages the app serves, for any web server or an NGO's own site to host, with no
Python behind them:

    index.html, index.ru.html                the release page in English and Russian
    methodology.html, methodology.ru.html    how the numbers are counted and protected
    embed/<table>.html (.ru.html)            one chart each, to put in an <iframe>
    files/<table>.csv (.ru.csv)              each table's numbers
    files/release.xlsx (.ru.xlsx)            every table, a sheet each
    files/release.json                       the release file itself
    files/<table>.png/.svg, release.pptx, release.pdf   with images (Chromium), unless --no-images

Links between them are relative, so the folder can be moved or put under any path. The folder
is written next to DIR and moved into place, so a failed export leaves no half site.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from dashboard.exports import release as release_files
from dashboard.exports import tables
from dashboard.public import render
from dashboard.vocab import LANGUAGES


def _suffix(lang: str) -> str:
    return ".ru" if lang == "ru" else ""


class FileLinks:
    """Relative links between the exported files; `depth` is how deep the page linking is."""

    def __init__(self, document: dict, images: bool, depth: int = 0):
        self.document, self.images, self.up = document, images, "../" * depth

    def index(self, lang: str) -> str:
        return f"{self.up}index{_suffix(lang)}.html"

    release = lambda self, _release_id, lang: self.index(lang)  # noqa: E731 — one release per site

    def methodology(self, lang: str) -> str:
        return f"{self.up}methodology{_suffix(lang)}.html"

    def downloads(self, lang: str) -> list[tuple[str, str, str]]:
        from dashboard.i18n import _

        found = [(_("All tables (Excel)"), f"{self.up}files/release{_suffix(lang)}.xlsx", "release-xlsx")]
        if self.images:
            found += [(_("Report (PDF)"), f"{self.up}files/release{_suffix(lang)}.pdf", "release-pdf"),
                      (_("Slides (PowerPoint)"), f"{self.up}files/release{_suffix(lang)}.pptx", "release-pptx")]
        return found + [(_("Data (JSON)"), f"{self.up}files/release.json", "release-json")]

    def chart_files(self, name: str, lang: str) -> list[tuple[str, str]]:
        if "/" in name:
            return []
        formats = [("PNG", "png"), ("SVG", "svg"), ("CSV", "csv")] if self.images else [("CSV", "csv")]
        return [(label, f"{self.up}files/{name}{_suffix(lang)}.{fmt}") for label, fmt in formats]

    def embed(self, name: str, lang: str) -> str | None:
        """Relative to the site: whoever hosts it puts their own address in front."""
        return None if "/" in name else f"{self.up}embed/{name}{_suffix(lang)}.html"


def export_site(document: dict, out: Path, images: bool = True) -> list[Path]:
    """Write the site to `out` (which must not exist yet); the files written, relative to it."""
    from dashboard.exports import deck, pdf
    from dashboard.exports import images as image_files

    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} exists already: give a new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-site-", dir=out.parent))
    staging.chmod(0o755)  # a web server must read it; mkdtemp makes it private
    try:
        (staging / "embed").mkdir()
        (staging / "files").mkdir()
        (staging / "files" / "release.json").write_text(json.dumps(document, ensure_ascii=False, indent=1),
                                                        encoding="utf-8")
        for lang in LANGUAGES:
            top, deep = FileLinks(document, images), FileLinks(document, images, depth=1)
            page = render.release(document, lang, top)
            (staging / f"index{_suffix(lang)}.html").write_text(page, encoding="utf-8")
            (staging / f"methodology{_suffix(lang)}.html").write_text(render.methodology(lang, top), encoding="utf-8")
            (staging / "files" / f"release{_suffix(lang)}.xlsx").write_bytes(
                tables.workbook(release_files.sheets(document, lang)))
            for name in release_files.charted(document):
                embed = render.embed(document, name, lang, deep)
                if embed:
                    (staging / "embed" / f"{name}{_suffix(lang)}.html").write_text(embed, encoding="utf-8")
            for name, table in document["tables"].items():
                (staging / "files" / f"{name}{_suffix(lang)}.csv").write_bytes(tables.to_csv(
                    release_files.rows(table, lang), release_files.table_caption(document, table, lang)))
            if images:
                from dashboard import i18n

                with i18n.use(lang):
                    caption = release_files.caption(document, lang)
                    for name in release_files.charted(document):
                        figure = release_files.figure(document, name, lang)
                        for fmt in ("png", "svg"):
                            (staging / "files" / f"{name}{_suffix(lang)}.{fmt}").write_bytes(
                                image_files.image(figure, caption.of_figure(figure), fmt))
                    (staging / "files" / f"release{_suffix(lang)}.pptx").write_bytes(
                        deck.build(caption.title, caption, release_files.figures(document, lang)))
                (staging / "files" / f"release{_suffix(lang)}.pdf").write_bytes(pdf.from_html(page))
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
