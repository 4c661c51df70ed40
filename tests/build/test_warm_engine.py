"""The warm engine: one kept kernel per worker, reset between notebooks so that no state crosses from one page
to the next, and a failure costs that kernel (the next notebook gets a fresh one)."""
from __future__ import annotations

import json

import pytest

from countydigital import paths
from countydigital.runner import executors
from countydigital.runner.jobs import Job
from countydigital.runner.sharedkernel import WarmKernel
from runner_fixtures import write_notebook

# Notebook "leaky" changes everything a notebook can change in its process; "probe" reports what it sees.
LEAKY = [
    "leaked_global = 'from the previous notebook'",
    "import os\nos.environ['LEAKED_VARIABLE'] = 'yes'\nos.environ['COUNTYDIGITAL_PARAMSET'] = 'overwritten'",
    "import matplotlib\nmatplotlib.rcParams['lines.linewidth'] = 9.5\nimport matplotlib.pyplot as plt\nplt.figure()",
    "import statistics\nstatistics.mean = lambda *a, **k: 'patched'",
    "import countydigital.census as census\ncensus.lookup = lambda *a, **k: 'patched'\ncensus.injected = 1",
    "import pandas as pd\npd.DataFrame.leaked_method = lambda self: 'patched'\npd.set_option('display.max_rows', 3)",
    "import numpy as np\nnp.set_printoptions(precision=2)\nimport random\nrandom.seed(1)\nnp.random.seed(1)",
    "import os\nos.chdir('/')\nimport sys\nsys.path.insert(0, '/leaked')",
    "import warnings\nwarnings.filterwarnings('ignore', message='leaked filter')",
]
PROBE = """
import json, os, sys, random, statistics, warnings
import matplotlib, matplotlib.pyplot as plt, numpy as np, pandas as pd
import countydigital.census as census
seen = {
    "global": "leaked_global" in globals(),
    "env": os.environ.get("LEAKED_VARIABLE"),
    "paramset": os.environ.get("COUNTYDIGITAL_PARAMSET"),
    "linewidth": matplotlib.rcParams["lines.linewidth"],
    "figures": len(plt.get_fignums()),
    "mean": statistics.mean([1, 3]),
    "lookup_patched": census.lookup.__module__ != "countydigital.census.counties",
    "injected": hasattr(census, "injected"),
    "dataframe": hasattr(pd.DataFrame, "leaked_method"),
    "max_rows": pd.get_option("display.max_rows"),
    "precision": np.get_printoptions()["precision"],
    "random_after_seed_1": random.random() == 0.13436424411240122,
    "cwd_is_notebooks": os.getcwd() == os.path.dirname(os.path.abspath("probe.ipynb")),
    "leaked_path": "/leaked" in sys.path,
    "warnings_ignored": any(getattr(f[1], "pattern", None) == "leaked filter" for f in warnings.filters),
}
print("SEEN " + json.dumps(seen))
"""


def seen(workdir) -> dict:
    nb = json.loads((workdir / "executed.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    return json.loads(text.split("SEEN ", 1)[1].splitlines()[0])


@pytest.fixture
def project(tmp_path, monkeypatch):
    nb_dir = tmp_path / "notebooks"
    write_notebook(nb_dir / "leaky.ipynb", "county = 'x'", [], LEAKY)
    write_notebook(nb_dir / "probe.ipynb", "county = 'x'", [], [PROBE])
    write_notebook(nb_dir / "boom.ipynb", "county = 'x'", [], ["a = 1", "raise ValueError('asked to fail')"])
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", nb_dir)
    monkeypatch.setattr(paths, "BUILD_DIR", tmp_path / "build")
    monkeypatch.setenv("COUNTYDIGITAL_NOTEBOOKS_DIR", str(nb_dir))
    return tmp_path


def run_on_one_kernel(project, jobs: list[tuple[Job, str]]):
    """Run (job, work folder name) pairs one after another on one WarmKernel; (results, the kernel)."""
    kernel = WarmKernel()
    try:
        return [kernel.run(job, str(project / folder)) for job, folder in jobs], kernel
    finally:
        kernel.shutdown()


def test_no_state_of_one_notebook_reaches_the_next(project):
    (before, leaky, after), kernel = run_on_one_kernel(project, [
        (Job("probe", "before", {"county": "a"}), "w0"), (Job("leaky", "one", {"county": "b"}), "w1"),
        (Job("probe", "after", {"county": "c"}), "w2")])
    assert before.ok and leaky.ok and after.ok, (before.error, leaky.error, after.error)
    assert kernel.started == 1  # the same kernel ran all three
    fresh, reused = seen(project / "w0"), seen(project / "w2")
    assert reused["paramset"] == "after" and fresh["paramset"] == "before"
    del fresh["paramset"], reused["paramset"]
    assert reused == fresh
    assert fresh == {"global": False, "env": None, "linewidth": fresh["linewidth"], "figures": 0, "mean": 2,
                     "lookup_patched": False, "injected": False, "dataframe": False, "max_rows": 60,
                     "precision": 8, "random_after_seed_1": False, "cwd_is_notebooks": True, "leaked_path": False,
                     "warnings_ignored": False}
    assert fresh["linewidth"] != 9.5


def test_a_failing_notebook_names_its_cell_and_costs_its_kernel(project):
    (first, failed, after), kernel = run_on_one_kernel(project, [
        (Job("leaky", "one", {"county": "b"}), "w1"), (Job("boom", "one", {"county": "b"}), "w2"),
        (Job("probe", "after", {"county": "c"}), "w3")])
    assert first.ok and not failed.ok and after.ok
    # parameters cell, the injected parameters, `a = 1`, then the failing cell: the 4th code cell
    assert failed.cell == 4 and "asked to fail" in failed.error
    assert kernel.started == 2  # the failure replaced the kernel
    assert not seen(project / "w3")["global"]


def test_fresh_kernels_are_the_pool_and_warm_can_be_chosen():
    assert executors.FRESH == "pool" and executors.DEFAULT != executors.FRESH
    assert executors.get("warm", n_jobs=2).name == "warm"


@pytest.mark.slow
def test_the_whole_site_from_the_default_engine_equals_the_site_from_fresh_kernels(real_sites):
    """Every notebook x parameter set, built by the default engine (two workers that run the notebooks in
    themselves, runner.inprocess) and on one fresh kernel per page (tests/shared_builds.py: real_sites): every
    page, figure, the ledger and the index byte for byte the same (the index's provenance block aside)."""
    from countydigital.runner.sitediff import differences

    assert f"[{executors.DEFAULT}]" in real_sites["warm"].stderr
    assert f"[{executors.FRESH}]" in real_sites["fresh"].stderr
    warm, fresh = real_sites["warm"].site, real_sites["fresh"].site
    pages = sorted(p.relative_to(warm) for p in warm.rglob("*.html"))
    assert len(pages) > 10  # every notebook's pages, the ledger and the index
    assert differences(fresh, warm) == []


def test_a_submodule_one_notebook_imported_is_still_reachable_from_its_package_in_the_next(project):
    # json is loaded before the snapshot, json.tool is not: the first import binds json.tool, which the
    # reset must keep while json.tool stays loaded (else `json.tool` is an AttributeError in the next notebook)
    nb_dir = project / "notebooks"
    write_notebook(nb_dir / "imports.ipynb", "county = 'x'", [], ["import json.tool\nprint(json.tool.__name__)"])
    results, kernel = run_on_one_kernel(project, [(Job("imports", f"run{i}", {"county": "a"}), f"w{i}")
                                                  for i in range(2)])
    assert all(r.ok for r in results), [r.error for r in results]
    assert kernel.started == 1
