"""The 2010 (6th) and 2020 (7th) county-level census in one tidy schema.

Source: the county tabulations of Dong, Du & Liu (github.com/leiii/census), keys
`census_2010` / `census_2020` of data/manifest.yaml. Reading both workbooks takes
~30 s; the tidy result is cached as parquet under paths.PROCESSED_DIR (file name =
year + workbook sha256 + mapping hash), so later runs load in well under a second.

Tidy schema (`load_census()`; one row per unit x year x measure x sex x category):

    code            str   6-digit GB/T 2260 code of the county-level unit, as of that
                          census; 'PPPPX<k>' for units the workbook gives no code
                          (development zones, 2010's 大兴安岭 zones, ...)
    name            str   unit name as in that census (巿 normalised to 市)
    prefecture_code str   6-digit code of the prefecture (XXYY00; XX9000 for
                          province-administered units; the province's code in the
                          four municipalities)
    prefecture      str
    province_code   str   XX0000
    province        str
    unit_type       str   district | county | county_city | other (countydigital.units)
    year            int   2010 | 2020
    measure         str   a key of census.mapping.MEASURES (what it counts, universe,
                          whether it is a long-form sample, notes on comparability)
    sex             str   total | male | female (as the source gives it; education and
                          age come by sex only)
    category        str   "all" for a measure without categories, "mean" for a mean,
                          else one of census.mapping.CATEGORY_ORDER[measure]
    value           float a count of people/households, or a mean (schooling_years,
                          household_size)

The text columns are held as pandas categoricals (compare them with plain strings as
usual); `indicators()` returns plain strings.

Within one (unit, year, measure, sex), the categories partition the measure's
universe, except `households`, whose 'all' is the total and 'one_person' a subset of
'one_generation'. Totals the workbooks print beside categories are separate measures
(`employed`, `population_16plus`, `population_15plus`), so a category sum can be
checked against them (census.quality). Workbook subtotal rows are not in
`load_census()`; `subtotals()` has them (column `level`) for checks only:
province and national figures are always computed from the unit rows
(`aggregate`).

Public API (notebooks and other modules rely on these names):
    load_census(years=(2010, 2020)) -> DataFrame          the tidy long frame
    unit_rows(years) / rows_of(code, year) -> DataFrame    the same, kept per process and
                                                          shared (read-only); one unit's rows
    subtotals(years=(2010, 2020)) -> DataFrame            the workbooks' own subtotal rows
    lookup(query) -> County                               by code, Chinese name, pinyin
    indicators(year, level="unit") -> DataFrame           wide: one row per unit (or
                                                          prefecture/province/nation)
    age_sex / education / industry / sectors / occupation / not_working
        (code, year, scope="county"|"province"|"nation") -> DataFrame
    compare(kind, code, years, scopes) -> DataFrame       a distribution for the unit,
                                                          its province and the nation
    aggregate(frame, level="province"|"prefecture"|"nation") -> DataFrame
    rank_in(code, indicator, year, within="province"|"nation", unit_types=None) -> Rank
    profile(code, indicators_, years, lang) -> DataFrame  indicators beside province,
                                                          nation and ranks
    unit_type(code, name=None) -> str

Submodules: mapping (the declared header harmonisation), workbook (reading a sheet,
units vs subtotal rows), tidy (harmonising, the parquet cache), counties (lookup),
aggregate, indicators, shares (a distribution's bar series for figures), quality (identities and subtotal
checks), labels. Unit types
live in countydigital.units (shared with the boundaries); what notebook 00 displays
lives in countydigital.sections.context.
"""
from ..units import COUNTY_TERRITORY, UNIT_TYPES, unit_type, unit_type_label
from .aggregate import aggregate, aggregated
from .counties import County, lookup
from .frames import rows_of, unit_rows
from .indicators import (
    DISTRIBUTIONS,
    INDICATORS,
    SCOPES,
    Indicator,
    age_sex,
    compare,
    education,
    indicators,
    industry,
    not_working,
    occupation,
    scope_frame,
    sectors,
)
from .mapping import CATEGORY_ORDER, MEASURES
from .ranks import Rank, profile, rank_in
from .tidy import YEARS, load_census, subtotals

__all__ = [
    "aggregate", "aggregated", "DISTRIBUTIONS", "INDICATORS", "SCOPES", "Indicator", "Rank",
    "age_sex", "compare", "education", "indicators", "industry", "not_working", "occupation",
    "profile", "rank_in", "scope_frame", "sectors", "County", "lookup", "CATEGORY_ORDER",
    "MEASURES", "YEARS", "load_census", "unit_rows", "rows_of", "subtotals", "COUNTY_TERRITORY",
    "UNIT_TYPES", "unit_type", "unit_type_label",
]
