"""The employment-value analyses: income reference, pay comparison, ledger fields, tables."""
from __future__ import annotations

import pandas as pd
import pytest

from countydigital.exceptions import SurveyError
from countydigital.sections import scope
from countydigital.sections.employment import analysis as emp
from countydigital.survey import synth
from countydigital.survey.estimators import Estimate


@pytest.fixture(scope="module")
def frame():
    return synth.generate(n=400, seed=8).frame


def test_committed_income_reference_is_valid_and_sourced():
    table = emp.income_reference()
    assert (table["source"].str.len() > 0).all()
    assert (table["income_yuan"] > 0).all()
    national = table[(table["code"] == "000000") & (table["year"] == 2021)].set_index("residents")["income_yuan"]
    assert national["rural"] < national["all"] < national["urban"]


def test_invalid_income_reference_names_column_and_rows(tmp_path):
    bad = tmp_path / "income.csv"
    bad.write_text(
        "code,name,level,year,residents,income_yuan,source,published,note\n"
        "130529,巨鹿县,county,2021,all,-5,某统计公报,2022-04-01,\n"
        "13052,巨鹿县,county,2021,all,20000,,2022-04-01,\n", encoding="utf-8")
    with pytest.raises(SurveyError) as caught:
        emp.income_reference(bad)
    message = str(caught.value)
    assert "column income_yuan: rows 2" in message
    assert "column source: rows 3" in message and "column code: rows 3" in message


def test_pay_comparison_without_county_reference_guesses_nothing(frame):
    result = emp.pay_comparison(frame, ["130529", "130722"])
    assert result.ratio is None and result.missing == ["130529", "130722"]
    fields = emp.ratio_fields(result, 5)
    assert fields["value"] is None and "missing" in fields["note"]
    assert result.annual_mean.value == pytest.approx(12 * frame["monthly_wage"].mean())


def test_pay_comparison_with_a_reference_weights_counties_by_respondents(frame):
    table = emp.income_reference().copy()
    extra = pd.DataFrame([
        {"code": "130529", "name": "巨鹿县", "level": "county", "year": 2021, "residents": "all",
         "income_yuan": 20000.0, "source": "test", "published": "2022-01-01", "note": ""},
        {"code": "130722", "name": "张北县", "level": "county", "year": 2021, "residents": "all",
         "income_yuan": 25000.0, "source": "test", "published": "2022-01-01", "note": ""},
    ])
    table = pd.concat([table, extra], ignore_index=True)
    result = emp.pay_comparison(frame, ["130529", "130722"], table=table)
    share_julu = (frame["county"] == "130529").mean()
    base = 20000 * share_julu + 25000 * (1 - share_julu)
    assert result.ratio.value == pytest.approx(12 * frame["monthly_wage"].mean() / base)
    assert result.ratio.lo < result.ratio.value < result.ratio.hi
    fields = emp.ratio_fields(result, 5)
    assert fields["value"] == pytest.approx(result.ratio.value, abs=1e-3)


def test_claim_fields_withhold_small_groups():
    assert emp.claim_fields(Estimate(0.975, 0.9, 0.99, 80), 5)["value"] is None  # 2 of 80 without
    kept = emp.claim_fields(Estimate(0.5, 0.4, 0.6, 80), 5)
    assert kept["value"] == 50.0 and kept["n"] == 80 and kept["ci"] == (40.0, 60.0)
    assert emp.claim_fields(Estimate(14.0, 13.0, 15.0, 4), 5, percent=False)["value"] is None


def test_tables_partition_the_respondents(frame):
    assert emp.wage_histogram(frame)["n"].sum() == len(frame)
    assert emp.age_bands(frame)["n"].sum() == len(frame)
    assert emp.wage_by(frame, "tenure")["n"].sum() == len(frame)
    by_tenure = emp.wage_by(frame, "tenure").set_index("label")["mean"]
    assert by_tenure["24+"] > by_tenure["0-5"]


def test_women_reasons_denominator_is_women_not_working_before(frame):
    table = emp.women_reasons(frame, "en")
    expected = int(((frame["gender"] == 2) & (frame["prior_status"] == 4)).sum())
    assert (table["denominator"] == expected).all()
    assert table.attrs["denominator"].endswith(f"n = {expected}")


def test_prepare_selects_the_county_or_falls_back(frame, tmp_path, monkeypatch):
    from countydigital.survey.export import write_tidy

    path = write_tidy(synth.generate(n=200, seed=8), tmp_path / "s.parquet")
    one = scope.prepare(str(path), "130722")
    assert one.codes == ["130722"] and set(one.staff.frame["county"]) == {"130722"} and not one.fallback
    pooled = scope.prepare(str(path), "pooled")
    assert pooled.pooled and pooled.codes == ["130529", "130722"] and pooled.staff.n == 200
