"""All-county mode: the county-context profile for every county-level unit (`run --counties`).

    python -m countydigital run --counties all       # every unit of the 2020 census (~2,990)
    python -m countydigital run --counties 13        # one province (河北, 190 units)
    python -m countydigital run --counties 1305      # one prefecture (邢台)

Cost is what shapes the design. Through papermill, one profile costs a kernel start
plus the imports and the census load (the benchmarks' "imports" floor: ~5-8 s on a
2-core machine) before the notebook's own work. Thousands of those would be many
hours on two cores, so (measurements in benchmarks/README.md):

- Counties are run in batches: one worker process runs the notebook for a batch of
  counties in its own interpreter, without a kernel (runner.inprocess: papermill with
  an in-process engine), resetting the state between counties as a kept kernel is
  reset but keeping imported modules and the census tables loaded. A profile then
  costs only the notebook's own cells and nbconvert. Pages are byte-identical to those
  of a fresh kernel (tested). Each batch runs in a fresh process (bounded memory); a
  county that fails hands the rest of its batch to a kept kernel.
- Batches run in parallel over the cores; each county's result goes into the same
  cache as the ordinary build (same notebook, parameters and inputs = same key), so
  a re-run, or `run --county 130529`, reuses it.
- A failing county is reported and listed, never fatal: the other profiles are
  published. (The ordinary build aborts instead: a report with a broken section must
  not be published; an atlas with one missing county can.)

Published under `site/counties/`: one page per county (`<code>.html`) and
`index.html`, a sortable table of every unit with its 2010-2020 indicators, linking
each profile built for the current code and data, and listing the failures of the
last run; `assets/` holds the section's CJK font subset, as the ordinary build ships
one for its pages, and what the pages share (runner.pageassets): the style sheet and the
figures, as files named by their content, so the national figures every profile shows
are stored once and a profile costs ~0.3 MB instead of ~0.65 MB.
"""
from __future__ import annotations

import contextlib
import logging
import math
import os
import queue as queue_module
import time
from pathlib import Path

from .. import paths
from ..exceptions import BuildError
from . import buildlock, pagecache, workerprocesses
from .countysection import assembling
from .inprocess import execute_batch, prepare_workers
from .jobs import Job
from .kernelfolders import sweep_abandoned
from .progress import Progress
from .recovery import STALE_SECONDS, after_interrupt, sweep_partial_files
from .results import Result
from .site import COUNTIES_DIR
from .workspace import finish, partition_by_cache, with_seed, workdir

PROFILE_NOTEBOOK = "00-county-context"
DEFAULT_BATCH = 100  # counties per kept kernel (a fresh process per batch); the last batches split evenly

log = logging.getLogger(__name__)


def _all_units(year: int = 2020):
    from ..census import indicators

    return indicators(year).sort_values("code", ignore_index=True)


def select_units(spec: str, limit: int | None = None, year: int = 2020):
    """The county-level units of `year` chosen by `spec`, in code order.

    spec: "all", a 2-digit province code ("13"), a 4-digit prefecture code ("1305"),
    or a 6-digit unit code. `limit` keeps the first N (for tests and trials).
    """
    from ..census import indicators

    units = indicators(year)[["code", "name", "prefecture", "province", "province_code", "unit_type"]]
    spec = str(spec).strip()
    if spec.lower() != "all":
        if not (spec.isdigit() and len(spec) in (2, 4, 6)):
            raise BuildError(f"--counties takes 'all', a 2-digit province code (e.g. 13), a 4-digit prefecture code "
                             f"or a 6-digit unit code; got {spec!r}")
        units = units[units["code"].str.startswith(spec)]
        if units.empty:
            provinces = sorted({c[:2] for c in indicators(year)["code"]})
            raise BuildError(f"--counties {spec}: no county-level unit of the {year} census has a code starting "
                             f"with {spec} (province codes: {', '.join(provinces)})")
    units = units.sort_values("code", ignore_index=True)
    if limit is not None:
        units = units.head(max(0, int(limit)))
    return units


def profile_jobs(codes, notebook: str = PROFILE_NOTEBOOK) -> list[Job]:
    """One job per unit, exactly as `run --county CODE` would plan it (same cache key)."""
    if not (paths.NOTEBOOKS_DIR / f"{notebook}.ipynb").exists():
        raise BuildError(f"the county profile notebook {notebook}.ipynb does not exist in {paths.NOTEBOOKS_DIR}")
    template = with_seed(Job(notebook, "template", {"county": "template"}))  # inspects the notebook once
    extra = {k: v for k, v in template.parameters.items() if k != "county"}
    return [Job(notebook, str(code), {"county": str(code), **extra}) for code in codes]


def _batches(pending: list, n_jobs: int, batch_size: int) -> list[list]:
    """Split into batches of at most `batch_size`, and at least one per worker when there are few."""
    if not pending:
        return []
    size = max(1, min(batch_size, math.ceil(len(pending) / n_jobs)))
    return [pending[i:i + size] for i in range(0, len(pending), size)]


def _run_batches(pending: list[tuple[Job, str]], n_jobs: int, batch_size: int, progress: Progress,
                 on_result=None) -> list[Result]:
    """Execute the cache misses in batches, over `n_jobs` processes; progress per county.

    `on_result(result)`: called in this process for each result once it is cached (the section's publishing)."""
    keyed = {job.label: (job, key) for job, key in pending}
    batches = [[(job, str(workdir(job))) for job, _ in batch] for batch in _batches(pending, n_jobs, batch_size)]
    results: list[Result] = []
    reported: set[str] = set()

    def collect(result: Result) -> None:
        if result.label in reported:  # already counted (as lost with its process): keep the first word
            return
        reported.add(result.label)
        results.append(finish(*keyed[result.label], result))
        progress.update(result)
        if on_result is not None:
            on_result(results[-1])

    # Worker processes even for one job: papermill, run in this process, would take Ctrl-C for
    # itself (nbclient's signal handlers) and the run would hang instead of stopping.
    prepare_workers()  # the workers run notebooks in themselves: no hash salt, as in a kernel
    with workerprocesses.context().Manager() as manager:
        progress_queue = manager.Queue()
        # A fresh process per batch: a kernel and its process never outlive their batch.
        with workerprocesses.pool(n_jobs, max_tasks_per_child=1) as pool:
            running = {pool.submit(execute_batch, batch, progress_queue): batch for batch in batches}
            try:
                while running:
                    try:
                        collect(progress_queue.get(timeout=0.5))
                        continue
                    except queue_module.Empty:
                        pass
                    for future in [f for f in running if f.done()]:
                        batch = running.pop(future)
                        _drain(progress_queue, collect)  # results a batch put just before it ended
                        error = future.exception()
                        for job, _ in batch:  # a process that died takes its unfinished counties with it
                            if job.label not in reported:
                                collect(Result.failure(job, f"worker process died: {type(error).__name__}: {error}"
                                                       if error else "no result"))
                _drain(progress_queue, collect)
            except BaseException:
                with contextlib.suppress(Exception):  # keep what finished just before (the manager may be gone)
                    _drain(progress_queue, collect)
                pool.shutdown(wait=False, cancel_futures=True)
                after_interrupt()  # the workers' kernels run in sessions of their own
                raise
    return results


def _drain(progress_queue, collect) -> None:
    while True:
        try:
            collect(progress_queue.get_nowait())
        except queue_module.Empty:
            return


def run_counties(spec: str, *, limit: int | None = None, n_jobs: int | None = None, batch_size: int = DEFAULT_BATCH,
                 use_cache: bool = True, site_dir: Path | None = None, notebook: str = PROFILE_NOTEBOOK,
                 wait: bool = True) -> dict:
    """Build and publish the profiles of the units chosen by `spec` (see `select_units`).

    Returns {"results": [...], "failed": [...], "published": n_profiles, "seconds": wall time}.
    Failures of single counties do not raise; a bad `spec` or a missing notebook does. Holds
    the build lock throughout (`wait=False`: BuildBusy at once when another build runs).
    Each profile is cached as soon as it is done, so a run that was interrupted resumes:
    the next one executes only the profiles still missing.
    """
    with buildlock.held(wait=wait):
        return _run_counties(spec, limit, n_jobs, batch_size, use_cache, site_dir, notebook)


def _run_counties(spec: str, limit: int | None, n_jobs: int | None, batch_size: int, use_cache: bool,
                  site_dir: Path | None, notebook: str) -> dict:
    started = time.perf_counter()
    site_dir = site_dir or paths.SITE_DIR
    n_jobs = n_jobs or os.cpu_count() or 1
    selected = set(select_units(spec, limit)["code"])
    sweep_partial_files()
    sweep_abandoned(STALE_SECONDS)  # kernels' socket folders of a build killed outright
    units = _all_units()
    # Keys of every unit, computed once at the start: the inputs as they are now decide
    # both what runs and which profiles the index links (even if a file changes meanwhile).
    with pagecache.planning():
        every = [(job, pagecache.cache_key(job)[0]) for job in profile_jobs(units["code"], notebook)]
    keyed = [(job, key) for job, key in every if job.paramset in selected]
    log.info("county profiles: %d unit(s) for --counties %s%s, %d worker(s), batches of up to %d", len(keyed), spec,
             f" (first {limit})" if limit is not None else "", n_jobs, batch_size)

    # site/counties/ is assembled while the profiles are built: each is placed and scanned as it arrives
    with assembling(site_dir, every, units, {job.paramset for job, _ in keyed}) as section:
        with Progress(len(keyed), unit="county") as progress:
            results, pending = partition_by_cache(keyed, use_cache, progress)
            if results and pending:  # a run resumed after an interruption, or a new selection beside built ones
                log.info("%d profile(s) already built (cache); executing the %d missing", len(results), len(pending))
            try:
                for result in _run_batches(pending, n_jobs, batch_size, progress, on_result=section.built):
                    results[result.label] = result
            except KeyboardInterrupt:
                progress.close()
                log.info("%d of %d profile(s) are built and kept; the next run executes only the other %d",
                         progress.done, len(keyed), len(keyed) - progress.done)
                raise
        ordered = [results[job.label] for job, _ in keyed]
        failed = [r for r in ordered if not r.ok]
        published = section.finish(failed, seconds=time.perf_counter() - started)
    seconds = time.perf_counter() - started
    if failed:
        log.warning("%d of %d county profile(s) failed (listed on %s/index.html):\n%s", len(failed), len(ordered),
                    COUNTIES_DIR, "\n".join(f"  {r.paramset}: cell {r.cell}: {r.error}" for r in failed))
    log.info("published %d county profile(s) to %s in %.1fs", published, site_dir / COUNTIES_DIR, seconds)
    return {"results": ordered, "failed": failed, "published": published, "seconds": seconds}
