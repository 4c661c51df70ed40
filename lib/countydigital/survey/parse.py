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
  joined by ┋ (问卷星), ; or | (tidy) or spaces (KoboToolbox/ODK), as numbers or texts.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from .codebook import Question
from .headers import match_option
from .kobo import split_spaced
from .personal import cell_text

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


class Mapped:
    """convert() applied to each distinct cell value once; results spread back to the rows.

    Building typed columns from the distinct values (not from a million Python
    objects) is what keeps large files fast.
    """

    def __init__(self, column: pd.Series, convert):
        self.index = column.index
        self.codes, uniques = pd.factorize(column, use_na_sentinel=True)  # -1 (missing) -> last item
        items = list(uniques) + [None]
        self.parsed = np.empty(len(items), dtype=object)
        self.ok = np.zeros(len(items), dtype=bool)
        for i, value in enumerate(items):
            self.parsed[i], self.ok[i] = convert(value)

    def objects(self) -> pd.Series:
        return pd.Series(self.parsed[self.codes], index=self.index, dtype=object)

    def bad(self) -> pd.Series:
        return pd.Series(~self.ok[self.codes], index=self.index)

    def typed(self, dtype: str) -> pd.Series:
        """Int64 / Int8 / Float64 / str column of the parsed values (None -> missing)."""
        missing = np.array([v is None for v in self.parsed], dtype=bool)
        if dtype == "str":
            return pd.Series(self.parsed[self.codes], index=self.index, dtype="str")
        numpy_type = {"Int64": np.int64, "Int8": np.int8, "Float64": np.float64}[dtype]
        values = np.array([0 if v is None else v for v in self.parsed], dtype=numpy_type)
        array_type = pd.arrays.FloatingArray if dtype == "Float64" else pd.arrays.IntegerArray
        return pd.Series(array_type(values[self.codes], missing[self.codes]), index=self.index)


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

    mapped = Mapped(column, counting)
    return mapped.typed("str" if is_county else "Int64"), mapped.bad(), modes


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

        mapped = Mapped(column, convert)
        values, not_number = mapped.typed("Float64"), mapped.bad()
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
            if " " in part:  # KoboToolbox/ODK join choices with spaces ("1 3"; labels may hold spaces)
                spaced = split_spaced(question, part)
                if spaced and all(c in codes for c in spaced):
                    modes["number" if all(as_number(w) is not None for w in part.split()) else "text"] += 1
                    chosen.update(spaced)
                    continue
            number = as_number(part)
            code = int(number) if number is not None and float(number).is_integer() else match_option(question, part)
            if code is None or code not in codes:
                return None, False
            modes["number" if number is not None else "text"] += 1
            chosen.add(code)
        return frozenset(chosen), True

    mapped = Mapped(column, convert)
    parsed = mapped.objects()
    answered = parsed.notna().to_numpy()
    out = {}
    for code in codes:
        flags = np.array([-1 if v is None else int(code in v) for v in mapped.parsed], dtype=np.int64)
        values = flags[mapped.codes]
        out[f"{question.variable}_{code}"] = pd.Series(
            pd.arrays.IntegerArray(np.where(answered, values, 0).astype(np.int8), ~answered), index=column.index)
    return pd.DataFrame(out, index=column.index), mapped.bad(), modes


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

    mapped = Mapped(column, convert)
    return mapped.typed("Int8"), mapped.bad()
