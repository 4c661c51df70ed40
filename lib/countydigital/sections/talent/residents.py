"""The county's residents in the census, for the talent-return notebook (02).

`county_age` / `county_education` (summed over one or more units), `by_year`,
`working_age_profile`, `grouped_mean_age`, `adult_education_shares` (upper bounds, see
`analysis` on comparability), `county_changes` / `indicator_change` (2010 vs 2020
beside province and nation).
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ... import census
from ...census import mapping
from ...plotting import label

# Working-age groups of the census (15-64) and the groups an employee's age falls in.
WORKING_AGE_GROUPS: tuple[str, ...] = mapping.AGE_GROUPS[3:13]
YOUNG_GROUPS: tuple[str, ...] = ("20-24", "25-29", "30-34")
ADULT_GROUPS: tuple[str, ...] = mapping.AGE_GROUPS[4:]  # aged 20+


def county_age(codes: Sequence[str], year: int) -> pd.DataFrame:
    """Residents by age group and sex summed over `codes`: age_group, sex, population, share.

    share is of the summed population (both sexes add up to 1), as a pyramid draws it.
    """
    frames = [census.age_sex(code, year) for code in codes]
    total = pd.concat(frames).groupby(["age_group", "sex"], observed=True, as_index=False)["population"].sum()
    total["share"] = total["population"] / total["population"].sum()
    return total


def county_education(codes: Sequence[str], year: int) -> pd.DataFrame:
    """Residents aged 6+ by highest level attended, summed over `codes`: level, population, share."""
    frames = [census.education(code, year) for code in codes]
    total = pd.concat(frames).groupby("level", observed=True, as_index=False)["population"].sum()
    total["share"] = total["population"] / total["population"].sum()
    return total


def by_year(function, codes: Sequence[str], years: Sequence[int] = (2010, 2020)) -> dict[str, dict[int, pd.DataFrame]]:
    """{code: {year: function([code], year)}}: e.g. `by_year(county_age, codes)` for the pyramids."""
    return {code: {year: function([code], year) for year in years} for code in codes}


def _age_totals(codes: Sequence[str], year: int) -> pd.Series:
    return county_age(codes, year).groupby("age_group", observed=True)["population"].sum()


def working_age_profile(codes: Sequence[str], year: int) -> pd.DataFrame:
    """The county's residents aged 15-64 by 5-year group: age_group, population, share (of 15-64)."""
    totals = _age_totals(codes, year).reindex(list(WORKING_AGE_GROUPS))
    return pd.DataFrame({"age_group": list(WORKING_AGE_GROUPS), "population": totals.to_numpy(),
                         "share": (totals / totals.sum()).to_numpy()})


def grouped_mean_age(profile: pd.DataFrame) -> float:
    """Mean age from 5-year groups, each person at the middle of the group (a 15-19 is 17.5).

    Exact ages are not in the county tables; within a group ages are taken as uniform.
    """
    lows = profile["age_group"].map(lambda g: int(str(g).split("-")[0]))
    return float(((lows + 2.5) * profile["population"]).sum() / profile["population"].sum())


def adult_education_shares(codes: Sequence[str], year: int) -> dict[str, float]:
    """People who attended each level or higher, per resident aged 20+ (upper bounds; see
    the module docstring): senior_secondary_plus, junior_college_plus, bachelor_plus."""
    edu = county_education(codes, year).set_index("level")["population"]
    adults = float(_age_totals(codes, year).reindex(list(ADULT_GROUPS)).sum())
    return {
        "senior_secondary_plus": float(edu[["senior_secondary", "junior_college", "bachelor_plus"]].sum()) / adults,
        "junior_college_plus": float(edu[["junior_college", "bachelor_plus"]].sum()) / adults,
        "bachelor_plus": float(edu["bachelor_plus"]) / adults,
    }


# Indicators of the census section: key -> (zh, en, kind) with kind "share" (fraction,
# shown in %, change in percentage points), "people" (change in %) or "years".
CENSUS_ROWS: dict[str, tuple[str, str, str]] = {
    "population": ("常住人口（人）", "Resident population", "people"),
    "share_20_34": ("20–34岁人口比重（%）", "Aged 20–34 (%)", "share"),
    "share_15_64": ("15–64岁人口比重（%）", "Aged 15–64 (%)", "share"),
    "share_65_plus": ("65岁及以上人口比重（%）", "Aged 65+ (%)", "share"),
    "share_junior_college_plus": ("大专及以上（6岁及以上人口，%）", "Junior college or higher (aged 6+, %)", "share"),
    "share_bachelor_plus": ("本科及以上（6岁及以上人口，%）", "Bachelor's or higher (aged 6+, %)", "share"),
    "schooling_years": ("平均受教育年限（年）", "Average years of schooling", "years"),
    "registered_elsewhere_share": ("户口在外乡镇街道的常住人口（%）", "Residents registered elsewhere (%)", "share"),
    "registered_other_province_share": ("其中户口在外省（%）", "… registered in another province (%)", "share"),
}


def _change(kind: str, before: float, after: float) -> float:
    if kind == "people":
        return 100.0 * (after / before - 1.0)
    if kind == "share":
        return 100.0 * (after - before)
    return after - before


def county_changes(code: str, lang: str = "zh") -> pd.DataFrame:
    """One row per CENSUS_ROWS indicator: the unit's 2010 and 2020 values and change,
    beside the change of its province and of the nation.

    Columns: indicator (key), label (in `lang`), kind, 2010, 2020, change,
    province_change, nation_change. Shares are in percent and their change in
    percentage points; population change is in percent; schooling in years.
    """
    unit = census.lookup(code)
    levels = {}
    for year in (2010, 2020):
        own = census.indicators(year).set_index("code").loc[unit.code]
        province = census.indicators(year, "province").set_index("code").loc[own["province_code"]]
        nation = census.indicators(year, "nation").iloc[0]
        levels[year] = (own, province, nation)
    rows = []
    for key, (zh, en, kind) in CENSUS_ROWS.items():
        scale = 100.0 if kind == "share" else 1.0
        own10, prov10, nat10 = (float(s[key]) for s in levels[2010])
        own20, prov20, nat20 = (float(s[key]) for s in levels[2020])
        rows.append({
            "indicator": key, "label": label(zh, en, lang), "kind": kind,
            "2010": own10 * scale, "2020": own20 * scale,
            "change": _change(kind, own10, own20),
            "province_change": _change(kind, prov10, prov20),
            "nation_change": _change(kind, nat10, nat20),
        })
    return pd.DataFrame(rows)


def indicator_change(code: str, indicator: str = "share_20_34") -> float:
    """The unit's 2010-2020 change of a CENSUS_ROWS indicator (pp for a share)."""
    return float(county_changes(code).set_index("indicator").at[indicator, "change"])
