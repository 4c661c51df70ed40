"""One build at a time per build folder.

Two builds in one checkout share the work folders, the cache, the ledger records and
the fixed staging names beside site/: run side by side, one swapped its site in while
the other was still assembling, and the site lost its pages. So a build (the ordinary
one and `run --counties` alike) holds an exclusive lock, `build/build.lock`, from
before it touches anything in build/ until it has published.

The lock is an OS file lock (the `filelock` package: flock on Unix): the system
releases it when its process ends, however it ends, so the lock of a build killed
outright is simply taken over; nothing stale is ever left to clean up. Beside it,
`build.lock.json` says who holds it (pid, start time, command), for the message of a
build that has to wait. Within one process the lock is re-entrant (the CLI and the
library may both take it).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import filelock
import psutil

from .. import atomic, paths
from ..exceptions import BuildError

LOCK_NAME = "build.lock"
HOLDER_NAME = "build.lock.json"
# How long a waiting build gives a new holder to write its name before calling it "another build".
NAME_GRACE_S = 2.0

log = logging.getLogger(__name__)

# One lock object per lock file in this process: a second FileLock on the same file would be a
# second open file, which the OS lock treats as another owner (the process would wait for itself).
_locks: dict[Path, filelock.FileLock] = {}


class BuildBusy(BuildError):
    """Another build holds the lock and the caller would not wait (`run --no-wait`)."""


def lock_file(build_dir: Path | None = None) -> Path:
    return (build_dir or paths.BUILD_DIR) / LOCK_NAME


def holder(build_dir: Path | None = None) -> dict | None:
    """Who holds (or last held) the lock: {"pid", "started", "command"}, or None when unknown."""
    file = lock_file(build_dir).with_name(HOLDER_NAME)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def describe(info: dict | None) -> str:
    """'the build started at 14:02:07 by process 4242' (or a plain 'another build' when nobody is known)."""
    if not info or not _alive(info.get("pid")):
        return "another build"  # the holder is just starting and has not said who it is yet
    return f"the build started at {info.get('started', '?')} by process {info['pid']}"


def _alive(pid) -> bool:
    try:
        return isinstance(pid, int) and psutil.pid_exists(pid)
    except psutil.Error:
        return False


@contextlib.contextmanager
def held(build_dir: Path | None = None, *, wait: bool = True) -> Iterator[None]:
    """Hold the build lock of `build_dir` for the block.

    When another build holds it: wait (saying once for whom), or with `wait=False`
    raise BuildBusy at once, naming that build.
    """
    path = lock_file(build_dir).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _locks.setdefault(path, filelock.FileLock(path))
    if lock.is_locked:  # this process holds it already (the CLI, then the library): re-enter
        with lock:
            yield
        return
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        whom = _name_of_holder(lock, build_dir)
        if whom is None:  # it finished while we asked: ours now, nobody to wait for
            with _holding(lock, path):
                yield
            return
        if not wait:
            raise BuildBusy(f"{whom} is still running in {path.parent} (lock {path.name}); "
                            "run again when it has finished, or without --no-wait to wait for it") from None
        log.info("waiting for %s to finish (one build at a time in %s)", whom, path.parent)
        lock.acquire()
    with _holding(lock, path):
        yield


@contextlib.contextmanager
def _holding(lock: filelock.FileLock, path: Path) -> Iterator[None]:
    """The block, with the acquired `lock` and our name beside it; released however the block ends."""
    try:
        atomic.write_json(path.with_name(HOLDER_NAME), {
            "pid": os.getpid(),
            "started": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(sep=" "),
            "command": " ".join(sys.argv),
        })
        yield
    finally:
        lock.release()


def _name_of_holder(lock: filelock.FileLock, build_dir: Path | None) -> str | None:
    """Who holds the lock, as `describe` says it; None when the lock came free meanwhile (then we hold it).

    The holder writes its name just after taking the lock, so a build that asks in between would
    find none (or a finished build's): it gives the holder a moment to say who it is.
    """
    deadline = time.monotonic() + NAME_GRACE_S
    while True:
        info = holder(build_dir)
        if info and _alive(info.get("pid")):
            return describe(info)
        if time.monotonic() >= deadline:
            return describe(None)
        try:
            lock.acquire(timeout=0.05)
        except filelock.Timeout:
            continue
        return None
