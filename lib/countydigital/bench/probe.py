"""Count kernel starts, across every process of a build, from outside the build.

`install(folder)` writes a kernelspec named like the project's kernel into
`folder/kernels/`; pointing JUPYTER_PATH at `folder` makes Jupyter find it before
the installed one (JUPYTER_PATH is searched first). Its command is this module,
which appends one line to the log file named by COUNTYDIGITAL_BENCH_KERNEL_LOG and
then replaces itself with the real kernel (os.execv: same process, nothing
changes for the kernel). So a build that starts no kernel leaves the log
untouched: the proof the no-change rebuild needs, independent of the runner's own
progress messages. A probe that cannot count would show 0 for the cold build too,
so the benchmark also checks that the cold build's count equals its jobs.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..config import KERNEL_NAME

LOG_ENV = "COUNTYDIGITAL_BENCH_KERNEL_LOG"


def install(folder: Path, log: Path) -> dict[str, str]:
    """Write the counting kernelspec; return the environment variables that activate it."""
    from jupyter_client.kernelspec import KernelSpecManager

    original = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    spec_dir = folder / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "countydigital.bench.probe", "-f", "{connection_file}"],
        "display_name": f"{original.display_name} (counted)",
        "language": original.language,
        "metadata": original.metadata,
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")
    return {"JUPYTER_PATH": str(folder), LOG_ENV: str(log)}


def count(log: Path) -> int:
    """Kernel starts logged so far."""
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def reset(log: Path) -> None:
    log.write_text("", encoding="utf-8")


def main(argv: list[str]) -> None:
    log = os.environ.get(LOG_ENV)
    if log:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, f"{os.getpid()}\n".encode())
        finally:
            os.close(fd)
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
