"""Executors on this machine: one job after another, or a process pool over the cores."""
from __future__ import annotations

from collections.abc import Iterator

from ..execute import execute_job
from ..jobs import Job
from ..recovery import after_interrupt
from ..results import Result
from ..workspace import workdir
from .base import Executor, run_on_pool


class SerialExecutor(Executor):
    name = "serial"

    def run(self, pending: list[tuple[Job, str]]) -> Iterator[Result]:
        try:
            for job, _ in pending:
                yield execute_job(job, str(workdir(job)))
        except BaseException:  # Ctrl-C / SIGTERM: the kernel runs in its own session and would outlive us
            after_interrupt()
            raise


class PoolExecutor(Executor):
    """Spawned worker processes, one kernel per job; with one worker or one job, the serial run."""

    name = "pool"

    def run(self, pending: list[tuple[Job, str]]) -> Iterator[Result]:
        if self.n_jobs <= 1 or len(pending) == 1:  # a pool of one only adds a process start
            yield from SerialExecutor(self.n_jobs).run(pending)
            return
        yield from run_on_pool(pending, self.n_jobs, execute_job)
