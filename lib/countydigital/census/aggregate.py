"""Sums of units: the same long schema for prefectures, provinces and the nation.

Everything here is computed from the unit rows, never from the workbooks' own
subtotal rows (those are kept only to check these sums against; see
`census.quality.subtotal_mismatches`). Counts are summed; a mean measure
(schooling_years, household_size) is averaged with its declared weight measure
(population aged 6+ by sex; family households).
"""
from __future__ import annotations

import functools

import pandas as pd

from . import mapping
from .tidy import as_categoricals, cached, load_census

LEVELS = ("prefecture", "province", "nation")
NATION_CODE, NATION_NAME = "000000", "全国"

_KEYS = {
    "prefecture": ["prefecture_code", "prefecture", "province_code", "province"],
    "province": ["province_code", "province"],
    "nation": [],
}


def aggregate(frame: pd.DataFrame, level: str = "province") -> pd.DataFrame:
    """Sum the unit rows of a tidy long frame to `level` (prefecture, province, nation).

    `frame` is `load_census()` or any subset of it (e.g. one province's units). The
    result has the tidy columns, with code/name the aggregate's (province code and
    name, or 000000 全国), unit_type None and level = `level`.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}; got {level!r}")
    frame = frame.assign(unit=frame["code"])
    if level == "nation":
        frame = frame.assign(agg_code=NATION_CODE, agg_name=NATION_NAME)
        keys = ["agg_code", "agg_name"]
    else:
        keys = list(_KEYS[level])
    group = keys + ["year", "measure", "sex", "category"]

    kinds = frame["measure"].map(lambda m: mapping.MEASURES[m].kind)
    parts = [frame[kinds == "count"].groupby(group, sort=False)["value"].sum()]
    present = set(frame["measure"])
    for name, spec in mapping.MEASURES.items():
        if spec.kind == "mean" and name in present:
            parts.append(_weighted_mean(frame, name, spec.weight, group))
    out = pd.concat(parts).rename("value").reset_index()

    if level == "nation":
        out = out.rename(columns={"agg_code": "code", "agg_name": "name"})
    elif level == "province":
        out["code"], out["name"] = out["province_code"], out["province"]
    else:
        out["code"], out["name"] = out["prefecture_code"], out["prefecture"]
    for column in ("prefecture_code", "prefecture", "province_code", "province"):
        if column not in out:
            out[column] = None
    out["unit_type"] = None
    out["level"] = level
    return out[["code", "name", "prefecture_code", "prefecture", "province_code", "province",
                "unit_type", "year", "measure", "sex", "category", "value", "level"]]


def unit_weights(frame: pd.DataFrame, weight: str) -> pd.Series:
    """Each unit's total of measure `weight` by sex, indexed (unit, year, sex).

    The total is the measure's "all" category when it has one (households), else the
    sum over its categories (education); sex "total" is male + female when the
    measure has no total rows.
    """
    w = frame[frame["measure"] == weight]
    if "all" in set(w["category"]):
        w = w[w["category"] == "all"]
    by_sex = w.groupby(["unit", "year", "sex"])["value"].sum()
    if "total" not in set(w["sex"]):
        both = w[w["sex"].isin(["male", "female"])].groupby(["unit", "year"])["value"].sum()
        both.index = pd.MultiIndex.from_tuples(
            [(u, y, "total") for u, y in both.index], names=["unit", "year", "sex"])
        by_sex = pd.concat([by_sex, both])
    return by_sex


def _weighted_mean(frame: pd.DataFrame, measure: str, weight: str, group: list[str]) -> pd.Series:
    """Mean of `measure` weighted by the unit's total of `weight` for the same sex."""
    means = frame[frame["measure"] == measure]
    weights = unit_weights(frame, weight).rename("weight")
    means = means.join(weights, on=["unit", "year", "sex"]).dropna(subset=["weight"])
    means = means.assign(product=means["value"] * means["weight"])
    sums = means.groupby(group, sort=False)[["product", "weight"]].sum()
    return sums["product"] / sums["weight"]


def _build_all() -> pd.DataFrame:
    frame = load_census()
    return as_categoricals(pd.concat([aggregate(frame, level) for level in LEVELS],
                                     ignore_index=True))


@functools.lru_cache(maxsize=1)
def _all_aggregates() -> pd.DataFrame:
    return cached("aggregates", _build_all, modules=("aggregate.py",))


def aggregated(year: int, level: str) -> pd.DataFrame:
    """aggregate(load_census(year), level) for the whole country, cached on disk."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}; got {level!r}")
    frame = _all_aggregates()
    return frame[(frame["year"] == year) & (frame["level"] == level)].reset_index(drop=True)
