"""Notebook 04 (national picture): regression against its reference; the outflow claim recorded from the census."""
from __future__ import annotations

import json

import pytest

from countydigital.claims import load_registry
from nbregression import check_notebook

NAME = "04-national-picture"


@pytest.mark.slow
def test_notebook_04_regression_and_records(notebook_worker, tmp_path):
    check_notebook(notebook_worker, NAME, {"lang": "en", "n_nearest": 5}, tmp_path)
    recorded = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["claim_id"] for r in recorded} == {c.id for c in load_registry() if c.notebook == NAME}
    (outflow,) = [r for r in recorded if r["claim_id"] == "context.population_outflow"]
    assert outflow["source"] == "census" and outflow["anchor"] == "outflow"
    assert isinstance(outflow["value"], float) and outflow["n"] > 1000
