"""The synthetic stand-in: calibrated to the published figures, plausible, deterministic, marked."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from countydigital import paths
from countydigital.survey import default_survey, load, standin, synth
from countydigital.survey.estimators import family_reasons, first_job_or_reentry, returnee
from countydigital.survey.model import SYNTHETIC_MARK


@pytest.fixture(scope="module")
def frame():
    return synth.generate().frame  # the default n = 1000, default seed


def pct(mask) -> float:
    mask = pd.Series(mask).dropna().astype(bool)
    return 100 * mask.sum() / len(mask)


def published():
    """The published values, read from the claims registry (one source of truth)."""
    with open(paths.CLAIMS_FILE, encoding="utf-8") as fh:
        return {c["id"]: c for c in yaml.safe_load(fh)["claims"]}


def test_one_decimal_figures_reproduced_exactly(frame):
    claims = published()
    assert round(pct(frame["social_insurance"] == 1), 1) == claims["employment.social_insurance"]["value"] == 97.4
    assert round(pct(frame["education"] == 2), 1) == claims["talent.education_senior_secondary"]["value"] == 32.8
    assert round(pct(first_job_or_reentry(frame)), 1) == claims["employment.first_job_or_reentry"]["value"]
    assert round(pct(frame["education"] == 3), 0) == claims["talent.education_junior_college"]["value"]
    assert round(pct(returnee(frame)), 0) == claims["talent.returnees"]["value"]
    assert round(frame["age"].mean(), 0) == claims["talent.mean_age"]["value"]


def test_worded_figures_within_their_wording(frame):
    claims = published()
    bachelor = pct(frame["education"] == 4)
    nearly = claims["talent.education_bachelor"]
    assert nearly["value"] - nearly["tolerance"] <= bachelor < nearly["value"]  # "近10%"
    women = pct(frame["gender"] == 2)
    near_three_quarters = claims["employment.women_share"]
    assert near_three_quarters["value"] - near_three_quarters["tolerance"] <= women < 75
    assert pct(family_reasons(frame)) > claims["employment.family_reasons_women"]["value"]
    assert pct(frame["age"].between(20, 35)) > 80  # "普遍集中在20-35岁"
    assert frame["age"].mean() == 28.0


def test_both_counties_and_all_codes_are_valid(frame):
    assert set(frame["county"]) == {"130529", "130722"}
    for _, part in frame.groupby("county"):
        assert len(part) > 300


def test_joint_structure_is_plausible(frame):
    wage = frame["monthly_wage"].astype(float)
    tenure = frame["tenure_months"].astype(float)
    assert np.corrcoef(wage, tenure)[0, 1] > 0.3
    by_education = wage.groupby(frame["education"]).mean()
    assert by_education[4] > by_education[3] > by_education[2]
    back = returnee(frame).astype(bool)
    assert pct(frame.loc[back, "education"] == 4) > 1.5 * pct(frame.loc[~back, "education"] == 4)
    reentry = frame["prior_status"] == 4
    assert pct(frame.loc[reentry, "gender"] == 2) > 85
    assert frame["commute_minutes"].median() <= 20
    uninsured = frame["social_insurance"] != 1
    assert tenure[uninsured].mean() < tenure[~uninsured].mean()


def test_deterministic_per_seed():
    a, b, c = synth.generate(n=300, seed=4), synth.generate(n=300, seed=4), synth.generate(n=300, seed=5)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert not a.frame.equals(c.frame)


def test_unattainable_sample_sizes_are_named():
    assert synth.generate().warnings == []
    warnings = synth.generate(n=123, seed=1).warnings
    assert any("97.4%" in w for w in warnings)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_cli_synth_output_is_marked_synthetic(tmp_path, suffix):
    out = tmp_path / f"synthetic{suffix}"
    result = subprocess.run([sys.executable, "-m", "countydigital", "survey", "synth", "--n", "200",
                             "--seed", "3", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "SYNTHETIC" in result.stdout
    loaded = load(out)
    assert loaded.synthetic and loaded.n == 200
    assert set(loaded.frame.columns).isdisjoint({"data_source"})
    if suffix == ".parquet":
        meta = pq.read_schema(out).metadata
        assert meta[b"countydigital.synthetic"] == b"true"
        assert b"SYNTHETIC" in meta[b"countydigital.note"]
    else:
        raw = pd.read_csv(out) if suffix == ".csv" else pd.read_excel(out)
        assert (raw["data_source"] == SYNTHETIC_MARK).all()


def test_default_survey_is_cached_atomically_and_reused(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path)
    first = default_survey(seed=7, n=200)
    target = standin.cache_path(200, 7)
    assert target.exists() and target.parent.parent == tmp_path
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left behind
    stamp = target.stat().st_mtime_ns
    second = default_survey(seed=7, n=200)
    assert target.stat().st_mtime_ns == stamp  # reused, not rewritten
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert second.synthetic and second.source == "synthetic"
    target.write_bytes(b"damaged")
    third = default_survey(seed=7, n=200)  # a damaged cache is rebuilt
    pd.testing.assert_frame_equal(first.frame, third.frame)
