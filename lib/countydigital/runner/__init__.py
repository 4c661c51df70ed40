"""The runner: papermill executes every notebook x parameter set, nbconvert publishes them.

    from countydigital.runner import plan, build
    build(plan(notebooks=["00"]), n_jobs=2)

Modules: jobs (what to run), workspace (work folders, executed copies, seed), pagecache
(the executed-page cache), executors (where jobs run: serial, pool, dask), execute (one
job), sharedkernel (many jobs in one kernel), results (the typed Result), progress,
publishing (staging, the site swap), site (layout and index page), uptodate, recovery,
build (the ordinary build), allcounty (`run --counties`).
"""
from ..config import DEFAULT_SEED
from .build import build
from .jobs import Job, load_parameter_sets, plan
from .publishing import publish
from .results import Result

__all__ = ["build", "publish", "plan", "Job", "Result", "load_parameter_sets", "DEFAULT_SEED"]
