"""The runner: papermill executes every notebook x parameter set, nbconvert publishes them.

    from countydigital.runner import plan, build
    build(plan(notebooks=["00"]), n_jobs=2)

Modules: jobs (what to run), workspace (work folders, executed copies, seed), pagecache
(the executed-page cache), executors (where jobs run: serial, pool, dask), execute (one
job), sharedkernel (many jobs in one kernel), workerprocesses (the pools'
workers, forked from a server with the machinery imported), results (the typed Result), progress,
publishing (staging, the site swap), site (layout and index page), uptodate, recovery,
build (the ordinary build), allcounty (`run --counties`).
"""
from .lightimports import skip_iri_grammars

skip_iri_grammars()  # before anything below imports nbformat (and with it jsonschema)

from ..config import DEFAULT_SEED  # noqa: E402
from .build import build  # noqa: E402
from .jobs import Job, load_parameter_sets, plan  # noqa: E402
from .publishing import publish  # noqa: E402
from .results import Result  # noqa: E402

__all__ = ["build", "publish", "plan", "Job", "Result", "load_parameter_sets", "DEFAULT_SEED"]
