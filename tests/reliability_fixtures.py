"""A tiny notebook project whose one notebook misbehaves on request, for the reliability tests.

`aa-fault.ipynb` draws a seeded figure, prints its parameters, then does what
its `mode` parameter asks: raise, kill its own kernel, sleep (leaving its pid
in `marker/` and a half-written temporary in the processed-data folder), print
personal data, read an external data file, load or leak a survey, show a
parameter as Markdown, record a claim with a note. Everything runs in temporary
folders named through the COUNTYDIGITAL_* variables, never the real site.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml

from countydigital import paths
from countydigital.runner.sitediff import digest, strip_provenance  # noqa: F401  (the tests import them from here)
from runner_fixtures import write_notebook

NOTEBOOK = "aa-fault"

_DISPATCH = """\
if mode == "raise":
    raise ValueError("asked to fail")
if mode == "die":
    os._exit(1)
if mode == "slow":
    from countydigital import paths
    paths.PROCESSED_DIR.mkdir(parents=True, exist_ok=True)
    (paths.PROCESSED_DIR / ".census_2010.parquet.ab12.part").write_bytes(b"half")  # a write in progress
    Path(marker).mkdir(parents=True, exist_ok=True)
    (Path(marker) / f"{os.getpid()}.pid").write_text(str(os.getpid()))
    time.sleep(300)
if mode == "phone":
    print("联系电话 13812345678")
if mode == "id_number":
    print("身份证号 11010519491231002X")
if mode == "ip":
    display(HTML("<p>来自IP <b>192.168.31.7</b></p>"))
if mode == "data":
    print("read", datafetch.raw_path("ghsl").name)
if mode == "survey":
    from countydigital.survey import load
    print("respondents", load(survey).n)
if mode == "survey_leak":
    from countydigital.survey import load
    display(load(survey).frame.head(3))
if mode == "text":
    display(Markdown(note))
if mode == "record":
    from countydigital.claims import record
    record("context.county_land_share", 50.0, source="boundaries", note=note)
    print("noted", note)
"""


def make_project(root: Path, sets: list[tuple[str, dict]]) -> Path:
    """root/notebooks/aa-fault.ipynb plus a parameter_sets.yaml with `sets` ((id, parameters), ...)."""
    nb_dir = root / "notebooks"
    write_notebook(
        nb_dir / f"{NOTEBOOK}.ipynb", 'mode = "ok"\ncounty = "x"\nseed = 1\nsurvey = ""\nmarker = ""\nnote = ""',
        [nbformat.v4.new_markdown_cell("# 故障演练 Fault drill\n\n县域数字化就业：一页用于测试的笔记本。")],
        [
            "import os, time\nfrom pathlib import Path\nimport numpy as np\nimport matplotlib.pyplot as plt\n"
            "from IPython.display import HTML, Markdown, display\nfrom countydigital import datafetch\n"
            "rng = np.random.default_rng(seed)\nfig, ax = plt.subplots(figsize=(4, 3))\nax.plot(rng.normal(size=30))\n"
            "ax.set_title(f'seed {seed}')\nplt.show()\nprint('county', county, 'mode', mode, 'seed', seed)\n"
            "print('units', {'巨鹿县', '张北县', '县域', '数字化', 'digital', 'employment'})"
            "  # order depends on the hash seed",
            _DISPATCH,
            nbformat.v4.new_markdown_cell("## 结论 Conclusion\n\n就业价值的解释文字。"),
        ],
    )
    write_sets(root, sets)
    seed_processed(root / "processed")
    return nb_dir


def seed_processed(folder: Path) -> None:
    """Give a fixture project the real project's census and boundary parquet caches.

    Their names carry the hashes of their sources and of the code that made them, so a
    copy is used only where the real one would be; without it every fixture project's
    first build rebuilds the census from its workbooks (~20 s, in the front page's county names)."""
    import shutil

    from countydigital.census import counties, tidy
    from countydigital.census.indicators import indicators

    tidy.load_census()
    indicators(2020)  # the indicators cache too (the front page reads it)
    counties.directory()  # and the county directory (its county names)
    folder.mkdir(parents=True, exist_ok=True)
    for cache in paths.PROCESSED_DIR.glob("*.parquet"):
        if not (folder / cache.name).exists():
            shutil.copyfile(cache, folder / cache.name)


def write_sets(root: Path, sets: list[tuple[str, dict]]) -> None:
    doc = {"notebooks": {NOTEBOOK: [{"id": i, "parameters": p} for i, p in sets]}}
    (root / "notebooks" / "parameter_sets.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def env_for(root: Path, **extra: str) -> dict:
    """The environment of a CLI run on the project under `root` (site, build, processed data all inside it)."""
    env = dict(os.environ)
    env.update(
        COUNTYDIGITAL_NOTEBOOKS_DIR=str(root / "notebooks"),
        COUNTYDIGITAL_BUILD_DIR=str(root / "build"),
        COUNTYDIGITAL_SITE_DIR=str(root / "site"),
        COUNTYDIGITAL_PROCESSED_DIR=str(root / "processed"),
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        PYTHONHASHSEED="0",
    )
    env.update(extra)
    return env


def cli(root: Path, *args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """`python -m countydigital ARGS` on the project under `root`."""
    return subprocess.run([sys.executable, "-m", "countydigital", *args], cwd=paths.PROJ_ROOT,
                          env=env or env_for(root), capture_output=True, text=True, timeout=timeout)


def run(root: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    """`python -m countydigital run ARGS`."""
    return cli(root, "run", *args, **kw)


def leftovers(*folders: Path) -> list[str]:
    """Half-written files and staging folders under/next to `folders` (should always be empty)."""
    from countydigital.atomic import is_temporary

    def partial(p: Path) -> bool:  # the atomic scheme, and the names before it
        return is_temporary(p) or p.name.endswith((".tmp", ".part", ".staging", ".previous")) or ".tmp." in p.name

    bad = []
    for folder in folders:
        if not folder.exists():
            continue
        bad += [str(p) for p in folder.rglob("*") if partial(p)]
        bad += [str(p) for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.") and partial(p)]
    return sorted(bad)


def run_patched(root: Path, patches: dict[str, Path], *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """`python -m countydigital run ARGS` with module attributes pointed elsewhere first.

    `patches` maps "cache.LOCK_FILE", "cache.PACKAGE_ROOT", "paths.DATA_DIR" or
    "paths.MANIFEST_FILE" to a path: the cache tests change copies of the
    lock file, the package source, the project data and the manifest, never the real ones.
    """
    lines = ["import sys", "from pathlib import Path", "import countydigital.paths as paths",
             "import countydigital.runner.pagecache as cache"]
    lines += [f"{target} = Path({str(value)!r})" for target, value in sorted(patches.items())]
    lines += ["from countydigital.cli import main", "sys.exit(main(sys.argv[1:]))"]
    return subprocess.run([sys.executable, "-c", "\n".join(lines), "run", *args], cwd=paths.PROJ_ROOT,
                          env=env_for(root), capture_output=True, text=True, timeout=timeout)


def progress(stderr: str) -> dict[str, bool]:
    """Page label -> whether the runner took it from the cache, from the runner's progress lines."""
    import re

    found = {}
    for match in re.finditer(r"^\[\d+/\d+\] (\S+)\s+(\w+)\s+\((cache|[\d.]+s);", stderr, re.M):
        found[match.group(1)] = match.group(3) == "cache"
    return found
