"""Employees, county reference and their comparison (sections.talent: analysis, text).

Survey-side tests use hand-made respondents whose figures can be counted by eye;
county-side tests replace the census tables with small made-up ones, so the expected
numbers are arithmetic on the page, not a copy of the implementation. A few tests
read the real census (cached after the first run) for properties that must hold.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from countydigital import census
from countydigital.census import mapping
from countydigital.claims import record
from countydigital.exceptions import UnknownCounty
from countydigital.sections import scope
from countydigital.sections.talent import analysis as talent
from countydigital.sections.talent import residents, text
from countydigital.survey import SurveyData
from countydigital.survey.disclosure import suppress_small_cells


def respondents(rows):
    """A survey frame from (age, education, hukou, lived_outside, gender, intend_stay) tuples."""
    cols = ["age", "education", "hukou", "lived_outside", "gender", "intend_stay"]
    frame = pd.DataFrame(rows, columns=cols).astype("Int64")
    frame.insert(0, "respondent_id", [str(i) for i in range(1, len(frame) + 1)])
    return frame


# 10 respondents: ages 19..46; 4 returnees (hukou 1 + lived outside 1), 3 stayers, 3 incomers.
TEN = respondents([
    (19, 2, 1, 1, 2, 1),   # returnee
    (20, 3, 1, 1, 2, 1),   # returnee
    (25, 3, 1, 1, 1, 1),   # returnee
    (28, 4, 1, 1, 2, 2),   # returnee
    (30, 3, 1, 2, 2, 1),   # stayer
    (35, 2, 1, 2, 2, 3),   # stayer
    (36, 1, 1, 2, 1, 1),   # stayer
    (22, 3, 2, 1, 2, 2),   # incomer
    (29, 2, 3, 2, 2, 1),   # incomer
    (46, 5, 4, 1, 1, 3),   # incomer
])


def test_employee_summary_by_hand():
    s = talent.employee_summary(TEN)
    assert s["mean_age"].value == pytest.approx(29.0)
    assert s["mean_age"].n == 10
    assert s["aged_20_35"].value == pytest.approx(0.7)          # 20, 25, 28, 30, 35, 22, 29
    assert s["education_junior_college"].value == pytest.approx(0.4)
    assert s["education_senior_secondary"].value == pytest.approx(0.3)
    assert s["education_bachelor"].value == pytest.approx(0.1)  # 本科 only, not 研究生
    assert s["returnees"].value == pytest.approx(0.4)


def test_ledger_fields_percent_and_small_counts(tmp_path, monkeypatch):
    s = talent.employee_summary(TEN)
    fields = talent.ledger_fields(s, evidence={"source": "synthetic"}, min_cell=3)
    assert fields["returnees"]["value"] == pytest.approx(40.0)
    lo, hi = fields["returnees"]["ci"]
    assert lo < 40.0 < hi
    assert fields["mean_age"]["unit"] == "years" and fields["mean_age"]["value"] == pytest.approx(29.0)
    # one bachelor of ten: fewer than min_cell behind it -> not recorded as a number
    assert fields["education_bachelor"]["value"] is None
    assert "fewer than 3" in fields["education_bachelor"]["note"]
    # 7 of 10 aged 20-35 leaves 3 outside: shown with min_cell 3, hidden with 4
    assert fields["aged_20_35"]["value"] == pytest.approx(70.0)
    assert talent.ledger_fields(s, evidence={"source": "synthetic"}, min_cell=4)["aged_20_35"]["value"] is None
    # what ledger_fields returns is accepted by the recording API as is
    monkeypatch.setenv("COUNTYDIGITAL_RECORDS", str(tmp_path / "r.jsonl"))
    for key, (claim_id, _, _) in talent.TALENT_CLAIMS.items():
        record(claim_id, **fields[key], anchor="employees")
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["claim_id"] for x in lines] == [c for c, _, _ in talent.TALENT_CLAIMS.values()]


@pytest.mark.parametrize("age, group", [(15, "15-19"), (19, "15-19"), (20, "20-24"), (34, "30-34"),
                                        (35, "35-39"), (64, "60-64"), (65, "65-69"), (90, "85+")])
def test_age_group_uses_census_bounds(age, group):
    assert talent.age_group(pd.Series([age]))[0] == group


def test_age_table_partitions_respondents():
    table = talent.age_table(TEN)
    assert table.attrs["exclusive"]
    assert table["n"].sum() == 10
    assert table.set_index("age_group").loc["25-29", "n"] == 3     # 25, 28, 29
    assert table.set_index("age_group").loc["35-39", "n"] == 2     # 35, 36
    assert table["share"].sum() == pytest.approx(1.0)


def test_mobility_groups_by_hand():
    groups = talent.mobility_group(TEN)
    assert list(groups) == ["returnee"] * 4 + ["stayer"] * 3 + ["incomer"] * 3
    missing = respondents([(30, 3, 1, None, 2, 1)])
    assert pd.isna(talent.mobility_group(missing)[0])


def test_group_comparison_by_hand_and_disclosure():
    table = talent.group_comparison(TEN, lang="en")
    row = lambda measure, group: table[(table["measure"] == measure) & (table["group"] == group)].iloc[0]  # noqa: E731
    assert row("Mean age (years)", "Returnees")["value"] == pytest.approx(23.0)   # 19, 20, 25, 28
    assert row("Mean age (years)", "Stayers")["value"] == pytest.approx(101 / 3)
    women = row("Women (%)", "Returnees")
    assert (women["n"], women["denominator"], women["value"]) == (3, 4, pytest.approx(75.0))
    # a group of three is below min_cell 5: all its numbers go
    shown = suppress_small_cells(table, 5)
    assert shown.loc[table["group"] == "Stayers", "value"].isna().all()


# --- the county side, on made-up census tables ----------------------------------------

def fake_age_sex(code, year, scope="county"):
    """Every 5-year group holds 100 men and 100 women, except 20-24 (300 each) in 2020."""
    rows = []
    for group in mapping.AGE_GROUPS:
        for sex in ("female", "male"):
            people = 300.0 if (group == "20-24" and year == 2020) else 100.0
            rows.append({"age_group": group, "sex": sex, "population": people})
    frame = pd.DataFrame(rows)
    frame["share"] = frame["population"] / frame["population"].sum()
    frame["age_group"] = pd.Categorical(frame["age_group"], categories=mapping.AGE_GROUPS, ordered=True)
    return frame


def fake_education(code, year, scope="county", sex="total"):
    counts = {"none": 100.0, "primary": 600.0, "junior_secondary": 1400.0, "senior_secondary": 700.0,
              "junior_college": 280.0, "bachelor_plus": 120.0}
    frame = pd.DataFrame({"level": list(counts), "population": list(counts.values())})
    frame["share"] = frame["population"] / frame["population"].sum()
    return frame


@pytest.fixture
def fake_census(monkeypatch):
    monkeypatch.setattr(census, "age_sex", fake_age_sex)
    monkeypatch.setattr(census, "education", fake_education)


def test_working_age_profile_and_grouped_mean(fake_census):
    profile = residents.working_age_profile(["000001"], 2010)
    assert list(profile["age_group"]) == list(residents.WORKING_AGE_GROUPS)
    assert profile["share"].to_numpy() == pytest.approx(np.full(10, 0.1))
    # ten equal groups 15-19 .. 60-64: mean of the midpoints 17.5 .. 62.5
    assert residents.grouped_mean_age(profile) == pytest.approx(40.0)


def test_counties_are_summed(fake_census):
    one = residents.county_age(["000001"], 2020)
    two = residents.county_age(["000001", "000002"], 2020)
    assert two["population"].sum() == 2 * one["population"].sum()
    assert two["share"].to_numpy() == pytest.approx(one["share"].to_numpy())


def test_adult_education_shares_by_hand(fake_census):
    # 2010: 14 groups aged 20+ x 200 people = 2800 adults
    shares = residents.adult_education_shares(["000001"], 2010)
    assert shares["junior_college_plus"] == pytest.approx(400 / 2800)
    assert shares["bachelor_plus"] == pytest.approx(120 / 2800)
    assert shares["senior_secondary_plus"] == pytest.approx(1100 / 2800)


def test_versus_county_differences_by_hand(fake_census):
    # 2020 county aged 15-64: 9 groups x 200 + 20-24 x 600 = 2400; 20-34 = 600 + 400 = 1000
    table = talent.versus_county(TEN, ["000001"], 2020, lang="en").set_index("measure")
    young = table.loc["Aged 20–34, of those 15–64 (%)"]
    assert young["county"] == pytest.approx(100 * 1000 / 2400)
    # employees aged 15-64 (all ten) in 20-34: 20, 25, 28, 30, 22, 29 -> 6 of 10
    assert (young["n"], young["denominator"]) == (6, 10)
    assert young["difference"] == pytest.approx(60 - 100 * 1000 / 2400)
    assert young["diff_lo"] == pytest.approx(young["lo"] - young["county"])
    edu = table.loc["Junior college or higher (%)"]
    # 2020 adults: 13 groups x 200 + 600 = 3200; jc+ = 400
    assert edu["county"] == pytest.approx(100 * 400 / 3200)
    assert edu["employees"] == pytest.approx(60.0)  # codes 3, 4, 5: 6 of 10
    age = table.loc["Mean age (15–64, years)"]
    assert age["employees"] == pytest.approx(29.0)


# --- counties, fallbacks and text ----------------------------------------------------------

def test_study_counties():
    assert talent.study_counties("pooled") == ["130529", "130722"]
    assert talent.study_counties("巨鹿县") == ["130529"]
    with pytest.raises(UnknownCounty, match="code changed"):
        talent.study_counties("130182")  # 藁城市 became 藁城区 130109 in 2014


def test_county_outside_the_survey_falls_back_to_pooled():
    data = SurveyData(frame=TEN.assign(county="130529"), synthetic=True, format="test")
    same, fallback = scope.select(data, "130722")
    assert fallback and same.n == 10
    own, fallback = scope.select(data, "130529")
    assert not fallback and own.n == 10


def test_banner_is_loud_only_for_synthetic_data():
    synthetic = SurveyData(frame=TEN, synthetic=True, format="synthetic stand-in (n=10)")
    real = SurveyData(frame=TEN, synthetic=False, format="tidy csv")
    assert "SYNTHETIC" in text.survey_banner(synthetic, "en")
    assert "SYNTHETIC" in text.survey_banner(synthetic, "zh")
    assert "SYNTHETIC" not in text.survey_banner(real, "en")


def test_summary_sentence_hides_small_samples():
    small = talent.employee_summary(TEN.head(3))
    assert "Fewer than 5" in text.summary_sentence(small, "en", min_cell=5)
    assert "29.0" in text.summary_sentence(talent.employee_summary(TEN), "en", min_cell=2)


def test_county_changes_agree_with_the_indicators():
    rows = residents.county_changes("130722").set_index("indicator")
    before = census.indicators(2010).set_index("code").loc["130722"]
    after = census.indicators(2020).set_index("code").loc["130722"]
    assert rows.at["share_20_34", "change"] == pytest.approx(100 * (after["share_20_34"] - before["share_20_34"]))
    assert rows.at["population", "change"] == pytest.approx(100 * (after["population"] / before["population"] - 1))
    assert residents.indicator_change("130722") == pytest.approx(rows.at["share_20_34", "change"])


def test_peer_results_are_reproducible_and_clean():
    first = talent.peer_results(["130722"], n_peers=8)
    again = talent.peer_results(["张北县"], n_peers=8)
    pd.testing.assert_frame_equal(first["130722"].peers, again["130722"].peers)
    chosen = first["130722"].peers
    assert len(chosen) == 8 and "130722" not in set(chosen["code"])
    info = census.indicators(2010).set_index("code").loc[chosen["code"]]
    assert set(info["province"]) == {"河北省"}
    assert not set(info["unit_type"]) & {"district", "other"}
    table = text.peer_table(chosen, "en")
    assert list(table["County"]) == list(chosen["name"])
