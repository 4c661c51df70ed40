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


@pytest.fixture(scope="session")
def notebook_worker():
    """The session's notebook-running process (nbregression.NotebookWorker); the files using it share an xdist
    worker (tests/scheduling.py: SHARED), so it starts once."""
    worker = NotebookWorker()
    yield worker
    worker.close()
