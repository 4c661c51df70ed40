"""census.shares: the figures' bar series, read from each scope's distribution, equal splitting `compare`'s frame."""
from __future__ import annotations

import numpy as np
import pytest

from countydigital import census
from countydigital.census import shares as census_shares
from countydigital.census.mapping import AGE_GROUPS
from countydigital.exceptions import CensusMeasureUnavailable

# Hebei (both censuses), a Beijing district, Urumqi, Lhasa, a unit of one census (a development zone)
SAMPLE = ["130529", "130722", "110101", "650102", "540102", "4603X1"]


def _from_compare(kind, code, years, keys, category, categories=None):
    """What the figures drew before: `compare`'s stacked frame, grouped and reindexed, in %."""
    data = census.compare(kind, code, years)
    if categories is None:
        column = data[category]
        categories = list(column.cat.categories) if hasattr(column, "cat") else list(dict.fromkeys(column))
    groups = data.groupby(keys, observed=True, sort=False)
    return categories, {key: group.set_index(category)["share"].reindex(categories).to_numpy() * 100
                        for key, group in groups}


def _same(expected: dict, got: dict) -> None:
    assert set(got) == set(expected)
    for key, values in expected.items():
        np.testing.assert_array_equal(got[key], values, err_msg=str(key))  # bit for bit, NaN where NaN


@pytest.mark.parametrize("kind,category", [("education", "level"), ("sectors", "sector"),
                                           ("occupation", "occupation"), ("industry", "industry")])
def test_distribution_shares_equal_splitting_compare(kind, category):
    for code in SAMPLE:
        years = census.lookup(code).years
        try:
            categories, expected = _from_compare(kind, code, years, ["year", "scope"], category)
        except CensusMeasureUnavailable:  # then so do the shares (the figure says there are no data)
            with pytest.raises(CensusMeasureUnavailable):
                census_shares.shares(kind, code, years, category)
            continue
        for _ in range(2):  # the second time the province's and nation's arrays are the kept ones
            got_categories, got = census_shares.shares(kind, code, years, category)
            assert got_categories == categories
            _same(expected, got)


def test_age_sex_shares_equal_splitting_compare():
    for code in SAMPLE:
        years = census.lookup(code).years
        _, expected = _from_compare("age_sex", code, years, ["year", "scope", "sex"], "age_group", AGE_GROUPS)
        _, got = census_shares.shares("age_sex", code, years, "age_group", split="sex", categories=AGE_GROUPS)
        _same(expected, got)
        assert np.isnan(got[(1990, "county", "male")]).all()  # a key without rows: nothing drawn


def test_kept_arrays_cannot_be_changed_by_a_caller():
    _, got = census_shares.shares("education", "130529", (2020,), "level")
    got[(2020, "province")][0] = -1.0  # the caller's own array
    _, again = census_shares.shares("education", "130529", (2020,), "level")
    assert again[(2020, "province")][0] >= 0
    kept = [one for one in census_shares._KEPT.values()]
    assert kept and all(not one.percent.flags.writeable for one in kept)


def test_years_without_the_table_are_left_out_and_none_raises():
    _, got = census_shares.shares("not_working", "130529", (2010, 2020), "reason")
    assert {key[0] for key in got} == {2010}
    with pytest.raises(CensusMeasureUnavailable):
        census_shares.shares("not_working", "130529", (2020,), "reason")
