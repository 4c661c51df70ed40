"""Wide indicator tables, one unit's distributions beside its province and the nation,
and ranks.

Every share is a fraction (0-1) computed from the tidy counts, with the sum of the
measure's categories as denominator (so a typo in a workbook's own total column does
not enter). Province and nation values are computed the same way from the summed
unit rows (`census.aggregate`), so county, province and nation are always comparable.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import CensusMeasureUnavailable, UnknownCounty
from . import mapping
from .aggregate import aggregated
from .counties import County, lookup
from .frames import rows_of
from .tidy import YEARS, cached, load_census

ID_COLUMNS = ["code", "name", "prefecture_code", "prefecture", "province_code", "province",
              "unit_type", "year"]
SCOPES = ("county", "province", "nation")


@dataclass(frozen=True)
class Indicator:
    zh: str
    en: str
    unit: str  # "share" (fraction), "people", "years", "ratio", "persons per household"
    definition: str

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


INDICATORS: dict[str, Indicator] = {
    "population": Indicator("常住人口", "Resident population", "people", "resident population"),
    "male": Indicator("男性人口", "Male population", "people", "resident men"),
    "female": Indicator("女性人口", "Female population", "people", "resident women"),
    "sex_ratio": Indicator("性别比（女=100）", "Sex ratio (women = 100)", "ratio",
                           "men per 100 women"),
    "urban_share": Indicator("城镇人口比重", "Urban share", "share",
                             "urban / (urban + rural) residents"),
    "share_0_14": Indicator("0-14岁人口比重", "Share aged 0-14", "share", "of all residents"),
    "share_15_64": Indicator("15-64岁人口比重", "Share aged 15-64", "share", "of all residents"),
    "share_65_plus": Indicator("65岁及以上人口比重", "Share aged 65+", "share", "of all residents"),
    "share_20_34": Indicator("20-34岁人口比重", "Share aged 20-34", "share",
                             "of all residents (the report's young workforce, 20-35)"),
    "share_junior_college_plus": Indicator(
        "大专及以上比重（6岁及以上）", "Junior college or higher (aged 6+)", "share",
        "junior college (大专) or higher among residents aged 6+"),
    "share_bachelor_plus": Indicator("本科及以上比重（6岁及以上）", "Bachelor's or higher (aged 6+)",
                                     "share", "bachelor's or higher among residents aged 6+"),
    "schooling_years": Indicator("平均受教育年限", "Average years of schooling", "years",
                                 "aged 6+; the census's own figure (weighted mean above unit level)"),
    "share_primary": Indicator("第一产业就业比重", "Employed in primary sector", "share",
                               "agriculture, forestry, animal husbandry, fishery (long-form sample)"),
    "share_secondary": Indicator("第二产业就业比重", "Employed in secondary sector", "share",
                                 "mining, manufacturing, utilities, construction (long-form sample)"),
    "share_tertiary": Indicator("第三产业就业比重", "Employed in tertiary sector (services)", "share",
                                "all service industries, sections F-T (long-form sample)"),
    "share_services_occupation": Indicator(
        "商业服务业人员比重", "Service workers among the employed", "share",
        "occupation group 4 (commerce/service workers; 2020: production and life services)"),
    "registered_elsewhere_share": Indicator(
        "户口在外乡镇街道人口比重", "Registered elsewhere", "share",
        "residents whose 户口 is outside their township/street, of all residents"),
    "registered_other_province_share": Indicator(
        "户口在外省人口比重", "Registered in another province", "share", "of all residents"),
    "household_size": Indicator("平均家庭户规模", "Average household size", "persons per household",
                                "people in family households / family households"),
    "registered_population": Indicator("户籍人口", "Registered population (2010)", "people",
                                       "people with 户口 in the unit (2010 only)"),
    "employed_sample": Indicator("就业人口（长表抽样）", "Employed (long-form sample)", "people",
                                 "employed people in the ~10% long-form sample"),
}

# The indicators peers and ranks use; all are computed for every unit and aggregate.
SHARE_INDICATORS = [k for k, v in INDICATORS.items() if v.unit == "share"]


def _wide(long: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    wide = long.pivot_table(index=keys, columns=["measure", "sex", "category"], values="value",
                            aggfunc="sum", observed=True, dropna=False)
    return wide


def _block(wide: pd.DataFrame, measure: str, sex: str | None = None) -> pd.DataFrame:
    cols = [c for c in wide.columns if c[0] == measure and (sex is None or c[1] == sex)]
    return wide[cols]


def _sum(wide, measure, sex=None, categories=None) -> pd.Series:
    block = _block(wide, measure, sex)
    if categories is not None:
        block = block[[c for c in block.columns if c[2] in categories]]
    if block.shape[1] == 0:
        return pd.Series(np.nan, index=wide.index)
    return block.sum(axis=1, min_count=1)


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den.where(den > 0)).astype(float)


def compute_indicators(long: pd.DataFrame) -> pd.DataFrame:
    """The INDICATORS of every entity (unit or aggregate) in a tidy long frame."""
    keys = [c for c in ID_COLUMNS if c in long.columns]
    ids = long[keys].drop_duplicates("code" if "code" in keys else keys).set_index("code")
    wide = _wide(long, ["code"])
    age = lambda groups: _sum(wide, "age", None, groups)  # noqa: E731
    all_ages = _sum(wide, "age")
    education = _sum(wide, "education")
    industry = _sum(wide, "industry")
    sector = {s: _sum(wide, "industry", categories=[c for c in mapping.INDUSTRIES
                                                       if mapping.SECTORS.get(c, "tertiary") == s])
              for s in ("primary", "secondary", "tertiary")}
    pop = _sum(wide, "population", "total")
    male, female = _sum(wide, "population", "male"), _sum(wide, "population", "female")
    urban = _sum(wide, "urban_rural", categories=["urban"])
    out = pd.DataFrame({
        "population": pop,
        "male": male,
        "female": female,
        "sex_ratio": _ratio(male, female) * 100,
        "urban_share": _ratio(urban, _sum(wide, "urban_rural")),
        "share_0_14": _ratio(age(["0-4", "5-9", "10-14"]), all_ages),
        "share_15_64": _ratio(age(list(mapping.AGE_GROUPS[3:13])), all_ages),
        "share_65_plus": _ratio(age(list(mapping.AGE_GROUPS[13:])), all_ages),
        "share_20_34": _ratio(age(["20-24", "25-29", "30-34"]), all_ages),
        "share_junior_college_plus": _ratio(
            _sum(wide, "education", categories=["junior_college", "bachelor_plus"]), education),
        "share_bachelor_plus": _ratio(_sum(wide, "education", categories=["bachelor_plus"]), education),
        "schooling_years": _sum(wide, "schooling_years", "total"),
        "share_primary": _ratio(sector["primary"], industry),
        "share_secondary": _ratio(sector["secondary"], industry),
        "share_tertiary": _ratio(sector["tertiary"], industry),
        "share_services_occupation": _ratio(_sum(wide, "occupation", categories=["services"]),
                                            _sum(wide, "occupation")),
        "registered_elsewhere_share": _ratio(_sum(wide, "registered_elsewhere"), pop),
        "registered_other_province_share": _ratio(
            _sum(wide, "registered_elsewhere", categories=["other_province"]), pop),
        "household_size": _ratio(_sum(wide, "household_population"),
                                 _sum(wide, "households", categories=["all"])),
        "registered_population": _sum(wide, "registered_population"),
        "employed_sample": industry,
    })
    out = ids.join(out).reset_index()
    return out[[c for c in ID_COLUMNS if c in out.columns] + list(INDICATORS)]


LEVELS = ("unit", "prefecture", "province", "nation")


def _build_all() -> pd.DataFrame:
    frames = []
    for year in YEARS:
        for level in LEVELS:
            source = load_census(year) if level == "unit" else aggregated(year, level)
            frame = compute_indicators(source).assign(level=level)
            frames.append(frame.astype({c: str for c in ID_COLUMNS if c != "year"}))
    return pd.concat(frames, ignore_index=True)


@functools.lru_cache(maxsize=1)
def _all_indicators() -> pd.DataFrame:
    return cached("indicators", _build_all, modules=("aggregate.py", "indicators.py"))


@functools.lru_cache(maxsize=None)
def _indicators(year: int, level: str) -> pd.DataFrame:
    frame = _all_indicators()
    frame = frame[(frame["year"] == year) & (frame["level"] == level)].drop(columns="level")
    return frame.sort_values("code", ignore_index=True)


def indicators(year: int, level: str = "unit") -> pd.DataFrame:
    """One row per county-level unit (or per prefecture/province/nation) of `year`.

    Columns: code, name, prefecture_code, prefecture, province_code, province,
    unit_type, year, then every key of INDICATORS (shares as fractions 0-1; see each
    Indicator's definition). Education shares are among residents aged 6+.
    Employment shares come from the long-form (~10%) sample. Not available at county
    level: women's share of the employed (the county tables give employment by
    industry and occupation without sex).
    """
    if year not in YEARS:
        raise ValueError(f"census years are {YEARS}; got {year}")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}; got {level!r}")
    return _indicators(year, level).copy()


# --- one unit, beside its province and the nation -------------------------------------

def unit_in_year(code, year: int) -> County:
    """The unit `code` as `lookup` finds it, checked to have a row in the `year` census."""
    county = lookup(code)
    if year not in county.years:
        raise UnknownCounty(
            f"{county.describe()} has no row in the {year} census (its code changed or the "
            f"unit did not exist then); census years with this code: {county.years}"
        )
    return county


def _province_code_in(county: County, year: int) -> str:
    return unit_row(county.code, year)["province_code"]


@functools.lru_cache(maxsize=None)
def indexed(year: int, level: str) -> pd.DataFrame:
    """indicators(year, level) indexed by code, computed once and shared (read-only) for lookups."""
    return _indicators(year, level).set_index("code", drop=False)


def unit_row(code: str, year: int) -> pd.Series:
    """The indicators row of unit `code` in `year` (shared, read-only)."""
    row = indexed(year, "unit").loc[code]
    return row.iloc[0] if isinstance(row, pd.DataFrame) else row


def scope_frame(code, year: int, scope: str = "county") -> pd.DataFrame:
    """The tidy rows of the unit (scope county), its province or the nation in `year`."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}; got {scope!r}")
    county = unit_in_year(code, year)
    if scope == "county":
        return rows_of(county.code, year)
    if scope == "province":
        frame = aggregated(year, "province")
        return frame[frame["code"] == _province_code_in(county, year)]
    return aggregated(year, "nation")


def _same_for_every_unit_of_the_scope(function):
    """Compute the province's or the nation's distribution once per process, not once per county.

    Every county of a province compares itself with the same provincial and national
    distributions; the atlas asks for them ~3,000 times. The unit is still checked (a
    unit without a row in `year` raises as before); callers get a copy they may change."""
    computed: dict[tuple, pd.DataFrame] = {}

    @functools.wraps(function)
    def wrapper(code, year: int, scope: str = "county", *args, **kwargs):
        if scope == "county" or scope not in SCOPES:
            return function(code, year, scope, *args, **kwargs)
        county = unit_in_year(code, year)
        key = (year, scope, _province_code_in(county, year) if scope == "province" else None, args,
               tuple(sorted(kwargs.items())))
        if key not in computed:  # the same for any unit of the province (of the nation): computed from this one
            computed[key] = function(county.code, year, scope, *args, **kwargs)
        return computed[key].copy()

    wrapper.cache_clear = computed.clear
    return wrapper


@_same_for_every_unit_of_the_scope
def _distribution(code, year, scope, measure, sex="total") -> pd.DataFrame:
    rows = scope_frame(code, year, scope)
    rows = rows[rows["measure"] == measure]
    if not len(rows):
        raise CensusMeasureUnavailable(
            f"the {year} census county tables have no '{measure}' table "
            f"({mapping.MEASURES[measure].note or mapping.MEASURES[measure].description})"
        )
    if sex == "total" and "total" not in set(rows["sex"]):
        rows = rows.groupby("category", as_index=False)["value"].sum()
    else:
        rows = rows[rows["sex"] == sex][["category", "value"]]
    order = mapping.CATEGORY_ORDER[measure]
    rows = rows.astype({"category": str}).set_index("category").reindex(order).fillna(0.0).reset_index()
    rows["share"] = rows["value"] / rows["value"].sum()
    rows["category"] = pd.Categorical(rows["category"], categories=order, ordered=True)
    return rows


@_same_for_every_unit_of_the_scope
def age_sex(code, year: int, scope: str = "county") -> pd.DataFrame:
    """Population by 5-year age group and sex: age_group, sex, population, share.

    share is of the scope's whole population, so both sexes together sum to 1 (what a
    population pyramid draws).
    """
    rows = scope_frame(code, year, scope)
    rows = rows[rows["measure"] == "age"]
    out = rows[["category", "sex", "value"]].astype({"category": str, "sex": str}).rename(
        columns={"category": "age_group", "value": "population"})
    out["share"] = out["population"] / out["population"].sum()
    out["age_group"] = pd.Categorical(out["age_group"], categories=mapping.AGE_GROUPS, ordered=True)
    return out.sort_values(["sex", "age_group"], ignore_index=True)


@_same_for_every_unit_of_the_scope
def education(code, year: int, scope: str = "county", sex: str = "total") -> pd.DataFrame:
    """Residents aged 6+ by highest level attended: level, population, share (within sex)."""
    out = _distribution(code, year, scope, "education", sex)
    return out.rename(columns={"category": "level", "value": "population"})


@_same_for_every_unit_of_the_scope
def industry(code, year: int, scope: str = "county") -> pd.DataFrame:
    """Employed (long-form sample) by industry section: industry, sector, employed, share."""
    out = _distribution(code, year, scope, "industry").rename(
        columns={"category": "industry", "value": "employed"})
    out.insert(1, "sector", out["industry"].map(lambda c: mapping.SECTORS.get(c, "tertiary")))
    return out


@_same_for_every_unit_of_the_scope
def sectors(code, year: int, scope: str = "county") -> pd.DataFrame:
    """Employed by broad sector (primary/secondary/tertiary): sector, employed, share."""
    rows = industry(code, year, scope)
    out = rows.groupby("sector", as_index=False, observed=True)["employed"].sum()
    out["share"] = out["employed"] / out["employed"].sum()
    out["sector"] = pd.Categorical(out["sector"], ["primary", "secondary", "tertiary"], ordered=True)
    return out.sort_values("sector", ignore_index=True)


@_same_for_every_unit_of_the_scope
def occupation(code, year: int, scope: str = "county") -> pd.DataFrame:
    """Employed (long-form sample) by occupation group: occupation, employed, share."""
    return _distribution(code, year, scope, "occupation").rename(
        columns={"category": "occupation", "value": "employed"})


@_same_for_every_unit_of_the_scope
def not_working(code, year: int, scope: str = "county") -> pd.DataFrame:
    """Not-working people aged 16+ by reason: reason, people, share.

    Only 2010: the 2020 county tables have no such table, and asking for it raises
    CensusMeasureUnavailable.
    """
    return _distribution(code, year, scope, "not_working").rename(
        columns={"category": "reason", "value": "people"})


DISTRIBUTIONS = {
    "age_sex": age_sex, "education": education, "industry": industry, "sectors": sectors,
    "occupation": occupation, "not_working": not_working,
}


@_same_for_every_unit_of_the_scope
def _placed(code, year: int, scope: str, kind: str) -> pd.DataFrame:
    """One scope's distribution with its year, scope and place (name) columns, as `compare` stacks them."""
    county = unit_in_year(code, year)
    place = {"county": county.name, "province": county.province, "nation": "全国"}[scope]
    return DISTRIBUTIONS[kind](county.code, year, scope).assign(year=year, scope=scope, place=place)


def compare(kind: str, code, years=YEARS, scopes=SCOPES) -> pd.DataFrame:
    """A distribution (`kind`: a key of DISTRIBUTIONS) for the unit, its province and the
    nation, stacked with columns year, scope (county/province/nation) and place (the
    name). Years in which the census has no such table are left out."""
    frames = []
    for year in (years,) if isinstance(years, int) else years:
        county = unit_in_year(code, year)
        for scope in scopes:
            try:
                frames.append(_placed(county.code, year, scope, kind))
            except CensusMeasureUnavailable:
                break
    if not frames:
        raise CensusMeasureUnavailable(f"no census year in {years} has a '{kind}' table")
    return pd.concat(frames, ignore_index=True)
