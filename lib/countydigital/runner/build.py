"""Build the site: run every job (cached) on the chosen executor, then publish pages, ledger and index atomically."""
from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from .. import paths
from ..exceptions import NotebookExecutionError
from . import buildlock, executors, pagecache, uptodate
from .jobs import Job
from .kernelfolders import sweep_abandoned
from .progress import Progress
from .publishing import publish
from .recovery import STALE_SECONDS, sweep_partial_files
from .results import Result
from .workspace import executed_copy, finish, partition_by_cache, shown, with_seed

log = logging.getLogger(__name__)


def build(jobs: list[Job], *, n_jobs: int | None = None, executor: str = executors.DEFAULT,
          scheduler: str | None = None, site_dir: Path | None = None, use_cache: bool = True,
          wait: bool = True, add: bool = False) -> dict:
    """Run `jobs` and publish the site. Raises BuildError (site untouched) if any job fails.

    `add`: add the pages to the published site (a partial build) instead of replacing it.

    `executor`: a name in `executors.ENGINES` ("serial", "pool", "dask"). Returns
    {"results": [Result, ...] in job order, "published": whether the site was replaced}.
    One build at a time per build folder: `wait=False` raises BuildBusy instead of waiting for another.
    """
    engine = executors.get(executor, n_jobs=n_jobs or os.cpu_count() or 1, scheduler=scheduler)  # fails before work
    with buildlock.held(wait=wait):
        return _build(jobs, engine, site_dir or paths.SITE_DIR, use_cache, add)


def _build(jobs: list[Job], engine: executors.Executor, site_dir: Path, use_cache: bool, add: bool) -> dict:
    jobs = [with_seed(job) for job in jobs]
    sweep_partial_files(min_age=STALE_SECONDS)  # temporaries of a build killed outright (SIGKILL, power loss)
    sweep_abandoned(STALE_SECONDS)  # and its kernels' socket folders
    log.info("building %d page(s) with %d worker(s) [%s]", len(jobs), engine.n_jobs, engine.name)

    with pagecache.planning():
        keys = [pagecache.cache_key(job)[0] for job in jobs]
    with Progress(len(jobs)) as progress:
        results, pending = partition_by_cache(list(zip(jobs, keys)), use_cache, progress)
        if pending:
            keys_of = {job.label: (job, key) for job, key in pending}
            # closing: an interruption while a result is handled still stops the engine's workers at once
            with contextlib.closing(engine.run(pending)) as finished:
                for result in finished:
                    result = finish(*keys_of[result.label], result)
                    progress.update(result)
                    results[result.label] = result

    ordered = [results[job.label] for job in jobs]
    failed = [r for r in ordered if not r.ok]
    if failed:
        raise NotebookExecutionError(f"{len(failed)} of {len(ordered)} notebook run(s) failed; the published site "
                                     "was left untouched:\n" + "\n".join(map(_failure_lines, failed)))

    state = {**uptodate.current_state(ordered, site_dir), "add": add}
    if not pending and uptodate.is_published(state, site_dir):
        log.info("nothing changed: %s is up to date", site_dir)
        return {"results": ordered, "published": False}
    publish(ordered, site_dir, add=add)
    uptodate.record(state, site_dir)
    return {"results": ordered, "published": True}


def _failure_lines(r: Result) -> str:
    copy = shown(executed_copy(r.job))
    return f"  {r.label}: cell {r.cell}: {r.error}\n    executed copy kept for inspection: {copy}"
