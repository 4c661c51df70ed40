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
             f"commit `{m['commit']}`; mode: **{results['mode']}**; whole benchmark {_s(results['seconds'])}.", "",
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
            f"| Cold build vs floor bound | {_r(r['cold_vs_floor_bound'])} | {_s(b['cold']['seconds'])} | "
            f"{_s(b['floor_bound_seconds'])} | bound = pages x floor / cores; "
            f"floor (papermill, one notebook): empty {_s(b['floor']['empty']['seconds'])}, "
            f"imports + census load {_s(b['floor']['imports']['seconds'])} |",
        ]
    c = results.get("counties")
    if c:
        i = c["indicators"]
        lines += [
            f"| All-county indicators: one vectorised pass vs per-county loop | "
            f"{_r(i['ratios']['vectorised_vs_loop_grouped'])} | {_s(i['vectorised_s'])} | {_s(i['loop_grouped_s'])} | "
            f"{i['units']:,} units (2020); loop over pre-grouped rows, timed on {i['loop_sample']} units and scaled; "
            f"filtering the long frame per unit instead: {_s(i['loop_filter_s'])} "
            f"(ratio {_r(i['ratios']['vectorised_vs_loop_filter'])}); results identical |",
        ]
        if "census_cold" in c:
            cc = c["census_cold"]
            lines.append(f"| Tidy census from parquet cache vs from workbooks | "
                         f"{_r(cc['ratio_parquet_vs_workbooks'])} | "
                         f"{_s(cc['parquet_s'])} | {_s(cc['workbooks_s'])} | "
                         "both years, fresh process each (imports included) |")
        p = c["profiles"]
        lines.append(
            f"| County profiles: shared kernel vs one kernel per county | {_r(p['ratio_shared_vs_one_kernel'])} | "
            f"{_s(p['shared_kernel_s'])} | {_s(p['one_kernel_each_s'])} | {p['counties']} units of province "
            f"{p['province']}, real `00-county-context`, {p['cores']} workers; per county "
            f"{_s(p['per_county_shared_s'])} vs {_s(p['per_county_one_kernel_s'])}; "
            f"kernels {p['shared_kernel_kernels']} vs {p['one_kernel_each_kernels']} |")
        lines.append(
            f"| All ~{p['full_run_units']:,} units (estimate) | — | {p['full_run_estimate_h']:.1f} h | — | "
            f"units x {_s(p['per_county_shared_s'])} / {p['cores']} cores; pages {p['page_mb']:.2f} MB each, "
            f"~{p['full_run_site_gb']:.1f} GB of pages |")
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
    return "\n".join(lines)


def write(results: dict) -> None:
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


def relative(path: Path) -> str:
    return str(path.relative_to(paths.PROJ_ROOT)) if path.is_relative_to(paths.PROJ_ROOT) else str(path)
