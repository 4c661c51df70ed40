"""The "inprocess" executor (the default): worker processes run the notebooks in their own interpreter.

Like "warm" (a kept kernel per worker), but without the kernel: each worker of the pool
runs its notebooks in an IPython shell of its own process (runner.inprocess), reset
between notebooks as a kept kernel is, so there is no kernel start and no ZeroMQ round
trip per cell. Pages are the same bytes as from fresh kernels (tests/build/test_warm_engine.py).
A notebook that fails hands that worker's later jobs to a kept kernel. With one worker
the jobs still run in a worker process, never in the build's own.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.util
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from ..inprocess import InProcessRunner, prepare_workers
from ..jobs import Job
from ..recovery import after_interrupt
from ..results import Result
from ..workspace import workdir
from .base import Executor

_worker_runner: list[InProcessRunner] = []  # this worker process's runner (at most one)


def run_in_worker(job: Job, folder: str) -> Result:
    """What a pool worker runs: the job in this process, on the runner made on first use."""
    if not _worker_runner:
        runner = InProcessRunner()
        multiprocessing.util.Finalize(runner, runner.shutdown, exitpriority=10)  # a fallback kernel, if any
        _worker_runner.append(runner)
    return _worker_runner[0].run(job, folder)


class InProcessExecutor(Executor):
    name = "inprocess"

    def run(self, pending: list[tuple[Job, str]]) -> Iterator[Result]:
        prepare_workers()
        context = multiprocessing.get_context("spawn")
        workers = max(1, min(self.n_jobs, len(pending)))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(run_in_worker, job, str(workdir(job))) for job, _ in pending]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                after_interrupt()  # a fallback kernel runs in a session of its own
                raise
