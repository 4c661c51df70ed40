"""Executors: where the jobs that missed the cache run, chosen by name (`run --executor NAME`).

Like papermill's engines: every executor has the one small interface of `base.Executor`
(`run(pending)` yields a Result per job as each finishes, its outputs in the job's work
folder), and the build does not know which one it drives. An executor is registered by
one line in ENGINES; its module is imported only when it is chosen (Dask is heavy).
"""
from __future__ import annotations

import importlib

from ...exceptions import BuildError
from .base import Executor

# name -> (module of this package, class)
ENGINES: dict[str, tuple[str, str]] = {
    "inprocess": ("inprocess", "InProcessExecutor"),  # a process pool; each worker runs notebooks in itself, reset
    "warm": ("warm", "WarmExecutor"),  # a process pool over the cores, one kept kernel per worker, reset per page
    "serial": ("local", "SerialExecutor"),  # one job after another, in this process, a fresh kernel each
    "pool": ("local", "PoolExecutor"),  # a process pool over the cores, a fresh kernel per page (--fresh-kernels)
    "dask": ("dask_cluster", "DaskExecutor"),  # a Dask distributed cluster (--scheduler ADDRESS)
}
DEFAULT = "inprocess"
FRESH = "pool"  # what --fresh-kernels chooses


def names() -> list[str]:
    return sorted(ENGINES)


def get(name: str, **options) -> Executor:
    """The executor registered as `name`, built with `options` (n_jobs, scheduler)."""
    if name not in ENGINES:
        raise BuildError(f"unknown executor {name!r}; known: {', '.join(names())}")
    module, cls = ENGINES[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)(**options)


__all__ = ["DEFAULT", "FRESH", "ENGINES", "Executor", "get", "names"]
