"""One build at a time per build folder: wait (saying for whom), --no-wait, a dead holder's lock taken over."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from countydigital import paths
from countydigital.runner import buildlock
from runner_fixtures import make_notebooks, run_cli

HOLD = """\
import os, sys, time
from pathlib import Path
from countydigital.runner import buildlock
with buildlock.held(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(build_dir, seconds: float = 60.0) -> subprocess.Popen:
    """Another process holding the lock of `build_dir` (for `seconds`, or until killed)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(build_dir), str(seconds)], cwd=paths.PROJ_ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_no_wait_names_the_running_build(tmp_path):
    proc = _holder(tmp_path)
    try:
        with pytest.raises(buildlock.BuildBusy) as caught:
            with buildlock.held(tmp_path, wait=False):
                pass
        message = str(caught.value)
        assert f"by process {proc.pid}" in message and "started at" in message and "--no-wait" in message
    finally:
        proc.kill()
        proc.wait()


def test_a_waiting_build_says_for_whom_and_goes_on_when_it_ends(tmp_path, caplog):
    proc = _holder(tmp_path, seconds=1.5)
    started = time.perf_counter()
    with caplog.at_level(logging.INFO, logger="countydigital"):
        with buildlock.held(tmp_path):
            waited = time.perf_counter() - started
            assert buildlock.holder(tmp_path)["pid"] == os.getpid()
    proc.wait()
    assert waited > 0.5  # it did wait for the other one
    assert any("waiting for the build started at" in r.message and f"by process {proc.pid}" in r.message
               for r in caplog.records), caplog.text
    assert all(r.levelno < logging.WARNING for r in caplog.records)  # waiting is no warning


def test_the_lock_of_a_killed_build_is_taken_over_at_once(tmp_path):
    proc = _holder(tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert buildlock.holder(tmp_path)["pid"] == proc.pid  # it left its name behind ...
    started = time.perf_counter()
    with buildlock.held(tmp_path, wait=False):  # ... but not its lock
        assert time.perf_counter() - started < 1
    assert "another build" == buildlock.describe({"pid": proc.pid, "started": "then"})


def test_the_lock_is_reentrant_within_a_process_and_exclusive_between_threads(tmp_path):
    with buildlock.held(tmp_path, wait=False):
        with buildlock.held(tmp_path, wait=False):  # the CLI, then the library
            pass
        assert buildlock._locks[buildlock.lock_file(tmp_path).resolve()].is_locked
    outcome = []
    with buildlock.held(tmp_path):
        thread = threading.Thread(target=lambda: outcome.append(_try(tmp_path)))
        thread.start()
        thread.join()
    assert outcome == ["busy"]


def _try(build_dir) -> str:
    try:
        with buildlock.held(build_dir, wait=False):
            return "got it"
    except buildlock.BuildBusy:
        return "busy"


def test_run_no_wait_exits_non_zero_at_once(tmp_path):
    make_notebooks(tmp_path)
    proc = _holder(tmp_path / "build")
    try:
        started = time.perf_counter()
        result = run_cli(tmp_path, "--no-wait")
        assert time.perf_counter() - started < 30  # no notebook ran
        assert result.returncode != 0
        assert "error: the build started at" in result.stderr and f"by process {proc.pid}" in result.stderr
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "site").exists() and not (tmp_path / "build" / "cache").exists()
    finally:
        proc.kill()
        proc.wait()


SLOW_TO_SAY = """\
import os, sys, time
from pathlib import Path
import filelock
from countydigital import atomic
from countydigital.runner import buildlock
build_dir = Path(sys.argv[1])
build_dir.mkdir(parents=True, exist_ok=True)
with filelock.FileLock(buildlock.lock_file(build_dir)):
    print("held", flush=True)
    time.sleep(0.5)  # the moment between taking the lock and writing the name
    atomic.write_json(build_dir / buildlock.HOLDER_NAME, {"pid": os.getpid(),
                                                         "started": "now", "command": "test"})
    time.sleep(1.0)
"""


def test_a_build_that_asks_before_the_holder_has_written_its_name_still_names_it(tmp_path, caplog):
    proc = subprocess.Popen([sys.executable, "-c", SLOW_TO_SAY, str(tmp_path)], cwd=paths.PROJ_ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    assert buildlock.holder(tmp_path) is None  # nobody named yet
    with caplog.at_level(logging.INFO, logger="countydigital"):
        with buildlock.held(tmp_path):
            pass
    proc.wait()
    assert any(f"waiting for the build started at now by process {proc.pid}" in r.message
               for r in caplog.records), caplog.text
