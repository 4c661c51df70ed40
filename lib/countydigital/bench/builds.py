"""Build benchmarks: what a full build, a rebuild and a one-notebook edit cost, against baselines.

    naive      the obvious shell loop: `papermill` then `jupyter nbconvert --no-input`
               for every notebook x parameter set, one after the other
    cold       `run` with an empty runner cache, on the default engine (workers that run the
               notebooks in themselves, no kernel) and with `--fresh-kernels` (one kernel per page)
    no change  `run` again: every page from the cache, no kernel (counted by `probe`)
    one change one notebook edited (a markdown cell appended): only its pages rebuild
    F          the unit of every ratio: one papermill run of a minimal notebook that imports
               pandas and seaborn and saves one plot (best of three); a cold build is
               compared with pages x F / cores (the target: at most 1.25 times that)
"""
from __future__ import annotations

import os
import shlex
import sys
import time

import nbformat
import yaml

from . import project as scratch

F_SOURCE = (
    "import pandas, seaborn\n"
    "import matplotlib.pyplot as plt\n"
    "plt.plot([1, 2, 3])\n"
    "plt.savefig('f.png')"
)


def _jobs(proj: scratch.Project) -> list[tuple[str, str, dict, str]]:
    """(notebook, paramset, parameters) exactly as the runner plans a whole build: every language, seed included."""
    code = ("import json, sys\n"
            "from countydigital.runner import plan, languages\n"
            "from countydigital.runner.workspace import with_seed\n"
            "jobs = languages.with_languages(plan(), languages.selected('all'))\n"
            "json.dump([[j.notebook, j.paramset, j.parameters, j.label] for j in map(with_seed, jobs)], sys.stdout)")
    import json
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], env=proj.env, capture_output=True, text=True, check=True)
    return [tuple(x) for x in json.loads(out.stdout)]


def naive_script(proj: scratch.Project) -> str:
    """The baseline as a shell script: papermill + nbconvert per job, serial."""
    bindir = os.path.dirname(sys.executable)
    out = proj.root / "naive"
    lines = ["set -euo pipefail", f"mkdir -p {shlex.quote(str(out))}"]
    for notebook, _, parameters, label in _jobs(proj):
        source = proj.notebooks_dir / f"{notebook}.ipynb"
        executed = out / f"{label.replace('/', '__')}.ipynb"
        lines.append(
            f"{bindir}/papermill {shlex.quote(str(source))} {shlex.quote(str(executed))} "
            f"-y {shlex.quote(yaml.safe_dump(parameters, default_flow_style=True).strip())} "
            f"-k python3 --cwd {shlex.quote(str(proj.notebooks_dir))} --no-progress-bar --log-level WARNING")
        lines.append(f"{bindir}/jupyter nbconvert --to html --no-input --log-level WARN "
                     f"--output-dir {shlex.quote(str(out))} {shlex.quote(str(executed))}")
    return "\n".join(lines) + "\n"


def _touch_notebook(proj: scratch.Project, notebook: str) -> None:
    """An edit a writer makes: one markdown cell appended (the code, hence the results, unchanged)."""
    path = proj.notebooks_dir / f"{notebook}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("*Edited for the benchmark.*"))
    nbformat.write(nb, path)


def _floor_notebook(proj: scratch.Project, name: str, source: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = proj.root / "floor" / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def unit_f(proj: scratch.Project, repeats: int = 3) -> dict:
    """F: seconds of one papermill run of the minimal notebook (F_SOURCE), best of `repeats`."""
    path = _floor_notebook(proj, "f", F_SOURCE)
    argv = [os.path.join(os.path.dirname(sys.executable), "papermill"),
            str(path), str(path.with_suffix(".out.ipynb")), "--cwd", str(path.parent),
            "-k", "python3", "--no-progress-bar", "--log-level", "WARNING"]
    runs = [proj.command(argv).check("F (papermill, minimal notebook)") for _ in range(repeats)]
    assert all(r.kernels == 1 for r in runs), "the kernel probe did not count F's kernel"
    return {"seconds": round(min(r.seconds for r in runs), 2), "runs": [round(r.seconds, 2) for r in runs]}


def run(notebooks: list[str] | None, cores: int, log=print) -> dict:
    """All build scenarios on a scratch copy of `notebooks` (default: all); returns the results."""
    proj = scratch.make("builds", notebooks)
    jobs = _jobs(proj)
    log(f"builds: {len(jobs)} job(s) of {', '.join(proj.notebooks)} on {cores} core(s)")

    script = proj.root / "naive.sh"
    script.write_text(naive_script(proj), encoding="utf-8")
    log("  naive loop (papermill + nbconvert, serial) ...")
    naive = proj.command(["bash", str(script)]).check("naive loop")

    proj.clean()
    log("  cold build, fresh kernels (one per page) ...")
    fresh = proj.run("--jobs", str(cores), "--fresh-kernels").check("cold build, fresh kernels")
    proj.clean()
    log("  cold build, default engine (in-process) ...")
    cold = proj.run("--jobs", str(cores)).check("cold build")
    log("  no-change rebuild ...")
    nochange = proj.run("--jobs", str(cores)).check("no-change rebuild")

    changed = proj.notebooks[-1]
    _touch_notebook(proj, changed)
    log(f"  one notebook changed ({changed}) ...")
    onechange = proj.run("--jobs", str(cores)).check("one-notebook rebuild")

    log("  F (papermill on a minimal notebook, best of three) ...")
    f = unit_f(proj)
    bound = len(jobs) * f["seconds"] / cores

    expected_changed = sorted(label for n, _, _, label in jobs if n == changed)
    return {
        "jobs": len(jobs),
        "notebooks": proj.notebooks,
        "cores": cores,
        "naive": {"seconds": round(naive.seconds, 2), "kernels": naive.kernels},
        "cold": {"seconds": round(cold.seconds, 2), "kernels": cold.kernels, "executed": len(cold.executed)},
        "cold_fresh": {"seconds": round(fresh.seconds, 2), "kernels": fresh.kernels, "executed": len(fresh.executed)},
        "nochange": {"seconds": round(nochange.seconds, 2), "kernels": nochange.kernels,
                     "cached": len(nochange.cached), "executed": len(nochange.executed)},
        "onechange": {"seconds": round(onechange.seconds, 2), "kernels": onechange.kernels, "notebook": changed,
                      "executed": sorted(onechange.executed), "expected": expected_changed,
                      "only_that_notebook": sorted(onechange.executed) == expected_changed},
        "f": f,
        "ratios": {
            "cold_vs_naive": round(cold.seconds / naive.seconds, 3),
            "cold_vs_fresh": round(cold.seconds / fresh.seconds, 3),
            "nochange_vs_cold": round(nochange.seconds / cold.seconds, 4),
            "onechange_vs_cold": round(onechange.seconds / cold.seconds, 3),
            "cold_vs_f_bound": round(cold.seconds / bound, 3),
            "fresh_vs_f_bound": round(fresh.seconds / bound, 3),
        },
        "f_bound_seconds": round(bound, 2),
        "targets": {"cold_vs_f_bound": 1.25},
        # the probe counts every kernel: one per page with fresh kernels; none in-process (a worker whose
        # notebook failed would start one for its later pages: at most one per worker)
        "probe_ok": fresh.kernels == len(jobs) and naive.kernels == len(jobs) and cold.kernels <= cores,
    }


if __name__ == "__main__":  # quick manual check: python -m countydigital.bench.builds 00
    started = time.perf_counter()
    print(run(sys.argv[1:] or None, os.cpu_count() or 1))
    print(f"{time.perf_counter() - started:.0f}s")
