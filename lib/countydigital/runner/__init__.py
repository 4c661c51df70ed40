"""The runner: papermill executes every notebook x parameter set, nbconvert publishes them.

    from countydigital.runner import plan, build
    build(plan(notebooks=["00"]), n_jobs=2)
"""
from .build import build, publish
from .jobs import DEFAULT_SEED, Job, load_parameter_sets, plan

__all__ = ["build", "publish", "plan", "Job", "load_parameter_sets", "DEFAULT_SEED"]
