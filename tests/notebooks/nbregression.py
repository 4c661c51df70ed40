"""Notebook regression through pytest-notebook, against the *current* notebook source.

A reference lives in tests/notebooks/notebook_refs/<name>.ipynb: the notebook as it is now,
with the test's parameters injected, executed once. The check makes sure the
reference was made from today's source (otherwise the test would keep passing on
a stale copy), then re-executes it and compares the text outputs. Images and
volatile metadata are ignored. Regenerate after an intended change with
`NB_REGEN=1 make test TEST_ARGS=tests/notebooks/test_notebook_<nn>.py`.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook
from pytest_notebook.nb_regression import NBRegressionError, NBRegressionFixture

from countydigital import paths

REFS_DIR = Path(__file__).parent / "notebook_refs"

IGNORED = (
    "/metadata",
    "/cells/*/id",
    "/cells/*/metadata",
    "/cells/*/execution_count",
    "/cells/*/outputs/*/execution_count",
    "/cells/*/outputs/*/metadata",
    "/cells/*/outputs/*/data/image/png",
    "/cells/*/outputs/*/data/image/svg+xml",
    "/cells/*/outputs/*/traceback",
)


def _source_signature(nb) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in nb.cells]


def _strip_images(path: Path) -> None:
    """Keep references small and reviewable: images are not compared anyway."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for key in ("image/png", "image/svg+xml"):
                data.pop(key, None)
    nbformat.write(nb, path)


def assert_figures_described(nb, name: str) -> None:
    """Every image the notebook shows carries a caption and alt text (countydigital.plotting.show):
    the page template then renders a <figure> with both instead of nbconvert's placeholder alt text."""
    images = [(number, output) for number, cell in enumerate(nb.cells) for output in cell.get("outputs", [])
              if "image/png" in output.get("data", {})]
    assert images, f"{name}: no figure at all (the check would prove nothing)"
    bare = [number for number, output in images
            if not (output.get("metadata", {}).get("image/png", {}).get("alt", "").strip()
                    and output["metadata"]["image/png"].get("caption", "").strip())]
    assert not bare, f"{name}: figures without caption or alt text in cells {bare} (use plotting.show)"


def check_notebook(name: str, parameters: dict, tmp_path: Path, *, timeout: int = 900) -> None:
    """Execute notebooks/<name>.ipynb with `parameters`; compare with its stored reference."""
    # papermill's loader fills in the cell tags and metadata that parameterising expects.
    source = load_notebook_node(str(paths.NOTEBOOKS_DIR / f"{name}.ipynb"))
    current = parameterize_notebook(source, parameters, report_mode=False)
    ref_path = REFS_DIR / f"{name}.ipynb"
    regen = os.environ.get("NB_REGEN") == "1"

    if not regen:
        if not ref_path.exists():
            pytest.fail(f"{ref_path.name}: no reference output; create it with NB_REGEN=1")
        reference = nbformat.read(ref_path, as_version=4)
        if _source_signature(reference) != _source_signature(current):
            pytest.fail(
                f"{ref_path.name}: reference was made from an older version of {name}.ipynb "
                "(cell sources differ); review the change and regenerate with NB_REGEN=1"
            )
    else:
        REFS_DIR.mkdir(exist_ok=True)
        nbformat.write(current, ref_path)

    env = dict(os.environ)
    env["COUNTYDIGITAL_RECORDS"] = str(tmp_path / "records.jsonl")
    env["COUNTYDIGITAL_PARAMSET"] = "regression"
    env["COUNTYDIGITAL_NOTEBOOK"] = name
    fixture = NBRegressionFixture(
        exec_timeout=timeout,
        exec_cwd=str(paths.NOTEBOOKS_DIR),
        exec_env=env,
        diff_ignore=IGNORED,
        diff_replace=((r"/cells/*/outputs", str(paths.PROJ_ROOT), "<PROJ_ROOT>"),),
        diff_use_color=False,
        force_regen=regen,
    )
    if not regen:
        result = fixture.check(str(ref_path))
        assert_figures_described(result.nb_final, name)
        return
    try:
        fixture.check(str(ref_path))
    except NBRegressionError:
        pass  # expected: the fresh reference had no outputs to compare with
    _strip_images(ref_path)
    pytest.skip(f"{ref_path.name} regenerated; review it with git diff and commit it")
