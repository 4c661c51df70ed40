"""Notebook regressions: each test executes a real notebook and compares it with tests/notebooks/notebook_refs."""
from __future__ import annotations

from pathlib import Path

import pytest

from nbregression import NotebookWorker

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)


_WORKER = NotebookWorker()


@pytest.fixture(scope="session")
def notebook_worker():
    """The notebook-running process (nbregression.NotebookWorker) of the tests that use it; the files of these
    tests share an xdist worker (tests/scheduling.py: SHARED), so it starts once."""
    yield _WORKER
    _WORKER.close()


def pytest_runtest_teardown(item, nextitem):
    # Stopped as soon as the next test does not need it (a later one starts it again): a process kept until
    # the end of the session would meet the tests that stop every child of their process.
    if nextitem is None or "notebook_worker" not in nextitem.fixturenames:
        _WORKER.close()
