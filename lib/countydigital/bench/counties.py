"""County-scale benchmarks: all-county indicators, and county profiles in a shared kernel.

indicators  Every unit's context indicators (the census layer's `compute_indicators`)
            in ONE vectorised pass over the tidy long frame, against a per-county loop
            (the same function on one unit's rows at a time, which is what running a
            per-county notebook for every county amounts to), both on the 2020 census.
            The loop is timed on an evenly spaced sample of units (it costs ~0.5 s a
            unit, ~25 min for all) and scaled to all units. The results must agree.
census_cold Loading the tidy census from its parquet cache vs parsing both workbooks
            (an empty processed-data folder): why the parquet cache exists.
profiles    County profiles (the real 00-county-context notebook) through the runner's
            all-county mode: batches sharing one kernel vs one kernel per county
            (--batch-size 1), same counties, same cores, no cache. With the shared-kernel
            per-county time, the full ~3,000-unit run is estimated.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from . import project as scratch


def _best(fn, repeats: int = 3) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - started)
    return best, value


def indicators(sample: int | None = None) -> dict:
    import numpy as np

    from ..census import load_census
    from ..census.indicators import INDICATORS, compute_indicators

    long = load_census(2020)
    codes = sorted(long["code"].unique())
    vector_s, table = _best(lambda: compute_indicators(long))
    chosen = codes if not sample or sample >= len(codes) else codes[:: max(1, len(codes) // sample)][:sample]

    started = time.perf_counter()
    filtered = {code: compute_indicators(long[long["code"] == code]) for code in chosen}
    filter_s = (time.perf_counter() - started) * len(codes) / len(chosen)

    groups = dict(tuple(long.groupby("code", sort=False, observed=True)))
    started = time.perf_counter()
    grouped = {code: compute_indicators(groups[code]) for code in chosen}
    grouped_s = (time.perf_counter() - started) * len(codes) / len(chosen)

    numeric = [k for k in INDICATORS]
    by_code = table.set_index("code")
    for code in chosen:  # same numbers, whichever way they were computed
        for other in (filtered[code], grouped[code]):
            a = by_code.loc[code, numeric].to_numpy(dtype=float)
            b = other.set_index("code").loc[code, numeric].to_numpy(dtype=float)
            if not np.allclose(a, b, equal_nan=True, rtol=1e-9):
                raise RuntimeError(f"per-county indicators of {code} differ from the vectorised pass")
    return {
        "units": len(codes), "loop_sample": len(chosen),
        "vectorised_s": round(vector_s, 3),
        "loop_filter_s": round(filter_s, 2), "loop_grouped_s": round(grouped_s, 2),
        "ratios": {"vectorised_vs_loop_filter": round(vector_s / filter_s, 4),
                   "vectorised_vs_loop_grouped": round(vector_s / grouped_s, 4)},
    }


def census_cold() -> dict:
    """Tidy census (both years) from the parquet cache vs from the workbooks, each in a fresh process."""
    code = ("import time; t = time.perf_counter(); from countydigital.census import load_census; load_census(); "
            "print(time.perf_counter() - t)")

    def timed(env):
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return float(out.stdout.strip().splitlines()[-1])

    warm = timed(dict(os.environ))
    with tempfile.TemporaryDirectory(prefix="countydigital-bench-") as empty:
        cold = timed({**os.environ, "COUNTYDIGITAL_PROCESSED_DIR": empty})
    return {"parquet_s": round(warm, 2), "workbooks_s": round(cold, 2),
            "ratio_parquet_vs_workbooks": round(warm / cold, 3)}


def _county_seconds(stderr: str) -> list[float]:
    return [float(how[:-1]) for _, _, how in scratch.PROGRESS.findall(stderr) if how != "cache"]


def profiles(province: str, limit: int, cores: int, total_units: int, batch_size: int = 20, log=print) -> dict:
    proj = scratch.make("profiles", ["00"])
    args = ["--counties", province, "--limit", str(limit), "--jobs", str(cores), "--no-cache"]
    log(f"profiles: {limit} unit(s) of province {province}, one kernel per county ...")
    single = proj.run(*args, "--batch-size", "1").check("profiles, one kernel per county")
    log("profiles: the same, batches sharing a kernel ...")
    shared = proj.run(*args, "--batch-size", str(batch_size)).check("profiles, shared kernels")
    per_county = _county_seconds(shared.stderr)
    # each batch's first county pays the imports
    firsts = sorted(per_county, reverse=True)[: max(1, min(cores, len(per_county)))]
    steady = statistics.median(sorted(per_county)[: len(per_county) - len(firsts)] or per_county)
    pages = sorted((proj.site_dir / "counties").glob("*.html"))
    page_mb = statistics.mean(p.stat().st_size for p in pages if p.name != "index.html") / 2**20
    estimate_s = total_units * steady / cores
    return {
        "province": province, "counties": limit, "cores": cores, "batch_size": batch_size,
        "one_kernel_each_s": round(single.seconds, 1), "one_kernel_each_kernels": single.kernels,
        "shared_kernel_s": round(shared.seconds, 1), "shared_kernel_kernels": shared.kernels,
        "per_county_one_kernel_s": round(statistics.median(_county_seconds(single.stderr)), 2),
        "per_county_shared_s": round(steady, 2),
        "ratio_shared_vs_one_kernel": round(shared.seconds / single.seconds, 3),
        "page_mb": round(page_mb, 2),
        "full_run_units": total_units,
        "full_run_estimate_h": round(estimate_s / 3600, 2),
        "full_run_site_gb": round(total_units * page_mb / 1024, 2),
    }


def run(quick: bool, cores: int, log=print) -> dict:
    from ..census import indicators as census_indicators

    log("counties: indicators, vectorised vs per-county loop ...")
    # the loop costs ~0.5 s a unit (~25 min for all): always timed on a sample, scaled to all units
    result = {"indicators": indicators(sample=40 if quick else 150)}
    if not quick:
        log("counties: census from parquet vs from the workbooks ...")
        result["census_cold"] = census_cold()
    total = len(census_indicators(2020))
    result["profiles"] = profiles("64", 4 if quick else 12, cores, total, log=log)
    return result
