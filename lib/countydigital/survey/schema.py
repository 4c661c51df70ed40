"""The declared schema of a loaded survey frame, derived from the codebook.

`survey_schema()` is a pandera DataFrameSchema: one column per analysed question
with its type, option codes or valid range and whether an answer is required,
unique respondent ids, and the skip logic as frame-level checks. `check_frame`
runs it lazily (every failure at once) and turns pandera's failure cases into
`Problem`s that name the file's own column headers and row numbers.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .codebook import Codebook, Question, load_codebook
from .problems import Problem

MAX_VALUES_SHOWN = 5


def asked_mask(frame: pd.DataFrame, question: Question) -> pd.Series:
    """True where the skip logic shows `question`, False where it hides it, NA if unknown."""
    mask = pd.Series(True, index=frame.index, dtype="boolean")
    for variable, codes in question.ask_if.items():
        mask &= frame[variable].isin(codes).astype("boolean").mask(frame[variable].isna())
    return mask


def _chosen(frame: pd.DataFrame, question: Question) -> pd.DataFrame:
    return frame[question.columns]


def _skip_checks(question: Question) -> list[pa.Check]:
    """For a question with skip logic: answered only when asked, and answered when asked."""
    def not_answered_when_hidden(frame: pd.DataFrame) -> pd.Series:
        any_chosen = _chosen(frame, question).fillna(0).eq(1).any(axis=1)
        hidden = asked_mask(frame, question).eq(False).fillna(False)
        return ~(hidden & any_chosen)

    checks = [pa.Check(not_answered_when_hidden, name=f"skip:{question.variable}",
                       error=f"skip:{question.variable}")]
    if question.required:
        def answered_when_shown(frame: pd.DataFrame) -> pd.Series:
            any_chosen = _chosen(frame, question).fillna(0).eq(1).any(axis=1)
            shown = asked_mask(frame, question).fillna(False).astype(bool)
            return ~(shown & ~any_chosen)

        checks.append(pa.Check(answered_when_shown, name=f"required:{question.variable}",
                               error=f"required:{question.variable}"))
    return checks


def _column(question: Question) -> dict[str, pa.Column]:
    nullable = not question.required or bool(question.ask_if)
    if question.type == "single" and question.value == "county_code":
        return {question.variable: pa.Column(
            "str", pa.Check.str_matches(r"^\d{6}$", error="county_code"), nullable=nullable)}
    if question.type == "single":
        return {question.variable: pa.Column(
            "Int64", pa.Check.isin(list(question.codes), error="option"), nullable=nullable)}
    if question.type in ("integer", "number"):
        lo, hi = question.range
        dtype = "Int64" if question.type == "integer" else "Float64"
        checks = [pa.Check.in_range(lo, hi, error="range")] if question.range else []
        return {question.variable: pa.Column(dtype, checks, nullable=nullable)}
    if question.type == "multi":
        return {col: pa.Column("Int8", pa.Check.isin([0, 1], error="binary"), nullable=True)
                for col in question.columns}
    return {}


def _build_schema(book: Codebook) -> pa.DataFrameSchema:
    columns = {"respondent_id": pa.Column("str", nullable=False, unique=True)}
    checks = []
    for q in book.analysed:
        columns.update(_column(q))
        if q.ask_if:
            checks.extend(_skip_checks(q))
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=False, name="survey")


_SCHEMAS: dict[int, pa.DataFrameSchema] = {}


def survey_schema(book: Codebook | None = None) -> pa.DataFrameSchema:
    """The pandera schema every loaded survey frame satisfies."""
    book = book or load_codebook()
    if id(book) not in _SCHEMAS:
        _SCHEMAS[id(book)] = _build_schema(book)
    return _SCHEMAS[id(book)]


def _values_text(values) -> str:
    shown = []
    for v in values:
        text = str(v)
        if text not in shown:
            shown.append(text)
    more = len(shown) - MAX_VALUES_SHOWN
    text = ", ".join(shown[:MAX_VALUES_SHOWN])
    return text + (f", ... ({more} more)" if more > 0 else "")


def _message(check: str, question: Question | None, values: list) -> str:
    if check == "not_nullable":
        return "no answer (required question)"
    if check == "field_uniqueness":
        return f"duplicate respondent id ({_values_text(values)})"
    if check == "option" and question is not None:
        return f"not an option code: {_values_text(values)} (allowed: {question.describe_options()})"
    if check == "range" and question is not None:
        lo, hi = question.range
        return f"outside the valid range {lo:g}-{hi:g}: {_values_text(values)}"
    if check == "county_code":
        return f"not a 6-digit county code: {_values_text(values)}"
    if check == "binary":
        return f"a multi-select option column must hold 0 or 1: {_values_text(values)}"
    return f"fails check {check}"


def empty_column(column: str, index: pd.Index) -> pd.Series:
    """An all-missing column with the dtype the schema declares for `column`."""
    dtype = str(survey_schema().columns[column].dtype)
    return pd.Series(pd.NA if dtype != "str" else None, index=index, dtype=dtype)


def check_frame(frame: pd.DataFrame, file: str, column_names: dict[str, str],
                book: Codebook | None = None, unreadable: dict[str, set[int]] | None = None) -> list[Problem]:
    """Problems of a parsed frame whose index holds the file's row numbers.

    column_names maps a frame column (variable) to the header shown to the user;
    unreadable lists, per variable, rows already reported as unreadable, which are
    not reported again as unanswered.
    """
    unreadable = unreadable or {}
    book = book or load_codebook()
    try:
        survey_schema(book).validate(frame, lazy=True)
        return []
    except SchemaErrors as exc:
        cases = exc.failure_cases
    problems = []
    # a frame-level check (skip logic) reports each failing row once per non-missing
    # column: fold those into one finding per check
    frame_level = cases["schema_context"] == "DataFrameSchema"
    cases = pd.concat([
        cases[~frame_level],
        cases[frame_level].drop_duplicates(subset=["check", "index"]).assign(column=lambda d: d["check"]),
    ])
    for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False):
        check = str(check)
        rows = tuple(int(i) for i in group["index"].dropna().unique())
        if check.startswith(("skip:", "required:")):
            variable = check.split(":", 1)[1]
            question = book.question(variable)
            conditions = " and ".join(f"question {book.question(v).number} = " + "/".join(map(str, c))
                                      for v, c in question.ask_if.items())
            if check.startswith("skip:"):
                message = f"answered, but question {question.number} is only asked when {conditions} (skip logic)"
            else:
                message = f"no option chosen although {conditions} (required when asked)"
        else:
            question = book.question(column) if column != "respondent_id" else None
            message = _message(check, question, list(group["failure_case"]))
        variable = question.variable if question is not None else str(column)
        if check in ("not_nullable",) or check.startswith("required:"):
            rows = tuple(r for r in rows if r not in unreadable.get(variable, ()))
            if not rows:
                continue
        problems.append(Problem(
            file=file,
            column=column_names.get(variable, variable),
            question=question.number if question is not None else None,
            rows=rows,
            message=message,
        ))
    return problems
