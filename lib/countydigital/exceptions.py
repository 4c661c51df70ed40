"""One exception hierarchy for the whole package.

Every error the project raises on purpose derives from CountyDigitalError, so
the CLI can print it as one clear line and exit non-zero, and property-based
tests can assert that bad input never raises anything else.
"""
from __future__ import annotations


class CountyDigitalError(Exception):
    """Base class of every error the project raises deliberately."""

    exit_code = 1


# --- external data -----------------------------------------------------------
class DataError(CountyDigitalError):
    """An external data file is missing, unreadable or not what the manifest says."""


class ChecksumMismatch(DataError):
    """A file's sha256 differs from the one pinned in the manifest."""


class MissingDataFile(DataError):
    """A file named in the manifest could not be fetched or found in the mirror."""


class CensusFormatError(DataError):
    """A census workbook does not have the columns the harmonisation expects."""


class CensusMeasureUnavailable(DataError):
    """The census year asked for has no table for that measure (e.g. 2020 not-working reasons)."""


# --- counties ------------------------------------------------------------------
class CountyLookupError(CountyDigitalError):
    """A county name or code could not be resolved to exactly one unit."""


class UnknownCounty(CountyLookupError):
    pass


class AmbiguousCounty(CountyLookupError):
    pass


# --- survey -------------------------------------------------------------------
class SurveyError(CountyDigitalError):
    """A survey file cannot be read or used."""


class SurveyValidationError(SurveyError):
    """A survey file failed validation; `problems` lists every finding."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


# --- claims -------------------------------------------------------------------
class ClaimsError(CountyDigitalError):
    """The claims registry or a recorded value is malformed."""


# --- build --------------------------------------------------------------------
class BuildError(CountyDigitalError):
    """The site build failed; the previously published site is left untouched."""


class NotebookExecutionError(BuildError):
    """A notebook raised while executing; names the notebook and the cell."""


class PrivacyError(BuildError):
    """A built page contains personal data or a raw survey record; nothing was published."""


# --- peer comparison ------------------------------------------------------------
class PeerComparisonError(CountyDigitalError):
    """Comparable counties cannot be chosen or compared (missing county, covariate, scope)."""


# --- programme records --------------------------------------------------------
class ProgramsError(CountyDigitalError):
    """Programme records (data/programs/) are malformed, or a projection input is out of range."""
