"""`python -m countydigital.bench [--quick] [--only builds,counties,survey]` (what `make bench` runs)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time

SECTIONS = ("builds", "counties", "survey")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m countydigital.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes: notebooks 00 and 03 only, survey up to 10^5, 4 county profiles")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {', '.join(SECTIONS)}")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="cores for the builds (default: CPU count)")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave benchmarks/ untouched")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")

    from ..runner.provenance import git_commit
    from . import builds, counties, summary, survey

    cores = args.jobs or os.cpu_count() or 1
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    results = {
        "mode": "quick" if args.quick else "full",
        "machine": {"cores": cores, "cpu_count": os.cpu_count(), "platform": platform.platform(terse=True),
                    "python": platform.python_version(), "commit": git_commit()},
    }
    if "builds" in wanted:
        results["builds"] = builds.run(["00", "03"] if args.quick else None, cores, log=log)
    if "counties" in wanted:
        results["counties"] = counties.run(args.quick, cores, log=log)
    if "survey" in wanted:
        results["survey"] = survey.run([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000], log=log)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["finished"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    print(summary.table(results))
    if not args.no_write:
        summary.write(results)
        log(f"wrote {summary.relative(summary.RESULTS_FILE)} and the table in {summary.relative(summary.README_FILE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
