"""`run --executor dask` runs the same build on a Dask cluster and publishes the same site."""
from __future__ import annotations

import re

import pytest

from runner_fixtures import make_notebooks, run_cli

distributed = pytest.importorskip("distributed",
                                  reason="needs the [dask] extra: pip install '.[dask]' (make test installs it)")

PROVENANCE = re.compile(r"<!-- provenance:start.*?<!-- provenance:end -->", re.S)


def _pages(site) -> dict[str, bytes]:
    pages = {}
    for page in sorted(site.rglob("*")):
        if page.is_file():
            data = page.read_bytes()
            if page.name == "index.html":
                data = PROVENANCE.sub("", data.decode("utf-8")).encode("utf-8")
            pages[str(page.relative_to(site))] = data
    return pages


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as c:
        yield c


@pytest.mark.slow
def test_dask_build_publishes_the_same_site_as_the_local_build(tmp_path, cluster):
    local_root, dask_root = tmp_path / "local", tmp_path / "dask"
    make_notebooks(local_root)
    make_notebooks(dask_root)
    local = run_cli(local_root, "--jobs", "1")  # the reference: the site a plain build publishes
    assert local.returncode == 0, local.stderr
    remote = run_cli(dask_root, "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert remote.returncode == 0, remote.stderr
    assert "[dask]" in remote.stderr and remote.stderr.count(" ok ") == 2, remote.stderr

    local_pages, dask_pages = _pages(local_root / "site"), _pages(dask_root / "site")
    assert "aa-test/one.html" in dask_pages and "index.html" in dask_pages
    assert local_pages == dask_pages  # byte-identical outside the provenance block
    # the outputs came back into this machine's cache (build/ is not shared with the workers)
    entries = [e for e in (dask_root / "build" / "cache").iterdir() if (e / "page.html").is_file()]
    assert len(entries) == 2 and all((e / "executed.ipynb").is_file() for e in entries)


@pytest.mark.slow
def test_dask_notebook_failure_is_reported_and_site_untouched(tmp_path, cluster):
    from runner_fixtures import write_parameter_sets

    make_notebooks(tmp_path)
    write_parameter_sets(tmp_path / "notebooks", ["one", "boom"])
    failed = run_cli(tmp_path, "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert failed.returncode != 0
    assert "aa-test/boom" in failed.stderr and "asked to fail" in failed.stderr
    assert not (tmp_path / "site").exists()
    assert (tmp_path / "build" / "executed" / "aa-test" / "boom.ipynb").is_file()  # shipped back for inspection


def test_workers_with_several_threads_are_refused(tmp_path):
    make_notebooks(tmp_path)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  dashboard_address=":0") as threaded:
        result = run_cli(tmp_path, "--executor", "dask", "--scheduler", threaded.scheduler_address)
    assert result.returncode != 0
    assert "--nthreads 1" in result.stderr and "Traceback" not in result.stderr


def test_dask_without_scheduler_is_a_clear_error(tmp_path):
    make_notebooks(tmp_path)
    result = run_cli(tmp_path, "--executor", "dask")
    assert result.returncode != 0 and "--scheduler" in result.stderr and "Traceback" not in result.stderr


def test_a_worker_whose_inputs_differ_refuses_the_job(tmp_path, monkeypatch):
    from countydigital.runner.executors import dask_cluster as dask_executor
    from countydigital.runner.jobs import Job

    make_notebooks(tmp_path)
    env = {"COUNTYDIGITAL_NOTEBOOKS_DIR": str(tmp_path / "notebooks")}
    monkeypatch.setattr(dask_executor.os, "environ", dict(dask_executor.os.environ))  # keep this process clean
    from countydigital import paths

    for name in ("NOTEBOOKS_DIR", "PARAMETER_SETS_FILE"):
        monkeypatch.setattr(paths, name, getattr(paths, name))
    outcome = dask_executor.run_task(Job("aa-test", "one", {"county": "one", "seed": 1}), "0" * 32, env)
    assert outcome["result"].status == "failed" and outcome["files"] == {}
    assert "refused" in outcome["result"].error and "0" * 32 in outcome["result"].error


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    make_notebooks(tmp_path)
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "2s")
    result = run_cli(tmp_path, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode != 0
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr and "Traceback" not in result.stderr
