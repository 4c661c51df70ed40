"""Many notebook runs in one kept kernel: the "warm" engine, and the in-process engine's fall-back after a failure.

A kernel start with its imports and census load costs more than most notebooks' own
cells, so a worker keeps one kernel (`WarmKernel`) and runs job after job in it:
papermill executes on the kept kernel (`km=`) after `kernelstate.restore()` put back
what a fresh kernel would start with (variables, patched modules, environment, working
directory, figures and rcParams, options, random state; see runner.kernelstate).
Imported modules and the data caches survive. Pages are byte-identical to a fresh
kernel's (tested, runner.sitediff). A notebook that fails, or a kernel that dies or
cannot be reset, costs that kernel: the next job starts a fresh one, so a failure
cannot leak into the next page. After `recycle_after` runs the kernel is replaced too
(bounded memory; papermill leaves a few sockets open per run on a reused kernel).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..config import WARM_IMPORTS
from . import kernel as kernels
from .execute import execute_job, kernel_environment, run_environment
from .jobs import Job
from .results import Result

RECYCLE_AFTER = 200
START_TIMEOUT = 120


class WarmKernel:
    """One kernel kept across notebook runs (any notebooks, any parameters), reset between them."""

    def __init__(self, recycle_after: int = RECYCLE_AFTER):
        self.km = None
        self.runs = 0
        self.started = 0  # kernels started so far (for tests and benchmarks)
        self.recycle_after = max(1, recycle_after)

    def run(self, job: Job, workdir: str, timeout: int = 1800) -> Result:
        """execute_job on the kept kernel; a failure of the notebook or the kernel replaces the kernel."""
        records = Path(workdir) / "records.jsonl"
        try:
            if self.km is None or self.runs >= self.recycle_after or not kernels.is_alive(self.km):
                self.shutdown()
                self._start(job, records)
            self._call(f"__import__('countydigital.runner.kernelstate', fromlist=['restore'])"
                       f".restore({json.dumps(run_environment(job, records), ensure_ascii=False)}, "
                       f"{json.dumps(str(job.notebook_path.parent))})")
            self.runs += 1
            result = _cell_ordinal(execute_job(job, workdir, timeout=timeout, km=self.km), Path(workdir))
        except Exception as exc:  # the kernel itself failed: this job fails, the next gets a fresh kernel
            result = Result.failure(job, f"kernel: {type(exc).__name__}: {exc}")
        if not result.ok:  # whatever the failed notebook left half-done goes with its kernel
            self.shutdown()
        return result

    def _start(self, job: Job, records: Path) -> None:
        kernel_environment(job, records)  # PATH, backend, hash seed: inherited by the kernel
        self.km, self.runs = kernels.start(job.notebook_path.parent), 0  # IPC sockets, a quiet shutdown
        self.started += 1
        imports = "\n".join(f"import {name}" for name in WARM_IMPORTS)
        self._call(f"{imports}\nimport countydigital.runner.kernelstate\ncountydigital.runner.kernelstate.snapshot()")

    def _call(self, code: str) -> None:
        from jupyter_client.blocking import BlockingKernelClient

        kc = BlockingKernelClient(**self.km.get_connection_info(session=True))  # papermill gets the async one
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=START_TIMEOUT)
            reply = kc.execute_interactive(code, timeout=START_TIMEOUT, store_history=False,
                                           output_hook=lambda msg: None)
            if reply["content"].get("status") != "ok":
                raise RuntimeError(f"could not reset the kernel between notebooks: {reply['content'].get('ename')}: "
                                   f"{reply['content'].get('evalue')}")
        finally:
            kc.stop_channels()

    def shutdown(self) -> None:
        if self.km is not None:
            kernels.stop(self.km)  # asked to shut down, not interrupted: no ERROR line in the terminal
        self.km = None


def _cell_ordinal(result: Result, workdir: Path) -> Result:
    """Report a failing cell as a fresh kernel would number it (its place among the code cells).

    kernelstate.restore() starts the counter at 1 again, so papermill's execution count is
    already that number; this stays as a guard should a notebook's cell run twice.
    """
    count = result.cell
    executed = workdir / "executed.ipynb"
    if result.ok or not isinstance(count, int) or not executed.is_file():
        return result
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
        counts = [c.get("execution_count") for c in cells if c.get("cell_type") == "code" and c.get("execution_count")]
        result.cell = counts.index(count) + 1
    except (ValueError, KeyError, OSError):
        pass  # keep papermill's number
    return result
