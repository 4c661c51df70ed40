"""benchmarks/results.json and the results table in benchmarks/README.md.

The README is written by hand except for the block between RESULTS_START and
RESULTS_END, which every `make bench` replaces with the table of its results.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import atomic, paths

BENCH_DIR = paths.PROJ_ROOT / "benchmarks"
RESULTS_FILE = BENCH_DIR / "results.json"
README_FILE = BENCH_DIR / "README.md"
RESULTS_START = "<!-- results:start (written by `make bench`; edits here are overwritten) -->"
RESULTS_END = "<!-- results:end -->"


def _s(x) -> str:
    return "—" if x is None else f"{x:,.2f} s" if x < 10 else f"{x:,.1f} s" if x < 100 else f"{x:,.0f} s"


def _r(x) -> str:
    if x is None:
        return "—"
    return f"{x:.4f}" if x < 0.01 else f"{x:.3f}" if x < 1 else f"{x:.2f}"


def table(results: dict) -> str:
    """The markdown table: one row per figure, ratio first, both absolute times beside it."""
    m = results["machine"]
    lines = [f"Run {results['finished']} on {m['cores']} core(s), {m['platform']}, Python {m['python']}, "
             f"commit `{m['commit']}`; mode: **{results['mode']}**; whole benchmark {_s(results['seconds'])}"
             + (f"; load average (1, 5, 15 min) {m['load_average_at_start']} at the start, "
                f"{m['load_average_at_end']} at the end" if "load_average_at_end" in m else "") + ".", "",
             "| Figure | Ratio | Measured | Baseline (same run) | Notes |", "|---|---|---|---|---|"]
    b = results.get("builds")
    if b:
        r = b["ratios"]
        lines += [
            f"| Cold full build vs naive loop | {_r(r['cold_vs_naive'])} | {_s(b['cold']['seconds'])} | "
            f"{_s(b['naive']['seconds'])} | {b['jobs']} pages ({', '.join(b['notebooks'])}); "
            f"naive = papermill + nbconvert per page, serial; build = `run --jobs {b['cores']}` |",
            f"| No-change rebuild vs cold build | {_r(r['nochange_vs_cold'])} | {_s(b['nochange']['seconds'])} | "
            f"{_s(b['cold']['seconds'])} | kernels started: **{b['nochange']['kernels']}** "
            f"(cold: {b['cold']['kernels']}, counted by the kernelspec probe); "
            f"{b['nochange']['cached']} of {b['jobs']} from the cache; includes Python start-up |",
            f"| One notebook changed vs cold build | {_r(r['onechange_vs_cold'])} | {_s(b['onechange']['seconds'])} | "
            f"{_s(b['cold']['seconds'])} | `{b['onechange']['notebook']}` edited; "
            f"rebuilt {len(b['onechange']['executed'])} page(s), kernels {b['onechange']['kernels']}; "
            f"only that notebook: **{'yes' if b['onechange']['only_that_notebook'] else 'NO'}** |",
            f"| Cold build, in-process vs fresh kernels | {_r(r['cold_vs_fresh'])} | {_s(b['cold']['seconds'])} | "
            f"{_s(b['cold_fresh']['seconds'])} | kernels {b['cold']['kernels']} vs {b['cold_fresh']['kernels']} "
            f"(`--fresh-kernels`: one per page) |",
            f"| Cold build vs pages x F / cores | {_r(r['cold_vs_f_bound'])} | {_s(b['cold']['seconds'])} | "
            f"{_s(b['f_bound_seconds'])} | target ≤ 1.25; F = {_s(b['f']['seconds'])} (papermill, minimal notebook "
            f"importing pandas + seaborn, one plot saved; best of {len(b['f']['runs'])}); fresh kernels: "
            f"{_r(r['fresh_vs_f_bound'])} |",
        ]
    c = results.get("counties")
    if c and "indicators" in c:  # a run may carry only an earlier whole-country atlas (`_with_earlier_country`)
        i = c["indicators"]
        lines += [
            f"| All-county indicators: one vectorised pass vs per-county loop | "
            f"{_r(i['ratios']['vectorised_vs_loop_grouped'])} | {_s(i['vectorised_s'])} | {_s(i['loop_grouped_s'])} | "
            f"{i['units']:,} units (2020); loop over pre-grouped rows, timed on {i['loop_sample']} units and scaled; "
            f"filtering the long frame per unit instead: {_s(i['loop_filter_s'])} "
            f"(ratio {_r(i['ratios']['vectorised_vs_loop_filter'])}); results identical |",
        ]
    if c:
        if "census_cold" in c:
            cc = c["census_cold"]
            lines.append(f"| Tidy census from parquet cache vs from workbooks | "
                         f"{_r(cc['ratio_parquet_vs_workbooks'])} | "
                         f"{_s(cc['parquet_s'])} | {_s(cc['workbooks_s'])} | "
                         "both years, fresh process each (imports included) |")
        for key, what in (("atlas", "County atlas"), ("country", "Whole-country atlas (measured)")):
            a = c.get(key)
            if not a:
                continue
            earlier = a.get("from_run")
            f = (earlier or results.get("against_f") or {}).get("f_seconds")  # the F of the run that measured it
            ratio = round(a["seconds"] / f, 2) if f else None
            limit = f" --limit {a['limit']}" if a["limit"] else ""
            source = (f"; measured by the run of {earlier.get('finished')} "
                      f"(commit `{str(earlier.get('commit'))[:7]}`), not built again in this one" if earlier else "")
            lines.append(
                f"| {what}: `run --counties {a['spec']} --no-cache{limit}` "
                f"vs F | {_r(ratio)} | {_s(a['seconds'])} | {_s(f)} | {a['units']} units, {a['cores']} workers, "
                f"{a['kernels']} kernel(s); {a['mb_per_unit']:.3f} MB per unit on disk ({a['mb_total']:.1f} MB with "
                f"index, font, shared assets); " + ("target ≤ 900 s (15 min) and ≤ 1 GB" if key == "country"
                                                     else "target ≤ 20 F and ≤ 0.33 MB per unit") + source + " |")
    s = results.get("survey")
    if s:
        for row in s["sizes"]:
            growth = (f"x{row['time_ratio']} time (log-log slope {row['time_slope']}), "
                      f"x{row['memory_ratio']} memory vs previous size"
                      if "time_ratio" in row else "smallest size: the baseline of the growth ratios")
            lines.append(
                f"| Survey pipeline, n = {row['n']:,} | {_r(row.get('time_ratio'))} | {_s(row['pipeline_s'])} | "
                f"{'—' if 'time_ratio' not in row else 'previous size'} | load+validate {_s(row['load_s'])}, "
                f"{row['estimates']} estimates with CIs {_s(row['estimate_s'])}; peak RSS {row['peak_rss_mb']:,.0f} MB "
                f"({row['peak_rss_mb'] - row['rss_after_imports_mb']:,.0f} MB above the "
                f"{row['rss_after_imports_mb']:,.0f} MB after imports); "
                f"{growth} |")
    f = (results.get("against_f") or {}).get("f_seconds")
    for name, outcome in (results.get("checks") or {}).items():
        if outcome.get("missing"):
            lines.append(f"| `make {name}` | — | — | — | no such target in this Makefile |")
            continue
        target = {"test": 80, "check": 20}.get(name)
        ratio = round(outcome["seconds"] / f, 2) if f else None
        lines.append(f"| `make {name}` vs F | {_r(ratio)} | {_s(outcome['seconds'])} | {_s(f)} | "
                     f"exit {outcome['returncode']}; target ≤ {target} F |")
    return "\n".join(lines)


def write(results: dict) -> None:
    """results.json and the README's table. Measurements recorded by hand earlier (`measured_*`, e.g. a
    whole-country run) are carried over: a benchmark run does not erase what it did not measure again."""
    if RESULTS_FILE.exists():
        earlier = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
        results = {**results, **{k: v for k, v in earlier.items() if k.startswith("measured_") and k not in results}}
        results = _with_earlier_country(results, earlier)
    atomic.write_text(RESULTS_FILE, json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    block = f"{RESULTS_START}\n{table(results)}\n{RESULTS_END}"
    empty = f"# Benchmarks\n\n{RESULTS_START}\n{RESULTS_END}\n"
    text = README_FILE.read_text(encoding="utf-8") if README_FILE.exists() else empty
    if RESULTS_START in text and RESULTS_END in text:
        head, rest = text.split(RESULTS_START, 1)
        text = head + block + rest.split(RESULTS_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    atomic.write_text(README_FILE, text)


def _with_earlier_country(results: dict, earlier: dict) -> dict:
    """The last whole-country atlas measured (`--country`, ~15 minutes), kept with the run it comes from
    when this run did not build it again."""
    country = (earlier.get("counties") or {}).get("country")
    if not country or (results.get("counties") or {}).get("country"):
        return results
    if "from_run" not in country:  # measured by that run itself: name it
        country = {**country, "from_run": {"commit": (earlier.get("machine") or {}).get("commit"),
                                           "finished": earlier.get("finished"),
                                           "f_seconds": (earlier.get("against_f") or {}).get("f_seconds")}}
    return {**results, "counties": {**(results.get("counties") or {}), "country": country}}


def relative(path: Path) -> str:
    return str(path.relative_to(paths.PROJ_ROOT)) if path.is_relative_to(paths.PROJ_ROOT) else str(path)
