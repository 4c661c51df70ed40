"""Ranks of a unit among its province or the nation, and its profile beside province and nation.

Each ranking pool (a province or the nation, optionally some unit types) is sorted
once per process; a unit's rank is then a binary search in it, so a county profile's
dozens of ranks, and thousands of profiles, do not filter the indicators table again.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import CensusMeasureUnavailable
from .indicators import INDICATORS, indexed, unit_in_year, unit_row
from .tidy import YEARS

# --- ranks ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Rank:
    """Where a unit stands: rank 1 is the highest value among `of` units with a value."""

    indicator: str
    year: int
    within: str
    value: float
    rank: int
    of: int

    @property
    def percentile(self) -> float:
        """Share of the compared units with a lower value (0 = lowest, 1 = highest)."""
        return (self.of - self.rank) / (self.of - 1) if self.of > 1 else 1.0

    def __str__(self) -> str:
        return f"{self.rank}/{self.of}"


def rank_in(code, indicator: str, year: int, within: str = "province",
            unit_types: tuple[str, ...] | None = None) -> Rank:
    """The unit's rank on `indicator` in `year` among the units of its province
    (`within="province"`) or of the nation, optionally only units of `unit_types`
    (e.g. ("county", "county_city")). Rank 1 = highest value; ties share the best rank.
    """
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}; known: {', '.join(INDICATORS)}")
    if within not in ("province", "nation"):
        raise ValueError(f"within must be 'province' or 'nation'; got {within!r}")
    county = unit_in_year(code, year)
    own = unit_row(county.code, year)
    value = own[indicator]
    if pd.isna(value):
        raise CensusMeasureUnavailable(f"{county.describe()} has no value of {indicator} in {year}")
    group = own["province_code"] if within == "province" else None
    others = _sorted_values(indicator, year, group, None if unit_types is None else tuple(unit_types))
    # the unit itself counts even when its own type is not among `unit_types`
    extra = 0 if unit_types is None or own["unit_type"] in unit_types else 1
    higher = len(others) - int(np.searchsorted(others, value, side="right"))
    return Rank(indicator, year, within, float(value), higher + 1, len(others) + extra)


@functools.lru_cache(maxsize=None)
def _sorted_values(indicator: str, year: int, province_code: str | None,
                   unit_types: tuple[str, ...] | None) -> np.ndarray:
    """The indicator's values over a ranking pool (a province or the nation, optionally some unit types), sorted:
    a unit's rank is then a binary search, and the pool is computed once for every unit ranked in it."""
    pool = indexed(year, "unit")
    if province_code is not None:
        pool = pool[pool["province_code"] == province_code]
    if unit_types is not None:
        pool = pool[pool["unit_type"].isin(unit_types)]
    return np.sort(pool[indicator].dropna().to_numpy(dtype=float))


def profile(code, indicators_: list[str] | None = None, years=YEARS, lang: str = "zh",
            unit_types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The unit's indicators beside its province and the nation, with its ranks.

    One row per (indicator, year): indicator (key), label (in `lang`), year, county,
    province, nation, rank_province and rank_nation ("rank/of" text).
    """
    names = indicators_ or ["population", "urban_share", "share_0_14", "share_65_plus",
                            "share_20_34", "share_junior_college_plus", "schooling_years",
                            "share_primary", "share_secondary", "share_tertiary"]
    rows = []
    for year in (years,) if isinstance(years, int) else years:
        county = unit_in_year(code, year)
        unit = unit_row(county.code, year)
        province = indexed(year, "province").loc[unit["province_code"]]
        nation = indexed(year, "nation").iloc[0]
        for name in names:
            if pd.isna(unit[name]):
                continue
            rows.append({
                "indicator": name, "label": INDICATORS[name].label(lang), "year": year,
                "county": unit[name], "province": province[name], "nation": nation[name],
                "rank_province": str(rank_in(county.code, name, year, "province", unit_types)),
                "rank_nation": str(rank_in(county.code, name, year, "nation", unit_types)),
            })
    return pd.DataFrame(rows, columns=["indicator", "label", "year", "county", "province", "nation",
                                       "rank_province", "rank_nation"])
