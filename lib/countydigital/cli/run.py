"""`python -m countydigital run`: execute the notebooks and publish the site (what `make report` calls)."""
from __future__ import annotations

import signal

from .. import runner
from ..exceptions import BuildError
from ..runner import executors
from . import logs


def register(subparsers) -> None:
    parser = subparsers.add_parser("run", help="execute every notebook x parameter set and publish site/")
    parser.add_argument("--notebook", action="append",
                        help="only this notebook (name or number prefix, e.g. 00); repeatable")
    parser.add_argument("--county",
                        help="run each selected notebook for this county (6-digit code, 巨鹿县, Julu, or 'pooled')")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="parallel notebook runs (default: CPU count)")
    parser.add_argument("--executor", choices=executors.names(), default=None,
                        help=f"where jobs run (default: {executors.DEFAULT}, a process pool on this machine whose "
                             "workers each keep one kernel, reset between pages)")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help=f"one fresh kernel per page (the '{executors.FRESH}' executor) instead of a kept one")
    parser.add_argument("--scheduler", help="Dask scheduler address for --executor dask (e.g. tcp://host:8786)")
    parser.add_argument("--no-cache", action="store_true", help="re-execute every notebook even if nothing changed")
    parser.add_argument("--no-wait", action="store_true",
                        help="when another build is running in this build folder, fail at once instead of waiting")
    logs.add_arguments(parser, sub=True)
    counties = parser.add_argument_group("all-county mode (county-context profiles into site/counties/)")
    counties.add_argument("--counties", metavar="all|PROVINCE",
                          help="profile every county-level unit ('all'), or those of a 2-digit province / "
                               "4-digit prefecture code")
    counties.add_argument("--limit", type=int, help="with --counties: only the first N units (by code)")
    counties.add_argument("--batch-size", type=int, default=None,
                          help="with --counties: counties per kept kernel (default 100)")
    parser.set_defaults(func=_run)


def _run(args) -> int:
    # SIGTERM behaves like Ctrl-C: the build stops and the published site stays as it was.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if args.counties:
        return _run_counties(args)
    jobs = runner.plan(notebooks=args.notebook, county=args.county)
    if args.fresh_kernels and args.executor not in (None, executors.FRESH):
        raise BuildError(f"--fresh-kernels chooses the '{executors.FRESH}' executor; it does not combine with "
                         f"--executor {args.executor}")
    executor = executors.FRESH if args.fresh_kernels else (args.executor or executors.DEFAULT)
    try:
        runner.build(jobs, n_jobs=args.jobs, executor=executor, scheduler=args.scheduler,
                     use_cache=not args.no_cache, wait=not args.no_wait)
    except OSError as exc:  # e.g. build/ on a full or read-only disk: one clear line, not a traceback
        raise BuildError(f"the build could not write its files ({exc}); the published site was left untouched") from exc
    return 0


def _run_counties(args) -> int:
    """All-county mode: single counties may fail (listed, exit 0); a bad selection is an error."""
    from ..runner import allcounty

    if args.executor or args.notebook or args.county:
        raise BuildError("--counties builds the county-context profile locally, in shared kernels; it does not "
                         "combine with --executor, --notebook or --county")
    allcounty.run_counties(args.counties, limit=args.limit, n_jobs=args.jobs, use_cache=not args.no_cache,
                           batch_size=args.batch_size or allcounty.DEFAULT_BATCH, wait=not args.no_wait)
    return 0
