"""What a build's worker imports before its first job: imported once, by the fork server (runner.workerprocesses).

The modules a notebook's worker and a kernel's worker run on, and those every notebook imports
(config.WARM_IMPORTS). Modules only: no data is read and no shell is made here, since both
depend on the build that later forks the worker.
"""
import importlib

import ipykernel.ipkernel  # noqa: F401
import ipykernel.zmqshell  # noqa: F401
import IPython  # noqa: F401

from ..config import WARM_IMPORTS
from . import execute, inprocess, sharedkernel  # noqa: F401
from .executors import inprocess as inprocess_executor  # noqa: F401
from .executors import local, warm  # noqa: F401

for _name in WARM_IMPORTS:
    importlib.import_module(_name)
inprocess.import_machinery()
