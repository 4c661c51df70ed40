"""`python -m countydigital run`: execute the notebooks and publish the site (what `make report` calls)."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from .. import runner
from ..exceptions import BuildError
from ..runner import executors, languages
from . import logs

DESCRIPTION = """\
Execute the notebooks (cached) and publish the site: every page in Chinese (site/...) and in English
(site/en/...), each with its own index and claims ledger.

Without --notebook, --county, --survey, --programs or --lang, the build publishes exactly the report's
pages (notebooks/parameter_sets.yaml) and replaces the site. A build restricted by any of those ADDS its
pages to the published site: pages it rebuilds are replaced, every other page stays, and the index and
ledger list them all, each page with what it was built from. --site DIR publishes to DIR instead of
site/ (adding to what DIR holds). A survey file that fails validation stops the build before any
notebook runs; the published site is then left as it was.
"""

EPILOG = """\
examples:
  run                                        the report, zh + en
  run --survey export.xlsx                   01, 02 for every county of the file and pooled; 00, 03 for them
  run --survey export.xlsx --programs mine/  ... with your own programme records (laid out like data/programs/)
  run --county 康保县 --lang en               one county's pages, in English, added to site/
  run --notebook 02 -p n_peers 5 --site /tmp/peers   a parameter changed, published elsewhere
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser("run", help="execute every notebook x parameter set and publish site/",
                                   description=DESCRIPTION, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
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
    parser.add_argument("--survey", type=Path, metavar="FILE",
                        help="build from this survey file (问卷星, KoboToolbox/ODK, tidy csv/xlsx/parquet, .sav, "
                             ".dta): 01 and 02 for every county in it and pooled, 00 and 03 for those counties; "
                             "the file is validated first (see `survey validate`)")
    parser.add_argument("--programs", type=Path, metavar="DIR",
                        help="programme records laid out like data/programs/ (validated the same way) for 03")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                        help="set a parameter in every selected notebook that declares it (repeatable; values read "
                             "as papermill does: True/False/None, numbers, else text)")
    parser.add_argument("-f", "--parameters-file", type=Path, metavar="YAML",
                        help="parameters from a YAML mapping (applied like -p; -p wins)")
    parser.add_argument("--lang", choices=("zh", "en", "all"), default="all",
                        help="languages to build: zh (site/...), en (site/en/...) or all (default)")
    parser.add_argument("--site", type=Path, metavar="DIR",
                        help="publish into DIR instead of site/ (a partial build adds to what DIR holds)")
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
    jobs = _jobs(args)
    partial = bool(args.notebook or args.county or args.survey or args.programs or args.lang != "all")
    if args.fresh_kernels and args.executor not in (None, executors.FRESH):
        raise BuildError(f"--fresh-kernels chooses the '{executors.FRESH}' executor; it does not combine with "
                         f"--executor {args.executor}")
    executor = executors.FRESH if args.fresh_kernels else (args.executor or executors.DEFAULT)
    try:
        runner.build(jobs, n_jobs=args.jobs, executor=executor, scheduler=args.scheduler,
                     use_cache=not args.no_cache, wait=not args.no_wait,
                     site_dir=args.site.resolve() if args.site else None, add=partial)
    except OSError as exc:  # e.g. build/ on a full or read-only disk: one clear line, not a traceback
        raise BuildError(f"the build could not write its files ({exc}); the published site was left untouched") from exc
    return 0


def _jobs(args) -> list:
    """Every job of this build, checked before any kernel starts (survey, programme records, parameters)."""
    from ..runner.parameters import apply_overrides, read_parameter_file, resolve_value
    from ..runner.surveyplan import checked_programs, plan_survey, with_programs

    overrides = read_parameter_file(args.parameters_file) if args.parameters_file else {}
    overrides.update({name: resolve_value(value) for name, value in args.parameter})
    programs = checked_programs(args.programs) if args.programs else None
    if args.survey:
        jobs, source = plan_survey(args.survey, notebooks=args.notebook, county=args.county)
        counties = ", ".join(f"{c['name']} {c['code']}".strip() for c in source["counties"])
        period = "–".join(source["fieldwork"]) if source["fieldwork"] else "fieldwork not stated"
        print(f"survey {source['file']} (sha256 {source['sha256_prefix']}): {source['respondents']} respondents, "
              f"{period}, counties {counties}", file=sys.stderr)
    else:
        jobs = runner.plan(notebooks=args.notebook, county=args.county)
    jobs = apply_overrides(with_programs(jobs, programs), overrides)
    return languages.with_languages(jobs, languages.selected(args.lang))


def _run_counties(args) -> int:
    """All-county mode: single counties may fail (listed, exit 0); a bad selection is an error."""
    from ..runner import allcounty

    if args.executor or args.notebook or args.county or args.survey or args.site or args.parameter:
        raise BuildError("--counties builds the county-context profile locally, in shared kernels; it does not "
                         "combine with --executor, --notebook, --county, --survey, --site or -p")
    allcounty.run_counties(args.counties, limit=args.limit, n_jobs=args.jobs, use_cache=not args.no_cache,
                           batch_size=args.batch_size or allcounty.DEFAULT_BATCH, wait=not args.no_wait)
    return 0
