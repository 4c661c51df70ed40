"""The "warm" executor (the default): each worker keeps one kernel and resets it between notebooks.

Worker processes of a pool live for the whole build; each holds a `WarmKernel`
(runner.sharedkernel) that it starts on its first job and reuses for every later one,
whatever the notebook, so a kernel start, the imports and the census load are paid
once per worker instead of once per page. `--fresh-kernels` (the "pool" executor)
keeps one kernel per page.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.util
from collections.abc import Iterator

from ..jobs import Job
from ..recovery import after_interrupt
from ..results import Result
from ..sharedkernel import WarmKernel
from ..workspace import workdir
from .base import Executor, run_on_pool

_worker_kernel: list[WarmKernel] = []  # this worker process's kept kernel (at most one)


def run_in_worker(job: Job, folder: str) -> Result:
    """What a pool worker runs: the job on this process's kept kernel, started on first use."""
    if not _worker_kernel:
        kernel = WarmKernel()
        # Stopped when the worker exits (the pool's shutdown); atexit does not run in pool workers.
        multiprocessing.util.Finalize(kernel, kernel.shutdown, exitpriority=10)
        _worker_kernel.append(kernel)
    return _worker_kernel[0].run(job, folder)


class WarmExecutor(Executor):
    name = "warm"

    def run(self, pending: list[tuple[Job, str]]) -> Iterator[Result]:
        if self.n_jobs <= 1 or len(pending) == 1:
            yield from self._serial(pending)
            return
        yield from run_on_pool(pending, min(self.n_jobs, len(pending)), run_in_worker)

    def _serial(self, pending: list[tuple[Job, str]]) -> Iterator[Result]:
        kernel = WarmKernel()
        try:
            for job, _ in pending:
                yield kernel.run(job, str(workdir(job)))
        except BaseException:
            after_interrupt()
            raise
        finally:
            kernel.shutdown()
