"""The county profile's tables (sections.context.text.profile_table), built cell by cell, equal pivoting the long
`census.profile` table by year: same frame, same dtypes, same HTML and text a page shows."""
from __future__ import annotations

import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

from countydigital import census
from countydigital.census import INDICATORS
from countydigital.sections.context import text

# Hebei (both censuses), a Beijing district, Urumqi, Lhasa, a unit of one census, a unit whose code changed
SAMPLE = ["130529", "130722", "110101", "650102", "540102", "4603X1"]
SETS = [["population", "sex_ratio", "household_size", "registered_elsewhere_share", "registered_other_province_share"],
        ["share_0_14", "share_20_34", "share_15_64", "share_65_plus"],
        ["share_junior_college_plus", "share_bachelor_plus", "schooling_years"],
        ["share_primary", "share_secondary", "share_tertiary", "share_services_occupation"],
        ["registered_population", "population"]]  # registered population: 2010 only, so 2020's cells are missing


def _pivoted(code, indicators_, lang):
    """The table as it was made before: the long table formatted, pivoted by year, reordered."""
    years = census.lookup(code).years
    table = census.profile(code, indicators_, years=years, lang=lang)
    if table.empty:
        return None  # no such data for this unit: a one-cell table says so
    columns = {"county": text.category_label("scope", "county", lang),
               "province": text.category_label("scope", "province", lang),
               "nation": text.category_label("scope", "nation", lang),
               "rank_province": "省内排名" if lang == "zh" else "rank in province",
               "rank_nation": "全国排名" if lang == "zh" else "rank in China"}
    for column in ("county", "province", "nation"):
        table[column] = [text.fmt(v, k) for v, k in zip(table[column], table["indicator"])]
    table = table.rename(columns=columns)
    wide = table.pivot(index="label", columns="year", values=list(columns.values()))
    wide = wide.swaplevel(axis=1).sort_index(axis=1, level=0, sort_remaining=False)
    order = [INDICATORS[k].label(lang) for k in indicators_ if INDICATORS[k].label(lang) in wide.index]
    wide = wide.loc[order, [(y, c) for y in years for c in columns.values() if (y, c) in wide.columns]]
    wide.index.name = None
    wide.columns.names = [None, None]
    return wide


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profile_table_equals_the_pivoted_long_table(lang):
    formatter = DisplayFormatter()
    missing = 0
    for code in SAMPLE:
        for indicators_ in SETS:
            expected, got = _pivoted(code, indicators_, lang), text.profile_table(code, indicators_, lang)
            if expected is None:
                assert got.shape == (1, 1)
                continue
            pd.testing.assert_frame_equal(got, expected, check_exact=True, check_index_type=True,
                                          check_column_type=True)
            assert repr(got.dtypes) == repr(expected.dtypes)
            assert formatter.format(got) == formatter.format(expected)  # the page's HTML and text, byte for byte
            missing += int(got.isna().to_numpy().any())
    assert missing  # the sample includes tables with missing cells
