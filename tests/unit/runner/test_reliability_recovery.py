"""The runner's clean-up after an interruption, unit by unit (fast; the fault matrix tests it end to end)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import psutil

from countydigital import paths
from countydigital.runner import recovery

# A child that starts a grandchild in a session of its own, as Jupyter starts a kernel.
_TREE = """
import subprocess, sys, time
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
print(grandchild.pid, flush=True)
time.sleep(120)
"""


# The process whose descendants are stopped: one of its own, so the test stops nothing of pytest's
# (stopping the test process's own children also killed its multiprocessing resource tracker).
_STOPPER = """
import json, subprocess, sys
from countydigital.runner import recovery
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
grandchild = int(child.stdout.readline())
stopped = recovery.stop_descendants(grace=2)
child.wait(timeout=5)
print(json.dumps({"child": child.pid, "grandchild": grandchild, "stopped": stopped}))
"""


def test_stop_descendants_reaches_grandchildren_in_their_own_session():
    import json

    out = subprocess.run([sys.executable, "-c", _STOPPER, _TREE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    grandchild = found["grandchild"]
    assert {found["child"], grandchild} <= set(found["stopped"])
    deadline = time.monotonic() + 5
    while psutil.pid_exists(grandchild) and psutil.Process(grandchild).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the grandchild outlived stop_descendants"
        time.sleep(0.05)


_TRACKER = """
import json, subprocess, sys
from multiprocessing import resource_tracker
import psutil
from countydigital.runner import recovery
resource_tracker.ensure_running()
tracker = [resource_tracker._resource_tracker._pid]  # its command line may still be empty (exec under way)
sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
stopped = recovery.stop_descendants(grace=2)
print(json.dumps({"tracker": tracker, "sleeper": sleeper.pid, "stopped": stopped,
                  "tracker_alive": all(psutil.pid_exists(t) for t in tracker)}))
"""


def test_stop_descendants_spares_the_multiprocessing_resource_tracker():
    import json

    out = subprocess.run([sys.executable, "-c", _TRACKER], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert len(found["tracker"]) == 1 and found["tracker"][0] and found["tracker_alive"]
    assert found["sleeper"] in found["stopped"] and found["tracker"][0] not in found["stopped"]


def test_sweep_removes_only_temporaries_of_atomic_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD_DIR", tmp_path / "build")
    processed = tmp_path / "processed" / "survey"
    processed.mkdir(parents=True)
    partial = [processed / ".census_2010_ab.parquet.x1y2.part", processed / ".synthetic.parquet.q9.tmp.parquet",
               tmp_path / "processed" / ".index.html.tmp"]
    kept = [processed / "synthetic-n1000.parquet", processed / ".gitkeep", tmp_path / "processed" / "notes.tmp"]
    for path in partial + kept:
        path.write_text("x", encoding="utf-8")
    staged_entry = tmp_path / "build" / "cache" / ".0123abcd.k3j2.part"  # pagecache.store's staging folder
    old_staged_entry = tmp_path / "build" / "cache" / ".4567cdef.m8n9"  # its name before countydigital.atomic
    for entry in (staged_entry, old_staged_entry):
        entry.mkdir(parents=True)
        (entry / "page.html").write_text("half", encoding="utf-8")

    young = recovery.sweep_partial_files((tmp_path / "processed",), min_age=600)
    assert young == []  # another process may be writing these right now
    old = time.time() - 3600
    for path in partial + [staged_entry, old_staged_entry]:
        os.utime(path, (old, old))
    removed = recovery.sweep_partial_files((tmp_path / "processed",), min_age=600)
    assert sorted(removed) == sorted(partial + [staged_entry, old_staged_entry])
    assert all(p.exists() for p in kept)


def test_socket_folders_of_kernels_killed_outright_are_swept_once_old_and_unused(tmp_path, monkeypatch):
    from countydigital.runner import kernelfolders

    monkeypatch.setattr(kernelfolders, "socket_root", lambda: str(tmp_path))
    abandoned, young, in_use, other = (tmp_path / name for name in ("cdk-gone", "cdk-young", "cdk-live", "other"))
    for folder in (abandoned, young, in_use, other):
        folder.mkdir()
        (folder / "kernel.json").write_text("{}", encoding="utf-8")
    old = time.time() - 3600
    for folder in (abandoned, in_use, other):
        os.utime(folder, (old, old))
    # a running kernel names its folder: `-f FOLDER/kernel.json`
    kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "-f", str(in_use / "kernel.json")])
    try:
        deadline = time.time() + 30
        while "-f" not in psutil.Process(kernel.pid).cmdline():  # started: its command line is its own
            assert time.time() < deadline
            time.sleep(0.02)
        assert kernelfolders.sweep_abandoned(600) == [abandoned]
    finally:
        kernel.kill()
        kernel.wait()
    assert not abandoned.exists() and young.exists() and in_use.exists() and other.exists()
