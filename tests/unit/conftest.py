"""Unit tests: the quick loop of `make check`; no Jupyter kernel, no site build.

A test that needs a kernel belongs in tests/build (or tests/notebooks); starting one here fails the test
with that advice, so the unit suite stays fast.
"""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_kernel(monkeypatch):
    from jupyter_client.manager import KernelManager

    def refuse(self, *args, **kwargs):
        raise AssertionError("a unit test started a Jupyter kernel: move it to tests/build")

    monkeypatch.setattr(KernelManager, "start_kernel", refuse)
