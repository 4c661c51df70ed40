"""Shared test set-up.

Kernels started by papermill or pytest-notebook resolve `python` through PATH;
putting this interpreter's folder first makes them use the project's .venv.
The session-wide builds (tests/shared_builds.py) are fixtures for every folder; how the
tests are shared out between pytest-xdist workers is tests/scheduling.py.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import pytest

import scheduling
from shared_builds import county_site, real_sites  # noqa: F401  (fixtures for every folder)

matplotlib.use("Agg")

os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session", autouse=True)
def shared_kept_files(tmp_path_factory):
    """One folder of kept derived files (countydigital.keptfiles) for every project the tests build, as one
    machine's checkouts may share one: each is named by its inputs, so only the first project makes it."""
    folder = tmp_path_factory.mktemp("kept")
    os.environ["COUNTYDIGITAL_KEPT_DIR"] = str(folder)  # inherited by every command-line build
    yield folder
    os.environ.pop("COUNTYDIGITAL_KEPT_DIR", None)


@pytest.fixture
def own_kept_dir(tmp_path, monkeypatch):
    """A test's own folder of kept files (for tests that count what is made)."""
    monkeypatch.setenv("COUNTYDIGITAL_KEPT_DIR", str(tmp_path / "kept"))
    return tmp_path / "kept"


@pytest.hookimpl(trylast=True)  # after pytest's own reordering by fixture scope
def pytest_collection_modifyitems(config, items):
    unlisted = scheduling.unlisted_users(items)
    if unlisted:
        raise pytest.UsageError(f"add the files of these tests to tests/scheduling.py SHARED: {unlisted}")
    items.sort(key=lambda item: scheduling.rank(item.nodeid))  # stable: a file keeps its tests' order


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadfile":
        return scheduling.make_scheduler(config, log)
    return None
