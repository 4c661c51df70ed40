"""Notebook 03 (vocational education): regression against its reference, and every programme claim recorded."""
from __future__ import annotations

import json

import pytest

from countydigital.claims import load_registry
from nbregression import check_notebook


@pytest.mark.slow
def test_notebook_03_regression_and_records(notebook_worker, tmp_path):
    check_notebook(notebook_worker, "03-vocational-education", {"county": "130529", "lang": "en", "years": 3}, tmp_path)
    lines = (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()
    recorded = [json.loads(line) for line in lines]
    expected = {c.id for c in load_registry() if c.notebook == "03-vocational-education"}
    assert {r["claim_id"] for r in recorded} == expected
    assert all(r["source"] == "program_records" and r["anchor"] for r in recorded)
