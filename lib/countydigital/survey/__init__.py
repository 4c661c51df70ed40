"""The employee survey: codebook, importers, validation, synthetic stand-in, estimators.

Entry points:
    load(path) -> SurveyData          any supported file to the codebook's tidy frame
    validate(path) -> Report          every problem of a file, nothing written
    default_survey(seed) -> SurveyData  the synthetic stand-in the notebooks use by default
    survey_for_notebook(survey, seed)  a notebook's `survey` parameter: that file, or the stand-in if empty
    SurveyData, Report, Problem

Modules: codebook (labels); readers, headers, personal, parse, schema, importers
(the import pipeline; model and problems hold its results); synth and standin (the
stand-in); export and wjx (writers); estimators, derived and quantiles (analysis);
disclosure (small-cell control, the withholding rule, published tables).
"""
from pathlib import Path

from .. import paths
from .importers import load, validate
from .model import SurveyData
from .problems import Problem, Report
from .standin import default_survey

__all__ = ["load", "validate", "default_survey", "survey_for_notebook", "survey_path", "SurveyData", "Report",
           "Problem"]


def survey_path(survey: str) -> Path:
    """The file named by a notebook's `survey` parameter (relative: to the notebooks folder)."""
    path = Path(survey)
    if not path.is_absolute() and not path.exists():
        path = paths.NOTEBOOKS_DIR / path
    return path


def survey_for_notebook(survey: str = "", seed: int | None = None) -> SurveyData:
    """What a notebook analyses: the file `survey`, or the SYNTHETIC stand-in when it is empty."""
    if survey:
        return load(survey_path(survey))
    return default_survey(seed) if seed is not None else default_survey()
