"""A page as PDF, printed by headless Chromium (Debian's package, the one kaleido drives).

The HTML is written to a private temporary folder and printed with `--print-to-pdf`, the
page's own print CSS applied; nothing is fetched (the public pages inline their styles and
draw their charts as inline SVG). A browser that is missing, fails or takes longer than
TIMEOUT seconds raises PdfError, which the route turns into a short 503.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 60
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


class PdfError(RuntimeError):
    pass


def browser() -> str | None:
    configured = os.environ.get("REACT_CHROMIUM")
    return configured or next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def from_html(html: str) -> bytes:
    executable = browser()
    if executable is None:
        raise PdfError("no Chromium found (install the chromium package or set REACT_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="react-pdf-") as folder:
        page, out = Path(folder) / "page.html", Path(folder) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--disable-background-networking", "--no-first-run", "--no-pdf-header-footer",
                   f"--user-data-dir={folder}/profile", f"--print-to-pdf={out}", page.as_uri()]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
        except (OSError, subprocess.SubprocessError) as error:
            raise PdfError(f"Chromium could not print the page: {error}") from None
        if not out.is_file() or out.stat().st_size < 100:
            raise PdfError("Chromium wrote no PDF")
        return out.read_bytes()
