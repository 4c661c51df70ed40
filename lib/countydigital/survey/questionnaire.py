"""The questionnaire generated from the codebook, for fielding it anywhere.

Three formats, all from data/survey/codebook.yaml (the one source of the instrument):
- "xlsform": an XLSForm workbook for KoboToolbox / ODK / SurveyCTO (see `xlsform`);
- "wjx": plain text in the layout of 问卷星's batch text import (批量添加题目 / 文本导入):
  each question numbered, its text, `*` when an answer is required, its type in
  brackets ([单选题], [多选题], [填空题]), then one option per line, a blank line
  between questions. Options are listed in code order, so 问卷星's 按选项序号 export
  numbers them with the codebook's codes. Skip logic and number ranges cannot be
  written in this layout: set them in 问卷星 after the import (the question text of
  a skipped question already says when it is asked);
- "md": a printable bilingual version (paper interviews, ethics review, appendices).
"""
from __future__ import annotations

from pathlib import Path

from ..atomic import write_text
from ..exceptions import SurveyError
from .codebook import Codebook, Question, load_codebook
from .xlsform import book_instrument, write_xlsform

FORMATS = ("xlsform", "wjx", "md")
WJX_TYPES = {"single": "单选题", "multi": "多选题", "integer": "填空题", "number": "填空题", "text": "填空题"}
_TYPE_EN = {"single": "one answer", "multi": "several answers allowed", "integer": "whole number",
            "number": "number", "text": "text"}


def wjx_text(book: Codebook | None = None) -> str:
    """The questionnaire in 问卷星's batch text-import layout."""
    book = book or load_codebook()
    blocks = []
    for q in book.questions:
        lines = [f"{q.number}. {q.text_zh}{'*' if q.required else ''}[{WJX_TYPES[q.type]}]"]
        lines.extend(option.zh for option in q.options)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _asked_when(q: Question, book: Codebook, lang: str) -> str:
    parts = []
    for variable, codes in q.ask_if.items():
        source = book.question(variable)
        labels = [f"{c} {source.option(c).label(lang)}" for c in codes]
        if lang == "zh":
            parts.append(f"第{source.number}题选 " + " 或 ".join(labels))
        else:
            parts.append(f"question {source.number} = " + " or ".join(labels))
    return ("仅当" + "且".join(parts) + "时作答") if lang == "zh" else ("Asked only if " + " and ".join(parts))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def markdown(book: Codebook | None = None) -> str:
    """A printable bilingual version of the questionnaire."""
    book = book or load_codebook()
    instrument = book_instrument(book)
    out = [f"# {instrument.get('title_zh', '')}", "", f"*{instrument.get('title_en', '')}*", ""]
    for q in book.questions:
        required = "必答 / required" if q.required else "选填 / optional"
        out.append(f"**{q.number}. {q.text_zh}**  ")
        out.append(f"{q.text_en}  ")
        out.append(f"_{WJX_TYPES[q.type]} / {_TYPE_EN[q.type]}; {required}; variable `{q.variable}`_")
        if q.ask_if:
            out.append("")
            out.append(f"> {_asked_when(q, book, 'zh')} / {_asked_when(q, book, 'en')}")
        if q.personal:
            out.append("")
            out.append("> 个人信息：导入时删除，不作分析 / Personal data: deleted at import, never analysed")
        out.append("")
        box = "☐" if q.type in ("single", "multi") else ""
        for option in q.options:
            out.append(f"- {box} {option.code} {option.zh} / {option.en}")
        if q.range is not None:
            low, high = (_number(v) for v in q.range)
            unit = q.unit or {}
            out.append(f"- ____ {unit.get('zh', '')} ({low}–{high} {unit.get('en', '')})".replace(" )", ")"))
        elif q.type == "text":
            out.append("- ______________________")
        out.append("")
    return "\n".join(out)


def write_questionnaire(fmt: str, path, book: Codebook | None = None) -> Path:
    """Write the questionnaire in format `fmt` ("xlsform", "wjx" or "md") to `path`, atomically."""
    path = Path(path)
    if fmt == "xlsform":
        if path.suffix.lower() != ".xlsx":
            raise SurveyError(f"{path}: an XLSForm is an .xlsx workbook")
        return write_xlsform(path, book)
    if fmt == "wjx":
        write_text(path, wjx_text(book))
        return path
    if fmt == "md":
        write_text(path, markdown(book))
        return path
    raise SurveyError(f"unknown questionnaire format {fmt!r} (use one of {', '.join(FORMATS)})")
