"""The report's derived measures, evaluated from their definitions in the codebook.

`returnee`, `first_job_or_reentry`, `family_reasons` and `aged_20_35` are defined
once, in data/survey/codebook.yaml (`derived:`); this module only evaluates
those definitions. Each returns a nullable boolean Series: missing outside the
measure's universe (e.g. men, for family reasons) or where an input is missing.
"""
from __future__ import annotations

import pandas as pd

from ..exceptions import SurveyError
from .codebook import load_codebook


def _condition(frame: pd.DataFrame, cond: dict) -> pd.Series:
    variable = cond["variable"]
    if "any_of" in cond:
        question = load_codebook().question(variable)
        cols = [f"{variable}_{c}" for c in cond["any_of"]]
        answered = frame[question.columns].notna().any(axis=1)
        hit = frame[cols].fillna(0).eq(1).any(axis=1)
        return hit.astype("boolean").where(answered, pd.NA)
    values = frame[variable]
    if "in" in cond:
        result = values.isin(cond["in"])
    elif "between" in cond:
        lo, hi = cond["between"]
        result = (values >= lo) & (values <= hi)
    else:
        raise SurveyError(f"codebook: derived condition {cond!r} has no in/between/any_of")
    return result.astype("boolean").where(values.notna(), pd.NA)


def derive(frame: pd.DataFrame, name: str) -> pd.Series:
    """Evaluate the codebook's derived measure `name` on a survey frame."""
    book = load_codebook()
    if name not in book.derived:
        raise SurveyError(f"no derived measure {name!r} in the codebook (have: {', '.join(book.derived)})")
    measure = book.derived[name]
    result = pd.Series(True, index=frame.index, dtype="boolean")
    for cond in measure.conditions:
        result &= _condition(frame, cond)
    for cond in measure.universe:
        inside = _condition(frame, cond)
        result = result.where(inside.fillna(False).astype(bool), pd.NA)
    return result.rename(name)


def returnee(frame: pd.DataFrame) -> pd.Series:
    """返乡: hukou in this county and lived or worked outside it for half a year or more."""
    return derive(frame, "returnee")


def first_job_or_reentry(frame: pd.DataFrame) -> pd.Series:
    """首次就业 + 歇业再就业: prior status 3 or 4."""
    return derive(frame, "first_job_or_reentry")


def family_reasons(frame: pd.DataFrame) -> pd.Series:
    """Among women with prior status 4: cited pregnancy/nursing, housework/childcare or caring for family."""
    return derive(frame, "family_reasons")


def aged_20_35(frame: pd.DataFrame) -> pd.Series:
    """Aged 20 to 35 inclusive."""
    return derive(frame, "aged_20_35")


def add_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with one column per derived measure of the codebook."""
    out = frame.copy()
    for name in load_codebook().derived:
        out[name] = derive(frame, name)
    return out
