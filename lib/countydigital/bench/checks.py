"""How long the project's own checks take: `make check` (unit tests and lint) and `make test` (everything).

Each target runs once, as a developer would run it, in this checkout; a target the
Makefile does not have is recorded as missing instead of failing the benchmark.
"""
from __future__ import annotations

import re
import subprocess
import time

from .. import paths

TARGETS = ("check", "test")


def _has_target(name: str) -> bool:
    probe = subprocess.run(["make", "-n", name], cwd=paths.PROJ_ROOT, capture_output=True, text=True)
    return probe.returncode == 0


def pytest_summary(output: str) -> list[str]:
    """pytest's last summary line ("806 passed, 1 skipped in 240s"): not make's own messages, which name folders."""
    lines = [line.strip("= ") for line in output.splitlines() if re.search(r"\d+ (passed|failed|errors?)\b", line)]
    return lines[-1:]


def run(log=print) -> dict:
    result = {}
    for name in TARGETS:
        if not _has_target(name):
            result[name] = {"seconds": None, "missing": True}
            continue
        log(f"checks: make {name} ...")
        started = time.perf_counter()
        proc = subprocess.run(["make", name], cwd=paths.PROJ_ROOT, capture_output=True, text=True)
        result[name] = {"seconds": round(time.perf_counter() - started, 1), "returncode": proc.returncode,
                        "summary": pytest_summary(proc.stdout)}
    return result
