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
import os
import platform
import shutil
from pathlib import Path

from .. import atomic, datafetch, paths
from .jobs import Job

CACHE_DIR_NAME = "cache"
# Project data tables every notebook may read (claims registry, codebook, references, programmes).
PROJECT_DATA_DIRS = ("published", "survey", "reference", "programs")
CACHED_FILES = ("page.html", "executed.ipynb", "records.jsonl", "result.json")
MANIFEST = "files.json"  # {name: [size, sha256]} of the CACHED_FILES, written last: what `lookup` verifies


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
    """The cache entry for `key` if it is whole (every file there, with its recorded size and sha256), else None.

    An entry damaged after it was stored (a truncated page, a disk that filled up, an
    edit by hand) is a miss: the job runs again and its damaged page is never published.
    """
    entry = cache_dir() / key
    return entry if _is_whole(entry) else None


def _fingerprint(file: Path) -> list:
    return [file.stat().st_size, datafetch.sha256_of(file)]


# Entries found whole by this process, with the (size, mtime) of their files then: publishing
# looks up every entry a second time, and all-county mode has thousands, so a file is hashed
# again only when it changed since. Any change of its bytes changes its size or its mtime.
_verified: dict[Path, list] = {}


def _is_whole(entry: Path) -> bool:
    try:
        recorded = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        stats = [[(entry / n).stat().st_size, (entry / n).stat().st_mtime_ns] for n in CACHED_FILES]
        if _verified.get(entry) == stats:
            return True
        whole = all(recorded.get(name) == _fingerprint(entry / name) for name in CACHED_FILES)
    except (OSError, ValueError, AttributeError):
        return False
    if whole:
        _verified[entry] = stats
    return whole


def store(key: str, files: dict[str, Path]) -> Path:
    """Copy a finished job's outputs into the cache, atomically (all or nothing), with their sizes and hashes."""
    target = cache_dir() / key
    if not target.parent.is_dir():
        target.parent.mkdir(parents=True)
        os.chmod(target.parent, atomic.DIR_MODE)  # not the umask's: the cache is read like the site
    staging = atomic.temporary_dir(target)
    try:
        for name, source in files.items():
            shutil.copyfile(source, staging / name)
        atomic.write_json(staging / MANIFEST, {name: _fingerprint(staging / name) for name in files})
        atomic.publishable_modes(staging)  # copies take the umask's mode; the cache is read like the site
        if target.exists():
            shutil.rmtree(target)
        atomic.replace(staging, target)
        if set(files) == set(CACHED_FILES):  # hashed just now: the lookup that publishes it need not hash again
            _verified[target] = [[(target / n).stat().st_size, (target / n).stat().st_mtime_ns] for n in CACHED_FILES]
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target
