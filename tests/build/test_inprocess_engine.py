"""The in-process engine (runner.inprocess): notebooks run in the worker's own interpreter, reset between them
like a kept kernel, with the same outputs as a kernel gives; a failure hands the worker's later jobs to a kernel."""
from __future__ import annotations

import pytest
from test_warm_engine import LEAKY, PROBE, seen

from countydigital import paths
from countydigital.runner import executors, workerprocesses
from countydigital.runner.execute import execute_job
from countydigital.runner.jobs import Job
from countydigital.runner.render import publishable_notebook
from runner_fixtures import write_notebook

WHERE = "\nprint('SHELL ' + type(get_ipython()).__name__)"
OUTPUTS = [  # every kind of output a cell can give, in the order a kernel sends them
    "print('one'); print('two')\nimport sys; print('err', file=sys.stderr)\n{'value': [1, 2]}",
    "from IPython.display import Markdown, display, clear_output\ndisplay(Markdown('**shown**'))\n"
    "display('gone'); clear_output(wait=True); display({'text/html': '<b>kept</b>'}, raw=True)",
    "import pandas as pd\npd.DataFrame({'a': range(30), 'b': range(30)}).T",
    "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nx = 1;",
    "1 + 1;",
]


def run_in_one_worker(jobs: list[Job], folders: list[str], engine: str = "inprocess") -> list:
    """Run `jobs` in order on one worker of the engine (started as a build starts its workers)."""
    module = {"inprocess": "countydigital.runner.executors.inprocess",
              "warm": "countydigital.runner.executors.warm"}[engine]
    with workerprocesses.pool(1) as pool:
        worker = __import__(module, fromlist=["run_in_worker"]).run_in_worker
        return [pool.submit(worker, job, folder).result() for job, folder in zip(jobs, folders)]


@pytest.fixture
def project(tmp_path, monkeypatch):
    nb_dir = tmp_path / "notebooks"
    write_notebook(nb_dir / "leaky.ipynb", "county = 'x'", [], LEAKY)
    write_notebook(nb_dir / "probe.ipynb", "county = 'x'", [], [PROBE + WHERE])
    write_notebook(nb_dir / "boom.ipynb", "county = 'x'", [], ["a = 1", "raise ValueError('asked to fail')"])
    write_notebook(nb_dir / "outputs.ipynb", "county = 'x'", [], OUTPUTS)
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", nb_dir)
    monkeypatch.setattr(paths, "BUILD_DIR", tmp_path / "build")
    monkeypatch.setenv("COUNTYDIGITAL_NOTEBOOKS_DIR", str(nb_dir))
    return tmp_path


def shell_of(workdir) -> str:
    return (workdir / "executed.ipynb").read_text(encoding="utf-8").split("SHELL ", 1)[1].split("\\n", 1)[0]


def test_no_state_of_one_notebook_reaches_the_next_in_process(project):
    jobs = [Job("probe", "before", {"county": "a"}), Job("leaky", "one", {"county": "b"}),
            Job("probe", "after", {"county": "c"})]
    folders = [str(project / f"w{i}") for i in range(3)]
    results = run_in_one_worker(jobs, folders)
    assert all(r.ok for r in results), [r.error for r in results]
    assert shell_of(project / "w0") == shell_of(project / "w2") == "InProcessZMQShell"  # no kernel: in-process
    fresh, reused = seen(project / "w0"), seen(project / "w2")
    assert (fresh.pop("paramset"), reused.pop("paramset")) == ("before", "after")
    assert reused == fresh
    assert fresh["global"] is False and fresh["mean"] == 2 and fresh["max_rows"] == 60 and not fresh["leaked_path"]


def test_a_failure_names_its_cell_and_the_next_notebooks_run_on_a_kernel(project):
    jobs = [Job("leaky", "one", {"county": "b"}), Job("boom", "one", {"county": "b"}),
            Job("probe", "after", {"county": "c"})]
    folders = [str(project / f"w{i}") for i in range(3)]
    first, failed, after = run_in_one_worker(jobs, folders)
    assert first.ok and not failed.ok and after.ok, after.error
    assert failed.cell == 4 and "asked to fail" in failed.error  # as a fresh kernel numbers it
    assert shell_of(project / "w2") == "ZMQInteractiveShell"  # a real kernel took over
    assert not seen(project / "w2")["global"]


def test_outputs_are_the_ones_a_kernel_gives(project):
    job = Job("outputs", "one", {"county": "z"})
    inproc, kernel = project / "inproc", project / "kernel"
    (result,) = run_in_one_worker([job], [str(inproc)])
    fresh = execute_job(job, str(kernel))  # a fresh kernel, as --fresh-kernels runs it
    assert result.ok and fresh.ok, (result.error, fresh.error)
    assert publishable_notebook(inproc / "executed.ipynb") == publishable_notebook(kernel / "executed.ipynb")
    assert (inproc / "page.html").read_bytes() == (kernel / "page.html").read_bytes()
    assert "<b>kept</b>" in (inproc / "page.html").read_text(encoding="utf-8")


def test_inprocess_is_the_default_executor():
    assert executors.DEFAULT == "inprocess" and executors.get("inprocess", n_jobs=2).name == "inprocess"
