"""Builds: whole or fixture sites, the reliability fault matrix, all-county runs, the privacy gate on a built site,
the benchmark's kernel counter, JupyterLab. Every test here starts kernels or processes."""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)
