"""The kernels' socket folders (`cdk-*`): where they are made, which kernel uses which, and those left behind.

A kernel's sockets and connection file live in a short folder of its own (runner.kernel), removed
with the kernel, or by an interrupted build once it has stopped its kernels (recovery.after_interrupt).
A build killed outright (SIGKILL, power loss) removes nothing; the next build removes such a folder
when it is old and no running process names it (a kernel is started with `-f FOLDER/kernel.json`).
Kept apart from runner.kernel so that the build's own process can sweep without importing Jupyter.
"""
from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

import psutil

FOLDER_PREFIX = "cdk-"
_SOCKET_ROOT_MAX = 60  # longest temporary folder used for sockets; beyond it, /tmp


def socket_root() -> str | None:
    """Where the folders are made: tempfile's own choice (None), or /tmp where that path is too long for a socket."""
    if len(tempfile.gettempdir()) <= _SOCKET_ROOT_MAX or sys.platform == "win32":
        return None
    return "/tmp"


def socket_folders(processes) -> list[Path]:
    """The socket folders of the kernels among `processes` (psutil), read from their `-f` argument.

    A kernel stopped by force (an interrupted build stops its whole process tree) cannot
    remove its folder; the build removes it after stopping the kernel."""
    found = []
    for proc in processes:
        try:
            argv = proc.cmdline()
        except (psutil.Error, OSError):  # gone already, or not ours to read
            continue
        if "-f" in argv[:-1]:
            folder = Path(argv[argv.index("-f") + 1]).parent
            if folder.name.startswith(FOLDER_PREFIX):
                found.append(folder)
    return found


def sweep_abandoned(min_age: float) -> list[Path]:
    """Remove this user's socket folders older than `min_age` seconds that no running kernel uses; return them.

    A folder is made just before its kernel starts, so only an old one can be abandoned."""
    root = Path(socket_root() or tempfile.gettempdir())
    cutoff = time.time() - min_age
    uid = os.getuid() if hasattr(os, "getuid") else None
    old = []
    for folder in root.glob(f"{FOLDER_PREFIX}*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_mtime <= cutoff and (uid is None or info.st_uid == uid):
            old.append(folder)
    if not old:
        return []
    in_use = {folder.resolve() for folder in socket_folders(psutil.process_iter())}
    abandoned = [folder for folder in old if folder.resolve() not in in_use]
    for folder in abandoned:
        shutil.rmtree(folder, ignore_errors=True)
    return abandoned
