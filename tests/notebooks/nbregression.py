"""Notebook regression through pytest-notebook's comparison, against the *current* notebook source.

A reference lives in tests/notebooks/notebook_refs/<name>.ipynb: the notebook as it is now,
with the test's parameters injected, executed once. The check makes sure the
reference was made from today's source (otherwise the test would keep passing on
a stale copy), then executes the notebook again and compares the text outputs.
Images and volatile metadata are ignored. Regenerate after an intended change with
`NB_REGEN=1 make test TEST_ARGS=tests/notebooks/test_notebook_<nn>.py`.

The notebooks run on the build's default engine (runner.executors.inprocess): one
worker process for the session (`NotebookWorker`, the `notebook_worker` fixture)
runs them in itself and resets its state between them, so imports and the census
load are paid once, not once per notebook as with a fresh kernel each. That the
engine gives a kernel's outputs is tests/build/test_inprocess_engine.py; the
references themselves were made on kernels, so a difference would show here too.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook
from pytest_notebook.diffing import diff_notebooks, diff_to_string, filter_diff
from pytest_notebook.notebook import load_notebook_with_config, regex_replace_nb
from pytest_notebook.post_processors import load_processor

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
REPLACE = ((r"/cells/*/outputs", str(paths.PROJ_ROOT), "<PROJ_ROOT>"),)
POST_PROCESSORS = ("coalesce_streams",)  # pytest-notebook's default: a cell's stream text as one output


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


class NotebookWorker:
    """One process that runs notebooks in itself, reset between them, as a build's worker does (the default
    engine, runner.executors.inprocess). Started by the first `run`, kept until `close`."""

    def __init__(self):
        self.pool = None

    def _start(self):
        from countydigital.runner import workerprocesses

        return workerprocesses.pool(1)  # started as a build starts its workers (a fixed hash seed)

    def run(self, name: str, parameters: dict, workdir: Path) -> nbformat.NotebookNode:
        """notebooks/<name>.ipynb executed with `parameters` into `workdir` (executed.ipynb, records.jsonl)."""
        from countydigital.runner.executors.inprocess import run_in_worker
        from countydigital.runner.jobs import Job

        self.pool = self.pool or self._start()
        result = self.pool.submit(run_in_worker, Job(name, "regression", dict(parameters)), str(workdir)).result()
        if not result.ok:
            pytest.fail(f"{name}: cell {result.cell}: {result.error} (executed copy: {workdir / 'executed.ipynb'})")
        return nbformat.read(workdir / "executed.ipynb", as_version=4)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None


def _post_process(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    resources: dict = {}
    for name in POST_PROCESSORS:
        nb, resources = load_processor(name)(nb, resources)
    return nb


def differences(ref_path: Path, executed: nbformat.NotebookNode) -> str:
    """What pytest-notebook's NBRegressionFixture.check reports between a reference and a new execution
    (empty when they agree): the same post-processing, replacements, ignored paths and diff."""
    reference, config = load_notebook_with_config(str(ref_path))
    replace = REPLACE + tuple(config.diff_replace)
    initial, final = regex_replace_nb(reference, replace), regex_replace_nb(_post_process(executed), replace)
    diff = filter_diff(diff_notebooks(initial, final), sorted(set(config.diff_ignore) | set(IGNORED)))
    return diff_to_string(initial, diff, use_color=False) if diff else ""


def _as_reference(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """An execution as a reference is kept: no timings, no images (neither is compared)."""
    nb = _post_process(nb)
    nb.metadata = nbformat.NotebookNode({k: v for k, v in nb.metadata.items() if k in ("kernelspec", "language_info")})
    for cell in nb.cells:
        cell.metadata = nbformat.NotebookNode({k: v for k, v in cell.metadata.items() if k == "tags"})
    return nb


def check_notebook(worker: NotebookWorker, name: str, parameters: dict, tmp_path: Path) -> None:
    """Execute notebooks/<name>.ipynb with `parameters` on `worker`; compare with its stored reference.
    The run's claim records are left in tmp_path/records.jsonl."""
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

    executed = worker.run(name, parameters, tmp_path)
    assert _source_signature(executed) == _source_signature(current)  # the notebook the reference was made from
    if not regen:
        found = differences(ref_path, executed)
        assert not found, found
        assert_figures_described(executed, name)
        return
    REFS_DIR.mkdir(exist_ok=True)
    nbformat.write(_as_reference(executed), ref_path)
    _strip_images(ref_path)
    pytest.skip(f"{ref_path.name} regenerated; review it with git diff and commit it")
