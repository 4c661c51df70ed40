"""Notebook 00 (county context): regression against its reference, and its claims recorded."""
from __future__ import annotations

import json

import pytest

from countydigital.claims import load_registry
from nbregression import check_notebook


@pytest.mark.slow
def test_notebook_00_regression_and_records(notebook_worker, tmp_path):
    check_notebook(notebook_worker, "00-county-context", {"county": "130722"}, tmp_path)
    lines = (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()
    recorded = {r["claim_id"]: r for r in map(json.loads, lines)}
    expected = {c.id for c in load_registry() if c.notebook == "00-county-context"}
    assert expected <= set(recorded)
    assert recorded["context.county_land_share"]["source"] == "boundaries"
    assert recorded["context.county_population_share"]["source"] == "census"
    assert "context.county_gdp_share" not in recorded  # not computed: no data of this collection can
    assert recorded["survey.fieldwork_counties"]["value"] == ["130529", "130722"]
    assert recorded["survey.fieldwork_counties"]["source"] == "program_records"  # transcribed, not tested
    assert all(r["anchor"] for r in recorded.values())
