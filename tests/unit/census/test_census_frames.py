"""The census layer's per-process memos give what the plain pandas computations give."""
from __future__ import annotations

import pytest

from countydigital import census
from countydigital.sections.context import analysis

SAMPLE = ["130529", "130722", "110101", "650102", "540102", "130102"]


@pytest.mark.parametrize("year", [2010, 2020])
def test_rows_of_a_unit_equal_filtering_the_long_frame(year):
    long = census.load_census(year)
    for code in SAMPLE + ["999999"]:
        expected = long[long["code"] == code].reset_index(drop=True)
        assert census.rows_of(code, year).reset_index(drop=True).equals(expected)


def test_load_census_still_returns_a_frame_of_its_own():
    first = census.load_census(2020)
    first["value"] = 0.0
    assert census.load_census(2020)["value"].sum() > 0
    assert census.unit_rows(2020)["value"].sum() > 0


@pytest.mark.parametrize("unit_types", [None, ("county", "county_city"), ["district"]])
def test_ranks_equal_a_brute_force_count(unit_types):
    for code in SAMPLE:
        for within in ("province", "nation"):
            frame = census.indicators(2020)
            own = frame[frame["code"] == code].iloc[0]
            pool = frame if within == "nation" else frame[frame["province_code"] == own["province_code"]]
            if unit_types is not None:
                pool = pool[pool["unit_type"].isin(unit_types) | (pool["code"] == code)]
            values = pool["share_20_34"].dropna()
            rank = census.rank_in(code, "share_20_34", 2020, within, unit_types)
            assert (rank.rank, rank.of) == (int((values > own["share_20_34"]).sum()) + 1, len(values))


def test_lookup_by_code_and_by_name_agree():
    assert census.lookup("130529") == census.lookup("巨鹿县") == census.lookup(130529)


def test_national_shares_are_computed_once_and_handed_out_as_copies():
    first = analysis.national_shares()
    first["share_pct"] = -1.0
    again = analysis.national_shares()
    assert (again["share_pct"] > 0).all()
    table = analysis.population_by_unit_type("population", years=2020)
    expected = census.load_census(2020)
    expected = expected[(expected["measure"] == "population") & (expected["sex"] == "total")]
    assert table["population"].sum() == pytest.approx(expected["value"].sum())


@pytest.mark.parametrize("kind", ["age_sex", "education", "sectors", "industry"])
def test_province_and_nation_distributions_computed_once_equal_computing_them_again(kind):
    from countydigital.census.indicators import DISTRIBUTIONS, _distribution, age_sex

    function = DISTRIBUTIONS[kind]
    for code in SAMPLE[:4]:
        for scope in ("province", "nation"):
            shared = function(code, 2020, scope)
            _distribution.cache_clear()
            age_sex.cache_clear()
            fresh = function(code, 2020, scope)
            assert shared.equals(fresh), (kind, code, scope)
            shared.loc[:, shared.columns[-1]] = -1  # a caller's change stays in its copy
            assert function(code, 2020, scope).equals(fresh)
    hebei = [function(code, 2020, "province") for code in ("130529", "130722")]
    assert hebei[0].equals(hebei[1])  # one province, one distribution
    assert not function("650102", 2020, "province").equals(hebei[0])  # another province, its own
