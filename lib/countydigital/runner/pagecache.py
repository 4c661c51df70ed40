"""The executed-page cache: a job's outputs are reused only when nothing they depend on changed.

The key hashes four things, as showyourwork does: the notebook source, its
parameters, its inputs by checksum (external data, the project's own data
tables, a survey file passed as a parameter) and the environment (the pinned
requirements, the Python version and the package source). Change any one and
the key changes, so exactly the affected outputs are rebuilt.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import platform
import shutil
from pathlib import Path

from .. import atomic, datafetch, paths
from .jobs import Job

CACHE_DIR_NAME = "cache"
# Project data tables every notebook may read (claims registry, codebook, references, programmes).
PROJECT_DATA_DIRS = ("published", "survey", "reference", "programs")
CACHED_FILES = ("page.html", "executed.ipynb", "records.jsonl", "result.json")


# Memo of the fingerprints while a build plans its jobs (see `planning`); None outside.
_memo: dict | None = None


@contextlib.contextmanager
def planning():
    """Within the block every file, folder and manifest a key hashes is hashed once.

    Most of a key is shared by all jobs (package source, data folders, manifest:
    ~70 ms); memoised, the keys of a dozen jobs cost milliseconds and those of the
    ~3,000 county profiles a second. Only for planning: nothing may change inside.
    """
    global _memo
    outer = _memo
    _memo = {} if outer is None else outer
    try:
        yield
    finally:
        _memo = outer


def _memoised(key: tuple, compute):
    if _memo is None:
        return compute()
    if key not in _memo:
        _memo[key] = compute()
    return _memo[key]


def _hash_file(path: Path) -> str:
    return _memoised(("file", str(path)), lambda: datafetch.sha256_of(path))


def _hash_tree(root: Path, patterns: tuple[str, ...]) -> str:
    return _memoised(("tree", str(root), tuple(patterns)), lambda: _hash_tree_now(root, patterns))


def _hash_tree_now(root: Path, patterns: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    if root.exists():
        for pattern in patterns:
            for file in sorted(root.rglob(pattern)):
                if "__pycache__" in file.parts or not file.is_file():
                    continue
                digest.update(str(file.relative_to(root)).encode())
                digest.update(_hash_file(file).encode())
    return digest.hexdigest()


# Module attributes, read at call time, so the cache tests can point them at copies.
LOCK_FILE = paths.PROJ_ROOT / "requirements.lock"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def environment_fingerprint() -> dict[str, str]:
    """What 'the environment' means for the cache: pins, interpreter, package source."""
    return {
        "requirements.lock": _hash_file(LOCK_FILE) if LOCK_FILE.exists() else "absent",
        "python": platform.python_version(),
        "package": _hash_tree(PACKAGE_ROOT, ("*.py", "*.j2", "*.json", "*.yaml", "*.css")),
    }


def input_fingerprint(job: Job) -> dict[str, str]:
    """Checksums of every input the job reads."""
    inputs = {f"external:{k}": v for k, v in sorted(_memoised(("manifest",), datafetch.checksums).items())}
    for sub in PROJECT_DATA_DIRS:
        inputs[f"data/{sub}"] = _hash_tree(paths.DATA_DIR / sub, ("*",))
    survey = job.parameters.get("survey")
    if survey:
        survey_path = Path(survey)
        if not survey_path.is_absolute():
            survey_path = paths.NOTEBOOKS_DIR / survey_path
        inputs["survey"] = _hash_file(survey_path) if survey_path.is_file() else f"missing:{survey}"
    programs = job.parameters.get("programs")
    if programs:  # the user's own programme records (`run --programs DIR`)
        inputs["programs"] = _hash_tree(Path(programs), ("*.csv",))
    return inputs


def cache_key(job: Job) -> tuple[str, dict]:
    """Return (key, the components it was computed from)."""
    components = {
        # The label too: the page's title, its records and its result name the job, so two jobs
        # with identical notebooks and parameters (a copied notebook, a repeated set) must not share.
        "job": job.label,
        "notebook": _hash_file(job.notebook_path),
        "parameters": json.dumps(job.parameters, sort_keys=True, ensure_ascii=False),
        "inputs": input_fingerprint(job),
        "environment": environment_fingerprint(),
    }
    blob = json.dumps(components, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:32], components


def cache_dir() -> Path:
    return paths.BUILD_DIR / CACHE_DIR_NAME


def lookup(key: str) -> Path | None:
    """The cache entry for `key` if it is complete, else None."""
    entry = cache_dir() / key
    if all((entry / name).is_file() for name in CACHED_FILES):
        return entry
    return None


def store(key: str, files: dict[str, Path]) -> Path:
    """Copy a finished job's outputs into the cache, atomically (all or nothing)."""
    target = cache_dir() / key
    staging = atomic.temporary_dir(target)
    try:
        for name, source in files.items():
            shutil.copyfile(source, staging / name)
        if target.exists():
            shutil.rmtree(target)
        atomic.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target
