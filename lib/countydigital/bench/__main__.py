"""`python -m countydigital.bench [--quick] [--only builds,counties,survey]` (what `make bench` runs)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time

SECTIONS = ("builds", "counties", "survey", "checks")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m countydigital.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes: notebooks 00 and 03 only, survey up to 10^5, 4 county profiles")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {', '.join(SECTIONS)}")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="cores for the builds (default: CPU count)")
    parser.add_argument("--country", action="store_true",
                        help="also build the whole country's atlas (--counties all; hours on 2 cores)")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave benchmarks/ untouched")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")

    from ..runner.provenance import git_commit
    from . import builds, checks, counties, summary, survey

    cores = args.jobs or os.cpu_count() or 1
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    results = {
        "mode": "quick" if args.quick else "full",
        "machine": {"cores": cores, "cpu_count": os.cpu_count(), "platform": platform.platform(terse=True),
                    "python": platform.python_version(), "commit": git_commit(),
                    # other work on a shared machine moves every figure (less so the ratios): said beside them
                    "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
    }
    if "builds" in wanted:
        results["builds"] = builds.run(["00", "03"] if args.quick else None, cores, log=log)
    if "counties" in wanted:
        results["counties"] = counties.run(args.quick, cores, log=log, country=args.country)
    if "survey" in wanted:
        results["survey"] = survey.run([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000], log=log)
    if "checks" in wanted:
        results["checks"] = checks.run(log=log)
    _ratios_to_f(results)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["finished"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    print(summary.table(results))
    if not args.no_write:
        summary.write(results)
        log(f"wrote {summary.relative(summary.RESULTS_FILE)} and the table in {summary.relative(summary.README_FILE)}")
    return 0


def _ratios_to_f(results: dict) -> None:
    """Every figure the issue sets a target for, as a multiple of F measured in the same run."""
    f = (results.get("builds") or {}).get("f", {}).get("seconds")
    if not f:
        return
    against = {"f_seconds": f}
    atlas = (results.get("counties") or {}).get("atlas")
    if atlas:
        against["atlas_vs_f"] = round(atlas["seconds"] / f, 2)
    for name, outcome in (results.get("checks") or {}).items():
        if outcome.get("seconds"):
            against[f"make_{name}_vs_f"] = round(outcome["seconds"] / f, 2)
    results["against_f"] = against
    results["targets"] = {"cold_vs_f_bound": 1.25, "atlas_vs_f": 20, "atlas_mb_per_unit": 0.33,
                          "make_test_vs_f": 80, "make_check_vs_f": 20}


if __name__ == "__main__":
    sys.exit(main())
