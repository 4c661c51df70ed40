"""The "dask" executor: notebook jobs on a Dask distributed cluster (`run --executor dask --scheduler ADDRESS`).

Dask does the scheduling, retries of lost workers and the transport; this module only
adapts a job to it:

- Each task runs `execute_job` in a scratch folder on the worker and returns the
  outputs' bytes, so the client's `build/` need not be shared with the workers.
- Before running, the worker recomputes the job's cache key. The key covers the
  notebook, its parameters, the data checksums and the environment (pins, Python,
  package source), so a worker whose checkout, data or environment differs from the
  client's refuses the job instead of publishing a page the client's cache would then
  file under the wrong key.
- The client's `COUNTYDIGITAL_*` settings travel with the task (tests point the runner
  at hand-made notebooks that way). `execute_job` hands its settings to the notebook's
  kernel through the process environment, so a worker must run one task at a time:
  workers with more than one thread are refused (start them with `--nthreads 1`).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ... import paths
from ...config import ENV_PREFIX, PER_RUN_ENV
from ...exceptions import BuildError
from .. import pagecache
from ..execute import execute_job
from ..jobs import Job
from ..results import Result
from ..workspace import workdir
from .base import Executor


class DaskExecutor(Executor):
    name = "dask"

    def run(self, pending: list[tuple[Job, str]]) -> Iterator[Result]:
        return run_on_dask(pending, self.scheduler)


def forwarded_environment() -> dict[str, str]:
    """The client's COUNTYDIGITAL_* settings that a worker must share (paths of notebooks, data, build).

    The per-run ones (records file, notebook, parameters) are set by execute_job itself;
    forwarding the client's values would only confuse."""
    return {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX) and k not in PER_RUN_ENV}


def _apply_environment(env: dict[str, str]) -> None:
    """Make this worker process see the client's settings, also in modules already imported."""
    os.environ.update(env)
    # paths reads its variables at import time and the worker imported it when it
    # unpickled the Job; re-read the ones the client set.
    overrides = {
        "COUNTYDIGITAL_NOTEBOOKS_DIR": "NOTEBOOKS_DIR",
        "COUNTYDIGITAL_RAW_DIR": "RAW_DIR",
        "COUNTYDIGITAL_PROCESSED_DIR": "PROCESSED_DIR",
    }
    for variable, name in overrides.items():
        if variable in env:
            setattr(paths, name, Path(env[variable]).resolve())
    if "COUNTYDIGITAL_NOTEBOOKS_DIR" in env:
        paths.PARAMETER_SETS_FILE = paths.NOTEBOOKS_DIR / "parameter_sets.yaml"


def run_task(job: Job, expected_key: str, env: dict[str, str], timeout: int = 1800) -> dict:
    """What a Dask worker runs: one job in a scratch folder; returns its result and output files.

    Returns {"result": <execute_job's Result>, "files": {name: bytes}}; a refused or
    failed job has a failed Result and no files to cache.
    """
    _apply_environment(env)
    key, _ = pagecache.cache_key(job)
    if key != expected_key:
        error = (f"worker refused the job: its cache key {key} differs from the client's {expected_key} "
                 "(different notebook, data, package source, pins or Python version on the worker)")
        return {"result": Result.failure(job, error), "files": {}}
    scratch = Path(tempfile.mkdtemp(prefix="countydigital-dask-"))
    try:
        result = execute_job(job, str(scratch), timeout=timeout)
        files = {p.name: p.read_bytes() for p in scratch.iterdir() if p.is_file()}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"result": result, "files": files}


def _check_workers(client, scheduler: str) -> None:
    workers = client.scheduler_info(n_workers=-1).get("workers", {})
    if not workers:
        raise BuildError(f"the Dask cluster at {scheduler} has no workers; start some with "
                         f"`dask worker {scheduler} --nthreads 1 --nworkers N`")
    threaded = sorted(addr for addr, info in workers.items() if int(info.get("nthreads", 1)) != 1)
    if threaded:
        raise BuildError(f"Dask worker(s) {', '.join(threaded)} run more than one thread; notebook jobs set "
                         "process-wide environment variables for their kernel, so each worker must run one job at "
                         f"a time: start workers with `dask worker {scheduler} --nthreads 1`")


def run_on_dask(pending: list[tuple[Job, str]], scheduler: str | None) -> Iterator[Result]:
    """Submit every (job, cache key) to the cluster at `scheduler`; as each completes, write its
    outputs into `workdir(job)` on this machine and yield its Result."""
    if not scheduler:
        raise BuildError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    try:
        from distributed import Client, as_completed
    except ModuleNotFoundError as exc:  # an optional extra: say how to get it, not a traceback
        raise BuildError(f"--executor dask needs Dask, which is not installed ({exc.name} is missing): "
                         "pip install '.[dask]' (make venv installs it)") from exc

    try:
        # How long to try is Dask's own setting: distributed.comm.timeouts.connect
        # (env DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT), 30 s by default.
        client = Client(scheduler)
    except (OSError, ValueError) as exc:  # refused or timed out; a malformed address
        raise BuildError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    env = forwarded_environment()
    with client:
        _check_workers(client, scheduler)
        futures = {client.submit(run_task, job, key, env, pure=False,
                                 key=f"countydigital-{job.notebook}-{job.paramset}-{key}"): job
                   for job, key in pending}
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # a lost worker, an unpicklable result: reported like a failed notebook
                outcome = {"result": Result.failure(job, f"Dask task failed: {type(exc).__name__}: {exc}"), "files": {}}
            work = workdir(job)
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            for name, data in outcome["files"].items():
                (work / name).write_bytes(data)
            yield outcome["result"]
