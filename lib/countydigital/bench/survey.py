"""The survey pipeline at 10^4, 10^5 and 10^6 synthetic respondents: time, peak memory, growth.

The pipeline is what a notebook does with a survey file: load it (read, match
headers, parse, drop personal data, validate against the schema: `survey.load`)
and estimate every published survey figure with its confidence interval, pooled
and for each county. Each size runs in a fresh process, so its peak resident
memory (VmHWM) is its own; the memory after the imports is reported beside it.
The synthetic file itself is generated once per size and cached (generation is
the survey layer's set-up, not the pipeline; its time is reported when it runs).

    python -m countydigital.bench.survey --worker N   # one size, prints JSON
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time

SEED = 20220517


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _rss_mb() -> float:
    return _status_mb("VmRSS")


def _peak_mb() -> float:
    """Peak resident memory of this process image (VmHWM). Not ru_maxrss: Linux carries the
    parent's peak into a forked-then-exec'd child's ru_maxrss, so it would report the benchmark's."""
    return _status_mb("VmHWM")


def estimators():
    """Claim id -> function(frame) -> Estimate, for every survey claim that is an estimate."""
    from ..survey import estimators as est

    def share(variable, *codes):
        return lambda f: est.proportion(f[variable].isin(codes).astype("boolean").where(f[variable].notna()))

    return {
        "employment.wage_far_above_county": lambda f: est.mean_ci(f["monthly_wage"]),  # the survey side of the ratio
        "employment.social_insurance": share("social_insurance", 1),
        "employment.promotion_channels": share("promoted", 1),
        "employment.women_share": share("gender", 2),
        "employment.first_job_or_reentry": lambda f: est.proportion(est.first_job_or_reentry(f)),
        "employment.family_reasons_women": lambda f: est.proportion(est.family_reasons(f)),
        "employment.job_at_doorstep": lambda f: est.median_ci(f["commute_minutes"]),
        "talent.mean_age": lambda f: est.mean_ci(f["age"]),
        "talent.aged_20_35": lambda f: est.proportion(est.aged_20_35(f)),
        "talent.education_junior_college": share("education", 3),
        "talent.education_senior_secondary": share("education", 2),
        "talent.education_bachelor": share("education", 4),
        "talent.returnees": lambda f: est.proportion(est.returnee(f)),
    }


def worker(n: int) -> dict:
    """Load the cached synthetic file of n respondents and estimate everything; timings and memory.

    rss_after_imports_mb is measured after the imports and the warm-up, so peak minus it is
    what the data of this size cost."""
    from ..survey import load
    from ..survey.standin import cache_path

    path = cache_path(n, SEED)
    funcs = estimators()
    # One-off costs (codebook, schema, derived definitions) paid on a small file first, so the
    # timings below grow with n only; reported as warm_up_s.
    warm = time.perf_counter()
    small = load(cache_path(1000, SEED)).frame
    for func in funcs.values():
        func(small)
    warm_up = time.perf_counter() - warm
    del small
    after_imports = _rss_mb()
    started = time.perf_counter()
    survey = load(path)
    loaded = time.perf_counter()
    estimates = {}
    for scope in ["pooled", *sorted(survey.frame["county"].dropna().unique())]:
        frame = survey.select(scope).frame
        for claim, func in funcs.items():
            e = func(frame)
            if not all(math.isfinite(x) for x in (e.value, e.lo, e.hi)) or not e.lo <= e.value <= e.hi:
                raise RuntimeError(f"n={n} {scope} {claim}: estimate {e} has no proper interval")
            estimates[f"{scope}:{claim}"] = [e.value, e.lo, e.hi, e.n]
    done = time.perf_counter()
    return {"n": n, "rows": survey.n, "load_s": round(loaded - started, 3), "estimate_s": round(done - loaded, 3),
            "pipeline_s": round(done - started, 3), "warm_up_s": round(warm_up, 3), "estimates": len(estimates),
            "rss_after_imports_mb": round(after_imports, 1), "peak_rss_mb": round(_peak_mb(), 1),
            "file_mb": round(path.stat().st_size / 2**20, 2),
            "pooled_social_insurance": estimates["pooled:employment.social_insurance"]}


def ensure_file(n: int) -> float | None:
    """Generate and cache the synthetic survey of n respondents if needed; seconds spent (None: cached)."""
    code = ("import sys, time\nfrom countydigital.survey.standin import cache_path, default_survey\n"
            f"p = cache_path({n}, {SEED})\n"
            "if p.exists(): print('cached')\n"
            f"else:\n    t = time.perf_counter(); default_survey(seed={SEED}, n={n}); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    return None if out == "cached" else round(float(out), 2)


def run(sizes: list[int], log=print) -> dict:
    """Every size in its own process; growth between successive sizes as ratios and log-log slopes."""
    from ..claims.registry import load_registry

    rows = []
    ensure_file(1000)  # the warm-up file
    for n in sizes:
        generated = ensure_file(n)
        log(f"survey: n={n:,} (file {'generated in %.0fs' % generated if generated else 'cached'}) ...")
        out = subprocess.run([sys.executable, "-m", "countydigital.bench.survey", "--worker", str(n)],
                             capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        if out.returncode != 0:
            raise RuntimeError(f"survey pipeline at n={n} failed:\n{out.stderr[-3000:]}")
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["generate_s"] = generated
        rows.append(row)
    for before, after in zip(rows, rows[1:]):
        factor = after["n"] / before["n"]
        after["time_ratio"] = round(after["pipeline_s"] / before["pipeline_s"], 2)
        after["time_slope"] = round(math.log(after["time_ratio"]) / math.log(factor), 2)
        grown = ((after["peak_rss_mb"] - after["rss_after_imports_mb"])
                 / max(before["peak_rss_mb"] - before["rss_after_imports_mb"], 1e-9))
        after["memory_ratio"] = round(grown, 2)
    survey_claims = [c.id for c in load_registry() if c.evidence == "survey"]
    return {"sizes": rows, "claims_estimated": sorted(estimators()),
            "survey_claims_not_estimates": sorted(set(survey_claims) - set(estimators()))}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(worker(int(sys.argv[2]))))
    else:
        print(json.dumps(run([int(x) for x in sys.argv[1:]] or [10_000, 100_000]), indent=1))
