"""The cache reuses a page only while its notebook, parameters, inputs and environment are unchanged.

Three pages: aa-fault/one, aa-fault/two (which names a survey file) and
bb-other/one (another notebook). Each test changes one thing, checks from the
runner's progress lines that exactly the pages depending on it were executed
again, then undoes the change and checks that everything is a cache hit again.
The lock file, the package source, the project data folder and the manifest
are copies (see `run_patched`), so no real file is touched and edits made
elsewhere in the working tree while the tests run cannot disturb them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from countydigital import paths
from countydigital.survey import synth
from countydigital.survey.export import write_tidy
from reliability_fixtures import make_project, progress, run_patched

pytestmark = pytest.mark.slow

ALL = {"aa-fault/one", "aa-fault/two", "bb-other/one"}


def _write_sets(root: Path, note: str = "") -> None:
    survey = str(root / "survey.csv")
    doc = {"notebooks": {
        "aa-fault": [{"id": "one", "parameters": {"county": "130529"}},
                     {"id": "two", "parameters": {"county": "130722", "survey": survey, "note": note}}],
        "bb-other": [{"id": "one", "parameters": {"county": "130529"}}],
    }}
    (root / "notebooks" / "parameter_sets.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("cache")
    make_project(root, [])
    shutil.copyfile(root / "notebooks" / "aa-fault.ipynb", root / "notebooks" / "bb-other.ipynb")
    _write_sets(root)
    # mode "ok" never reads it; the privacy gate does, so it is a valid (small, synthetic) survey
    write_tidy(synth.generate(n=30, seed=31), root / "survey.csv")
    shutil.copytree(Path(__import__("countydigital").__file__).parent, root / "pkg",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(paths.PROJ_ROOT / "requirements.lock", root / "requirements.lock")
    shutil.copyfile(paths.MANIFEST_FILE, root / "manifest.yaml")
    for sub in ("published", "survey", "reference", "programs", "raw"):
        (root / "data" / sub).mkdir(parents=True)
    (root / "data" / "published" / "claims.yaml").write_text("claims: []\n", encoding="utf-8")
    (root / "data" / "raw" / "notes.txt").write_text("raw files are pinned by the manifest\n", encoding="utf-8")
    first = build(root)
    assert first == {label: False for label in ALL}
    return root


def patches(root: Path) -> dict[str, Path]:
    return {"cache.PACKAGE_ROOT": root / "pkg", "cache.LOCK_FILE": root / "requirements.lock",
            "paths.DATA_DIR": root / "data", "paths.MANIFEST_FILE": root / "manifest.yaml"}


def build(root: Path) -> dict[str, bool]:
    # One worker: which pages run depends on their cache keys, made in the build process, not on the workers
    # (a second one would only add its start-up to every build that executes two pages or more).
    result = run_patched(root, patches(root), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return progress(result.stderr)


def executed(root: Path) -> set[str]:
    """Build, and return the pages that were executed rather than taken from the cache."""
    found = build(root)
    assert set(found) == ALL, found
    return {label for label, cached in found.items() if not cached}


def check_trigger(root: Path, change, undo, expected: set[str]) -> None:
    """Every test starts from an all-cached state: the fixture's build, or the previous test's last check."""
    change()
    try:
        assert executed(root) == expected
    finally:
        undo()
    assert executed(root) == set(), "undoing the change did not bring the cached pages back"


def _edit(path: Path, text: str):
    original = path.read_bytes()
    return (lambda: path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8"),
            lambda: path.write_bytes(original))


def test_notebook_changed(project):
    nb = project / "notebooks" / "aa-fault.ipynb"
    original = nb.read_bytes()

    def change():
        import nbformat

        doc = nbformat.read(nb, as_version=4)
        doc.cells.append(nbformat.v4.new_markdown_cell("补充说明 An added remark."))
        nbformat.write(doc, nb)

    check_trigger(project, change, lambda: nb.write_bytes(original), {"aa-fault/one", "aa-fault/two"})


def test_parameters_changed(project):
    check_trigger(project, lambda: _write_sets(project, note="另一个参数"), lambda: _write_sets(project),
                  {"aa-fault/two"})


def test_survey_file_changed_by_checksum_not_by_date(project):
    survey = project / "survey.csv"
    original = survey.read_bytes()
    check_trigger(project, lambda: write_tidy(synth.generate(n=30, seed=32), survey),
                  lambda: survey.write_bytes(original), {"aa-fault/two"})
    survey.touch()  # same bytes, new modification time: still a hit
    assert executed(project) == set()


def test_project_data_changed(project):
    check_trigger(project, *_edit(project / "data" / "published" / "claims.yaml", "# a corrected claim\n"), ALL)


def test_files_outside_the_inputs_do_not_invalidate(project):
    change, undo = _edit(project / "data" / "raw" / "notes.txt", "raw files count through the manifest's pins\n")
    change()
    try:
        assert executed(project) == set()
    finally:
        undo()


def test_external_data_pin_changed(project):
    manifest = project / "manifest.yaml"
    original = manifest.read_bytes()
    doc = yaml.safe_load(original)
    doc["files"]["ghsl"]["sha256"] = "0" * 64  # a new version of an external file was pinned

    check_trigger(project, lambda: manifest.write_text(yaml.safe_dump(doc), encoding="utf-8"),
                  lambda: manifest.write_bytes(original), ALL)


def test_requirements_lock_changed(project):
    check_trigger(project, *_edit(project / "requirements.lock", "somepackage==1.0\n"), ALL)


def test_package_source_changed(project):
    check_trigger(project, *_edit(project / "pkg" / "runner" / "site.py", "\n# a changed line of the package\n"), ALL)
