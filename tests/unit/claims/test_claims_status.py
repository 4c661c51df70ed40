"""Status rules on hand-made claims and records: each wording inside and outside its tolerance."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countydigital.claims.registry import load_registry, validate_entry
from countydigital.claims.status import STATUSES, counts, record_status, status


def make_claim(value, stated_as, tolerance=None, evidence="survey", **extra):
    entry = {
        "id": "test.claim", "section": "employment", "statement_zh": "测试", "statement_en": "test",
        "value": value, "unit": "%", "stated_as": stated_as, "evidence": evidence,
        "notebook": "01-employment-value",
    }
    if tolerance is not None:
        entry |= {"tolerance": tolerance, "tolerance_note": "test"}
    if evidence in ("none", "external"):
        entry |= {"reason": "no data"}
        entry.pop("notebook")
    return validate_entry(entry | extra, Path("test.yaml"), 0)


def rec(value, source="survey", paramset="pooled", notebook="01-employment-value", **extra):
    return {"claim_id": "test.claim", "value": value, "source": source, "paramset": paramset,
            "notebook": notebook} | extra


CASES = [
    # published, wording, tolerance, computed, status from independent data
    (97.4, "exact", 0.05, 97.44, "reproduced"),
    (97.4, "exact", 0.05, 97.45, "reproduced"),   # exactly half a unit: rounds either way
    (97.4, "exact", 0.05, 97.46, "differs"),
    (97.4, "exact", 0.05, 97.0, "differs"),
    (28, "exact", 0.5, 27.6, "reproduced"),
    (28, "exact", 0.5, 28.7, "differs"),
    (93, "about", 1, 92.1, "reproduced"),
    (93, "about", 1, 94.0, "reproduced"),
    (93, "about", 1, 91.8, "differs"),
    (75, "nearly", 5, 72.0, "reproduced"),
    (75, "nearly", 5, 75.0, "reproduced"),
    (75, "nearly", 5, 69.9, "differs"),
    (75, "nearly", 5, 75.6, "differs"),             # above: not 'nearly'
    (10, "nearly", 1.5, 9.1, "reproduced"),
    (10, "nearly", 1.5, 8.2, "differs"),
    (50, "more_than", None, 50.1, "reproduced"),
    (50, "more_than", None, 50.0, "differs"),       # strict
    (50, "more_than", None, 43.0, "differs"),
    (4, "at_least", None, 4, "reproduced"),
    (4, "at_least", None, 3, "differs"),
    (0, "less_than", None, -0.2, "reproduced"),
    (0, "less_than", None, 0, "differs"),
    (30, "at_most", None, 30, "reproduced"),
    (30, "at_most", None, 31, "differs"),
    (1, "far_above", 0.5, 1.8, "reproduced"),
    (1, "far_above", 0.5, 1.5, "reproduced"),
    (1, "far_above", 0.5, 1.3, "differs"),          # above, but not far above
    (1, "far_above", 0.5, 0.9, "differs"),
    ([11, 19], "range", None, 15, "reproduced"),
    ([11, 19], "range", None, 19, "reproduced"),
    ([11, 19], "range", None, 20, "differs"),
    ([11, 19], "range", None, [12, 15], "reproduced"),
    ([11, 19], "range", None, [10, 15], "differs"),
    (12, "exact", 0, [12, 12], "reproduced"),
    (12, "exact", 0, [11, 12], "differs"),
    ("2021-05", "exact", None, "2021-05-17", "reproduced"),
    ("2021-05", "exact", None, "2021-06-01", "differs"),
    (["2021-12", "2022-02"], "range", None, ["2021-12-03", "2022-02-27"], "reproduced"),
    (["2021-12", "2022-02"], "range", None, ["2021-12-03", "2022-03-01"], "differs"),
    (["2021-12", "2022-02"], "range", None, "2021-11-30", "differs"),
    (["130529", "130722"], "exact", None, ["130722", "130529"], "reproduced"),
    (["130529", "130722"], "exact", None, ["130529"], "differs"),
]


@pytest.mark.parametrize("published, wording, tolerance, computed, expected", CASES)
def test_wording_and_tolerance(published, wording, tolerance, computed, expected):
    claim = make_claim(published, wording, tolerance)
    name, why = status(claim, [rec(computed)])
    assert name == expected, why
    assert why


@pytest.mark.parametrize("published, wording, tolerance, computed, expected", CASES)
def test_synthetic_is_never_reproduced(published, wording, tolerance, computed, expected):
    claim = make_claim(published, wording, tolerance)
    name, why = status(claim, [rec(computed, source="synthetic")])
    assert name == "synthetic"
    assert ("matches only because" in why) == (expected == "reproduced")
    assert ("does not even match" in why) == (expected != "reproduced")


@settings(max_examples=200, deadline=None)
@given(claim=st.sampled_from([c for c in load_registry() if c.kind == "number" and c.testable]),
       value=st.floats(-1e6, 1e6, allow_nan=False), pooled=st.booleans())
def test_no_synthetic_record_ever_reproduces_a_registry_claim(claim, value, pooled):
    record = {"claim_id": claim.id, "value": value, "source": "synthetic",
              "paramset": "pooled" if pooled else "130529", "notebook": claim.notebook}
    assert status(claim, [record])[0] != "reproduced"


def test_real_data_decides_over_synthetic():
    claim = make_claim(97.4, "exact", 0.05)
    assert status(claim, [rec(97.4, "synthetic"), rec(90.0, "survey", notebook="x")])[0] == "differs"
    assert status(claim, [rec(90.0, "synthetic"), rec(97.42, "survey", notebook="x")])[0] == "reproduced"


def test_a_real_survey_without_a_value_is_not_replaced_by_the_stand_in():
    """A file whose value was withheld (small cells) leaves the claim not computed, never `synthetic`."""
    claim = make_claim(97.4, "exact", 0.05)
    withheld = rec(None, "survey", paramset="pooled-349d4a250c1f", parameters={"county": "pooled"},
                   note="withheld: fewer than 5 respondents")
    name, why = status(claim, [rec(97.4, "synthetic"), withheld])
    assert name == "not computed" and "withheld: fewer than 5" in why
    assert status(claim, [rec(97.4, "synthetic")])[0] == "synthetic"  # the stand-in alone stays synthetic


def test_pooled_run_decides_over_per_county_runs():
    claim = make_claim(97.4, "exact", 0.05)
    records = [rec(97.4), rec(92.0, paramset="130529"), rec(99.9, paramset="130722")]
    assert status(claim, records)[0] == "reproduced"
    # without a pooled run every run must agree
    assert status(claim, records[1:])[0] == "differs"
    # pooled can also be named by the parameters
    assert status(claim, [rec(97.4, paramset="both", parameters={"county": "pooled"}),
                          records[1]])[0] == "reproduced"


def test_every_census_run_must_agree():
    claim = make_claim(0, "more_than", evidence="census")
    ok, bad = rec(0.4, "census", paramset="130529"), rec(-1.2, "census", paramset="130722")
    assert status(claim, [ok])[0] == "reproduced"
    name, why = status(claim, [ok, bad])
    assert name == "differs" and "130722" in why


def test_programme_records_are_recorded_and_flag_transcription_errors():
    claim = make_claim(12, "exact", evidence="program_records")
    name, why = status(claim, [rec(12, "program_records")])
    assert name == "recorded" and "transcription" not in why
    name, why = status(claim, [rec(13, "program_records")])
    assert name == "recorded" and "transcription" in why


def test_not_testable_and_not_computed():
    none = make_claim(53, "exact", 0.5, evidence="none")
    assert status(none, [rec(53, "census")])[0] == "not testable"
    claim = make_claim(97.4, "exact", 0.05)
    assert status(claim, [])[0] == "not computed"
    name, why = status(claim, [rec(None, note="county income missing")])
    assert name == "not computed" and "county income missing" in why
    other = dict(rec(97.4), claim_id="another.claim")
    assert status(claim, [other])[0] == "not computed"


def test_external_evidence_is_not_computed_with_its_reason():
    claim = make_claim(53, "exact", 0.5, evidence="external", reason="county GDP from the yearbooks would")
    name, why = status(claim, [])
    assert name == "not computed" and "county GDP from the yearbooks" in why
    assert claim.testable and not claim.recordable


def test_recorded_says_transcribed_not_independent():
    claim = make_claim(12, "exact", evidence="program_records")
    for name, why in (status(claim, [rec(12, "program_records")]), record_status(claim, rec(12, "program_records"))):
        assert name == "recorded" and "transcribed from the article; not an independent source" in why


def test_counts_list_every_status():
    tally = counts(["recorded", "recorded", "differs"])
    assert list(tally) == list(STATUSES)
    assert tally["recorded"] == 2 and tally["differs"] == 1 and tally["reproduced"] == 0
