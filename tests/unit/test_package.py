"""Package conventions: version, LICENSE, CITATION.cff, the one Jupyter kernel, dependencies, `make help`."""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

import countydigital
from countydigital import config, datafetch, paths
from countydigital.exceptions import BuildError

ROOT = paths.PROJ_ROOT
# cffconvert lives in its own environment (`make tools`): it needs jsonschema<4, which Jupyter cannot use.
CFFCONVERT = Path(sys.prefix) / "tools" / "bin" / "cffconvert"


def _run(*argv: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, cwd=ROOT, timeout=120)


# --- version ---------------------------------------------------------------------------------------------

def test_version_has_one_source():
    assert re.fullmatch(r"\d+\.\d+\.\d+", countydigital.__version__)
    assert metadata.version("countydigital") == countydigital.__version__  # pyproject reads __version__


@pytest.mark.parametrize("command", [[sys.executable, "-m", "countydigital"],
                                     [Path(sys.executable).parent / "countydigital"]],
                         ids=["python -m countydigital", "countydigital"])
def test_version_option_prints_the_version(command):
    result = _run(*command, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"countydigital {countydigital.__version__}\n"


# --- LICENSE and CITATION.cff ----------------------------------------------------------------------------

def test_license_is_mit_for_the_code_and_lists_every_data_source():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "Copyright (c)" in text and "The countydigital contributors" in text
    lines = text.splitlines()
    for key, entry in datafetch.load_manifest().items():
        name, _, upstream = entry.license.partition(" (")
        repo = re.search(r"repository (\S+?)\)?$", upstream)
        line = next((ln for ln in lines if ln.strip().startswith(key + " ")), None)
        assert line is not None, f"LICENSE names no license for manifest entry {key}"
        assert name in line and (repo is None or repo.group(1) in line), (key, entry.license, line)
    for included in ("data/published/claims.yaml", "data/programs/", "data/reference/"):
        assert included in text, included
    assert "SYNTHETIC" in text and "quotation" in text


def _citation() -> dict:
    import yaml
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cites_the_collection_and_the_report():
    cff = _citation()
    assert cff["cff-version"] == "1.2.0" and cff["version"] == countydigital.__version__
    assert cff["authors"] == [{"name": "The countydigital contributors"}] and cff["license"] == "MIT"
    (report,) = cff["references"]
    assert report["type"] == "report" and report["title"] == "欠发达县域数字化就业价值研究报告"
    author = report["authors"][0]["name"]
    assert report["year"] == 2022 and "清华大学社会科学学院县域治理研究中心" in author
    assert "Tsinghua University County Governance Research Center" in author


@pytest.fixture(scope="module")
def cffconvert() -> Path:
    if not CFFCONVERT.is_file():
        pytest.skip(f"cffconvert is not installed in {CFFCONVERT.parent.parent}: `make tools` installs it")
    return CFFCONVERT


def test_citation_validates_with_cffconvert(cffconvert):
    result = _run(cffconvert, "--validate", "-i", ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


def test_cffconvert_refuses_a_broken_citation(cffconvert, tmp_path):
    broken = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken.write_text(text.replace("date-published: 2022-05-17", "date-published: 17 May 2022"), encoding="utf-8")
    assert "17 May 2022" in broken.read_text(encoding="utf-8")  # the schema wants YYYY-MM-DD
    result = _run(cffconvert, "--validate", "-i", broken)
    assert result.returncode != 0 and "17 May 2022" in result.stdout + result.stderr


# --- one Jupyter kernel ----------------------------------------------------------------------------------

def test_one_kernel_for_notebooks_runner_and_lab():
    listing = _run(sys.executable, "-m", "jupyter", "kernelspec", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    specs = json.loads(listing.stdout)["kernelspecs"]
    # What this environment installs; a kernel a user keeps in their own folders is theirs, not the project's.
    in_env = {name for name, spec in specs.items()
              if Path(spec["resource_dir"]).resolve().is_relative_to(Path(sys.prefix).resolve())}
    assert in_env == {config.KERNEL_NAME}, specs.keys()
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        kernelspec = nbformat.read(notebook, as_version=4).metadata["kernelspec"]
        assert kernelspec["name"] == config.KERNEL_NAME, notebook.name

    from jupyter_client.manager import KernelManager
    command = KernelManager(kernel_name=config.KERNEL_NAME).format_kernel_cmd()
    interpreter = Path(shutil.which(command[0]) or command[0])
    assert interpreter.parent.parent.resolve() == Path(sys.prefix).resolve(), command  # this venv's python


# --- dependencies ----------------------------------------------------------------------------------------

# Declared but imported by no module: why each is needed all the same.
NOT_IMPORTED = {
    "jupyterlab": "`make lab`",
    "ipykernel": "the notebooks' kernel",
    "tqdm": "the build's terminal progress bar (being added)",
    "openpyxl": "pandas.read_excel reads the census workbooks with it",
}


def _imported_top_modules() -> set[str]:
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "lib").rglob("*.py")]
    for notebook in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
        sources += [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    found = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # a notebook cell with IPython magics
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_declared_dependency_is_used():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    imported = _imported_top_modules()
    modules_of: dict[str, set[str]] = {}
    for module, dists in metadata.packages_distributions().items():
        for dist in dists:
            modules_of.setdefault(dist.lower().replace("_", "-"), set()).add(module)
    unused = [name for name in map(_name, project["dependencies"])
              if name not in NOT_IMPORTED and not (modules_of.get(name, set()) & imported)]
    assert modules_of and not unused, f"declared in pyproject.toml, imported nowhere: {unused}"
    extras = project["optional-dependencies"]
    assert extras["dask"] == ["dask[distributed]"] and extras["bench"] == ["pyinstrument"]
    base = set(map(_name, project["dependencies"]))
    assert not base & {"dask", "distributed", "pyinstrument", "charset-normalizer"}, base


def test_lock_has_hashes_and_covers_every_extra():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", lock, flags=re.M)
    assert len(pins) > 50
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", lock, flags=re.M)[1:]
    assert all("--hash=sha256:" in block for block in blocks)  # pip's hash-checking mode needs every one
    pinned = {name.lower().replace("_", "-") for name, _ in pins}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = set(map(_name, project["dependencies"]))
    for group in ("test", "dask", "bench"):
        wanted |= set(map(_name, project["optional-dependencies"][group]))
    assert wanted <= pinned, wanted - pinned


def test_dask_executor_without_dask_names_the_extra(monkeypatch):
    from countydigital.runner.executors import dask_cluster

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if it were not installed
    with pytest.raises(BuildError, match=re.escape("pip install '.[dask]'")):
        list(dask_cluster.run_on_dask([], "tcp://127.0.0.1:9"))


# --- make help -------------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_help_shows_the_mirror_variable_and_the_args():
    result = subprocess.run(["make", "--no-print-directory", "help"], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "MAKEFLAGS": ""}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "$COUNTYDIGITAL_DATA_MIRROR" in result.stdout and "$$" not in result.stdout
    for variable in ("RUN_ARGS", "TEST_ARGS", "BENCH_ARGS"):
        assert re.search(rf"^  {variable} +\S", result.stdout, flags=re.M), variable
    for target in ("lock", "check", "lint"):
        assert re.search(rf"^  make {target} ", result.stdout, flags=re.M), target
