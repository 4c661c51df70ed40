"""Provenance of a build: code version, package versions, data checksums, seed."""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import platform
import subprocess

from .. import datafetch, paths
from ..config import DEFAULT_SEED

KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert", "pyarrow", "openpyxl", "pandera")


def git_commit() -> str:
    """HEAD's commit, with '+dirty' when the working tree has uncommitted changes."""
    try:
        def git(*args):
            return subprocess.run(["git", *args], cwd=paths.PROJ_ROOT, capture_output=True, text=True,
                                  check=True).stdout.strip()

        head = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def collect() -> dict:
    """Everything the index's provenance block shows. The only volatile field is `built_at`."""
    return {
        "built_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "git_commit": git_commit(),
        "packages": package_versions(),
        "data_sha256": datafetch.checksums(),
        "seed": DEFAULT_SEED,
    }
