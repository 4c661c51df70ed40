"""Notebooks executed inside the worker process: no kernel, no ZeroMQ round trips (the atlas's engine).

A county profile's own cells take about a second; through a kept kernel each one also
pays papermill's and nbclient's message round trips, the kernel's reset over ZeroMQ and
the wait for idle between cells. In the spirit of ploomber-engine and execnb, this module
runs the cells in the worker's own interpreter, in an IPython shell whose display hook,
display publisher, streams and traceback hook record outputs exactly as the kernel
would send them (same JSON cleaning, same `nbformat.v4.output_from_msg`), behind a
papermill engine (`ENGINE`): papermill still parameterises the notebook, keeps its
metadata and reports a failing cell, so the executed notebook and the page are the same
bytes as through a kernel (tested: tests/build/test_inprocess_engine.py).

Between notebooks, kernelstate.restore() puts back what a fresh kernel would start with,
as in a kept kernel. The worker's own machinery (the runner, papermill, nbconvert,
multiprocessing ...) is not reset. A notebook that fails taints the process it ran in:
`InProcessRunner` then hands every later job of the worker to a kept kernel
(runner.sharedkernel), so a failure still cannot reach the next page.

Known differences from a kernel: stream text a cell prints is one output per stretch of
printing (a kernel flushes every 0.2 s, so a slow cell printing can give several); a
notebook cannot touch the C-level stdout; a patch a notebook makes to the runner's own
modules is not undone.
"""
from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import threading
from pathlib import Path

from ..config import WARM_IMPORTS
from . import kernelstate
from .jobs import Job
from .results import Result

ENGINE = "countydigital-inprocess"
# Modules of this process's runner: never reset between notebooks (resetting them could break the run itself).
MACHINERY = ("__mp_main__", "countydigital.runner", "papermill", "nbclient", "nbconvert", "nbformat", "multiprocessing",
             "concurrent", "jinja2", "markupsafe", "mistune", "bleach", "tinycss2", "pygments", "tqdm",
             "jsonschema", "jsonschema_specifications", "referencing", "fastjsonschema", "rpds", "yaml",
             "defusedxml", "pandocfilters", "jupyterlab_pygments", "ipykernel", "dateutil", "tenacity")


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr while a cell runs: text goes into the cell's outputs."""

    def __init__(self, shell, name: str):
        self.shell, self.name = shell, name

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        if text:
            self.shell.stream(self.name, str(text))
        return len(text)


def _shell_class():
    """The shell class, built on first use (IPython and ipykernel are imported only by a worker that runs cells)."""
    from ipykernel.jsonutil import encode_images, json_clean
    from ipykernel.zmqshell import ZMQInteractiveShell
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from traitlets import Type

    class CapturingDisplayHook(DisplayHook):
        """A cell's value as the kernel's display hook sends it: an execute_result."""

        content = None

        def start_displayhook(self):
            self.content = {"data": {}, "metadata": {}}

        def write_output_prompt(self):
            self.content["execution_count"] = self.prompt_count

        def write_format_data(self, format_dict, md_dict=None):
            self.content["data"] = json_clean(encode_images(format_dict))
            self.content["metadata"] = md_dict

        def finish_displayhook(self):
            if self.content and self.content["data"]:
                self.shell.emit("execute_result", self.content)
            self.content = None

    class CapturingPublisher(DisplayPublisher):
        """display() as the kernel's publisher sends it: display_data (clear_output honoured)."""

        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            content = {"data": encode_images(data), "metadata": metadata or {}, "transient": transient or {}}
            self.shell.emit("update_display_data" if update else "display_data", json_clean(content))

        def clear_output(self, wait=False):
            self.shell.clear(wait)

    class InProcessZMQShell(ZMQInteractiveShell):
        """The kernel's shell class without a kernel; outputs recorded into the running cell.

        It stays a ZMQInteractiveShell (and "zmq" in its name) because libraries decide how
        to render by asking whether they run under a notebook kernel (pandas: `"zmq" in
        str(type(get_ipython()))` for the console size, and `hasattr(ip, "kernel")`), and
        they must decide as in a kernel for the outputs to be the same."""

        displayhook_class = Type(CapturingDisplayHook)
        display_pub_class = Type(CapturingPublisher)

        def init_history(self):  # no history file: thousands of notebooks would fill one
            super().init_history()
            self.history_manager.enabled = False

        def begin(self, outputs: list) -> None:
            self.outputs, self._clear_wait = outputs, False

        def emit(self, msg_type: str, content: dict) -> None:
            from nbformat.v4 import output_from_msg

            try:
                out = output_from_msg({"msg_type": msg_type, "header": {"msg_type": msg_type}, "content": content})
            except ValueError:  # update_display_data: nbclient ignores it without a display id map too
                return
            if self._clear_wait:
                self.outputs[:] = []
                self._clear_wait = False
            self.outputs.append(out)

        def stream(self, name: str, text: str) -> None:
            last = self.outputs[-1] if self.outputs else None
            if last is not None and last.get("output_type") == "stream" and last.get("name") == name \
                    and not self._clear_wait:
                last["text"] += text
            else:
                self.emit("stream", {"name": name, "text": text})

        def clear(self, wait: bool) -> None:
            if wait:
                self._clear_wait = True
            else:
                self.outputs[:] = []

        def _showtraceback(self, etype, evalue, stb):
            self.emit("error", {"ename": str(etype.__name__), "evalue": str(evalue), "traceback": stb})
            self._last_traceback = stb

    return InProcessZMQShell


_shell = []  # this process's shell (at most one)


def shell():
    """This process's notebook shell, made and warmed up on first use (imports, then the state snapshot)."""
    if not _shell:
        sh = _shell_class().instance()
        _shell.append(sh)
        with sh.builtin_trap:
            for name in WARM_IMPORTS:
                __import__(name)
            import_machinery()
            _matplotlib_as_in_a_kernel()
            _pandas_as_in_a_kernel()
            kernelstate.snapshot(machinery=MACHINERY)
    return _shell[0]


def import_machinery() -> None:
    """What runs a notebook and exports it, imported before the snapshot (so it is machinery, not state)."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    from . import render

    render.exporter()


def _matplotlib_as_in_a_kernel() -> None:
    """matplotlib takes its backend from MPLBACKEND when it is imported, and a worker forked warm
    (runner.workerprocesses) imported it before this run's environment named the kernel's backend."""
    backend = os.environ.get("MPLBACKEND")
    if backend and "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rcParams["backend"] = backend


def _pandas_as_in_a_kernel() -> None:
    """pandas chose at import whether it runs in a terminal, by asking IPython, and this process imported it
    before the shell existed: in a terminal it sizes DataFrame reprs to the terminal (display.max_columns 0),
    under a kernel it shows 20 columns. Ask again now, as a kernel's import would have."""
    if "pandas" not in sys.modules:
        return
    import pandas
    from pandas._config import config
    from pandas.core.config_init import is_terminal

    key = "display.max_columns"
    option = config._registered_options[key]
    if not is_terminal() and option.defval == 0:
        config._registered_options[key] = option._replace(defval=20)  # pandas' own value outside a terminal
        pandas.set_option(key, 20)


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _alarm(seconds: int | None):
    """Interrupt a cell that runs longer than `seconds` (main thread only, where signals are delivered)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise _Timeout(f"Cell execution timed out after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cell(cell, timeout: int | None = None) -> bool:
    """Execute one code cell in this process's shell, its outputs and count into `cell`; False if it failed."""
    from nbformat import NotebookNode

    sh = shell()
    cell.outputs = []
    if not cell.source.strip():  # as nbclient: an empty cell is not sent, keeps no count
        return True
    outputs: list[NotebookNode] = []
    sh.begin(outputs)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream(sh, "stdout"), _Stream(sh, "stderr")
    try:
        with _alarm(timeout):
            result = sh.run_cell(cell.source, store_history=True, silent=False, cell_id=cell.get("id"))
    finally:
        sys.stdout, sys.stderr = saved
    cell.outputs = outputs
    if result.execution_count:
        cell.execution_count = result.execution_count
    allowed = "raises-exception" in cell.metadata.get("tags", [])
    return result.success or allowed


def _engine_class():
    from papermill.engines import Engine

    class InProcessEngine(Engine):
        """Papermill engine: the cells run in this process's shell (see the module's docstring)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, execution_timeout=None, **kwargs):
            from ipykernel.ipkernel import IPythonKernel

            for index, cell in enumerate(nb_man.nb.cells):
                try:
                    nb_man.cell_start(cell, index)
                    if cell.cell_type == "code" and not run_cell(cell, execution_timeout):
                        nb_man.cell_exception(cell, cell_index=index)
                        break
                finally:
                    nb_man.cell_complete(cell, cell_index=index)
            nb_man.nb.metadata["language_info"] = dict(IPythonKernel.language_info)

    return InProcessEngine


def register_engine() -> None:
    from papermill.engines import papermill_engines

    if ENGINE not in papermill_engines._engines:
        papermill_engines.register(ENGINE, _engine_class())


def prepare_workers() -> None:
    """Before starting worker processes that run notebooks in-process: no per-process hash salt.

    A kernel is started with PYTHONHASHSEED=0 so that set and dict-of-set orders repeat from
    build to build; a process's salt is fixed when it starts, so its workers must inherit it."""
    os.environ["PYTHONHASHSEED"] = "0"


def hash_seed_fixed() -> bool:
    return not sys.flags.hash_randomization


class InProcessRunner:
    """Runs job after job in this process (same interface as sharedkernel.WarmKernel).

    After a notebook fails, this process's state is no longer trusted: every later job
    runs on a kept kernel instead (`fallback`). So does every job of a process started
    without a fixed hash seed (see `prepare_workers`): its pages could differ in order."""

    def __init__(self):
        from .sharedkernel import WarmKernel

        self.fallback = None if hash_seed_fixed() else WarmKernel()
        self.runs = 0

    def run(self, job: Job, workdir: str, timeout: int = 1800) -> Result:
        if self.fallback is not None:
            return self.fallback.run(job, workdir, timeout=timeout)
        from .execute import execute_job, kernel_environment, run_environment

        records = Path(workdir) / "records.jsonl"
        try:
            if not _shell:
                kernel_environment(job, records)  # PATH, backend, hash seed, as a kernel inherits them
            sh = shell()
            with sh.builtin_trap:
                kernelstate.restore(run_environment(job, records), str(job.notebook_path.parent))
            register_engine()
            self.runs += 1
            result = execute_job(job, workdir, timeout=timeout, engine=ENGINE)
        except Exception as exc:  # the shell itself failed: this job fails, the next ones get a kernel
            result = Result.failure(job, f"in-process: {type(exc).__name__}: {exc}")
        if not result.ok:
            from .sharedkernel import WarmKernel

            self.fallback = WarmKernel()
        return result

    def shutdown(self) -> None:
        if self.fallback is not None:
            self.fallback.shutdown()


def execute_batch(items: list[tuple[Job, str]], progress_queue=None, timeout: int = 1800) -> list[Result]:
    """Run several jobs in this process, one after another; returns execute_job's result for each.

    `items`: (job, work folder) pairs. Each result is also put on `progress_queue` as soon as it is known.
    """
    runner = InProcessRunner()
    results = []
    try:
        for job, workdir in items:
            result = runner.run(job, workdir, timeout=timeout)
            results.append(result)
            if progress_queue is not None:
                progress_queue.put(result)
    finally:
        runner.shutdown()
    return results
