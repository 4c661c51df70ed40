"""Tables and sentences that put a county beside its province and the nation.

What the context notebook (00) shows as text: formatted profile tables and one-line
descriptions of a 2010 -> 2020 change with the county's 2020 ranks. Numbers come
from `census.profile` / `census.indicators`; this module only formats them.
"""
from __future__ import annotations

import pandas as pd

from .counties import lookup
from .indicators import INDICATORS, indicators, profile, rank_in
from .labels import category_label, place_name, province_name

RANK_TYPES = None  # ranks are among all county-level units (districts included)


def fmt(value: float, indicator: str) -> str:
    """A value formatted for its indicator's unit (shares as percent with one decimal)."""
    if pd.isna(value):
        return "–"
    unit = INDICATORS[indicator].unit
    if unit == "share":
        return f"{100 * value:.1f}%"
    if unit == "people":
        return f"{value:,.0f}"
    if unit in ("years", "persons per household"):
        return f"{value:.2f}"
    return f"{value:.1f}"


def profile_table(code, indicators_: list[str], lang: str = "zh", years=None) -> pd.DataFrame:
    """County, province and nation side by side for each year, with the county's ranks.

    years: default every census year the county has a row in.

    Rows: indicators (labelled in `lang`); columns: (year, county | province | nation |
    rank in province | rank in China). Values are formatted text, ready to display.
    """
    years = years or lookup(code).years
    table = profile(code, indicators_, years=years, lang=lang)
    if table.empty:
        return pd.DataFrame({"": ["普查分县表中该单位没有这些数据" if lang == "zh" else
                                  "the county census tables have no such data for this unit"]})
    columns = {
        "county": category_label("scope", "county", lang),
        "province": category_label("scope", "province", lang),
        "nation": category_label("scope", "nation", lang),
        "rank_province": "省内排名" if lang == "zh" else "rank in province",
        "rank_nation": "全国排名" if lang == "zh" else "rank in China",
    }
    for column in ("county", "province", "nation"):
        table[column] = [fmt(v, k) for v, k in zip(table[column], table["indicator"])]
    table = table.rename(columns=columns)
    wide = table.pivot(index="label", columns="year", values=list(columns.values()))
    wide = wide.swaplevel(axis=1).sort_index(axis=1, level=0, sort_remaining=False)
    order = [INDICATORS[k].label(lang) for k in indicators_ if INDICATORS[k].label(lang) in wide.index]
    wide = wide.loc[order, [(y, c) for y in years for c in columns.values() if (y, c) in wide.columns]]
    wide.index.name = None
    wide.columns.names = [None, None]
    return wide


def describe_change(code, indicator: str, lang: str = "zh", years=None) -> str:
    """One sentence: the indicator in both years, the change, and the county's ranks in
    the later year within its province and China (among all county-level units).

    years: (first, last); default the county's census years. A county with a row in one
    census only (its code changed) gets that year's value and ranks."""
    county = lookup(code)
    years = tuple(years or county.years)
    first, last = years[0], years[-1]
    a = None if first == last else indicators(first).set_index("code")[indicator].get(county.code)
    b = indicators(last).set_index("code")[indicator].get(county.code)
    name = INDICATORS[indicator].label(lang)
    if b is None or pd.isna(b):
        return (f"{county.name}{last}年没有{name}的数据。" if lang == "zh" else
                f"{name}: no data for {place_name(county, lang)} in {last}.")
    in_prov = rank_in(county.code, indicator, last, "province", RANK_TYPES)
    in_nation = rank_in(county.code, indicator, last, "nation", RANK_TYPES)
    unit = INDICATORS[indicator].unit
    if a is None or pd.isna(a):
        change_zh = change_en = ""
    elif unit == "share":
        d = 100 * (b - a)
        change_zh = f"（{d:+.1f}个百分点）"
        change_en = f" ({d:+.1f} percentage points)"
    else:
        d = 100 * (b / a - 1)
        change_zh = f"（{d:+.1f}%）"
        change_en = f" ({d:+.1f}%)"
    if lang == "zh":
        start = f"{county.name}{name}{first}年为{fmt(a, indicator)}，{last}年为{fmt(b, indicator)}{change_zh}"
        if a is None or pd.isna(a):
            start = f"{county.name}{last}年{name}为{fmt(b, indicator)}"
        return (f"{start}；{last}年在{county.province}{in_prov.of}个县级单位中由高到低排第"
                f"{in_prov.rank}位，在全国{in_nation.of}个中排第{in_nation.rank}位。")
    start = (f"{name} in {place_name(county, lang)}: {fmt(a, indicator)} in {first}, "
             f"{fmt(b, indicator)} in {last}{change_en}")
    if a is None or pd.isna(a):
        start = f"{name} in {place_name(county, lang)}: {fmt(b, indicator)} in {last}"
    return (f"{start}. In {last} it ranked {in_prov.rank} of {in_prov.of} county-level units "
            f"in {province_name(county, lang)} (highest first) and {in_nation.rank} of {in_nation.of} in China.")


def headline(code, lang: str = "zh") -> str:
    """Who the county is: name, prefecture, province, code, unit type, 2020 population."""
    county = lookup(code)
    kind = category_label("unit_type", county.unit_type, lang)
    pop = indicators(2020).set_index("code")["population"].get(county.code)
    pop_text = fmt(pop, "population") if pop is not None else "–"
    if lang == "zh":
        return (f"**{county.name}**（{county.province}{county.prefecture}，区划代码 {county.code}，"
                f"类型：{kind}）。2020年常住人口 {pop_text} 人。")
    return (f"**{place_name(county, lang)}** ({county.name}; {county.prefecture}, {province_name(county, lang)}; "
            f"code {county.code}; {kind.lower()}). Resident population 2020: {pop_text}.")
