"""Builds made once per test session and read by several test files (fixtures, imported by tests/conftest.py).

A whole real site takes about a minute of CPU to build, a fixture project a few seconds: a test that only
reads a built site takes it from here instead of building its own. Under pytest-xdist the files that use one
of these fixtures are sent to the same worker (tests/scheduling.py: SHARED), so each is built once per run.
Tests that change what they are given work on a copy (`copy_project`), never on the shared build.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from countydigital import paths


@dataclass(frozen=True)
class Built:
    root: Path  # the project folder: site/, build/ (and notebooks/ for a fixture project)
    stderr: str  # what the build printed

    @property
    def site(self) -> Path:
        return self.root / "site"


@pytest.fixture(scope="session")
def real_sites(tmp_path_factory) -> dict[str, Built]:
    """The whole real site (every notebook x parameter set, both languages), built twice without the cache:
    "warm" by the default engine (two workers that run the notebooks in themselves, runner.inprocess) and
    "fresh" on one fresh kernel per page. The two builds also differ in their folder and in the hash seed of
    the build process (1 and 2), so pages that agree show that neither the engine, nor a local path, nor set
    ordering reaches a page, a figure or the ledger (tests/build/test_warm_engine.py,
    tests/build/test_reliability_determinism.py)."""
    from reliability_fixtures import env_for, run

    built = {}
    for how, args, hash_seed in (("warm", ["--jobs", "2"], "1"), ("fresh", ["--jobs", "2", "--fresh-kernels"], "2")):
        root = tmp_path_factory.mktemp(f"real-site-{how}")
        env = env_for(root, COUNTYDIGITAL_NOTEBOOKS_DIR=str(paths.PROJ_ROOT / "notebooks"),
                      COUNTYDIGITAL_PROCESSED_DIR=str(paths.PROCESSED_DIR), PYTHONHASHSEED=hash_seed)
        result = run(root, "--no-cache", *args, env=env, timeout=1200)
        assert result.returncode == 0, result.stderr
        built[how] = Built(root, result.stderr)
    return built


@pytest.fixture(scope="session")
def county_site(tmp_path_factory) -> Built:
    """An all-county run of the stand-in profile notebook (runner_fixtures.make_profile_notebook) over the first
    four units of 宁夏 (64), two workers, batches of two; 640105 fails on purpose. Copy it before changing it."""
    from runner_fixtures import make_profile_notebook, run_cli

    root = tmp_path_factory.mktemp("county-site")
    make_profile_notebook(root)
    result = run_cli(root, "--counties", "64", "--limit", "4", "--batch-size", "2", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    return Built(root, result.stderr)


def copy_project(built: Built, target: Path) -> Path:
    """A copy of a shared build's project folder at `target` (which must not exist yet), to change freely."""
    shutil.copytree(built.root, target, symlinks=True)
    return target
