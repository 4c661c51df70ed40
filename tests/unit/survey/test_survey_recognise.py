"""The stand-in is recognised by its content: every format, markers gone, columns renamed,
reordered or dropped, rows dropped; a real survey is not, and carries its file's sha256."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from countydigital.checksum import sha256_of
from countydigital.claims import record
from countydigital.claims.ledger import build_ledger
from countydigital.cli import main
from countydigital.config import DEFAULT_SEED, FIXTURE_SEED
from countydigital.survey import load, survey_for_notebook, synth, validate
from countydigital.survey.export import write_tidy
from countydigital.survey.kobo_export import to_kobo
from countydigital.survey.recognise import collection_seeds, standin_match
from countydigital.survey.wjx import to_wjx

RECOGNISED = "recognised as the SYNTHETIC stand-in by its content"
MARKERS = ("data_source", "来源", "来源详情")


def unmarked(survey):
    """The same respondents, written as if they were a real survey: no SYNTHETIC mark anywhere."""
    return dataclasses.replace(survey, synthetic=False)


@pytest.fixture(scope="module")
def standin():
    return synth.generate()


def assert_recognised(path, seed=DEFAULT_SEED):
    data = load(path)
    assert data.synthetic and data.source == "synthetic" and data.evidence == {"source": "synthetic"}
    reason = next(w for w in data.warnings if RECOGNISED in w)
    assert f"seed {seed}" in reason and "never evidence" in reason
    return data


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".sav", ".dta"])
def test_tidy_formats_without_a_mark_are_recognised(standin, tmp_path, suffix):
    path = write_tidy(unmarked(standin), tmp_path / f"export{suffix}")
    assert_recognised(path)


@pytest.mark.parametrize("mode", ["number", "text"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_wjx_exports_without_a_mark_are_recognised(standin, tmp_path, mode, suffix):
    path = to_wjx(unmarked(standin), tmp_path / f"问卷星{suffix}", mode=mode, multi="joined")
    assert_recognised(path)


@pytest.mark.parametrize("headers", ["xml", "zh"])
def test_kobo_exports_are_recognised(standin, tmp_path, headers):
    path = to_kobo(unmarked(standin), tmp_path / "kobo.xlsx", group="employee", headers=headers)
    assert_recognised(path)


def test_renamed_reordered_and_dropped_columns_and_rows(standin, tmp_path):
    path = to_wjx(standin, tmp_path / "full.xlsx", mode="number")  # marked: 来源 = SYNTHETIC
    table = pd.read_excel(path, dtype=object)
    table = table.drop(columns=[c for c in table.columns if c in MARKERS or not c[0].isdigit()])  # only answers
    table = table.rename(columns={c: c.replace("您的", "") for c in table.columns})  # headers re-worded
    table = table[list(reversed(table.columns))].sample(frac=0.4, random_state=3)  # reordered; 60% of rows gone
    out = tmp_path / "stripped.xlsx"
    table.to_excel(out, index=False)
    data = assert_recognised(out)
    assert data.n == 400
    # a question dropped too (the wage, the most telling column): the file is not usable as a
    # survey (every question is required), and what validate reads of it is still the stand-in
    table.drop(columns=[c for c in table.columns if "月收入" in c]).to_excel(out, index=False)
    report = validate(out)
    assert not report.usable and report.synthetic and any(RECOGNISED in str(p) for p in report.warnings)


def test_other_sizes_and_the_fixture_seed(tmp_path):
    assert DEFAULT_SEED in collection_seeds() and FIXTURE_SEED in collection_seeds()
    small = synth.generate(n=150, seed=FIXTURE_SEED)
    assert_recognised(write_tidy(unmarked(small), tmp_path / "fixture.csv"), seed=FIXTURE_SEED)
    odd = synth.generate(n=333, seed=DEFAULT_SEED)
    assert_recognised(write_tidy(unmarked(odd), tmp_path / "odd.csv"))


def test_validate_reports_it_too(standin, tmp_path):
    report = validate(write_tidy(unmarked(standin), tmp_path / "s.csv"))
    assert report.synthetic and any(RECOGNISED in str(p) for p in report.warnings)
    assert "SYNTHETIC data" in str(report)


def real_like(standin) -> pd.DataFrame:
    """Respondents the generator did not make: each free-standing answer shuffled on its own
    (skip logic kept), so the marginals match the stand-in but no row is one of its rows."""
    frame = standin.frame.copy()
    rng = np.random.default_rng(5)
    for col in ("age", "education", "monthly_wage", "tenure_months", "commute_minutes", "marital", "hukou"):
        frame[col] = rng.permutation(frame[col].to_numpy())
    return frame


def test_a_real_survey_is_not_taken_for_the_stand_in_and_carries_its_sha256(standin, tmp_path):
    real = dataclasses.replace(standin, frame=real_like(standin), synthetic=False)
    path = write_tidy(real, tmp_path / "real.xlsx")
    data = load(path)
    assert not data.synthetic and not any(RECOGNISED in w for w in data.warnings)
    assert data.sha256 == sha256_of(path)
    assert data.evidence == {"source": "survey", "sha256": sha256_of(path)}
    assert standin_match(data.frame) is None


def test_matches_are_weighed_against_chance(standin):
    other = synth.generate(n=1000, seed=12345).frame  # the same design, a seed the collection does not use
    # gender and county alone: every draw has the same exact counts, so they cannot tell anything apart
    few = ["respondent_id", "gender", "county"]
    assert standin_match(standin.frame[few]) is None and standin_match(other[few]) is None
    # three more answers are enough to tell the collection's stand-in from an independent draw
    some = few + ["age", "tenure_months", "commute_minutes"]
    assert standin_match(standin.frame[some]) is not None
    assert standin_match(other[some]) is None


def test_stripped_synth_xlsx_gives_no_reproduced_or_differs_survey_claim(tmp_path, monkeypatch, capsys):
    """`survey synth` output, every marker column removed, saved as .xlsx: the survey
    loading API (what the notebooks and the runner call) treats it as synthetic."""
    made = tmp_path / "synth.xlsx"
    assert main(["survey", "synth", "--out", str(made), "--wjx", "number"]) == 0
    capsys.readouterr()
    table = pd.read_excel(made, dtype=object)
    assert any(c in table.columns for c in MARKERS)
    stripped = tmp_path / "收回的问卷.xlsx"
    table.drop(columns=[c for c in MARKERS if c in table.columns]).to_excel(stripped, index=False)
    data = survey_for_notebook(str(stripped))
    assert data.synthetic
    records = tmp_path / "records" / "01-employment-value" / "pooled.jsonl"
    monkeypatch.setenv("COUNTYDIGITAL_RECORDS", str(records))
    monkeypatch.setenv("COUNTYDIGITAL_NOTEBOOK", "01-employment-value")
    monkeypatch.setenv("COUNTYDIGITAL_PARAMSET", "pooled")
    frame = data.frame
    record("employment.social_insurance", 100 * float((frame["social_insurance"] == 1).mean()),
           unit="%", n=data.n, **data.evidence)
    record("talent.mean_age", float(frame["age"].mean()), n=data.n, **data.evidence)
    build_ledger(tmp_path / "records", tmp_path / "site")
    ledger = json.loads((tmp_path / "site" / "claims.json").read_text(encoding="utf-8"))
    survey_rows = [row for row in ledger["claims"] if row["evidence"] == "survey"]
    assert {row["status"] for row in survey_rows} <= {"synthetic", "not computed"}
    by_id = {row["id"]: row for row in survey_rows}
    assert by_id["employment.social_insurance"]["status"] == "synthetic"
    assert by_id["talent.mean_age"]["status"] == "synthetic"
