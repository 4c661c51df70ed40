"""County lookup by code, name and pinyin; unit types from GB/T 2260 codes."""
from __future__ import annotations

import pytest

from countydigital import census
from countydigital.census import counties
from countydigital.exceptions import AmbiguousCounty, CountyLookupError, UnknownCounty


@pytest.mark.parametrize("query", ["130529", 130529, "巨鹿县", "巨鹿", "Julu", "julu", "JULU", "Julu County"])
def test_lookup_finds_julu(query):
    county = census.lookup(query)
    assert (county.code, county.name, county.prefecture, county.province) == ("130529", "巨鹿县", "邢台市", "河北省")
    assert county.pinyin == "Julu" and county.unit_type == "county" and county.years == (2010, 2020)


def test_lookup_zhangbei_and_passthrough():
    county = census.lookup("张北")
    assert (county.code, county.prefecture) == ("130722", "张家口市")
    assert census.lookup(county) is county


def test_short_names_with_ethnic_suffixes():
    assert census.lookup("富川").name == "富川瑶族自治县"
    assert census.lookup("阿鲁科尔沁").name == "阿鲁科尔沁旗"
    with pytest.raises(AmbiguousCounty, match="211402 连山区.*441825 连山壮族瑶族自治县"):
        census.lookup("连山")


def test_ambiguous_name_lists_every_candidate():
    with pytest.raises(AmbiguousCounty) as err:
        census.lookup("桥东区")
    message = str(err.value)
    for expected in ("130103", "石家庄市", "130702", "张家口市", "河北省"):
        assert expected in message
    assert isinstance(err.value, CountyLookupError)


def test_ambiguous_pinyin():
    # 朝阳区 (Beijing) and 朝阳区 (长春) share a pinyin name, like many others
    with pytest.raises(AmbiguousCounty, match="110105.*220104|220104.*110105"):
        census.lookup("Chaoyang")


def test_unknown_name_suggests_close_matches():
    with pytest.raises(UnknownCounty, match="巨鹿县"):
        census.lookup("巨鹿镇")
    with pytest.raises(UnknownCounty, match="no county-level unit is called 'Atlantis'"):
        census.lookup("Atlantis")


def test_unknown_code_says_what_it_is():
    with pytest.raises(UnknownCounty, match="prefecture code"):
        census.lookup("130500")
    with pytest.raises(UnknownCounty, match="province code"):
        census.lookup(130000)
    with pytest.raises(UnknownCounty, match="130599"):
        census.lookup("130599")


def test_a_2010_only_unit_still_resolves():
    county = census.lookup("崇文区")  # merged into 东城区 in 2010
    assert county.code == "110103" and county.years == (2010,) and county.pinyin is None


def test_directory_has_one_row_per_code():
    table = counties.directory()
    assert table["code"].is_unique
    assert table["pinyin"].notna().sum() > 2700


@pytest.mark.parametrize("code, name, expected", [
    ("130529", "巨鹿县", "county"),
    ("130102", "长安区", "district"),
    ("130181", "辛集市", "county_city"),
    ("152921", "阿拉善左旗", "county"),
    ("130771", "张家口经济开发区", "other"),     # statistics-only code 71-80
    ("441900", "东莞市", "district"),           # prefecture-level city without districts
    ("429004", "仙桃市", "county_city"),        # province-administered: the name decides
    ("429021", "神农架林区", "county"),
    ("469021", "定安县", "county"),
    ("2327X1", "加格达奇", "other"),            # uncoded unit, pseudo code
])
def test_unit_type(code, name, expected):
    assert census.unit_type(code, name) == expected


def test_unit_types_in_the_data():
    ind = census.indicators(2020).set_index("code")
    assert ind.loc["130529", "unit_type"] == "county"
    assert ind.loc["130181", "unit_type"] == "county_city"
    assert ind.loc["419001", "unit_type"] == "county_city"  # 济源市
    # every county's code ends in 21-70 unless it is province-administered (XX90ZZ)
    counties = ind.index[ind["unit_type"] == "county"]
    assert all(21 <= int(c[4:]) <= 70 or c[2:4] == "90" for c in counties)
    assert (ind["unit_type"] == "other").sum() > 100  # 2020's development zones


def test_directory_read_from_its_cache_equals_the_one_derived_from_the_census(monkeypatch):
    import pandas as pd

    from countydigital import boundaries
    from countydigital.census import tidy

    cached = counties.directory()
    target = tidy.cache_path("directory", ("counties.py",), boundaries.cache_path().name)
    assert target.exists()  # written by the first call of any process
    pd.testing.assert_frame_equal(cached, counties._build_directory())
    assert all(type(y) is int for y in cached.loc[0, "years"])
    # another boundaries file names another cache: pinyin names come from it
    monkeypatch.setattr(boundaries, "cache_path", lambda: target.with_name("boundaries_other_code.parquet"))
    assert tidy.cache_path("directory", ("counties.py",), boundaries.cache_path().name) != target
