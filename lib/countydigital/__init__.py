"""countydigital: executable research notebooks for the 2022 report
《欠发达县域数字化就业价值研究报告》 (Tsinghua County Governance Research Center).

The public entry points:

    lookup(query) -> County                   a county-level unit by code, name or pinyin
    survey_for_notebook(survey, seed)         a notebook's survey: that file, or the stand-in
    record(claim_id, value, source=..., ...)  a computed value against a claim of the ledger
    build(jobs, ...)                          execute notebooks and publish the site
    CountyDigitalError and its subclasses     every error raised on purpose

Layers: data (census, boundaries, survey, claims; datafetch and paths below them);
the report's sections (sections/<context|employment|talent|programs>/ with analysis,
text and plots, and sections/scope); the runner and the site's privacy_gate on top.
Shared by all: config (seed, kernel, environment names), atomic (the one file
writer), personal_data (patterns of personal data), units (unit types), plotting.
"""
from .exceptions import (
    AmbiguousCounty,
    BuildError,
    CensusFormatError,
    CensusMeasureUnavailable,
    ChecksumMismatch,
    ClaimsError,
    CountyDigitalError,
    CountyLookupError,
    DataError,
    MissingDataFile,
    NotebookExecutionError,
    PeerComparisonError,
    PrivacyError,
    ProgramsError,
    SurveyError,
    SurveyValidationError,
    UnknownCounty,
)

__version__ = "0.1.0"

__all__ = [
    "lookup", "survey_for_notebook", "record", "build", "__version__",
    "CountyDigitalError", "DataError", "ChecksumMismatch", "MissingDataFile", "CensusFormatError",
    "CensusMeasureUnavailable", "CountyLookupError", "UnknownCounty", "AmbiguousCounty", "SurveyError",
    "SurveyValidationError", "ClaimsError", "BuildError", "NotebookExecutionError", "PrivacyError",
    "PeerComparisonError", "ProgramsError",
]


# The four functions are imported on first use, not here. Every `import countydigital.x`
# runs this file first: importing the census (pandas), the survey (pandera) or the runner
# (papermill, nbconvert) eagerly would make `python -m countydigital data fetch`, the
# runner's worker processes and a kernel importing `countydigital.config` pay for all of
# them, and the runner, which imports most of the package, would be half-initialised
# whenever one of its own modules is imported first.
def __getattr__(name: str):
    if name == "lookup":
        from .census import lookup
        return lookup
    if name == "survey_for_notebook":
        from .survey import survey_for_notebook
        return survey_for_notebook
    if name == "record":
        from .claims import record
        return record
    if name == "build":
        from .runner.build import build
        return build
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
