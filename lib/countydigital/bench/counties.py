"""County-scale benchmarks: all-county indicators, and county profiles in a shared kernel.

indicators  Every unit's context indicators (the census layer's `compute_indicators`)
            in ONE vectorised pass over the tidy long frame, against a per-county loop
            (the same function on one unit's rows at a time, which is what running a
            per-county notebook for every county amounts to), both on the 2020 census.
            The loop is timed on an evenly spaced sample of units (it costs ~0.5 s a
            unit, ~25 min for all) and scaled to all units. The results must agree.
census_cold Loading the tidy census from its parquet cache vs parsing both workbooks
            (an empty processed-data folder): why the parquet cache exists.
atlas       The county atlas of one province (`run --counties 13 --no-cache`, Hebei, ~190
            units; --quick: its first 12): wall time against F (the builds' unit), and the
            section's size on disk per unit (pages, shared assets, index and font). The
            whole country (`--counties all`) only with `--country`: its time is then
            recorded as measured.
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


def atlas(spec: str, limit: int | None, cores: int, log=print) -> dict:
    """`run --counties SPEC --no-cache` on a scratch project: seconds, units, MB on disk per unit."""
    proj = scratch.make(f"atlas-{spec}", ["00"])
    args = ["--counties", spec, "--jobs", str(cores), "--no-cache"] + (["--limit", str(limit)] if limit else [])
    log(f"atlas: run {' '.join(args)} ...")
    outcome = proj.run(*args, timeout=6 * 3600).check(f"atlas --counties {spec}")
    section = proj.site_dir / "counties"
    pages = [p for p in section.glob("*.html") if p.name != "index.html"]
    size = sum(p.stat().st_size for p in section.rglob("*") if p.is_file())
    per_county = _county_seconds(outcome.stderr)
    return {
        "spec": spec, "limit": limit, "cores": cores, "units": len(pages), "seconds": round(outcome.seconds, 1),
        "kernels": outcome.kernels,
        "per_unit_median_s": round(statistics.median(per_county), 2) if per_county else None,
        "mb_total": round(size / 2**20, 1), "mb_per_unit": round(size / 2**20 / max(1, len(pages)), 3),
    }


def run(quick: bool, cores: int, log=print, country: bool = False) -> dict:
    log("counties: indicators, vectorised vs per-county loop ...")
    # the loop costs ~0.5 s a unit (~25 min for all): always timed on a sample, scaled to all units
    result = {"indicators": indicators(sample=40 if quick else 150)}
    if not quick:
        log("counties: census from parquet vs from the workbooks ...")
        result["census_cold"] = census_cold()
    result["atlas"] = atlas("13", 12 if quick else None, cores, log=log)
    if country:
        result["country"] = atlas("all", None, cores, log=log)
    return result
