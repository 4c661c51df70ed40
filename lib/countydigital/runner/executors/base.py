"""The one interface every executor implements."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import ClassVar

from .. import workerprocesses
from ..jobs import Job
from ..recovery import after_interrupt
from ..results import Result
from ..workspace import workdir

log = logging.getLogger(__name__)


class Executor:
    """Runs jobs that missed the cache.

    `run(pending)` takes (job, cache key) pairs and yields one Result per job, in any
    order, as each finishes; the job's outputs (executed.ipynb, page.html,
    records.jsonl, result.json) are then in `workspace.workdir(job)` on this machine.
    A notebook that fails is a failed Result, never an exception. When the build is
    interrupted, or closes the iterator early, the executor stops every process it started.
    """

    name: ClassVar[str]

    def __init__(self, n_jobs: int = 1, scheduler: str | None = None):
        self.n_jobs = max(1, n_jobs)
        self.scheduler = scheduler

    def run(self, pending: list[tuple[Job, str]]) -> Iterator[Result]:
        raise NotImplementedError


def run_on_pool(pending: list[tuple[Job, str]], workers: int, task: Callable[[Job, str], Result],
                on_broken: Callable[[list[tuple[Job, str]]], Iterator[Result]] | None = None) -> Iterator[Result]:
    """Run `task(job, work folder)` for every pending job on `workers` worker processes; yield each Result.

    Interrupted, or closed early, the pool stops its workers (and the kernels they started)
    at once. A worker that dies (a notebook ended its own process, the OS killed it) breaks
    the pool: the jobs without a result are then handed to `on_broken`, or fail."""
    finished: set[str] = set()
    with workerprocesses.pool(workers) as pool:
        futures = [pool.submit(task, job, str(workdir(job))) for job, _ in pending]
        try:
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    break
                finished.add(result.label)
                yield result
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            after_interrupt()  # kernels run in sessions of their own
            raise
    unfinished = [(job, key) for job, key in pending if job.label not in finished]
    if not unfinished:
        return
    if on_broken is None:
        for job, _ in unfinished:
            yield Result.failure(job, "DeadKernelError: the worker process running it died")
        return
    log.info("a worker process died (a notebook may have ended its own process): the %d page(s) without a "
             "result run again, each on a fresh kernel", len(unfinished))
    yield from on_broken(unfinished)
