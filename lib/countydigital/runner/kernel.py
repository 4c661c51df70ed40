"""The notebooks' kernels, started and stopped quietly: local sockets, and a shutdown that is asked, not forced.

Two things made every successful build print kernel warnings and errors:

- a kernel on TCP warns that its traffic is unencrypted. These kernels never leave
  the machine, so they talk over IPC (Unix sockets) instead: no port to race for
  between parallel kernels, nothing reachable from the network, no warning. The
  sockets and the connection file live in a fresh short folder (a socket path must
  stay under ~100 bytes), removed with the kernel;
- jupyter_client's `shutdown_kernel` interrupts the kernel before asking it to stop,
  and the kernel logs "KeyboardInterrupt caught in kernel" as an ERROR. This manager
  sends the shutdown request alone, waits, and only then terminates a kernel that did not go.

`QuietKernelManager` is papermill's kernel manager class for fresh kernels (papermill
owns them: it notices a kernel that dies and stops it at the end); `start`/`stop` are
for a kernel kept over several notebooks (`sharedkernel`). It is asynchronous, as
papermill expects: with a blocking manager a kernel that died mid-cell hung the run.
"""
from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from ..config import KERNEL_NAME
from .kernelfolders import FOLDER_PREFIX, socket_root

# In-memory IPython history (papermill passes the same for the kernels it starts): parallel
# kernels would otherwise contend for one SQLite history file.
HISTORY_IN_MEMORY = "--HistoryManager.hist_file=:memory:"


class QuietKernelManager(AsyncKernelManager):
    """A kernel on IPC sockets in a folder of its own, shut down by request (no interrupt first)."""

    def __init__(self, **kwargs):
        # A client stream's callback can still fire once the kernel's IPC sockets are closed at
        # shutdown; tornado then logs "Socket operation on non-socket" as an ERROR on a build that
        # succeeded. Only stream callbacks of these kernel clients log there in the runner.
        logging.getLogger("tornado.general").setLevel(logging.CRITICAL)
        folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=socket_root()))
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", str(folder / "k"))
        kwargs.setdefault("connection_file", str(folder / "kernel.json"))
        super().__init__(**kwargs)
        self.socket_folder = folder

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        if restart or not self.owns_kernel:
            await super()._async_shutdown_kernel(now=now, restart=restart)
            return
        self.shutting_down = True
        self.stop_restarter()
        if self.has_kernel:
            if now:  # killed, still without the interrupt the base class sends first
                await self._async_kill_kernel()
            else:
                await self._async_request_shutdown()
                await self._async_finish_shutdown()  # SIGTERM, then SIGKILL, only if it did not stop
        await self._async_cleanup_resources()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self.socket_folder, ignore_errors=True)

    shutdown_kernel = _async_shutdown_kernel
    cleanup_resources = _async_cleanup_resources


def start(cwd: Path | str, kernel_name: str = KERNEL_NAME) -> QuietKernelManager:
    """A started kernel working in `cwd`; it inherits this process's environment as it is now."""
    km = QuietKernelManager(kernel_name=kernel_name)
    try:
        run_sync(km.start_kernel)(cwd=str(cwd), extra_arguments=[HISTORY_IN_MEMORY])
    except BaseException:
        stop(km)
        raise
    return km


def is_alive(km: QuietKernelManager) -> bool:
    return run_sync(km.is_alive)()


def stop(km: QuietKernelManager, now: bool = False) -> None:
    """Shut the kernel down (by request; `now`: kill it) and free its sockets and files."""
    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=now)  # frees its sockets and files too
            return
    except Exception:  # a kernel gone in an unexpected way: its sockets and files must still go
        pass
    with contextlib.suppress(Exception):
        run_sync(km.cleanup_resources)()
