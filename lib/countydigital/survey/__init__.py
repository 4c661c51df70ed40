"""The employee survey: codebook, importers, validation, synthetic stand-in, estimators.

Entry points:
    load(path) -> SurveyData          any supported file to the codebook's tidy frame
    validate(path) -> Report          every problem of a file, nothing written
    default_survey(seed) -> SurveyData  the synthetic stand-in the notebooks use by default
    SurveyData, Report, Problem

Modules: codebook (labels); readers, headers, privacy, parse, schema, importers
(the import pipeline; model and report hold its results); synth and cache (the
stand-in); export and wjx (writers); estimators, derived and special (analysis);
disclosure (small-cell control and published tables).
"""
from .cache import default_survey
from .importers import load, validate
from .model import SurveyData
from .report import Problem, Report

__all__ = ["load", "validate", "default_survey", "SurveyData", "Report", "Problem"]
