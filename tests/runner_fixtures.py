"""A tiny notebook project for exercising the runner without the real notebooks."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

from countydigital import paths


def write_notebook(path: Path, parameters: str, before: list, after: list) -> Path:
    """A notebook at `path`: cells `before`, the papermill `parameters` cell, cells `after`.

    Cells are nbformat cells or plain strings (code). Shared by every hand-made test project.
    """
    def cell(c):
        return nbformat.v4.new_code_cell(c) if isinstance(c, str) else c

    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell(c) for c in before] + [params] + [cell(c) for c in after]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def make_notebooks(root: Path) -> Path:
    """notebooks/aa-test.ipynb with two parameter sets; `county="boom"` makes cell 3 raise."""
    nb_dir = root / "notebooks"
    write_notebook(
        nb_dir / "aa-test.ipynb", "county = 'x'\nseed = 1",
        [nbformat.v4.new_markdown_cell("# Test page 测试页")],
        ["import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nprint('county', county, 'seed', seed)",
         "if county == 'boom':\n    raise ValueError('asked to fail')"],
    )
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


# The all-county stand-in (tests/build/test_allcounty_build.py, tests/browser/test_allcounty_browser.py).
FAILING = "640105"


def make_profile_notebook(root, failing: str = FAILING):
    """A tiny stand-in for 00-county-context: looks the county up, draws a bar, fails for `failing`."""
    nb_dir = root / "notebooks"
    write_notebook(
        nb_dir / "00-county-context.ipynb", "county = '130529'\nseed = 1",
        [nbformat.v4.new_markdown_cell("# Profile 县域概况")],
        [
            "from countydigital.census import lookup\nunit = lookup(county)\nprint(unit.name, unit.code, seed)",
            "import matplotlib.pyplot as plt\nplt.bar([0, 1], [len(unit.name), int(county[-2:])])",
            # a variable left by the previous county must not leak into this one
            "print('previous' in dir())\nprevious = county",
            f"if county == '{failing}':\n    raise ValueError('no profile for ' + county)",
        ],
    )
    (nb_dir / "parameter_sets.yaml").write_text(
        "notebooks:\n  00-county-context:\n    - {id: '640104', parameters: {county: '640104'}}\n", encoding="utf-8")
    return nb_dir
