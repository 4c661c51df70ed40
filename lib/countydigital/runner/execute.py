"""Execute one job: papermill runs the notebook, nbconvert publishes it.

`execute_job` is a plain top-level function of plain data so that a process
pool or a Dask cluster can run it. It never raises for a notebook failure: it
returns a result naming the failing cell, and keeps the executed copy.
"""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

from ..config import ENV_NOTEBOOK, ENV_PARAMETERS, ENV_PARAMSET, ENV_RECORDS, KERNEL_NAME
from .jobs import Job
from .results import Result

KERNEL_START_ATTEMPTS = 3
SOURCE_DATE_EPOCH = "1652745600"  # 2022-05-17, the report's release: stands in for "now" in figure metadata


def run_environment(job: Job, records_file: Path) -> dict[str, str]:
    """The per-run settings claims recording reads: where to write, which notebook and parameters."""
    return {
        ENV_RECORDS: str(records_file),
        ENV_NOTEBOOK: job.notebook,
        ENV_PARAMSET: job.paramset,
        ENV_PARAMETERS: json.dumps(job.parameters, sort_keys=True, ensure_ascii=False),
    }


def kernel_environment(job: Job, records_file: Path) -> None:
    """What the notebook's kernel inherits: where to record claims, and this interpreter first on PATH."""
    os.environ.update(run_environment(job, records_file))
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # Determinism: no per-process hash salt (set and dict-of-set orders repeat), and a fixed
    # date for the metadata of any PDF/SVG figure (matplotlib honours SOURCE_DATE_EPOCH).
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    bindir = str(Path(sys.executable).parent)
    if not os.environ.get("PATH", "").startswith(bindir + os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def execute_job(job: Job, workdir: str, timeout: int = 1800, km=None, engine: str | None = None) -> Result:
    """Run `job` into `workdir` (executed.ipynb, page.html, records.jsonl, result.json).

    `km`: a running jupyter_client KernelManager to reuse (a kept kernel runs many
    notebooks, `kernel.start`); by default papermill starts a fresh kernel
    (`kernel.QuietKernelManager`) and stops it cleanly afterwards. `engine`: a papermill
    engine by name instead of a kernel (runner.inprocess registers the one that runs the
    cells in this process).
    """
    from papermill.exceptions import PapermillExecutionError

    from .render import notebook_to_html

    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    executed = work / "executed.ipynb"
    records = work / "records.jsonl"
    records.write_text("", encoding="utf-8")
    kernel_environment(job, records)
    started = time.perf_counter()
    result = Result.started(job)
    try:
        if km is not None or engine is not None:
            _papermill(job, executed, timeout, km, engine)
        else:
            _in_fresh_kernel(job, executed, timeout)
        notebook_to_html(executed, work / "page.html", title=job.label, lang=job.lang)
    except PapermillExecutionError as exc:
        result.fail(f"{exc.ename}: {exc.evalue}", cell=exc.exec_count)
    except Exception as exc:  # a dead kernel, a timeout, nbconvert: all reported, none fatal to the build
        result.fail(f"{type(exc).__name__}: {exc}".strip(), traceback=traceback.format_exc(limit=3))
    result.seconds = round(time.perf_counter() - started, 2)
    (work / "result.json").write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def _papermill(job: Job, executed: Path, timeout: int, km=None, engine: str | None = None) -> None:
    import papermill

    from . import kernel

    papermill.execute_notebook(
        str(job.notebook_path),
        str(executed),
        parameters=job.parameters,
        kernel_name=KERNEL_NAME,
        cwd=str(job.notebook_path.parent),
        progress_bar=False,
        request_save_on_cell_execute=False,
        execution_timeout=timeout,
        km=km,
        engine_name=engine,
        kernel_manager_class=kernel.QuietKernelManager,  # for a fresh kernel: IPC sockets, stopped by request
    )


def _in_fresh_kernel(job: Job, executed: Path, timeout: int) -> None:
    """papermill on a fresh kernel of its own (it starts it, watches it, and stops it at the end)."""
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            _papermill(job, executed, timeout)
            return
        except RuntimeError as exc:
            # A kernel that died before it answered (an overloaded machine): nothing ran yet,
            # so a new kernel is safe to try; any later failure is the notebook's.
            if "before replying to kernel_info" not in str(exc) or attempt == KERNEL_START_ATTEMPTS:
                raise
