"""Estimators against textbook values; derived measures on hand-made respondents."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from countydigital.exceptions import SurveyError
from countydigital.survey import estimators as est
from countydigital.survey import synth
from countydigital.survey.codebook import load_codebook, option_label, question_label


def test_wilson_interval_matches_textbook():
    # 81 of 263 (Newcombe 1998, example): Wilson 95% CI 0.2553-0.3662
    e = est.proportion([1] * 81 + [0] * 182)
    assert e.n == 263
    assert e.value == pytest.approx(81 / 263)
    assert (e.lo, e.hi) == pytest.approx((0.2553, 0.3662), abs=5e-5)


def test_exact_interval_matches_clopper_pearson():
    # 5 of 100: Clopper-Pearson 95% CI 0.01643-0.11283
    e = est.proportion([1] * 5 + [0] * 95, method="exact")
    assert (e.lo, e.hi) == pytest.approx((0.01643, 0.11283), abs=5e-5)
    assert est.proportion([0] * 10, method="exact").lo == 0.0
    assert est.proportion([1] * 10, method="exact").hi == 1.0


def test_proportion_drops_missing_and_refuses_non_binary():
    e = est.proportion(pd.Series([True, False, None, True], dtype="boolean"))
    assert e.n == 3 and e.value == pytest.approx(2 / 3)
    with pytest.raises(SurveyError):
        est.proportion([0, 1, 2])


def test_weights_use_the_effective_sample_size():
    weighted = est.proportion([1, 0] * 50, weights=[3, 1] * 50)  # n_eff = 200^2 / 500 = 80
    assert weighted.value == pytest.approx(0.75)
    same_share_n80 = est.proportion([1] * 60 + [0] * 20)
    same_share_n100 = est.proportion([1] * 75 + [0] * 25)
    assert (weighted.lo, weighted.hi) == pytest.approx((same_share_n80.lo, same_share_n80.hi))
    assert (weighted.hi - weighted.lo) > (same_share_n100.hi - same_share_n100.lo)


def test_mean_ci_is_a_t_interval():
    x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]  # mean 5, sd 2.138
    e = est.mean_ci(x)
    half = 2.364624 * np.std(x, ddof=1) / np.sqrt(8)
    assert e.value == 5 and (e.lo, e.hi) == pytest.approx((5 - half, 5 + half), abs=1e-5)


def test_median_ci_brackets_the_median():
    values = np.arange(1, 101)
    e = est.median_ci(values)
    assert e.value == 50.5 and e.lo < 50.5 < e.hi
    assert (e.lo, e.hi) == (40.0, 61.0)  # ranks 40 and 61 for n = 100 (Conover's table)


def _respondents(rows):
    """A frame in the codebook layout from a few hand-written respondents."""
    book = load_codebook()
    frame = pd.DataFrame(rows)
    for col in book.frame_columns:
        if col not in frame:
            frame[col] = pd.NA
    return synth._typed(frame.assign(respondent_id=[str(i) for i in range(len(frame))]).fillna(-1))


def test_derived_measures_follow_the_codebook():
    frame = _respondents([
        # hukou, lived outside, prior status, gender, age, reasons 1..7
        dict(hukou=1, lived_outside=1, prior_status=2, gender=1, age=35, nonwork_reasons_1=-1),
        dict(hukou=2, lived_outside=1, prior_status=3, gender=2, age=36, nonwork_reasons_1=-1),
        dict(hukou=1, lived_outside=2, prior_status=4, gender=2, age=20,
             nonwork_reasons_1=0, nonwork_reasons_2=1, nonwork_reasons_3=0, nonwork_reasons_4=1,
             nonwork_reasons_5=0, nonwork_reasons_6=0, nonwork_reasons_7=0),
        dict(hukou=1, lived_outside=2, prior_status=4, gender=2, age=19,
             nonwork_reasons_1=0, nonwork_reasons_2=0, nonwork_reasons_3=0, nonwork_reasons_4=1,
             nonwork_reasons_5=0, nonwork_reasons_6=0, nonwork_reasons_7=0),
        dict(hukou=1, lived_outside=2, prior_status=4, gender=1, age=30,
             nonwork_reasons_1=1, nonwork_reasons_2=0, nonwork_reasons_3=0, nonwork_reasons_4=0,
             nonwork_reasons_5=0, nonwork_reasons_6=0, nonwork_reasons_7=0),
    ])
    assert est.returnee(frame).tolist() == [True, False, False, False, False]
    assert est.first_job_or_reentry(frame).tolist() == [False, True, True, True, True]
    assert est.aged_20_35(frame).tolist() == [True, False, True, False, True]
    family = est.family_reasons(frame)
    assert family.isna().tolist() == [True, True, False, False, True]  # only women with status 4 count
    assert family.dropna().tolist() == [True, False]


@pytest.fixture(scope="module")
def frame():
    return synth.generate(n=400, seed=2).frame


def test_distribution_lists_every_option_with_its_share(frame):
    table = est.distribution(frame, "education", lang="en")
    assert list(table["label"]) == [option_label("education", c, "en", short=True) for c in range(1, 6)]
    assert table["n"].sum() == 400 and table["share"].sum() == pytest.approx(1)
    assert (table["lo"] <= table["share"]).all() and (table["share"] <= table["hi"]).all()


def test_multiselect_shares_state_their_denominator(frame):
    women_reentry = (frame["gender"] == 2) & (frame["prior_status"] == 4)
    table = est.multiselect_shares(frame, "nonwork_reasons", women_reentry, denominator_label="women")
    expected = int((women_reentry & frame["nonwork_reasons_1"].notna()).sum())
    assert (table["denominator"] == expected).all()
    assert table.attrs["denominator"] == f"women: n = {expected}"
    assert table.loc[0, "n"] == int(frame.loc[women_reentry, "nonwork_reasons_1"].eq(1).sum())
    assert table["share"].sum() >= 1  # several reasons allowed


def test_crosstab_is_labelled_from_the_codebook(frame):
    table = est.crosstab(frame, "education", "gender", lang="zh", margins=True)
    assert list(table.columns) == ["男", "女", "合计"]
    assert table.index.name == question_label("education", "zh")
    assert table.loc["合计", "合计"] == 400


def test_rake_matches_the_target_margins(frame):
    margins = {"gender": {1: 0.5, 2: 0.5}, "county": {"130529": 30, "130722": 70}}
    w = est.rake(frame, margins)
    assert w.sum() == pytest.approx(len(frame))
    assert est.proportion(frame["gender"] == 2, w).value == pytest.approx(0.5, abs=1e-6)
    assert est.proportion(frame["county"] == "130722", w).value == pytest.approx(0.7, abs=1e-6)
    with pytest.raises(SurveyError, match="without a target"):
        est.rake(frame, {"gender": {1: 1.0}})
