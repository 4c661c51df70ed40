"""The published site is checked, not trusted; the cache checks what it restores; modes; a quiet terminal
(kernels on IPC sockets, stopped without an interrupt)."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from countydigital import paths
from countydigital.runner import kernel
from countydigital.runner.sitediff import differences
from reliability_fixtures import env_for, make_project, progress, run

pytestmark = pytest.mark.slow

SETS = [("one", {"mode": "record", "note": "完整性"}), ("two", {"county": "130722"})]
NOISE = ("WARNING", "ERROR", "warning:", "error:", "Traceback", "KeyboardInterrupt")


def _restrictive_umask():
    os.umask(0o077)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project built once with umask 077 (and a copy of its site as published then)."""
    root = tmp_path_factory.mktemp("integrity")
    make_project(root, SETS)
    result = subprocess.run([sys.executable, "-m", "countydigital", "run", "--no-cache"], cwd=paths.PROJ_ROOT,
                            env=env_for(root), capture_output=True, text=True, timeout=900,
                            preexec_fn=_restrictive_umask)
    assert result.returncode == 0, result.stderr
    shutil.copytree(root / "site", root / "published")
    return root, result


def test_a_successful_build_prints_no_warning_or_error_and_one_line_per_page(built):
    _, result = built
    noisy = [line for line in result.stderr.splitlines() if any(word in line for word in NOISE)]
    assert noisy == [], result.stderr
    assert set(progress(result.stderr)) == {"aa-fault/one", "aa-fault/two"}
    assert result.stderr.count("] aa-fault/") == 2  # not a TTY: one line per page, no bar


def test_published_files_are_world_readable_whatever_the_umask(built):
    root, _ = built
    for top in (root / "site", root / "build" / "cache"):
        modes = {p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [top, *top.rglob("*")]}
        wrong = {name: oct(mode) for name, mode in modes.items()
                 if mode != (0o755 if (root / name).is_dir() else 0o644)}
        assert wrong == {}, wrong
    assert stat.S_IMODE((root / "site" / "claims.json").stat().st_mode) == 0o644  # the example


def test_quiet_says_nothing_on_success(built):
    root, _ = built
    result = run(root, "-q")
    assert result.returncode == 0 and result.stderr == "", result.stderr


@pytest.mark.parametrize("damage", ["truncated page", "deleted page", "edited ledger", "lost records"])
def test_a_damaged_site_is_republished(built, damage):
    root, _ = built
    site = root / "site"
    if damage == "truncated page":
        page = site / "aa-fault" / "two.html"
        page.write_bytes(page.read_bytes()[:200])
    elif damage == "deleted page":
        (site / "aa-fault" / "one.html").unlink()
    elif damage == "edited ledger":
        data = json.loads((site / "claims.json").read_text(encoding="utf-8"))
        (site / "claims.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    else:
        (root / "build" / "ledger-records" / "zh" / "aa-fault__one.jsonl").write_text("", encoding="utf-8")
    result = run(root)
    assert result.returncode == 0, result.stderr
    assert "nothing changed" not in result.stderr and "published 2 page(s)" in result.stderr, result.stderr
    assert set(progress(result.stderr).values()) == {True}  # republished from the cache, nothing executed
    assert differences(root / "published", site) == []
    assert "完整性" in (root / "build" / "ledger-records" / "zh" / "aa-fault__one.jsonl").read_text(encoding="utf-8")
    again = run(root)
    assert "nothing changed" in again.stderr, again.stderr


def test_a_truncated_cached_page_is_executed_again_never_published(built):
    root, _ = built
    state = json.loads((root / "build" / "published.json").read_text(encoding="utf-8"))
    entry = root / "build" / "cache" / state["state"]["pages"]["aa-fault/one"]
    page = entry / "page.html"
    page.write_bytes(page.read_bytes()[:300])
    result = run(root)
    assert result.returncode == 0, result.stderr
    assert progress(result.stderr) == {"aa-fault/one": False, "aa-fault/two": True}, result.stderr
    assert differences(root / "published", root / "site") == []
    assert len(page.read_bytes()) > 300  # the cache entry is whole again


def test_a_kernel_talks_over_ipc_and_stops_cleanly(tmp_path, capfd):
    from jupyter_client.blocking import BlockingKernelClient

    km = kernel.start(tmp_path)
    folder = Path(km.connection_file).parent
    try:
        info = json.loads(Path(km.connection_file).read_text())
        assert info["transport"] == "ipc" and len(info["ip"]) < 80  # a socket path must stay short
        assert kernel.is_alive(km)
        kc = BlockingKernelClient(**km.get_connection_info(session=True))
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        printed = []
        reply = kc.execute_interactive("import os; print(os.getcwd())", timeout=60,
                                       output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
        assert reply["content"]["status"] == "ok" and "".join(printed).strip() == str(tmp_path)
        kc.stop_channels()
        pid = km.provisioner.process.pid
    finally:
        kernel.stop(km)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not folder.exists()  # sockets and connection file gone with it
    err = capfd.readouterr().err  # the kernel writes its log to our stderr
    assert "WARNING" not in err and "ERROR" not in err and "KeyboardInterrupt" not in err, err
