"""National county shares (sections.context.analysis): land and population by unit type."""
from __future__ import annotations

import pytest

from countydigital import boundaries
from countydigital.sections.context import analysis as context


def test_land_by_unit_type_covers_all_land():
    table = context.land_by_unit_type()
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["area_km2"].sum() == pytest.approx(boundaries.county_areas()["area_km2"].sum())
    assert table["units"].sum() == 2990


def test_definitions_nest():
    narrow = context.land_share("county_and_county_city")
    wide = context.land_share("all_but_districts")
    assert 50 < narrow <= wide < 100
    for year in (2010, 2020):
        assert context.population_share(year, "county_and_county_city") <= context.population_share(
            year, "all_but_districts")


def test_population_shares_by_year():
    table = context.population_by_unit_type()
    assert table.groupby("year")["share"].sum().round(12).eq(1).all()
    assert table.groupby("year")["population"].sum().to_dict() == {2010: 1_332_810_869, 2020: 1_409_778_724}
    # county conversions into districts (撤县设区) moved people from counties to districts
    share = table.set_index(["year", "unit_type"])["share"]
    assert share[(2020, "district")] > share[(2010, "district")]
    assert share[(2020, "county")] < share[(2010, "county")]


def test_rural_and_registered_population():
    # counties hold most of the rural population in both censuses
    assert context.population_share(2020, quantity="rural_population") > 50
    assert context.population_share(2010, quantity="rural_population") > 50
    # registered population exists only in 2010; counties' registered share exceeds
    # their resident share (people registered there live elsewhere)
    registered = context.population_share(2010, quantity="registered_population")
    assert registered > context.population_share(2010)


def test_national_shares_table():
    table = context.national_shares()
    assert set(table["quantity"]) == {"land", "population", "rural_population", "registered_population"}
    assert set(table["definition"]) == set(context.DEFINITIONS)
    assert table.loc[table["quantity"] == "land", "source"].eq("boundaries").all()
    assert table["share_pct"].between(0, 100).all()


def test_unit_type_changes():
    table = context.unit_type_changes().set_index("unit_type")
    assert table.loc["district", "census_2020"] > table.loc["district", "census_2010"]
    assert table["boundaries_2021"].sum() == 2990


def test_land_table_kept_per_process_is_a_copy_for_each_caller():
    first = context.land_by_unit_type()
    first["share"] = -1.0
    assert context.land_by_unit_type()["share"].sum() == pytest.approx(1.0)
