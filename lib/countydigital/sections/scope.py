"""What the survey notebooks (01, 02) prepare: the survey, and the respondents a run shows.

A run names a county (code, name or pinyin) or "pooled" (both study counties
together, the run comparable with the report's pooled survey figures). A county without
respondents, any county outside the fieldwork, gets the pooled survey as a declared
fallback, so a page can say plainly that the employees described are those of the
study counties, not of the county shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import census
from ..exceptions import SurveyError
from ..survey import SurveyData, survey_for_notebook
from ..survey.codebook import load_codebook

POOLED = "pooled"


def is_pooled(county: str) -> bool:
    """True for "pooled" (also "all" or empty): both study counties together."""
    return str(county).strip().lower() in (POOLED, "all", "")


def load_survey(survey: str = "", seed: int | None = None) -> SurveyData:
    """The survey a notebook analyses: the file `survey`, or the synthetic stand-in if empty."""
    return survey_for_notebook(survey, seed)


def select(data: SurveyData, county: str = POOLED) -> tuple[SurveyData, bool]:
    """The respondents of `county` (all for "pooled"), and whether that is a fallback
    (the county has none: the pooled survey is returned)."""
    if is_pooled(county):
        return data, False
    try:
        return data.select(census.lookup(county).code), False
    except SurveyError:
        return data, True


@dataclass
class Scope:
    """What a notebook run describes: the whole survey, the respondents shown, the census counties."""

    data: SurveyData       # everything loaded (for the banner)
    staff: SurveyData      # the respondents analysed (one county, or pooled)
    codes: list[str]       # census codes of the counties described
    pooled: bool           # both study counties together
    fallback: bool         # the county has no respondents: the pooled survey is shown

    @property
    def survey_codes(self) -> list[str]:
        """Counties of the respondents analysed (for a fallback: the study counties, not `codes`)."""
        return sorted(set(self.staff.frame["county"].dropna()))


def prepare(survey: str = "", county: str = POOLED, seed: int | None = None) -> Scope:
    """Load the survey (or the synthetic stand-in) and select the county's respondents."""
    data = load_survey(survey, seed)
    if is_pooled(county):
        codes = sorted(set(data.frame["county"].dropna())) or list(load_codebook().counties)
        return Scope(data, data, codes, pooled=True, fallback=False)
    code = census.lookup(county).code
    staff, fallback = select(data, code)
    return Scope(data, staff, [code], pooled=False, fallback=fallback)
