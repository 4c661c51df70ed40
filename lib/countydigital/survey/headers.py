"""Match a file's column headers to the codebook's questions.

Two layouts are recognised, also mixed:
- tidy headers: the codebook's variable names (`gender`, `nonwork_reasons` holding
  `1;3`, or `nonwork_reasons_1` ... one 0/1 column per option), `respondent_id`;
- 问卷星 headers: question number and text (`1、您的性别：`, `9. 您目前的月收入（税前，元）`),
  one column per option of a multi-select (`8(怀孕或哺乳)`, `8、(怀孕或哺乳)`), and
  the export's metadata columns (序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP).

Matching tolerates full-/half-width punctuation, colons or none, and stray spaces
(NFKC normalisation, then punctuation and spaces removed). A header whose number
fits a question but whose text does not is matched by text first, by number
only when the texts are still similar; everything else is an unknown column.
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from .codebook import Codebook, Question

# question number, an optional separator, then the rest
_NUMBERED = re.compile(r"^\s*(?:[Qq]|第)?\s*(\d{1,3})\s*(?:题)?\s*[、.．:：\s]?\s*(.*)$", re.S)
_OPTION = re.compile(r"^[(（](.*)[)）]$", re.S)
_TIDY_OPTION = re.compile(r"^([a-z_]+?)_(\d+)$")


def normalise(text: str) -> str:
    """Header/label text reduced to what matters: NFKC, no spaces or punctuation, lower case."""
    return _normalised(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _normalised(text: str) -> str:
    # Memoised: matching one export's headers normalises the codebook's few hundred labels thousands of times.
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


@dataclass(frozen=True)
class ColumnRole:
    """What one column of the file is.

    kind: "question" (one column per question; for a multi-select, the joined
    choices), "option" (a multi-select's 0/1 column for option `code`), "meta"
    (export or tidy metadata; `meta` names it), or "unknown". `layout` names the
    export the header form belongs to when only it uses that form (see `kobo`).
    """

    kind: str
    question: Question | None = None
    code: int | None = None
    meta: str | None = None
    personal: bool = False
    note: str = ""
    layout: str = ""


def _text_matches(text: str, question: Question) -> bool:
    norm = normalise(text)
    if not norm:
        return False
    for candidate in (question.text_zh, question.text_en, question.short_zh, question.short_en):
        ref = normalise(candidate)
        if norm == ref:
            return True
        if len(norm) >= 4 and len(ref) >= 4 and (norm in ref or ref in norm):
            return True
    return False


def _similar(text: str, question: Question) -> float:
    return difflib.SequenceMatcher(None, normalise(text), normalise(question.text_zh)).ratio()


def match_option(question: Question, text: str) -> int | None:
    """Option code of `question` named by `text` (a label in zh/en, or the code itself)."""
    norm = normalise(text)
    if norm.isdigit() and int(norm) in question.codes:
        return int(norm)
    for option in question.options:
        for label in (option.zh, option.en, option.short_zh):
            if label and normalise(label) == norm:
                return option.code
    return None


def _match_numbered(number: int, rest: str, book: Codebook) -> ColumnRole:
    option = _OPTION.match(rest.strip())
    by_number = book.by_number(number)
    if option and by_number is not None and by_number.type == "multi":
        code = match_option(by_number, option.group(1))
        if code is None:
            return ColumnRole("unknown", note=f"not an option of question {number} ({by_number.variable})")
        return ColumnRole("option", question=by_number, code=code)
    text = rest.strip()
    for q in book.questions:
        if _text_matches(text, q):
            note = "" if q.number == number else (
                f"numbered {number} in the file but its text is question {q.number}'s; matched by text"
            )
            return ColumnRole("question", question=q, personal=q.personal, note=note)
    if by_number is not None:
        if not normalise(text):
            return ColumnRole("question", question=by_number, personal=by_number.personal,
                              note="no question text in the header; matched by number only")
        if _similar(text, by_number) >= 0.5:
            return ColumnRole("question", question=by_number, personal=by_number.personal,
                              note="question text differs from the codebook's; matched by number")
    return ColumnRole("unknown", note="not a question of the codebook")


def match_header(header: str, book: Codebook) -> ColumnRole:
    """The role of one column, from its header alone."""
    raw = str(header).strip()
    norm = normalise(raw)
    lowered = raw.lower()
    for entry in book.export_metadata:
        if norm == normalise(entry["header"]):
            return ColumnRole("meta", meta=entry.get("variable") or entry["header"],
                              personal=bool(entry.get("personal")))
    if lowered in book.tidy_metadata:
        return ColumnRole("meta", meta=lowered)
    for q in book.questions:
        if lowered == q.variable:
            return ColumnRole("question", question=q, personal=q.personal)
    tidy_option = _TIDY_OPTION.match(lowered)
    if tidy_option:
        for q in book.questions:
            if q.type == "multi" and q.variable == tidy_option.group(1):
                code = int(tidy_option.group(2))
                if code in q.codes:
                    return ColumnRole("option", question=q, code=code)
                return ColumnRole("unknown", note=f"{q.variable} has no option {code}")
    numbered = _NUMBERED.match(raw)
    if numbered:
        return _match_numbered(int(numbered.group(1)), numbered.group(2), book)
    for q in book.questions:  # a header that is only the question text
        if _text_matches(raw, q) and len(norm) >= 4:
            return ColumnRole("question", question=q, personal=q.personal,
                              note="no question number in the header; matched by text")
    return ColumnRole("unknown", note="not a question of the codebook")


def match_headers(columns, book: Codebook) -> dict[str, ColumnRole]:
    """Role of every column, keyed by the header as it is in the file."""
    return {col: match_header(col, book) for col in columns}
