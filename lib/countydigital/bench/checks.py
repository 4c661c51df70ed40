"""How long the project's own checks take: `make check` (unit tests and lint) and `make test` (everything).

Each target runs once, as a developer would run it, in this checkout; a target the
Makefile does not have is recorded as missing instead of failing the benchmark.
"""
from __future__ import annotations

import subprocess
import time

from .. import paths

TARGETS = ("check", "test")


def _has_target(name: str) -> bool:
    probe = subprocess.run(["make", "-n", name], cwd=paths.PROJ_ROOT, capture_output=True, text=True)
    return probe.returncode == 0


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
                        "tail": proc.stdout.strip().splitlines()[-1:] if proc.stdout.strip() else []}
    return result
