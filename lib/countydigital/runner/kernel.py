"""Start and stop the notebooks' kernels quietly: local sockets, and a shutdown that is asked, not forced.

Two things made every successful build print kernel warnings and errors:

- a kernel on TCP warns that its traffic is unencrypted. These kernels never leave
  the machine, so they talk over IPC (Unix sockets) instead: no port to race for
  between parallel kernels, nothing reachable from the network, no warning. The
  sockets and the connection file live in a fresh short folder (a socket path must
  stay under ~100 bytes), removed with the kernel;
- jupyter_client's `shutdown_kernel` interrupts the kernel before asking it to stop,
  and the kernel logs "KeyboardInterrupt caught in kernel" as an ERROR. `stop` sends
  the shutdown request alone, waits, and only then terminates a kernel that did not go.

Kernels keep their IPython history in memory (papermill does the same for the kernels it
starts): parallel kernels would otherwise contend for one SQLite history file.
"""
from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from pathlib import Path

from ..config import KERNEL_NAME

FOLDER_PREFIX = "cdk-"
SHUTDOWN_WAIT = 10.0  # seconds a kernel gets to stop after the request (then SIGTERM, then SIGKILL)
_SOCKET_ROOT_MAX = 60  # longest temporary folder used for sockets; beyond it, /tmp


def _socket_root() -> str | None:
    root = tempfile.gettempdir()
    if len(root) <= _SOCKET_ROOT_MAX or sys.platform == "win32":
        return None  # tempfile's own choice
    return "/tmp"


def start(cwd: Path | str, kernel_name: str = KERNEL_NAME):
    """A started kernel (jupyter_client KernelManager) on IPC sockets, working in `cwd`.

    It inherits this process's environment as it is now. Stop it with `stop`.
    """
    from jupyter_client.manager import KernelManager

    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=_socket_root()))
    km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=str(folder / "k"),
                       connection_file=str(folder / "kernel.json"))
    try:
        km.start_kernel(cwd=str(cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"])
    except BaseException:
        stop(km)
        raise
    return km


def stop(km, wait: float = SHUTDOWN_WAIT) -> None:
    """Ask the kernel to shut down (no interrupt first), wait up to `wait` s, then free its sockets and files."""
    try:
        if km.has_kernel and km.is_alive():
            km.request_shutdown()
            km.finish_shutdown(waittime=wait)
    except Exception:  # a kernel that died meanwhile: nothing left to ask
        with contextlib.suppress(Exception):
            km.kill_kernel()
    finally:
        with contextlib.suppress(Exception):
            km.cleanup_resources()
        folder = Path(km.connection_file).parent  # the folder `start` made (sockets, connection file)
        if folder.name.startswith(FOLDER_PREFIX) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
