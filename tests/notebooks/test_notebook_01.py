"""Notebook 01 (employment value): regression on a small synthetic sample; a 问卷星-format file
gives the same page; every employment claim is recorded; no small cell or personal data shown."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import yaml

from countydigital import paths
from countydigital import privacy_gate as privacy
from countydigital.claims.coverage import recorded_ids
from nbregression import check_notebook

NAME = "01-employment-value"
FIXTURES = "../tests/fixtures/survey"  # relative to notebooks/, where the notebook runs
SMALL = {"survey": f"{FIXTURES}/wjx_text_utf8bom.csv", "county": "pooled", "lang": "zh", "min_cell": 5,
         "seed": 20220517}


def notebook_claims() -> set[str]:
    with open(paths.CLAIMS_FILE, encoding="utf-8") as fh:
        claims = yaml.safe_load(fh)["claims"]
    return {c["id"] for c in claims if c.get("notebook") == NAME}


def test_every_claim_assigned_to_this_notebook_is_recorded_in_its_code():
    nb = nbformat.read(paths.NOTEBOOKS_DIR / f"{NAME}.ipynb", as_version=4)
    ids = {i for cell in nb.cells if cell.cell_type == "code" for i in recorded_ids(cell.source)}
    assert notebook_claims() and notebook_claims() <= ids


def test_parameters_cell_is_first_code_cell_with_documented_defaults():
    nb = nbformat.read(paths.NOTEBOOKS_DIR / f"{NAME}.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    for name in ("survey", "county", "lang", "min_cell", "seed"):
        assert any(line.startswith(f"{name} =") and "#" in line for line in first.source.splitlines())


@pytest.mark.slow
def test_regression_small_synthetic(notebook_worker, tmp_path):
    check_notebook(notebook_worker, NAME, SMALL, tmp_path)
    records = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text().splitlines()]
    assert notebook_claims() <= {r["claim_id"] for r in records}
    assert {r["source"] for r in records} == {"synthetic"}  # the fixture is marked SYNTHETIC


def _outputs(nb) -> list[tuple[int, tuple[str, ...]]]:
    """Per code cell: the kinds of output it shows (the page's structure)."""
    kinds = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []) \
                or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        found = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            # references keep no image data (nbregression strips it), only plotting.show's metadata
            image = "image/png" in data or "image/png" in out.get("metadata", {})
            found.append("image" if image else "html" if "text/html" in data
                         else "markdown" if "text/markdown" in data else out.get("output_type"))
        kinds.append((cell.source.splitlines()[0] if cell.source else "", tuple(sorted(set(found)))))
    return kinds


@pytest.mark.slow
def test_wjx_export_gives_the_same_page_without_small_cells_or_personal_data(notebook_worker, tmp_path):
    parameters = {"survey": f"{FIXTURES}/wjx_number_gbk.csv", "county": "130529", "lang": "en"}
    run = notebook_worker.run(NAME, parameters, tmp_path)
    env_records = tmp_path / "records.jsonl"
    reference = nbformat.read(Path(__file__).parent / "notebook_refs" / f"{NAME}.ipynb", as_version=4)
    def headings(nb):
        return [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]

    assert headings(run) == headings(reference) and len(headings(run)) == 6
    structure, expected = _outputs(run), _outputs(reference)
    assert [s[0] for s in structure] == [s[0] for s in expected]
    for (source, kinds), (_, ref_kinds) in zip(structure, expected):
        assert "error" not in kinds, source
        assert set(ref_kinds) - {"image"} <= set(kinds) | {"image"}, source  # same kinds of output
    for cell in run.cells:
        for out in cell.get("outputs", []):
            for mime, text in out.get("data", {}).items():
                if mime in ("text/html", "text/markdown", "text/plain"):
                    assert privacy.scan_text("page", text, html=mime == "text/html") == [], (mime, text[:200])
    records = [json.loads(line) for line in env_records.read_text().splitlines()]
    assert notebook_claims() <= {r["claim_id"] for r in records}
