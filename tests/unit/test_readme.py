"""The README in the order of a replication package, and in step with the code it describes."""
from __future__ import annotations

import re

import nbformat
import yaml

from countydigital import config, paths

README = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
AEA_ORDER = ["Overview", "Data availability and provenance", "Computational requirements", "Description of programs",
             "Instructions to replicators", "List of outputs", "References, license and citation"]


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def test_sections_in_the_order_of_a_replication_package():
    titles = re.findall(r"(?m)^## (.+)$", README)
    assert [t for t in titles if t in AEA_ORDER] == AEA_ORDER
    assert "run time" in section("Overview").lower()
    requirements = section("Computational requirements")
    assert "Storage" in requirements and "Run time" in requirements


def test_the_seed_is_the_one_in_config():
    stated = re.search(r"DEFAULT_SEED = (\d+)", section("Computational requirements"))
    assert stated and int(stated.group(1)) == config.DEFAULT_SEED


def test_every_data_source_is_listed():
    data = section("Data availability and provenance")
    for folder in ("data/published", "data/programs", "data/reference", "data/survey"):
        assert folder in data, folder
    manifest = yaml.safe_load(paths.MANIFEST_FILE.read_text(encoding="utf-8"))
    for path in (entry["path"] for entry in manifest["files"].values()):
        assert path in data, path


def test_every_notebook_and_figure_function_is_in_the_programs_section():
    programs = section("Description of programs")
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        assert f"notebooks/{notebook.name}" in programs, notebook.name
        source = "\n".join(c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code")
        for function in re.findall(r"plotting\.show\(\s*\w+\.(\w+)\(", source):
            assert function in programs, f"{notebook.name}: {function} is not in the exhibit table"
