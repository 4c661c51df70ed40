"""Every testable claim of the report is recorded by some notebook; no notebook records an unknown id.

test_every_testable_claim_is_recorded_by_a_notebook fails while a section notebook is
missing or leaves a claim out: that is the point — a claim silently dropped is a gap.
"""
from __future__ import annotations

import json

import pytest

from countydigital.claims import coverage, load_registry


def test_scanner_finds_literal_calls_only(tmp_path):
    nb = {"cells": [
        {"cell_type": "code", "source": ['record("talent.mean_age", m, source="survey")\n',
                                          "programs.record_facts(['vocational.new_majors',\n",
                                          ' "vocational.intensive_duration"], anchor="x")']},
        {"cell_type": "markdown", "source": 'record("talent.returnees", 1)'},
        {"cell_type": "code", "source": "recorder('talent.aged_20_35')  # not a record call"},
    ]}
    (tmp_path / "02-x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    assert coverage.notebook_coverage(tmp_path) == {
        "talent.mean_age": ["02-x"], "vocational.intensive_duration": ["02-x"],
        "vocational.new_majors": ["02-x"]}


def test_every_testable_claim_is_recorded_by_a_notebook():
    missing = coverage.uncovered()
    if missing:
        pytest.fail("claims no notebook records: " + ", ".join(f"{c.id} (expected in {c.notebook})" for c in missing))


def test_no_notebook_records_an_unknown_id():
    assert coverage.unknown_recorded() == {}


def test_claims_are_recorded_where_the_registry_expects():
    found = coverage.notebook_coverage()
    wrong = {c.id: found[c.id] for c in load_registry()
             if c.notebook and c.id in found and c.notebook not in found[c.id]}
    assert not wrong, f"recorded outside the registry's notebook: {wrong}"
