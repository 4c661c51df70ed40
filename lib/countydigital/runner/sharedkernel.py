"""Several jobs of one notebook in one kernel (the all-county mode's batches).

One kernel start, with its imports and census load, then per job only the notebook's
own cells: papermill runs on the kept kernel (`km=`) after the previous job's
variables were cleared (`%reset -f`). Pages are byte-identical to a fresh kernel's (tested).
"""
from __future__ import annotations

import json
from pathlib import Path

from . import kernel
from .execute import execute_job, kernel_environment, run_environment
from .jobs import Job
from .results import Result


def _start_kernel(job: Job, records: Path):
    kernel_environment(job, records)  # PATH, backend, hash seed: inherited by the kernel
    return kernel.start(job.notebook_path.parent)


def _prepare_kernel(km, job: Job, records: Path) -> None:
    """Forget the previous job's variables; point claims recording at this job's file."""
    env = run_environment(job, records)
    code = ('get_ipython().run_line_magic("reset", "-f")\n'
            f'__import__("os").environ.update({json.dumps(env, ensure_ascii=False)})\n')
    from jupyter_client.blocking import BlockingKernelClient

    kc = BlockingKernelClient(**km.get_connection_info(session=True))  # papermill gets the async one
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive(code, timeout=120, store_history=False, output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"could not reset the kernel between counties: {reply['content'].get('evalue')}")
    finally:
        kc.stop_channels()


def execute_batch(items: list[tuple[Job, str]], progress_queue=None, timeout: int = 1800) -> list[Result]:
    """Run several jobs of one notebook in one kernel; returns execute_job's result for each.

    `items`: (job, work folder) pairs. A kernel that died (or could not be reset) is
    replaced before the next job. Each result is also put on `progress_queue` as soon as it is known.
    """
    km = None
    results = []
    try:
        for job, workdir in items:
            records = Path(workdir) / "records.jsonl"
            try:
                if km is None or not kernel.is_alive(km):
                    if km is not None:
                        kernel.stop(km)
                    km = _start_kernel(job, records)
                _prepare_kernel(km, job, records)
                result = _cell_ordinal(execute_job(job, workdir, timeout=timeout, km=km), Path(workdir))
            except Exception as exc:  # the kernel itself failed: this job fails, the batch goes on
                result = Result.failure(job, f"kernel: {type(exc).__name__}: {exc}")
                if km is not None:
                    kernel.stop(km, now=True)  # a kernel in trouble: no long goodbye
                km = None
            results.append(result)
            if progress_queue is not None:
                progress_queue.put(result)
    finally:
        if km is not None:
            kernel.stop(km)  # asked to shut down, not interrupted: no error in the terminal
    return results


def _cell_ordinal(result: Result, workdir: Path) -> Result:
    """Report a failing cell as a fresh kernel would number it (its place among the code cells).

    papermill names the failing cell by its execution count; a kernel shared by several
    jobs keeps counting, so "cell 48" would point nowhere in a notebook of 20 cells.
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
