"""Inside a reused kernel: put back the state a fresh kernel would start a notebook with.

The warm engine (runner.sharedkernel) runs many notebooks in one kernel so that
imports and the census and boundary caches are paid once. This module runs in that
kernel: `snapshot()` once after the kernel started and imported the heavy modules,
`restore(env, cwd)` before every notebook. What a notebook can change and a fresh
kernel would not carry over, and how each is put back:

- its variables: IPython's own reset (user namespace, output history), and the
  execution counter from 1 (cells are numbered as in a fresh kernel);
- module attributes, in every module loaded at the snapshot and the classes they define
  (a monkeypatch such as `census.lookup = ...` or `pandas.DataFrame.x = ...`): values
  rebound since are set back, attributes added are removed. A module first imported by
  a notebook is recorded as that notebook left it (the one gap: a patch a notebook makes
  to a module only it imported survives into the next notebook);
- process settings: os.environ (then the run's own values), the working directory,
  sys.path, warnings filters (and the "already shown" registries), matplotlib's
  rcParams and open figures, pandas options, numpy print options;
- random state: `random` and numpy's global generator reseeded from the OS, as a new
  process is.

Caches kept in place (functools.lru_cache, dicts mutated in place) survive: that is
the point. Modules of the kernel's own machinery are never touched.
"""
from __future__ import annotations

import copy
import gc
import operator
import os
import sys
import warnings

# The kernel's own machinery: resetting its module state mid-session could break the kernel itself.
_KERNEL_MACHINERY = ("IPython", "ipykernel", "zmq", "tornado", "asyncio", "jupyter_client", "jupyter_core",
                     "traitlets", "comm", "debugpy", "matplotlib_inline", "threading", "_thread", "sys", "__main__",
                     "importlib", "concurrent", "selectors", "socket", "ssl", "queue", "logging", "site", "encodings",
                     "codecs", "io", "abc", "_weakrefset", "weakref", "gc", "atexit", "signal", "psutil", "linecache",
                     "tokenize", "inspect", "ast", "contextvars", "typing", "functools", "copyreg", "pickle")

_MISSING = object()
_machinery: list[str] = []  # more machinery when notebooks run in the runner's own process (runner.inprocess)
_modules: dict[str, tuple[object, dict, list[tuple[type, dict]]]] = {}
_settings: dict[str, object] = {}


def _managed(name: str) -> bool:
    return (name != __name__ and name.split(".", 1)[0] not in _KERNEL_MACHINERY
            and not any(name == m or name.startswith(m + ".") for m in _machinery))


def _record_module(name: str, module) -> None:
    try:
        attrs = dict(vars(module))
    except TypeError:
        return
    classes = [(v, dict(v.__dict__)) for v in attrs.values()
               if isinstance(v, type) and getattr(v, "__module__", None) == name]
    _modules[name] = (module, attrs, classes)


def _record_new_modules() -> None:
    for name, module in list(sys.modules.items()):
        if module is not None and name not in _modules and _managed(name):
            _record_module(name, module)


def _unchanged(current, recorded: dict) -> bool:
    """Same names, in the same order, bound to the very same objects: nothing to put back.

    The common case (a notebook patches nothing), checked at C speed: comparing the
    thousands of modules and classes one attribute at a time costs ~25 ms a notebook."""
    return (len(current) == len(recorded) and all(map(operator.is_, current.values(), recorded.values()))
            and list(current) == list(recorded))


def _keep_loaded_submodules(name: str, current: dict, recorded: dict) -> None:
    """A submodule a notebook imported stays loaded (see above), so its parent keeps the attribute the import
    bound: without it, a later `import pkg.sub` finds pkg.sub loaded, binds nothing, and `pkg.sub` fails."""
    for key, value in current.items():
        if key not in recorded and sys.modules.get(f"{name}.{key}") is value:
            recorded[key] = value


def _put_back(target, current: dict, recorded: dict, set_attr) -> int:
    """Rebind what changed and remove what was added; returns how many attributes were put back."""
    changed = 0
    for key in [k for k in current if k not in recorded]:
        try:
            delattr(target, key)
            changed += 1
        except (AttributeError, TypeError):
            pass
    for key, value in recorded.items():
        if current.get(key, _MISSING) is not value:
            try:
                set_attr(target, key, value)
                changed += 1
            except (AttributeError, TypeError):
                pass
    return changed


def snapshot(machinery: tuple[str, ...] = ()) -> None:
    """Record the state to return to before each notebook (once, after the kernel's warm-up imports).

    `machinery`: further modules (and their submodules) never to reset, for a process that runs notebooks
    and the runner itself."""
    import matplotlib
    import matplotlib.pyplot as plt

    # The first figure resolves the backend, and the inline backend then patches pyplot and turns on
    # interactive mode (IPython's activate_matplotlib): done once here, so the state recorded is the one
    # every notebook's figures are drawn in (else it would be undone before the second notebook).
    plt.close(plt.figure())
    _machinery[:] = machinery
    _modules.clear()
    _record_new_modules()
    _settings["environ"] = dict(os.environ)
    _settings["path"] = list(sys.path)
    _settings["warnings"] = list(warnings.filters)
    _settings["rc"] = copy.deepcopy(dict(matplotlib.rcParams))
    if "pandas" in sys.modules:
        from pandas._config import config as pandas_config

        _settings["pandas"] = copy.deepcopy(pandas_config._global_config)
    if "numpy" in sys.modules:
        _settings["numpy"] = sys.modules["numpy"].get_printoptions()
    _freeze_survivors()


def _freeze_survivors() -> None:
    """Exempt what survives a reset (modules, caches) from later garbage collections.

    IPython's reset ends with a full collection, which walks every object of the kernel:
    ~0.5 s once the census and the boundaries are loaded, paid before every notebook. The
    objects alive now are kept for the kernel's life anyway; frozen, each later collection
    walks only what the notebooks created since. (A kept kernel is replaced after
    sharedkernel.RECYCLE_AFTER runs, which bounds anything frozen that later became garbage.)
    """
    gc.collect()
    gc.freeze()


def restore(env: dict[str, str], cwd: str) -> int:
    """Return to the snapshot, then apply this run's environment and working directory.

    Returns the number of module and class attributes that had to be put back (0 when the
    previous notebook patched nothing)."""
    if not _modules:
        raise RuntimeError("kernelstate.restore() before snapshot()")
    ip = get_ipython()  # noqa: F821 - the kernel's IPython shell, a builtin there
    ip.reset(new_session=True)  # a new history session: the execution counter starts at 1 again
    changed = 0
    for name, (module, attrs, classes) in list(_modules.items()):
        current = vars(module)
        if not _unchanged(current, attrs):
            _keep_loaded_submodules(name, current, attrs)
            changed += _put_back(module, current, attrs, setattr)
        for cls, recorded in classes:
            if not _unchanged(cls.__dict__, recorded):
                changed += _put_back(cls, dict(cls.__dict__), recorded, type.__setattr__)
    _record_new_modules()  # modules the last notebook imported: from now on kept as they are now
    _restore_settings(env, cwd)
    gc.freeze()  # the reset just collected: what is alive now survives from notebook to notebook
    return changed


def _restore_settings(env: dict[str, str], cwd: str) -> None:
    import random

    import matplotlib
    import matplotlib.pyplot as plt

    os.environ.clear()
    os.environ.update(_settings["environ"])
    os.environ.update(env)
    os.chdir(cwd)
    sys.path[:] = _settings["path"]
    warnings.filters[:] = _settings["warnings"]
    warnings._filters_mutated()  # forget which warnings were already shown, as a new process does
    plt.close("all")
    # The recorded values were validated when set; dict's own methods skip validation and deprecation warnings.
    dict.clear(matplotlib.rcParams)
    dict.update(matplotlib.rcParams, copy.deepcopy(_settings["rc"]))
    if "pandas" in _settings:
        from pandas._config import config as pandas_config

        _restore_nested(pandas_config._global_config, _settings["pandas"])
    if "numpy" in _settings:
        sys.modules["numpy"].set_printoptions(**_settings["numpy"])
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()


def _restore_nested(current: dict, recorded: dict) -> None:
    """Set a nested options dict back in place (pandas keeps references to its inner dicts)."""
    for key in [k for k in current if k not in recorded]:
        del current[key]
    for key, value in recorded.items():
        if isinstance(value, dict) and isinstance(current.get(key), dict):
            _restore_nested(current[key], value)
        else:
            current[key] = copy.deepcopy(value)
