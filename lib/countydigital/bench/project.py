"""A scratch copy of the notebook project for the benchmarks, with its own build/ and site/.

The benchmarks never touch the user's build/ or site/: the notebooks (the chosen
ones, with their parameter sets) are copied under benchmarks/runs/ (git-ignored),
and the runner is pointed there by the same environment variables the tests use.
The data layer's caches (census, boundaries and survey parquet under
data/processed/) are shared and warm: the benchmarks compare ways of running the
notebooks, not workbook parsing (measured separately in `counties`).

The package itself is run from a frozen copy (`src/lib`, first on PYTHONPATH for
every process and kernel of the benchmark): the cache key covers the package
source, so an edit saved anywhere in lib/ while the benchmark runs would otherwise
turn its no-change rebuild into a full one.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import paths, yamlio
from . import probe

RUNS_DIR = paths.PROJ_ROOT / "benchmarks" / "runs"
PROGRESS = re.compile(r"^\[\d+/\d+\] (\S+)\s+(ok|failed)\s+\((cache|[\d.]+s);", re.M)


@dataclass
class Outcome:
    """One timed command: wall seconds, kernels started, which jobs executed or came from the cache."""

    seconds: float
    kernels: int
    returncode: int
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    stderr: str = ""

    def check(self, what: str) -> "Outcome":
        if self.returncode != 0:
            raise RuntimeError(f"benchmark step '{what}' failed (exit {self.returncode}):\n{self.stderr[-3000:]}")
        return self


@dataclass
class Project:
    root: Path
    notebooks: list[str]
    env: dict[str, str]
    kernel_log: Path

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def clean(self) -> None:
        """Forget every build: an empty runner cache and no site (a cold build follows)."""
        for folder in (self.build_dir, self.site_dir, self.root / "naive"):
            shutil.rmtree(folder, ignore_errors=True)

    def command(self, argv: list[str], timeout: float = 3600) -> Outcome:
        """Run `argv` in the project's environment; count the kernels it started."""
        probe.reset(self.kernel_log)
        started = time.perf_counter()
        proc = subprocess.run(argv, cwd=paths.PROJ_ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        seconds = time.perf_counter() - started
        executed = [label for label, _, how in PROGRESS.findall(proc.stderr) if how != "cache"]
        cached = [label for label, _, how in PROGRESS.findall(proc.stderr) if how == "cache"]
        return Outcome(seconds, probe.count(self.kernel_log), proc.returncode, executed, cached, proc.stderr)

    def run(self, *args: str, timeout: float = 3600) -> Outcome:
        """`python -m countydigital run ARGS` against this project."""
        return self.command([sys.executable, "-m", "countydigital", "run", *args], timeout=timeout)


def make(name: str, notebooks: list[str] | None = None) -> Project:
    """A fresh scratch project under benchmarks/runs/NAME with the chosen notebooks (default: all)."""
    root = RUNS_DIR / name
    shutil.rmtree(root, ignore_errors=True)
    (root / "notebooks").mkdir(parents=True)
    sets = yamlio.safe_load(paths.PARAMETER_SETS_FILE.read_text(encoding="utf-8"))
    chosen = sorted(sets["notebooks"])
    if notebooks:
        chosen = [n for n in chosen if any(n == want or n.startswith(want) for want in notebooks)]
    for name_ in chosen:
        shutil.copyfile(paths.NOTEBOOKS_DIR / f"{name_}.ipynb", root / "notebooks" / f"{name_}.ipynb")
    sets["notebooks"] = {n: sets["notebooks"][n] for n in chosen}
    (root / "notebooks" / "parameter_sets.yaml").write_text(
        yaml.safe_dump(sets, allow_unicode=True, sort_keys=True), encoding="utf-8")
    src = _snapshot(root / "src")
    log = root / "kernels.log"
    env = dict(os.environ)
    env.update(probe.install(root / "jupyter", log))
    env.update(
        COUNTYDIGITAL_NOTEBOOKS_DIR=str(root / "notebooks"),
        COUNTYDIGITAL_BUILD_DIR=str(root / "build"),
        COUNTYDIGITAL_SITE_DIR=str(root / "site"),
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        PYTHONWARNINGS="ignore",
        PYTHONPATH=os.pathsep.join(filter(None, [str(src / "lib"), env.get("PYTHONPATH")])),
    )
    return Project(root, chosen, env, log)


def _snapshot(src: Path) -> Path:
    """A frozen copy of the package laid out like the project (data/ linked, not copied)."""
    shutil.copytree(paths.PROJ_ROOT / "lib" / "countydigital", src / "lib" / "countydigital",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copyfile(paths.PROJ_ROOT / "requirements.lock", src / "requirements.lock")
    os.symlink(paths.DATA_DIR, src / "data")
    return src
