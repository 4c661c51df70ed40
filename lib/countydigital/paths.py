"""One place for every path the project uses.

Modules and notebooks import these names instead of hard-coding folders, so the
layout can change in one line. Environment variables let tests and CI redirect
the writable folders without touching the source tree.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[2]

DATA_DIR = PROJ_ROOT / "data"
MANIFEST_FILE = DATA_DIR / "manifest.yaml"
PUBLISHED_DIR = DATA_DIR / "published"
CLAIMS_FILE = PUBLISHED_DIR / "claims.yaml"
SURVEY_DIR = DATA_DIR / "survey"
CODEBOOK_FILE = SURVEY_DIR / "codebook.yaml"
REFERENCE_DIR = DATA_DIR / "reference"
PROGRAMS_DIR = DATA_DIR / "programs"



def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


# Tests point these at small hand-made notebooks; users never need to.
NOTEBOOKS_DIR = _env_path("COUNTYDIGITAL_NOTEBOOKS_DIR", PROJ_ROOT / "notebooks")
PARAMETER_SETS_FILE = NOTEBOOKS_DIR / "parameter_sets.yaml"


# Writable folders: derived data that can be deleted and rebuilt at any time.
RAW_DIR = _env_path("COUNTYDIGITAL_RAW_DIR", DATA_DIR / "raw")
PROCESSED_DIR = _env_path("COUNTYDIGITAL_PROCESSED_DIR", DATA_DIR / "processed")
BUILD_DIR = _env_path("COUNTYDIGITAL_BUILD_DIR", PROJ_ROOT / "build")
SITE_DIR = _env_path("COUNTYDIGITAL_SITE_DIR", PROJ_ROOT / "site")
RECORDS_DIR = BUILD_DIR / "records"


def kept_dir() -> Path:
    """Where derived bytes named by their inputs are kept between builds (countydigital.keptfiles).

    COUNTYDIGITAL_KEPT_DIR may name a folder shared by several projects or checkouts (the test
    suite's projects share one): what is kept there is named by everything it was made from."""
    value = os.environ.get("COUNTYDIGITAL_KEPT_DIR")
    return Path(value).resolve() if value else BUILD_DIR / "kept"


def data_mirror() -> Path | None:
    """The local mirror folder named by COUNTYDIGITAL_DATA_MIRROR, if any.

    Relative values are taken from the project root, so `.ci/run` can say
    `../shared/data` whatever the current directory of a later subprocess is.
    """
    value = os.environ.get("COUNTYDIGITAL_DATA_MIRROR")
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else (PROJ_ROOT / path).resolve()
