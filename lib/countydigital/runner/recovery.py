"""An interrupted or failed build leaves nothing behind, and the next one needs no cleanup.

`stop_descendants`: no worker or kernel outlives an interrupted build. Jupyter
starts every kernel in a session of its own, so Ctrl-C in a terminal or a
SIGTERM sent to the build never reaches it, and a process pool waits for its
running workers before the build may exit. On interruption the build therefore
stops its whole process tree itself: pool workers and the kernels they started,
collected before any of them dies (a kernel whose worker died is no longer
found as a descendant).

`sweep_partial_files`: every file the project publishes is written by
`countydigital.atomic`, to a temporary beside the target (`.NAME.XXXX.part`)
that is then renamed. A process killed mid-write leaves that
temporary behind; it is never read (the name differs). The build sweeps all of
them after an interruption, and those older than STALE_SECONDS at its start
(left by a build killed outright). One build at a time: a build interrupted
while a second one runs would sweep the second one's temporaries.
"""
from __future__ import annotations

import shutil
import time
from multiprocessing import resource_tracker
from pathlib import Path

import psutil

from .. import paths
from ..atomic import is_temporary
from . import workerprocesses
from .kernelfolders import socket_folders
from .pagecache import cache_dir

GRACE_SECONDS = 3.0
STALE_SECONDS = 600.0


def stop_descendants(grace: float = GRACE_SECONDS) -> list[int]:
    """Terminate every process this one started, recursively; kill those still alive after `grace` s.

    Returns the pids that were stopped.
    """
    try:
        tree = [p for p in psutil.Process().children(recursive=True) if not _holds_no_job(p)]
    except psutil.Error:
        return []
    for proc in tree:
        try:
            proc.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(tree, timeout=grace)
    for proc in alive:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=grace)
    return [p.pid for p in tree]


def _holds_no_job(proc: psutil.Process) -> bool:
    """multiprocessing's helpers: the resource tracker, and the fork server the workers come from (runner.
    workerprocesses; its workers, being its children, are still found and stopped)."""
    return proc.pid == workerprocesses.server_pid() or _is_resource_tracker(proc)


def _is_resource_tracker(proc: psutil.Process) -> bool:
    """multiprocessing's resource tracker: it holds nothing of a build and ends with this process; stopped
    early, the next pool of a long-lived process (a test session, a notebook) starts another with a warning.

    Known first by the pid multiprocessing keeps: its command line is briefly empty while it starts (exec),
    which under load made a freshly started tracker look like any other child."""
    if proc.pid == _own_resource_tracker_pid():
        return True
    try:
        return any("multiprocessing.resource_tracker" in part for part in proc.cmdline())
    except psutil.Error:
        return False


def _own_resource_tracker_pid() -> int | None:
    # A private attribute of the standard library (3.8-3.13); without it, the command line alone decides.
    tracker = getattr(resource_tracker, "_resource_tracker", None)
    return getattr(tracker, "_pid", None)


def _is_partial(path: Path) -> bool:
    """A temporary of an atomic write: `.name.XXXX.part`; also the names of the writers before
    countydigital.atomic (`.name.XXXX.tmp.ext`, `.name.tmp`), so their leftovers are swept too."""
    return is_temporary(path) or (path.name.startswith(".") and ".tmp" in path.name)


def sweep_partial_files(folders: tuple[Path, ...] | None = None, *, min_age: float = 0.0) -> list[Path]:
    """Remove half-written temporaries under the data and build folders; return what was removed.

    `min_age` (seconds): leave younger temporaries alone; at the start of a build this spares
    the writes of another process (a JupyterLab session filling the census cache, say).
    """
    cutoff = time.time() - min_age
    folders = folders or (paths.PROCESSED_DIR, paths.RAW_DIR, paths.BUILD_DIR)
    removed: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(".*")):
            if path.is_file() and _is_partial(path) and path.stat().st_mtime <= cutoff:
                path.unlink(missing_ok=True)
                removed.append(path)
    cache = cache_dir()
    if cache.is_dir():  # pagecache.store stages a whole entry as `.KEY.XXXX.part/` (before: `.KEY.XXXX/`)
        for path in cache.glob(".*"):
            if path.is_dir() and path.stat().st_mtime <= cutoff:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def after_interrupt() -> None:
    """What the build does when it is stopped mid-run: stop its processes, then sweep their temporaries
    (and the socket folders of the kernels among them)."""
    try:
        folders = socket_folders(psutil.Process().children(recursive=True))
    except psutil.Error:
        folders = []
    stop_descendants()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    sweep_partial_files()
