"""The report's national context figures, recomputed: how much land and population
China's county territory (县域) holds.

The report says counties hold ~93% of the land, 74% of the population and 53% of
GDP. Which units count as 县域 decides the answer, so every share here is computed
under a named definition from `census.units.COUNTY_TERRITORY`:

    county_and_county_city   counties (县, 旗, 自治县 ...) + county-level cities: the
                             usual meaning of 县域
    all_but_districts        everything that is not a district (市辖区): adds the
                             statistics-only units (development zones, management
                             areas; see census.units) and uncoded units

Land comes from the equal-area boundaries (2021 divisions), population from the two
censuses by each census's own unit types. There is no open county-level GDP source
in this project's data, so the GDP share is not computed. The tables and sentences
that show these shares are in `text`, the figure in `plots`.
"""
from __future__ import annotations

import functools

import pandas as pd

from ... import boundaries, census
from ...units import COUNTY_TERRITORY, UNIT_TYPES

DEFINITIONS = tuple(COUNTY_TERRITORY)
DEFAULT_DEFINITION = "county_and_county_city"
BOUNDARIES_YEAR = 2021

# The report's figures live in the claims registry (data/published/claims.yaml).
CLAIM_IDS = {
    "land": "context.county_land_share",
    "population": "context.county_population_share",
    "rural_population": "context.county_rural_population_share",
    "gdp": "context.county_gdp_share",
}

# What each population-like quantity is in the tidy census: (measure, category).
POPULATION_QUANTITIES = {
    "population": ("population", "all"),
    "rural_population": ("urban_rural", "rural"),
    "registered_population": ("registered_population", "all"),
}


def _with_shares(frame: pd.DataFrame, value: str, by: list[str]) -> pd.DataFrame:
    total = frame.groupby(by)[value].transform("sum") if by else frame[value].sum()
    return frame.assign(share=frame[value] / total)


def land_by_unit_type() -> pd.DataFrame:
    """Units and planar area (km2, equal-area) by unit type: unit_type, units, area_km2, share."""
    return _land_by_unit_type().copy()


@functools.lru_cache(maxsize=1)
def _land_by_unit_type() -> pd.DataFrame:
    """County-independent: computed once per process (every county profile records the land share)."""
    areas = boundaries.county_areas()
    out = (areas.groupby("unit_type").agg(units=("code", "size"), area_km2=("area_km2", "sum"))
           .reindex(UNIT_TYPES, fill_value=0).reset_index())
    return _with_shares(out, "area_km2", [])


def population_by_unit_type(quantity: str = "population", years=census.YEARS) -> pd.DataFrame:
    """Population by census year and unit type: year, unit_type, units, population, share.

    quantity: "population" (resident), "rural_population" (rural residents) or
    "registered_population" (户籍人口; 2010 only).
    """
    years = (years,) if isinstance(years, int) else tuple(years)
    return _population_by_unit_type(quantity, years).copy()


@functools.lru_cache(maxsize=None)
def _population_by_unit_type(quantity: str, years: tuple[int, ...]) -> pd.DataFrame:
    """County-independent: computed once per process (a profile of every county asks for it)."""
    measure, category = POPULATION_QUANTITIES[quantity]
    frame = census.unit_rows(years)
    rows = frame[(frame["measure"] == measure) & (frame["sex"] == "total")
                 & (frame["category"] == category)]
    out = (rows.groupby(["year", "unit_type"], observed=True)
           .agg(units=("code", "nunique"), population=("value", "sum")).reset_index())
    out["unit_type"] = out["unit_type"].astype(str)
    out = out.set_index(["year", "unit_type"]).reindex(
        pd.MultiIndex.from_product([sorted(out["year"].unique()), UNIT_TYPES],
                                   names=["year", "unit_type"]), fill_value=0).reset_index()
    return _with_shares(out, "population", ["year"])


def _share(table: pd.DataFrame, definition: str) -> float:
    types = COUNTY_TERRITORY[definition]
    return float(table.loc[table["unit_type"].isin(types), "share"].sum())


def land_share(definition: str = DEFAULT_DEFINITION) -> float:
    """Percent of China's land (equal-area boundaries, 2021 divisions) in 县域 under `definition`."""
    return 100 * _share(land_by_unit_type(), definition)


def population_share(year: int, definition: str = DEFAULT_DEFINITION,
                     quantity: str = "population") -> float:
    """Percent of the census `year`'s `quantity` living in 县域 under `definition`."""
    table = population_by_unit_type(quantity, years=year)
    return 100 * _share(table, definition)


def national_shares() -> pd.DataFrame:
    """Every recomputed share side by side.

    Columns: quantity (land, population, rural_population, registered_population),
    definition, year (census year, or the boundaries' division year), source,
    share_pct. The same for every county: computed once per process.
    """
    return _national_shares().copy()


@functools.lru_cache(maxsize=1)
def _national_shares() -> pd.DataFrame:
    rows = []
    for definition in DEFINITIONS:
        rows.append(("land", definition, BOUNDARIES_YEAR, "boundaries", land_share(definition)))
    for quantity in ("population", "rural_population", "registered_population"):
        years = (2010,) if quantity == "registered_population" else census.YEARS
        for year in years:
            for definition in DEFINITIONS:
                rows.append((quantity, definition, year, "census",
                             population_share(year, definition, quantity)))
    return pd.DataFrame(rows, columns=["quantity", "definition", "year", "source", "share_pct"])


def unit_type_changes() -> pd.DataFrame:
    """How many units of each type each census has, and the boundaries file:
    unit_type, census_2010, census_2020, boundaries_2021. The same for every county: counted once per process."""
    return _unit_type_changes().copy()


@functools.lru_cache(maxsize=1)
def _unit_type_changes() -> pd.DataFrame:
    frame = census.load_census()
    counts = (frame.drop_duplicates(["year", "code"]).groupby(["unit_type", "year"], observed=True)
              .size().unstack("year").reindex(UNIT_TYPES, fill_value=0))
    counts.columns = [f"census_{y}" for y in counts.columns]
    counts[f"boundaries_{BOUNDARIES_YEAR}"] = (
        boundaries.county_properties().groupby("unit_type").size().reindex(UNIT_TYPES, fill_value=0))
    return counts.fillna(0).astype(int).reset_index()


def published_figures() -> dict[str, tuple[float, str]]:
    """quantity -> (the report's percent, how it is worded: "≈ 93 %", "> 50 %"), read
    from the claims registry, the one source of the report's numbers."""
    from ...claims import get_claim

    out = {}
    for quantity, claim_id in CLAIM_IDS.items():
        claim = get_claim(claim_id)
        out[quantity] = (float(claim.value), claim.published_text())
    return out
