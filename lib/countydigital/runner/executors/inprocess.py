"""The "inprocess" executor (the default): worker processes run the notebooks in their own interpreter.

Like "warm" (a kept kernel per worker), but without the kernel: each worker of the pool
runs its notebooks in an IPython shell of its own process (runner.inprocess), reset
between notebooks as a kept kernel is, so there is no kernel start and no ZeroMQ round
trip per cell. Pages are the same bytes as from fresh kernels (tests/build/test_warm_engine.py).
A notebook that fails hands that worker's later jobs to a kept kernel. With one worker
the jobs still run in a worker process, never in the build's own.
"""
from __future__ import annotations

import multiprocessing.util
from collections.abc import Iterator

from ..inprocess import InProcessRunner, prepare_workers
from ..jobs import Job
from ..results import Result
from .base import Executor, run_on_pool

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
        workers = max(1, min(self.n_jobs, len(pending)))
        # A notebook that ends its process takes the worker with it: what had no result yet runs on fresh kernels,
        # where the culprit fails with nbclient's DeadKernelError naming its cell, and the others succeed.
        yield from run_on_pool(pending, workers, run_in_worker, on_broken=self._on_fresh_kernels)

    def _on_fresh_kernels(self, pending: list[tuple[Job, str]]) -> Iterator[Result]:
        from .local import PoolExecutor

        yield from PoolExecutor(self.n_jobs).run(pending)
