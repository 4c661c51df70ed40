"""The one interface every executor implements."""
from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ..jobs import Job
from ..results import Result


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
