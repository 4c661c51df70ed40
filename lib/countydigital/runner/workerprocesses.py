"""Worker processes for the build's pools, forked from a server that has the machinery imported.

A spawned worker is a new interpreter that imports pandas, matplotlib, nbformat,
nbconvert, papermill and IPython before its first job: ~1.2 CPU-s per worker, paid by
every pool (a build starts one, an atlas one per batch, the test suite some sixty).
Workers are forked instead from multiprocessing's fork server, which imports PRELOAD
once for the process that starts the pools; a fork costs milliseconds. Only modules are
imported there, never data: what a worker reads depends on the folders of its build.

A process's first pool, when it has one worker and no server runs yet, is spawned as before (`pool`). A forked worker
is given what a spawned one had from the process that started it
(`parent_state`, applied by `adopt_parent`): the project folders (a test or a caller may
have redirected them), the environment as it is now (the server's is that of its start),
and the current stdout and stderr (a caller may have redirected those too). The server
itself starts with PYTHONHASHSEED=0, the salt every worker that runs notebooks in itself
needs (inprocess.prepare_workers); a process's salt is fixed when it starts.

The server keeps the code it imported. A long-lived process (a notebook calling `build`,
a test session) whose package source or installed packages change between two builds
gets a new server, so a worker never runs code older than the build's cache key says.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver, get_all_start_methods, get_context, reduction
from pathlib import Path

from .. import paths

# What a worker needs before its first job, imported once in the server. countydigital.runner comes first:
# it keeps jsonschema from compiling its IRI grammars (runner.lightimports) before nbformat imports it.
PRELOAD = [
    "countydigital.runner",
    "countydigital.runner.workerpreload",
]

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # read at call time (a test points it at a copy)
_started_for: list[str] = []  # the code fingerprint the running server was started with (at most one)
_retired: list[int] = []  # servers replaced after a code change, reaped once their workers have ended
_spawned_once: list = []  # the pool spawned as this process's first (at most one)
_lock = threading.Lock()


def pool(max_workers: int, **options) -> ProcessPoolExecutor:
    """A process pool whose workers start warm and adopt this process's state as it is now.

    The first pool of a process, when it has one worker, is spawned instead: the server's own start
    would cost more than the one import it saves. A process that asks for a second pool (a test
    session, a notebook calling `build` again) has the server started then, for this pool and the next."""
    single = (max_workers == 1 and not options.get("max_tasks_per_child") and not _started_for
              and not _spawned_once)
    if not single:
        return ProcessPoolExecutor(max_workers=max_workers, mp_context=context(), initializer=adopt_parent,
                                   initargs=(parent_state(),), **options)
    executor = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"), initializer=adopt_parent,
                                   initargs=(parent_state(),), **options)
    with _environment(PYTHONHASHSEED="0"):  # the salt is fixed when the process starts: start it now
        executor.submit(os.getpid).result()
    _spawned_once.append(True)
    return executor


def context():
    """The multiprocessing context of the build's pools (and of a Manager they use); spawning where the
    platform has no fork server (Windows)."""
    if "forkserver" not in get_all_start_methods():
        return get_context("spawn")
    ctx = get_context("forkserver")
    with _lock:
        _reap_retired()
        fingerprint = code_fingerprint()
        if _started_for and _started_for[0] != fingerprint:
            _retire_server()
        if not _started_for:
            ctx.set_forkserver_preload(PRELOAD)
            with _environment(PYTHONHASHSEED="0"):
                forkserver.ensure_running()
            _started_for.append(fingerprint)
    return ctx


def server_pid() -> int | None:
    """The fork server's pid, if this process started one (it holds no job: recovery spares it)."""
    return getattr(forkserver._forkserver, "_forkserver_pid", None)


def code_fingerprint() -> str:
    """Changes when the package source or the installed packages do (file sizes and times, not contents: cheap)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    for entry in sys.path:  # installing, upgrading or removing a package changes its folder's listing, so its time
        if Path(entry).name in ("site-packages", "dist-packages"):
            with contextlib.suppress(OSError):
                digest.update(f"{entry}:{os.stat(entry).st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _retire_server() -> None:
    """Start the next pool from a new server, without waiting for the old one: it ends by itself once the
    processes it forked have (they hold its "alive" pipe, as this process did), and a later call reaps it."""
    server = forkserver._forkserver
    with server._lock:
        if server._forkserver_pid is not None:
            _retired.append(server._forkserver_pid)
            os.close(server._forkserver_alive_fd)
            server._forkserver_pid = server._forkserver_alive_fd = server._forkserver_address = None
    _started_for.clear()


def _reap_retired() -> None:
    for pid in list(_retired):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _retired.remove(pid)


def parent_state() -> dict:
    return {
        "paths": {name: value for name, value in vars(paths).items()
                  if name.isupper() and isinstance(value, Path)},
        "environ": dict(os.environ),
        "stdio": [_InheritedFd(fd) for fd in (1, 2)],
    }


def adopt_parent(state: dict) -> None:
    """In a worker: the folders, environment and stdout/stderr of the process that started the pool."""
    for name, value in state["paths"].items():
        setattr(paths, name, value)
    os.environ.clear()
    os.environ.update(state["environ"])
    for target, inherited in zip((1, 2), state["stdio"]):
        if inherited is not None and inherited != target:  # a spawned worker gets the very descriptor
            sys.stdout.flush() if target == 1 else sys.stderr.flush()
            os.dup2(inherited, target)
            os.close(inherited)


class _InheritedFd:
    """A file descriptor of this process, duplicated into the worker when the worker is started."""

    def __init__(self, fd: int):
        self.fd = fd

    def __reduce__(self):
        try:
            os.fstat(self.fd)
            return _detach, (reduction.DupFd(self.fd),)  # only while a process is being started
        except (RuntimeError, OSError):  # pickled elsewhere, or the descriptor is closed: the worker keeps its own
            return _none, ()


def _detach(dup) -> int:
    return dup.detach()


def _none() -> None:
    return None


@contextlib.contextmanager
def _environment(**values: str):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
