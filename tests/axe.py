"""axe-core (npm, pinned in package.json) run in a Playwright page: the accessibility check nobody
here wrote. `make install` puts it in node_modules; the page's CSP is bypassed by the context."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(page) -> list[dict]:
    """axe's serious and critical WCAG 2.1 AA violations on the page: (rule id, first target, count)."""
    assert AXE.is_file(), f"axe-core is missing: run `make install` (npm ci) so {AXE} exists"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]), "target": v["nodes"][0]["target"]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
