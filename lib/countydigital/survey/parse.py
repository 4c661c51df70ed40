"""Turn the cells of one question's column(s) into codebook values.

Every parser returns the parsed values (NA where not answered) and a mask of
cells that could not be read; validation reports those by row. Parsing works on
the distinct cell values only, so a million-row file with a few hundred distinct
answers per column is cheap.

Accepted cells:
- not answered: empty, "(跳过)" / "跳过" (问卷星's skip mark), "-3" (the skip code
  some option-number exports write; it is outside every range and code list of
  the instrument, so it can never hide an answer);
- single choice: the option number, or its text (zh or en label, as 问卷星's
  按选项文本 mode writes it), or through SPSS/Stata value labels; for the county,
  also the 6-digit code or any county name the census lookup resolves;
- integer / number: a number (Excel's 25.0 is 25 for an integer question);
- multi-select: one 0/1 column per option, or the chosen options in one cell
  joined by ┋ (问卷星), ; or | (tidy), as numbers or texts.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from .codebook import Question
from .headers import match_option
from .privacy import cell_text

SKIP_MARKS = {"(跳过)", "跳过", "-3", "(skip)", "(skipped)"}
MULTI_SEPARATORS = re.compile(r"[┋;；|]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def token(value) -> str:
    """A cell as normalised text; "" when it is empty or a skip mark."""
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    if text.lower() in SKIP_MARKS or text.lower() in {"nan", "none", "<na>"}:
        return ""
    return text


def as_number(text: str) -> float | None:
    text = text.replace(",", "") if re.fullmatch(r"[\d,]+(\.\d+)?", text) else text
    return float(text) if _NUMBER.match(text) else None


def _map_uniques(column: pd.Series, convert) -> tuple[pd.Series, pd.Series]:
    """Apply convert(value) -> (parsed, ok) to each distinct value of `column`."""
    values = column.to_numpy(dtype=object)
    inverse, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    parsed = np.empty(len(uniques), dtype=object)
    ok = np.zeros(len(uniques), dtype=bool)
    for i, u in enumerate(uniques):
        parsed[i], ok[i] = convert(u)
    parsed_arr = parsed[inverse]
    ok_arr = ok[inverse]
    return pd.Series(parsed_arr, index=column.index, dtype=object), pd.Series(~ok_arr, index=column.index)


def _labelled(value, labels: dict | None):
    """The value label of `value` if the file defines one (SPSS/Stata), else the value."""
    if labels and value is not None and not (isinstance(value, float) and np.isnan(value)):
        for key in (value, cell_text(value)):
            if key in labels:
                return labels[key]
        try:
            if float(value) in labels:
                return labels[float(value)]
        except (TypeError, ValueError):
            pass
    return value


def parse_single(column: pd.Series, question: Question, labels: dict | None = None,
                 resolve_county=None) -> tuple[pd.Series, pd.Series, dict]:
    """Option codes (Int64; for the county, 6-digit codes as str), bad-cell mask, mode counts."""
    modes = {"number": 0, "text": 0}
    is_county = question.value == "county_code"

    def convert(value):
        original = token(value)
        if not original:
            return None, True
        labelled = token(_labelled(value, labels))
        for text in dict.fromkeys((labelled, original)):
            number = as_number(text)
            if number is not None:
                if not float(number).is_integer() or abs(number) > 1e9:
                    continue
                code = int(number)
                if is_county:
                    if 100000 <= code <= 999999:
                        return f"{code:06d}", True
                    if code in question.codes:
                        return question.option(code).county_code, True
                    continue
                return code, True  # range of codes is checked by the schema
            code = match_option(question, text)
            if code is not None:
                return (question.option(code).county_code if is_county else code), True
            if is_county and resolve_county is not None:
                found = resolve_county(text)
                if found:
                    return found, True
        return None, False

    def counting(value):
        result = convert(value)
        text = token(value)
        if text and result[1]:
            modes["number" if as_number(text) is not None else "text"] += 1
        return result

    parsed, bad = _map_uniques(column, counting)
    if is_county:
        out = pd.Series(parsed.to_numpy(dtype=object), index=column.index, dtype="str")
    else:
        out = pd.Series(pd.array(parsed.to_numpy(dtype=object), dtype="Int64"), index=column.index)
    return out, bad, modes


def parse_numeric(column: pd.Series, question: Question) -> tuple[pd.Series, dict[str, pd.Series]]:
    """Numbers (Int64 for integer questions, Float64 otherwise) and {reason: bad-cell mask}."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = pd.to_numeric(column, errors="coerce").astype("Float64")
        values = values.mask(values == -3)  # the skip code
        not_number = pd.Series(False, index=column.index)
    else:
        def convert(value):
            text = token(value)
            if not text:
                return None, True
            number = as_number(text)
            return (number, True) if number is not None else (None, False)

        parsed, not_number = _map_uniques(column, convert)
        values = pd.Series(pd.array(parsed.to_numpy(dtype=object), dtype="Float64"), index=column.index)
    infinite = ~np.isfinite(values.to_numpy(dtype=float, na_value=0.0))
    not_number = not_number.astype(bool) | infinite  # inf is not an answer
    values = values.mask(infinite)
    bad = {"not a number": not_number}
    if question.type == "integer":
        fractional = (values.notna() & (values.fillna(0) % 1 != 0)).astype(bool)
        bad["not a whole number"] = fractional
        values = values.mask(fractional).round().astype("Int64")
    return values, bad


def parse_multi_joined(column: pd.Series, question: Question,
                       labels: dict | None = None) -> tuple[pd.DataFrame, pd.Series, dict]:
    """0/1 option columns from one column of joined choices ('1;3', '怀孕或哺乳┋照顾家人')."""
    codes = question.codes
    modes = {"number": 0, "text": 0}

    def convert(value):
        text = token(_labelled(value, labels))
        if not text:
            return None, True
        chosen = set()
        for part in MULTI_SEPARATORS.split(text):
            part = part.strip()
            if not part:
                continue
            number = as_number(part)
            code = int(number) if number is not None and float(number).is_integer() else match_option(question, part)
            if code is None or code not in codes:
                return None, False
            modes["number" if number is not None else "text"] += 1
            chosen.add(code)
        return frozenset(chosen), True

    parsed, bad = _map_uniques(column, convert)
    answered = parsed.notna()
    out = {}
    for code in codes:
        col = pd.Series(pd.NA, index=column.index, dtype="Int8")
        col[answered] = [int(code in s) for s in parsed[answered]]
        out[f"{question.variable}_{code}"] = col
    return pd.DataFrame(out, index=column.index), bad, modes


def parse_option_column(column: pd.Series, question: Question, code: int) -> tuple[pd.Series, pd.Series]:
    """One multi-select option column: 1/0 (or the option's own text for 'chosen')."""
    def convert(value):
        text = token(value)
        if not text:
            return None, True
        number = as_number(text)
        if number is not None:
            return (int(number), True) if number in (0, 1) else (None, False)
        if text.lower() in {"true", "是", "选中", "√"}:
            return 1, True
        if text.lower() in {"false", "否", "未选中"}:
            return 0, True
        if match_option(question, text) == code:
            return 1, True
        return None, False

    parsed, bad = _map_uniques(column, convert)
    values = pd.Series(pd.array(parsed.to_numpy(dtype=object), dtype="Int8"), index=column.index)
    return values, bad
