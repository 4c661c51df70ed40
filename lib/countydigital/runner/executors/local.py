"""Executors on this machine: one job after another, or a process pool over the cores."""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from ..execute import execute_job
from ..jobs import Job
from ..recovery import after_interrupt
from ..results import Result
from ..workspace import workdir
from .base import Executor


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
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=self.n_jobs, mp_context=context) as pool:
            futures = [pool.submit(execute_job, job, str(workdir(job))) for job, _ in pending]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except BaseException:
                # Leaving the `with` waits for running workers: stop them and their kernels first.
                pool.shutdown(wait=False, cancel_futures=True)
                after_interrupt()
                raise
