"""`default_survey()`: the synthetic stand-in the notebooks use when given no survey.

Generated once per (n, seed, codebook, generator source) and cached as parquet
under paths.PROCESSED_DIR, written atomically so an interrupted run never leaves
a half-written cache. The cache key includes hashes of the codebook and of the
generator's source, so changing either regenerates instead of reusing.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .. import paths
from ..config import DEFAULT_SEED
from ..exceptions import SurveyError
from . import synth
from .export import write_tidy
from .importers import load
from .model import SurveyData


def _key(n: int, seed: int) -> str:
    digest = hashlib.sha256()
    digest.update(Path(paths.CODEBOOK_FILE).read_bytes())
    digest.update(Path(synth.__file__).read_bytes())
    return digest.hexdigest()[:12]


def cache_path(n: int = synth.N_DEFAULT, seed: int = DEFAULT_SEED) -> Path:
    """Where the synthetic survey for (n, seed) is cached."""
    return paths.PROCESSED_DIR / "survey" / f"synthetic-n{n}-seed{seed}-{_key(n, seed)}.parquet"


def default_survey(seed: int = DEFAULT_SEED, n: int = synth.N_DEFAULT) -> SurveyData:
    """The synthetic survey (deterministic for seed and n), from the cache when present."""
    path = cache_path(n, seed)
    if path.exists():
        try:
            survey = load(path)
            if survey.synthetic and survey.n == n:
                survey.format = f"synthetic stand-in (n={n}, seed={seed})"
                survey.warnings = synth.unattainable(n)
                return survey
        except SurveyError:
            pass  # a damaged cache is rebuilt, not trusted
    survey = synth.generate(n=n, seed=seed)
    write_tidy(survey, path)
    survey.source_path = path
    return survey
