"""Where a job runs and what is kept of it: work folders, executed copies, the seed, the cache.

Shared by the ordinary build and the all-county mode, so both plan, run and keep
their jobs the same way (and a county profile from either lands in the same cache entry).
"""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from .. import atomic, paths
from ..config import DEFAULT_SEED
from . import pagecache
from .jobs import Job
from .parameters import declared_parameters
from .progress import Progress
from .results import Result


def with_seed(job: Job) -> Job:
    """Inject the project's one seed into notebooks that declare a `seed` parameter."""
    if "seed" in job.parameters:
        return job
    try:
        declared = declared_parameters(job.notebook_path)
    except Exception:  # an unreadable notebook fails later, with a clearer message
        return job
    if "seed" in declared:
        return replace(job, parameters={**job.parameters, "seed": DEFAULT_SEED})
    return job


def workdir(job: Job) -> Path:
    """The scratch folder a job executes into (executed.ipynb, page.html, records.jsonl, result.json)."""
    return paths.BUILD_DIR / "work" / job.label


def executed_copy(job: Job) -> Path:
    """Where the executed notebook of the last run of `job` is kept for inspection, failed or not."""
    return paths.BUILD_DIR / "executed" / f"{job.label}.ipynb"


def shown(path: Path) -> Path:
    """`path` relative to the project when it lies inside it (for messages)."""
    return path.relative_to(paths.PROJ_ROOT) if path.is_relative_to(paths.PROJ_ROOT) else path


def finish(job: Job, key: str, result: Result) -> Result:
    """Keep what a job's run left in its work folder: the executed copy, and the outputs in the cache if it passed."""
    work = workdir(job)
    executed = work / "executed.ipynb"
    if executed.exists():
        with atomic.atomic_path(executed_copy(job)) as tmp:
            shutil.copyfile(executed, tmp)
    if result.ok:
        pagecache.store(key, {name: work / name for name in pagecache.CACHED_FILES})
    result.cached, result.cache_key = False, key
    return result


def partition_by_cache(keyed: list[tuple[Job, str]], use_cache: bool,
                       progress: Progress) -> tuple[dict[str, Result], list[tuple[Job, str]]]:
    """Results of the jobs whose outputs are cached (by label), and the (job, key) pairs still to run."""
    results: dict[str, Result] = {}
    pending: list[tuple[Job, str]] = []
    for job, key in keyed:
        hit = pagecache.lookup(key) if use_cache else None
        if hit is not None:
            result = Result.from_json(json.loads((hit / "result.json").read_text(encoding="utf-8")))
            result.cached, result.cache_key = True, key
            results[job.label] = result
            progress.update(result)
        else:
            pending.append((job, key))
    return results, pending
