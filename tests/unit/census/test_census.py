"""The harmonised census against the workbooks' own totals and independent figures.

The first test session builds the parquet cache from the two workbooks (~40 s);
later sessions read it in about a second.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from countydigital import census, datafetch
from countydigital.census import mapping, quality
from countydigital.exceptions import CensusMeasureUnavailable, UnknownCounty

# Cells of the 2010 workbook that are wrong in the source itself (a stray 30000, digits
# slipped into a neighbouring column, a negative 15+ population). They are kept as
# published; this list pins them so that a harmonisation error, which would break
# identities in many units, cannot hide among them.
KNOWN_2010_SOURCE_ERRORS = {
    ("211422", "age groups = population"), ("430407", "age groups = population"),
    ("4690X1", "urban + rural = population"), ("4690X1", "generations = households"),
    ("211324", "occupations = employed"), ("211381", "occupations = employed"),
    ("430611", "occupations = employed"), ("430621", "occupations = employed"),
    ("532932", "occupations = employed"), ("533102", "occupations = employed"),
    ("533103", "occupations = employed"), ("6328X3", "occupations = employed"),
    ("654226", "occupations = employed"),
    ("130924", "industries = employed"), ("350304", "industries = employed"),
    ("411122", "industries = employed"), ("430722", "industries = employed"),
    ("510682", "industries = employed"), ("513433", "industries = employed"),
    ("632723", "industries = employed"), ("652223", "industries = employed"),
    ("350681", "generations = households"), ("500231", "generations = households"),
    ("451024", "marital statuses = population 15+"),
    ("451025", "male + female illiterate = illiterate"),
    ("222403", "employed + not working = population 16+ (2010)"),
    ("361029", "employed + not working = population 16+ (2010)"),
    ("421381", "employed + not working = population 16+ (2010)"),
    ("653022", "employed + not working = population 16+ (2010)"),
}
# The 2020 workbook's three subtotal cells that disagree with its own unit rows.
KNOWN_2020_SUBTOTAL_ERRORS = {
    ("350000", "registered_elsewhere", "total", "other_county_same_province"),
    ("410000", "household_population", "total", "all"),
    ("450000", "education", "female", "none"),
}


@pytest.fixture(scope="session")
def tidy() -> pd.DataFrame:
    return census.load_census()


@pytest.fixture(scope="session")
def failures(tidy) -> pd.DataFrame:
    return quality.identity_failures(tidy)


def test_julu_2020_population(tidy):
    row = tidy[(tidy["code"] == "130529") & (tidy["year"] == 2020) & (tidy["measure"] == "population")
               & (tidy["sex"] == "total")]
    assert row["value"].tolist() == [346007.0]
    assert census.indicators(2020).set_index("code").loc["130529", "population"] == 346007


@pytest.mark.parametrize("year, total", [(2010, 1_332_810_869), (2020, 1_409_778_724)])
def test_units_add_up_to_the_published_census_totals(tidy, year, total):
    # the 31 provinces' resident population as the two censuses published it
    pop = tidy[(tidy["year"] == year) & (tidy["measure"] == "population") & (tidy["sex"] == "total")]
    assert pop["value"].sum() == total
    assert pop["code"].is_unique


def test_2020_harmonised_totals_equal_source_totals(failures):
    # age groups = population, male + female = total, occupations/industries = employed, ...
    assert failures[failures["year"] == 2020].empty, failures[failures["year"] == 2020]


def test_2010_harmonised_totals_fail_only_where_the_source_is_wrong(tidy, failures):
    found = set(zip(failures.loc[failures["year"] == 2010, "code"],
                    failures.loc[failures["year"] == 2010, "identity"]))
    assert found == KNOWN_2010_SOURCE_ERRORS
    n_units = tidy.loc[tidy["year"] == 2010, "code"].nunique()
    assert len({c for c, _ in found}) < 0.01 * n_units


def test_every_identity_was_actually_checked(tidy):
    wide = quality._wide(tidy[tidy["code"].isin(["130529", "130722"])])
    for name, (left, right) in quality.IDENTITIES.items():
        lhs, rhs = left(wide), right(wide)
        assert lhs.notna().any() and rhs.notna().any(), name


@pytest.mark.parametrize("level", ["province", "prefecture"])
def test_aggregates_equal_subtotal_rows(level):
    for year in (2010, 2020):
        mismatches = quality.subtotal_mismatches(year, level)
        assert mismatches.attrs["compared"] > 3000
        # the population by sex agrees everywhere
        assert mismatches[mismatches["measure"] == "population"].empty
        if year == 2020:
            found = set(zip(mismatches["code"], mismatches["measure"], mismatches["sex"],
                            mismatches["category"]))
            if level == "province":
                assert found == KNOWN_2020_SUBTOTAL_ERRORS
            else:  # no other cells than those (some errors sit in the province row only)
                assert {f[1:] for f in found} <= {k[1:] for k in KNOWN_2020_SUBTOTAL_ERRORS}
        else:  # the 2010 source errors above show up here too, nothing more
            assert len(mismatches) < 0.01 * mismatches.attrs["compared"]


def test_nation_aggregate_equals_the_2020_national_row():
    ours = census.aggregated(2020, "nation").set_index(["measure", "sex", "category"])["value"]
    source = census.subtotals(2020)
    source = source[source["level"] == "nation"].set_index(["measure", "sex", "category"])["value"]
    counts = [m for m, s in mapping.MEASURES.items() if s.kind == "count"]
    joined = pd.concat([ours.rename("ours"), source.rename("source")], axis=1, join="inner")
    joined = joined[joined.index.get_level_values("measure").isin(counts)]
    differ = joined[(joined["ours"] - joined["source"]).abs() > 0.5]
    assert {k[1:] for k in KNOWN_2020_SUBTOTAL_ERRORS} == set(differ.index)
    # means are weighted: the national averages match the census's own to its rounding
    means = pd.concat([ours.rename("ours"), source.rename("source")], axis=1, join="inner")
    for key in [("schooling_years", "total", "mean"), ("schooling_years", "female", "mean"),
                ("household_size", "total", "mean")]:
        assert means.loc[key, "ours"] == pytest.approx(means.loc[key, "source"], abs=0.006)


def test_2010_industry_headers_are_matched_by_position(tidy):
    # The 2010 headers for transport / information / wholesale were mis-split; the
    # mapping matches them by position. Wholesale & retail employs more people than
    # information services nearly everywhere, in both years.
    ind = tidy[tidy["measure"] == "industry"].pivot_table(
        index=["year", "code"], columns="category", values="value", observed=True)
    for year in (2010, 2020):
        part = ind.loc[year]
        part = part[part.sum(axis=1) > 1000]
        assert (part["wholesale_retail"] > part["information"]).mean() > 0.97
        assert (part["wholesale_retail"] > part["transport_storage"]).mean() > 0.6


def test_2020_matches_the_independent_population_table():
    # population_2020.csv (tudigong) was derived from the same census independently
    other = pd.read_csv(datafetch.raw_path("population_2020"), encoding="utf-8-sig",
                        dtype={"CODE": str})
    other = other.set_index(other["CODE"].str.zfill(6))
    ours = census.indicators(2020).set_index("code")
    common = ours.index.intersection(other.index)
    assert len(common) > 2800
    assert (ours.loc[common, "population"] == other.loc[common, "POPU"]).mean() > 0.99
    urban_close = (ours.loc[common, "urban_share"] - other.loc[common, "POPU_URB"]).abs() < 0.001
    assert urban_close.mean() > 0.999  # one unit (扎赉诺尔区) differs: the workbook says all-urban
    reg = other.loc[common, ["POPU_REG_C", "POPU_REG_P", "POPU_REG_O"]].sum(axis=1)
    close = (ours.loc[common, "registered_elsewhere_share"] - reg).abs() < 0.005
    assert close.mean() > 0.95


def test_indicator_shares_are_coherent():
    for year in (2010, 2020):
        ind = census.indicators(year)
        shares = ind[[
            "urban_share", "share_0_14", "share_15_64", "share_65_plus", "share_20_34",
            "share_junior_college_plus", "share_primary", "share_secondary", "share_tertiary"]]
        ok = shares.dropna()
        assert ((ok >= 0) & (ok <= 1)).all().all()
        ages = ind["share_0_14"] + ind["share_15_64"] + ind["share_65_plus"]
        assert np.allclose(ages.dropna(), 1.0)
        sectors = ind[["share_primary", "share_secondary", "share_tertiary"]].sum(axis=1, min_count=3)
        assert np.allclose(sectors.dropna(), 1.0)
        assert ind["code"].is_unique
        assert set(ind["unit_type"]) <= set(census.UNIT_TYPES)


def test_household_size_recomputed_agrees_with_the_source(tidy):
    source = tidy[tidy["measure"] == "household_size"].set_index(["year", "code"])["value"]
    for year in (2010, 2020):
        ours = census.indicators(year).set_index("code")["household_size"]
        both = pd.concat([ours, source.loc[year]], axis=1, join="inner").dropna()
        assert (both.iloc[:, 0] - both.iloc[:, 1]).abs().lt(0.006).mean() > 0.99


def test_distributions_for_a_county_its_province_and_the_nation():
    pyramid = census.age_sex("130529", 2020)
    assert len(pyramid) == 2 * len(mapping.AGE_GROUPS)
    assert pyramid["share"].sum() == pytest.approx(1.0)
    assert pyramid["population"].sum() == 346007
    edu = census.education("巨鹿县", 2010, scope="province")
    hebei = census.load_census(2010)
    hebei = hebei[(hebei["province_code"] == "130000") & (hebei["measure"] == "education")]
    assert edu["population"].sum() == hebei["value"].sum()
    assert list(edu["level"]) == list(mapping.EDUCATION_LEVELS)
    table = census.compare("sectors", "130722")
    assert set(table["scope"]) == {"county", "province", "nation"} and set(table["year"]) == {2010, 2020}
    assert table.groupby(["year", "scope"])["share"].sum().round(9).eq(1).all()


def test_not_working_reasons_exist_in_2010_only():
    reasons = census.not_working("130529", 2010)
    assert "housework" in set(reasons["reason"].astype(str))
    with pytest.raises(CensusMeasureUnavailable, match="2020"):
        census.not_working("130529", 2020)
    assert set(census.compare("not_working", "130529")["year"]) == {2010}


def test_unit_absent_from_a_census_year_is_refused():
    with pytest.raises(UnknownCounty, match="2020"):
        census.age_sex("110103", 2020)  # 崇文区 was merged into 东城区 in 2010


def test_rank_in():
    ind = census.indicators(2020)
    hebei = ind[ind["province_code"] == "130000"]
    top = hebei.loc[hebei["population"].idxmax(), "code"]
    rank = census.rank_in(top, "population", 2020, within="province")
    assert (rank.rank, rank.of) == (1, len(hebei)) and rank.percentile == 1.0
    low = hebei.loc[hebei["share_65_plus"].idxmin(), "code"]
    assert census.rank_in(low, "share_65_plus", 2020, within="province").rank == len(hebei)
    julu = census.rank_in("130529", "share_primary", 2020, within="nation",
                          unit_types=("county", "county_city"))
    assert julu.of < census.rank_in("130529", "share_primary", 2020, within="nation").of


def test_profile_puts_county_beside_province_and_nation():
    table = census.profile("130529", ["population", "urban_share"], lang="en")
    assert list(table["year"]) == [2010, 2010, 2020, 2020]
    row = table[(table["indicator"] == "population") & (table["year"] == 2020)].iloc[0]
    assert row["county"] == 346007 and row["nation"] == 1_409_778_724
    assert row["label"] == "Resident population"
    assert row["rank_province"].endswith("/" + str(
        (census.indicators(2020)["province_code"] == "130000").sum()))


def test_cache_file_name_carries_checksums_and_mapping(monkeypatch):
    from countydigital.census import tidy as tidy_module

    name = tidy_module.cache_path("tidy").name
    manifest = datafetch.load_manifest()
    assert manifest["census_2010"].sha256[:10] in name and manifest["census_2020"].sha256[:10] in name
    monkeypatch.setattr(mapping, "signature", lambda: "a changed mapping")
    assert tidy_module.cache_path("tidy").name != name


def test_cached_writes_once_atomically_and_drops_stale_files(tmp_path, monkeypatch):
    from countydigital import paths
    from countydigital.census import tidy as tidy_module

    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path)
    stale = tmp_path / "census_demo_old.parquet"
    stale.write_bytes(b"old")
    calls = []

    def build():
        calls.append(1)
        return pd.DataFrame({"a": [1, 2]})

    first = tidy_module.cached("demo", build)
    second = tidy_module.cached("demo", build)
    assert calls == [1] and first.equals(second)
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir()] == [tidy_module.cache_path("demo").name]
