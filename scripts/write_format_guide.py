"""Writes docs/export-format.md and docs/export-format.ru.md: the user's guide to the export
format, the hand-written rules in docs/guide/ followed by every vocabulary's labels from
dashboard/vocabularies.csv (so the lists in the guide are the ones the import accepts).

    .venv/bin/python scripts/write_format_guide.py      # after changing the rules or the vocabulary

tests/test_ingest_mistakes.py checks the written guides agree with the vocabulary.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.vocab import DIMENSIONS, vocabulary  # noqa: E402

HEADINGS = {"en": ("Vocabularies", "Each label column takes one of these (code, English or Russian label, or an "
                   "alias; case and spaces do not matter).", "code", "English", "Russian", "also accepted"),
            "ru": ("Справочники", "В столбце со значениями из списка можно писать код, английское или русское "
                   "название или синоним; регистр и пробелы не важны.", "код", "английский", "русский",
                   "также принимается")}


def vocabulary_section(lang: str) -> str:
    title, intro, code, en, ru, aliases = HEADINGS[lang]
    lines = [f"## {title}", "", intro, ""]
    for dimension in DIMENSIONS:
        lines += [f"### {dimension}", "", f"| {code} | {en} | {ru} | {aliases} |", "|---|---|---|---|"]
        for entry in vocabulary().entries(dimension):
            lines.append(f"| `{entry.code}` | {entry.en} | {entry.ru} | {', '.join(entry.aliases)} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    for lang, name in (("en", "export-format.md"), ("ru", "export-format.ru.md")):
        rules = (ROOT / "docs" / "guide" / f"rules.{lang}.md").read_text(encoding="utf-8")
        (ROOT / "docs" / name).write_text(rules.rstrip() + "\n\n" + vocabulary_section(lang), encoding="utf-8")
        print(f"docs/{name} written")


if __name__ == "__main__":
    main()
