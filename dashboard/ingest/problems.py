"""What the import reports: one problem per bad cell or row, and the refusal that carries them.

A reason is English text (what the CLI prints and tests read) that also remembers its message
and values (`Reason`), so the data desk can say it in Russian through the catalog: the message
is a gettext msgid with %(name)s places; a `dimension` value is named in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks a msgid for extraction (as dashboard.i18n.N_; the import does not load the web stack)."""
    return message


# How a vocabulary dimension is named inside a sentence ("is not a known key group").
DIMENSION_NAMES = {
    "country": N_("country"), "gender": N_("gender"), "age_group": N_("age group"), "key_group": N_("key group"),
    "violation": N_("violation"), "perpetrator": N_("perpetrator"), "reaction_status": N_("reaction status"),
    "decline_reason": N_("decline reason"), "service": N_("service"), "intake_channel": N_("intake channel"),
}


class Reason(str):
    """Why a value or a file is refused: English text that keeps its msgid and values."""

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        english = {k: DIMENSION_NAMES.get(v, v) if k == "dimension" else v for k, v in params.items()}
        text = template % english if params else template
        reason = super().__new__(cls, text)
        reason.template, reason.params = template, params
        return reason

    def __reduce__(self):  # copies and pickles keep the message and values
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict) -> Reason:
    return Reason(template, **params)


def in_language(reason: str, template: str | None, params: dict | None, lang: str) -> str:
    """A reason in `lang`: the catalog's translation of its message, with its values."""
    from dashboard import i18n

    if lang == "en" or not template:
        return reason
    params = params or {}

    def value(key: str, given):
        if f"{key}_{lang}" in params:  # a value already written in that language (a list of columns)
            return params[f"{key}_{lang}"]
        if key == "dimension" and given in DIMENSION_NAMES:
            return i18n.translate(DIMENSION_NAMES[given], lang)
        return i18n.translate(given, lang) if key == "what" else given

    values = {k: value(k, v) for k, v in params.items() if not k.endswith(f"_{lang}")}
    translated = i18n.translate(template, lang)
    try:
        return translated % values if values else translated
    except (KeyError, TypeError, ValueError):  # a catalog entry with other places: English rather than nothing
        return reason


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number, header = 1; None for file-level problems
    column: str | None  # contract column name (English)
    value: str | None  # the offending value as written (contract columns only)
    reason: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        text = ", ".join(where)
        if self.value is not None:
            text += f", value {self.value!r}"
        return f"{text}: {self.reason}" if text else self.reason


class IngestRefused(Exception):
    """The file was refused as a whole; nothing was written and the current snapshot stays.

    `kind` names the refusal of export-format.md: empty_file, header_only, not_csv_or_xlsx,
    encoding, missing_column, duplicate_column or invalid_rows.
    """

    def __init__(self, kind: str, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.kind = kind
        self.problems = problems or []
        self.reason = message  # a Reason when it can be said in another language
