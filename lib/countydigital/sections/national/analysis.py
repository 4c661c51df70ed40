"""The national picture in numbers: every county-level unit's change 2010→2020, the outflow
claim under a stated reading, and the counties nationwide nearest to the reference counties.

Regions are the statistics bureau's four (国家统计局, 东中西部和东北地区划分, 2011): east
(10 provinces), central (6), west (12) and the north-east (3). Hebei, home of both study
counties, is an eastern province.

The outflow reading (`OUTFLOW_READING`, also the ledger's tolerance note). The report says
"尤其是在中西部欠发达县域，存在着……人口外溢、乡村空心化等问题" without naming the counties.
Read here as: among county-level divisions that are not districts (县, 旗, 自治县 and
county-level cities; `census.COUNTY_TERRITORY["county_and_county_city"]`) in the central
and western provinces, resident population fell 2010→2020 — the median unit's change is
below zero. A unit counts when the same 6-digit code is a county or county-level city in
both censuses: a unit whose code changed (a county turned district, a merger, a
renumbering) has no comparable change. Development zones and other statistics-only units
are not divisions and are left out. 欠发达 is not defined by the report, so no poverty list
narrows the set: the claim is tested on all such units of the two regions, beside the east,
the north-east and the nation.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import boundaries, census, peers
from ...census.labels import PROVINCE_EN
from ...exceptions import CountyLookupError
from ...units import COUNTY_TERRITORY

# Province code prefixes (first two digits) of the NBS regions.
NBS_REGIONS: dict[str, tuple[str, ...]] = {
    "east": ("11", "12", "13", "31", "32", "33", "35", "37", "44", "46"),
    "central": ("14", "34", "36", "41", "42", "43"),
    "west": ("15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"),
    "northeast": ("21", "22", "23"),
}
REGION_OF_PREFIX = {prefix: name for name, prefixes in NBS_REGIONS.items() for prefix in prefixes}
CENTRAL_WEST = "central-west"

COUNTY_TYPES = COUNTY_TERRITORY["county_and_county_city"]

OUTFLOW_READING = (
    "county-level divisions other than districts (counties, banners, autonomous counties, county-level "
    "cities) in the central and western provinces (NBS regions), each with the same code and type in the "
    "2010 and 2020 censuses; value: the median unit's change of resident population 2010→2020, %"
)

# The nearest-county profile: where the county stands in 2020 and how it changed over the
# decade (population change, a fraction), standardised nationwide (peers.standardise).
NEAREST_COVARIATES: tuple[str, ...] = (
    "log_population", "population_change", "share_20_34", "share_65_plus",
    "share_junior_college_plus", "urban_share", "share_primary",
)


@dataclass(frozen=True)
class Region:
    """Which part of China a run shows: key ("all", "central-west" or a province code),
    labels, and the province codes (XX0000) it covers."""

    key: str
    zh: str
    en: str
    province_codes: frozenset

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def is_province(self) -> bool:
        return len(self.province_codes) == 1


def region_of(province_code: str) -> str:
    """NBS region (east, central, west, northeast) of a province code."""
    return REGION_OF_PREFIX[str(province_code)[:2]]


@functools.lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    frame = census.indicators(2020)
    return dict(zip(frame["province_code"], frame["province"]))


def region(key: str) -> Region:
    """The Region for a notebook's `region` parameter: "all", "central-west" or a province
    code (130000, or its first two digits 13). A bad key raises CountyLookupError listing
    the choices."""
    key = str(key).strip()
    provinces = _provinces()
    if key == "all":
        return Region("all", "全国", "China", frozenset(provinces))
    if key == CENTRAL_WEST:
        codes = frozenset(c for c in provinces if region_of(c) in ("central", "west"))
        return Region(key, "中西部", "central and western China", codes)
    code = key + "0000" if len(key) == 2 else key
    if code in provinces:
        return Region(code, provinces[code], PROVINCE_EN[code[:2]], frozenset([code]))
    choices = ", ".join(f"{c} {n}" for c, n in sorted(provinces.items()))
    raise CountyLookupError(f"region {key!r}: not 'all', '{CENTRAL_WEST}' or a province code ({choices})")


def reference_codes(references: str | Sequence[str]) -> list[str]:
    """6-digit codes of the reference counties: a comma-separated string or a list of codes,
    Chinese names or pinyin (census.lookup), duplicates dropped, order kept."""
    items = references.split(",") if isinstance(references, str) else list(references)
    codes = [census.lookup(item.strip()).code for item in items if str(item).strip()]
    if not codes:
        raise CountyLookupError("references: name at least one county (e.g. 130529,130722)")
    return list(dict.fromkeys(codes))


@functools.lru_cache(maxsize=1)
def _unit_table() -> pd.DataFrame:
    now, before = census.indicators(2020), census.indicators(2010).set_index("code")
    table = now[["code", "name", "prefecture", "province_code", "province", "unit_type"]].copy()
    table["region"] = table["province_code"].map(region_of)
    matched = table["code"].map(before["unit_type"])
    table["comparable"] = table["unit_type"].isin(COUNTY_TYPES) & matched.isin(COUNTY_TYPES)
    table["population_2010"] = table["code"].map(before["population"])
    table["population_2020"] = now["population"].astype(float)
    table["population_change_pct"] = 100 * (table["population_2020"] / table["population_2010"] - 1)
    table["share_20_34_2020_pct"] = 100 * now["share_20_34"]
    table["share_20_34_change_pp"] = table["share_20_34_2020_pct"] - 100 * table["code"].map(before["share_20_34"])
    table["junior_college_2020_pct"] = 100 * now["share_junior_college_plus"]
    return table


def unit_table() -> pd.DataFrame:
    """One row per county-level unit of the 2020 census, sorted by code.

    Columns: code, name, prefecture, province_code, province, region (NBS), unit_type,
    comparable (a county or county-level city under the same code in both censuses: the
    outflow reading's units), population_2010 (NaN without a 2010 unit of that code),
    population_2020, population_change_pct, share_20_34_2020_pct, share_20_34_change_pp
    (percentage points), junior_college_2020_pct (junior college or more, aged 6+).
    Changes are given for every unit with a 2010 unit of the same code, districts included.
    """
    return _unit_table().copy()


OUTFLOW_GROUPS = (("central-west", ("central", "west")), ("east", ("east",)),
                  ("northeast", ("northeast",)), ("nation", tuple(NBS_REGIONS)))


def _summary_row(group: str, units: pd.DataFrame, eligible: int) -> dict:
    fell = units["population_change_pct"] < 0
    return {
        "group": group,
        "n_units": len(units),
        "n_not_comparable": eligible - len(units),
        "n_fell": int(fell.sum()),
        "share_fell_pct": 100 * fell.mean() if len(units) else np.nan,
        "median_population_change_pct": units["population_change_pct"].median(),
        "total_population_change_pct": 100 * (units["population_2020"].sum() / units["population_2010"].sum() - 1),
        "median_share_20_34_change_pp": units["share_20_34_change_pp"].median(),
    }


def outflow_summary(area: Region | None = None) -> pd.DataFrame:
    """The outflow reading's figures for central+western China beside the east, the north-east
    and the nation (and the chosen province, when `area` is one).

    One row per group: group, n_units (comparable units), n_not_comparable (counties and
    county-level cities of 2020 without a comparable 2010 unit), n_fell, share_fell_pct,
    median_population_change_pct, total_population_change_pct (the group's summed
    residents), median_share_20_34_change_pp.
    """
    table = _unit_table()
    counties = table[table["unit_type"].isin(COUNTY_TYPES)]
    groups = [(name, counties["region"].isin(regions)) for name, regions in OUTFLOW_GROUPS]
    if area is not None and area.is_province:
        groups.append((area.key, counties["province_code"].isin(area.province_codes)))
    rows = [_summary_row(name, counties[mask & counties["comparable"]], int(mask.sum())) for name, mask in groups]
    return pd.DataFrame(rows)


def outflow_value(summary: pd.DataFrame) -> float:
    """The value recorded for context.population_outflow: the central+western median change, %."""
    return float(summary.set_index("group").at["central-west", "median_population_change_pct"])


def nearest_frame() -> pd.DataFrame:
    """The 2020 indicators of every unit with the decade's population change (a fraction;
    NaN without a comparable 2010 unit), the frame nearest counties are chosen on."""
    frame = census.indicators(2020)
    table = _unit_table().set_index("code")
    change = table["population_change_pct"].where(table["comparable"]) / 100
    frame["population_change"] = frame["code"].map(change).astype(float)
    return frame


def nearest_counties(references: Sequence[str], area: Region, n: int = 10,
                     covariates: Sequence[str] = NEAREST_COVARIATES) -> pd.DataFrame:
    """The `n` counties nearest to each reference county, within `area`.

    The peer method of notebook 02 (`peers.select_peers`, scope national: Euclidean distance
    on covariates standardised over every eligible unit nationwide, ties broken by code),
    applied to the 2020 profile plus the 2010→2020 population change: candidates are
    counties and county-level cities with a comparable change; districts and
    development zones never are. The other reference counties are left out of each list.
    The z-scores are always national, so choosing a region only narrows the candidates.

    Returns one row per (reference, neighbour): reference, rank (1..n), code, name,
    prefecture, province, distance and the covariates (as `peers.select_peers` gives them).
    """
    frame = nearest_frame()
    info = frame.set_index("code")
    out = []
    for target in references:
        ranked = peers.select_peers(frame, frame, target, covariates=covariates, n_peers=len(frame),
                                    scope="national")
        keep = ranked["code"].map(info["province_code"]).isin(area.province_codes) & ~ranked["code"].isin(references)
        chosen = ranked[keep].head(int(n)).reset_index(drop=True)
        chosen["rank"] = np.arange(1, len(chosen) + 1)
        chosen.insert(0, "reference", target)
        chosen.insert(4, "prefecture", chosen["code"].map(info["prefecture"]).to_numpy())
        out.append(chosen)
    return pd.concat(out, ignore_index=True)


def map_table() -> pd.DataFrame:
    """Every polygon of the boundaries (2021 divisions) with the unit table's values joined by
    code (NaN where the 2020 census has no unit of that code): what the maps colour."""
    props = boundaries.county_properties()[["code", "name", "province_code", "unit_type"]]
    values = _unit_table().drop(columns=["name", "province_code", "unit_type"])
    return props.merge(values, on="code", how="left")
