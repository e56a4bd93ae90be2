"""An export template to fill in by hand: `python -m dashboard template --lang ru --out FILE.xlsx`.

The header row (English or Russian headers), one example row, a drop-down on every vocabulary
column so a label cannot be mistyped, and a sheet that says what each column takes. The lists
live on a hidden sheet; single-label columns refuse anything else (Excel's "stop" style),
several-label columns only warn, since a cell may hold several labels separated by `;`.
The same file is offered for download on the data desk.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.schema import COLUMNS
from dashboard.vocab import vocabulary

EXAMPLE = {
    "case_id": "TJ-2024-0001", "client_id": "C-0001", "country": "TJ", "region": "Dushanbe",
    "organization": "NGO name", "registered_on": date(2024, 3, 5), "incident_on": date(2024, 3, 1),
    "intake_channel": "hotline", "gender": "female", "age": 34, "age_group": "", "key_groups": "plhiv;pwud",
    "primary_key_group": "plhiv", "qualified_violation": "yes", "violations": "physical_violence",
    "perpetrators": "police", "reaction_status": "in_progress", "decline_reasons": "",
    "services_provided": "primary_legal", "services_referred": "", "services_unavailable": "",
}
KIND_TEXT = {
    "en": {"id": "text, unique", "text": "text", "label": "one label from the list", "date": "date (YYYY-MM-DD or "
           "DD.MM.YYYY)", "integer": "whole number 0–120", "yes_no": "yes or no",
           "labels": "one or more labels from the list, separated by ;"},
    "ru": {"id": "текст, без повторов", "text": "текст", "label": "одно значение из списка",
           "date": "дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)", "integer": "целое число 0–120", "yes_no": "да или нет",
           "labels": "одно или несколько значений из списка через ;"},
}
WORDS = {
    "en": ("cases", "How to fill in", "column", "required", "what it takes", "yes", "no",
           "One row per case. Headers in row 1 must stay as they are. Columns you add (notes, names) "
           "are private: the import drops them unread."),
    "ru": ("случаи", "Как заполнять", "столбец", "обязательный", "что вводить", "да", "нет",
           "Одна строка — один случай. Заголовки в строке 1 не меняйте. Добавленные вами столбцы "
           "(заметки, имена) считаются личными: импорт их не читает и удаляет."),
}


def template(lang: str = "en") -> bytes:
    """The template workbook in `lang` ("en" or "ru")."""
    vocab = vocabulary()
    sheet_name, guide_name, col_word, req_word, takes_word, yes, no, intro = WORDS[lang]
    book = Workbook()
    cases = book.active
    cases.title = sheet_name
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    guide = book.create_sheet(guide_name)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F2")
    list_column = 0
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        header = cases.cell(row=1, column=index, value=column.russian if lang == "ru" else column.name)
        header.font, header.fill = bold, fill
        example = EXAMPLE[column.name]
        if column.dimension and example:
            example = ";".join(vocab.label(column.dimension, code, lang) if column.dimension != "country"
                               else code for code in str(example).split(";"))
        if column.kind == "yes_no":
            example = yes if example == "yes" else no
        cases.cell(row=2, column=index, value=example).number_format = \
            "yyyy-mm-dd" if column.kind == "date" else "General"
        cases.column_dimensions[letter].width = max(14, len(header.value) + 2)
        if column.dimension:
            list_column += 1
            labels = [e.label(lang) for e in vocab.entries(column.dimension)]
            if column.dimension == "country":
                labels = [e.code for e in vocab.entries("country")]
            list_letter = get_column_letter(list_column)
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=list_column, value=label)
            several = column.kind == "labels"
            rule = DataValidation(type="list", formula1=f"=lists!${list_letter}$1:${list_letter}${len(labels)}",
                                  allow_blank=not column.required, errorStyle="warning" if several else "stop",
                                  showErrorMessage=True)
            rule.add(f"{letter}2:{letter}5000")
            cases.add_data_validation(rule)
    guide.append([intro])
    guide.append([])
    guide.append([col_word, req_word, takes_word])
    for cell in guide[3]:
        cell.font = bold
    for column in COLUMNS:
        guide.append([column.russian if lang == "ru" else column.name, yes if column.required else no,
                      KIND_TEXT[lang][column.kind]])
    guide.column_dimensions["A"].width, guide.column_dimensions["C"].width = 32, 60
    cases.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
