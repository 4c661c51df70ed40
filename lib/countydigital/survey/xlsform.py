"""The questionnaire as an XLSForm (KoboToolbox, ODK, SurveyCTO), generated from the codebook.

Three sheets, as the XLSForm standard defines them (xlsform.org): `survey` (one row
per question: type, name, labels, skip logic, checks), `choices` (one row per
option) and `settings`. The codebook stays the only source of the instrument:
question `name` = codebook variable, so a KoboToolbox/ODK export of this form has
the codebook's variables as its headers and imports without any mapping; choice
`name` = option code (the county's 6-digit code), so exports "as XML values" hold
the codebook's codes.

Labels are given in Chinese and English (`label::中文 (zh)`, `label::English (en)`);
`relevant` comes from `ask_if`, `constraint` from `range`, `required` from
`required`. A personal question gets a hint in both languages saying that the
answer is deleted at import and never analysed.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import yamlio
from ..atomic import atomic_path
from .codebook import Codebook, Question, load_codebook

LANGUAGES = {"zh": "中文 (zh)", "en": "English (en)"}
TYPES = {"single": "select_one", "multi": "select_multiple", "integer": "integer",
         "number": "decimal", "text": "text"}
PERSONAL_HINT = {
    "zh": "个人信息：仅用于回访，导入数据时即被删除，不作分析，不会公开。",
    "en": "Personal data: for follow-up only; deleted when the data is imported, never analysed or published.",
}
FORM_ID = "countydigital_employee_survey"


def _lang(column: str, lang: str) -> str:
    return f"{column}::{LANGUAGES[lang]}"


def choice_name(question: Question, code: int) -> str:
    """The XLSForm choice name of option `code`: the code itself, or the county's 6-digit code."""
    option = question.option(code)
    return option.county_code if question.value == "county_code" else str(code)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def relevant(question: Question, book: Codebook) -> str:
    """XLSForm `relevant` expression for the question's `ask_if` ("" when always asked)."""
    parts = []
    for variable, codes in question.ask_if.items():
        source = book.question(variable)
        if source.type == "multi":
            tests = [f"selected(${{{variable}}}, '{choice_name(source, c)}')" for c in codes]
        else:
            tests = [f"${{{variable}}} = '{choice_name(source, c)}'" for c in codes]
        parts.append(tests[0] if len(tests) == 1 else "(" + " or ".join(tests) + ")")
    return " and ".join(parts)


def constraint(question: Question) -> tuple[str, dict[str, str]]:
    """XLSForm `constraint` for a range, and its message in each language."""
    if question.range is None:
        return "", {}
    low, high = (_number(v) for v in question.range)
    unit = question.unit or {}
    messages = {
        "zh": f"请填写 {low}–{high} 之间的数" + (f"（{unit['zh']}）" if "zh" in unit else ""),
        "en": f"Please enter a number from {low} to {high}" + (f" ({unit['en']})" if "en" in unit else ""),
    }
    return f". >= {low} and . <= {high}", messages


def survey_sheet(book: Codebook) -> pd.DataFrame:
    rows = []
    for q in book.questions:
        kind = TYPES[q.type]
        check, messages = constraint(q)
        row = {
            "type": f"{kind} {q.variable}" if q.type in ("single", "multi") else kind,
            "name": q.variable,
            _lang("label", "zh"): f"{q.number}. {q.text_zh}",
            _lang("label", "en"): f"{q.number}. {q.text_en}",
            _lang("hint", "zh"): PERSONAL_HINT["zh"] if q.personal else "",
            _lang("hint", "en"): PERSONAL_HINT["en"] if q.personal else "",
            "required": "yes" if q.required else "",
            "relevant": relevant(q, book),
            "constraint": check,
            _lang("constraint_message", "zh"): messages.get("zh", ""),
            _lang("constraint_message", "en"): messages.get("en", ""),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def choices_sheet(book: Codebook) -> pd.DataFrame:
    rows = []
    for q in book.questions:
        for option in q.options:
            rows.append({
                "list_name": q.variable,
                "name": choice_name(q, option.code),
                _lang("label", "zh"): option.zh,
                _lang("label", "en"): option.en,
            })
    return pd.DataFrame(rows)


def settings_sheet(book: Codebook) -> pd.DataFrame:
    instrument = book_instrument(book)
    return pd.DataFrame([{
        "form_title": instrument.get("title_zh", "") + " / " + instrument.get("title_en", ""),
        "form_id": FORM_ID,
        "version": instrument.get("version", "1"),
        "default_language": LANGUAGES["zh"],
    }])


def book_instrument(book: Codebook) -> dict:
    """The codebook's `instrument` block (title, fieldwork, counties)."""
    with open(book.source, encoding="utf-8") as fh:
        return dict(yamlio.safe_load(fh).get("instrument") or {})


def sheets(book: Codebook | None = None) -> dict[str, pd.DataFrame]:
    """The three sheets of the XLSForm, in order."""
    book = book or load_codebook()
    return {"survey": survey_sheet(book), "choices": choices_sheet(book), "settings": settings_sheet(book)}


def write_xlsform(path, book: Codebook | None = None) -> Path:
    """Write the XLSForm workbook to `path` (.xlsx), atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, sheet in sheets(book).items():
                sheet.to_excel(writer, sheet_name=name, index=False)
    return path
