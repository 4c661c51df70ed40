"""Notebook 02 (talent return): regression against its reference; every talent claim recorded."""
from __future__ import annotations

import json
import re

import nbformat
import pytest

from countydigital import paths
from countydigital.claims import load_registry
from nbregression import check_notebook

NAME = "02-talent-return"


@pytest.mark.slow
def test_notebook_02_regression_and_records(notebook_worker, tmp_path):
    check_notebook(notebook_worker, NAME, {"county": "pooled", "lang": "en", "n_peers": 5}, tmp_path)
    lines = (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()
    recorded = [json.loads(line) for line in lines]
    expected = {c.id for c in load_registry() if c.notebook == NAME}
    assert {r["claim_id"] for r in recorded} == expected
    census_records = [r for r in recorded if r["claim_id"] == "talent.county_age_structure_improved"]
    assert len(census_records) == 2 and all(r["source"] == "census" for r in census_records)
    survey_records = [r for r in recorded if r not in census_records]
    assert all(r["source"] == "synthetic" and r["value"] is not None for r in survey_records)

    source = nbformat.read(paths.NOTEBOOKS_DIR / f"{NAME}.ipynb", as_version=4)
    anchors = {m for cell in source.cells if cell.cell_type == "markdown"
               for m in re.findall(r'<a id="([^"]+)"></a>', cell.source)}
    assert {r["anchor"] for r in recorded} <= anchors
