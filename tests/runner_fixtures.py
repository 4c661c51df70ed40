"""A tiny notebook project for exercising the runner without the real notebooks."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

from countydigital import paths


def make_notebooks(root: Path) -> Path:
    """notebooks/aa-test.ipynb with two parameter sets; `county="boom"` makes cell 3 raise."""
    nb_dir = root / "notebooks"
    nb_dir.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("county = 'x'\nseed = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Test page 测试页"),
        params,
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nprint('county', county, 'seed', seed)"),
        nbformat.v4.new_code_cell("if county == 'boom':\n    raise ValueError('asked to fail')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, nb_dir / "aa-test.ipynb")
    write_parameter_sets(nb_dir, ["one", "two"])
    return nb_dir


def write_parameter_sets(nb_dir: Path, counties: list[str]) -> None:
    lines = ["notebooks:", "  aa-test:"] + [f"    - {{id: {c}, parameters: {{county: {c}}}}}" for c in counties]
    (nb_dir / "parameter_sets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def runner_env(root: Path) -> dict:
    env = dict(os.environ)
    env.update(
        COUNTYDIGITAL_NOTEBOOKS_DIR=str(root / "notebooks"),
        COUNTYDIGITAL_BUILD_DIR=str(root / "build"),
        COUNTYDIGITAL_SITE_DIR=str(root / "site"),
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
    )
    return env


def run_cli(root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "countydigital", "run", *args], cwd=paths.PROJ_ROOT,
                          env=runner_env(root), capture_output=True, text=True, timeout=timeout)
