"""What a build's worker imports before its first job: imported once, by the fork server (runner.workerprocesses).

The modules a notebook's worker and a kernel's worker run on, and those every notebook imports
(config.WARM_IMPORTS). Modules only: no data is read and no shell is made here, since both
depend on the build that later forks the worker.

Then what every worker would otherwise do again on its first page, and that depends on no
build: the page exporters compile their templates and the CSS selectors nbconvert looks
pages over with (~0.2 CPU-s a worker). Last, what is alive is frozen out of the garbage
collector (gc.freeze, as Python's documentation advises before forking): a worker's
collections then walk only the objects it made itself, and leave the server's pages shared.
"""
import gc
import importlib

import ipykernel.ipkernel  # noqa: F401
import ipykernel.zmqshell  # noqa: F401
import IPython  # noqa: F401

from ..config import WARM_IMPORTS
from . import execute, inprocess, languages, render, sharedkernel  # noqa: F401
from .executors import inprocess as inprocess_executor  # noqa: F401
from .executors import local, warm  # noqa: F401

for _name in WARM_IMPORTS:
    importlib.import_module(_name)
inprocess.import_machinery()
for _lang in languages.LANGS:
    render.rehearse(_lang)
gc.collect()
gc.freeze()
