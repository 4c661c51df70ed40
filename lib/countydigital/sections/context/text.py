"""Tables and sentences of the county-context notebook (00).

A county beside its province and the nation: formatted profile tables and one-line
descriptions of a 2010 -> 2020 change with the county's 2020 ranks (numbers from
`census.profile` / `census.indicators`). The report's national county shares: the
recomputed shares (`analysis.national_shares`) labelled for display, beside the
report's figures. This module only formats.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...census import INDICATORS, lookup, profile, rank_in
from ...census.indicators import indexed
from ...census.labels import category_label, place_name, province_name
from ...plotting import Caption, label
from .analysis import BOUNDARIES_YEAR, published_figures, unit_type_changes

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
    # The wide table built directly, cell by cell: what pivoting the long one by year gave (tested against it),
    # without pandas' pivot, swaplevel and sort (~3 ms a table, four tables a county profile).
    cells: dict[tuple, dict[str, object]] = {}
    for row in table.itertuples(index=False):
        for key, name in columns.items():
            value = getattr(row, key)
            cells.setdefault((row.year, name), {})[row.label] = (
                fmt(value, row.indicator) if key in ("county", "province", "nation") else value)
    present = set(table["label"])
    order = [INDICATORS[k].label(lang) for k in indicators_ if INDICATORS[k].label(lang) in present]
    order = list(dict.fromkeys(order))
    shown = [(y, c) for y in years for c in columns.values() if (y, c) in cells]
    values = np.array([[cells[key].get(name, np.nan) for key in shown] for name in order], dtype=object)
    return pd.DataFrame(values.reshape(len(order), len(shown)), index=pd.Index(order, dtype="str"),
                        columns=pd.MultiIndex.from_tuples(shown)).astype("str")


def describe_change(code, indicator: str, lang: str = "zh", years=None) -> str:
    """One sentence: the indicator in both years, the change, and the county's ranks in
    the later year within its province and China (among all county-level units).

    years: (first, last); default the county's census years. A county with a row in one
    census only (its code changed) gets that year's value and ranks."""
    county = lookup(code)
    years = tuple(years or county.years)
    first, last = years[0], years[-1]
    # the shared tables indexed by code (census.indexed): a profile asks for several values, each table copied
    a = None if first == last else indexed(first, "unit")[indicator].get(county.code)
    b = indexed(last, "unit")[indicator].get(county.code)
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
    pop = indexed(2020, "unit")["population"].get(county.code)
    pop_text = fmt(pop, "population") if pop is not None else "–"
    if lang == "zh":
        return (f"**{county.name}**（{county.province}{county.prefecture}，区划代码 {county.code}，"
                f"类型：{kind}）。2020年常住人口 {pop_text} 人。")
    return (f"**{place_name(county, lang)}** ({county.name}; {county.prefecture}, {province_name(county, lang)}; "
            f"code {county.code}; {kind.lower()}). Resident population 2020: {pop_text}.")


# Which report figure each recomputed quantity is compared with.
_PUBLISHED_FOR = {"registered_population": "population"}


def shares_table(shares: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """`national_shares()` labelled for display, with the report's figure beside each row."""
    published = published_figures()
    columns = (["数量", "县域口径", "年份", "来源", "重算（%）", "报告"] if lang == "zh" else
               ["quantity", "county territory", "year", "source", "recomputed (%)", "report"])
    rows = []
    for r in shares.itertuples():
        rows.append([category_label("quantity", r.quantity, lang),
                     category_label("definition", r.definition, lang), r.year,
                     r.source, f"{r.share_pct:.1f}",
                     published[_PUBLISHED_FOR.get(r.quantity, r.quantity)][1]])
    rows.append([category_label("quantity", "gdp", lang), "–", "–", "–",
                 "未计算" if lang == "zh" else "not computed", published["gdp"][1]])
    return pd.DataFrame(rows, columns=columns)


def unit_type_table(lang: str = "zh") -> pd.DataFrame:
    """`unit_type_changes()` labelled for display."""
    table = unit_type_changes()
    table["unit_type"] = [category_label("unit_type", t, lang) for t in table["unit_type"]]
    names = ({"unit_type": "类型", "census_2010": "2010年普查", "census_2020": "2020年普查",
              f"boundaries_{BOUNDARIES_YEAR}": f"{BOUNDARIES_YEAR}年边界"} if lang == "zh" else
             {"unit_type": "type", "census_2010": "census 2010", "census_2020": "census 2020",
              f"boundaries_{BOUNDARIES_YEAR}": f"boundaries {BOUNDARIES_YEAR}"})
    return table.rename(columns=names)


def summary(shares: pd.DataFrame, lang: str = "zh") -> str:
    """The recomputed shares in two sentences, beside the report's figures."""
    get = shares.set_index(["quantity", "definition", "year"])["share_pct"]
    cc, ab = "county_and_county_city", "all_but_districts"
    pub = published_figures()
    values = {
        "land": get[("land", cc, BOUNDARIES_YEAR)], "land_ab": get[("land", ab, BOUNDARIES_YEAR)],
        "p10": get[("population", cc, 2010)], "p20": get[("population", cc, 2020)],
        "p20ab": get[("population", ab, 2020)], "reg10": get[("registered_population", cc, 2010)],
        "rural20": get[("rural_population", cc, 2020)],
    }
    most = values["rural20"] > pub["rural_population"][0]
    if lang == "zh":
        return (f"按县 + 县级市计，县域面积占全国 {values['land']:.1f}%（{BOUNDARIES_YEAR}年区划；"
                f"除市辖区外全部计为 {values['land_ab']:.1f}%），报告为 {pub['land'][1]}。"
                f"县域常住人口占全国 {values['p10']:.1f}%（2010年）和 {values['p20']:.1f}%（2020年；"
                f"除市辖区外全部 {values['p20ab']:.1f}%），2010年户籍人口口径为 {values['reg10']:.1f}%，"
                f"报告为 {pub['population'][1]}。县域乡村人口占全国乡村人口的 {values['rural20']:.1f}%"
                f"（2020年），与报告“包含中国大部分的农村人口”{'一致' if most else '不符'}。"
                "GDP 没有公开的分县数据源，未计算。")
    return (f"Counting counties and county-level cities, counties cover {values['land']:.1f}% of China's "
            f"land ({BOUNDARIES_YEAR} divisions; {values['land_ab']:.1f}% for everything but districts); "
            f"the report says {pub['land'][1]}. They hold {values['p10']:.1f}% (2010) and "
            f"{values['p20']:.1f}% (2020; {values['p20ab']:.1f}% for everything but districts) of the "
            f"resident population and {values['reg10']:.1f}% of the registered population (2010); the "
            f"report says {pub['population'][1]}. They hold {values['rural20']:.1f}% of the rural "
            f"population (2020), {'consistent' if most else 'inconsistent'} with \"most of China's "
            "rural population\". GDP has no open county-level source here and is not computed.")


# --- figure captions and alt text (shown by plotting.show) ------------------------------
_CENSUS = ("资料来源：2010、2020年人口普查分县资料。", "Source: county tables of the 2010 and 2020 censuses.")


def _names(code, lang: str) -> tuple:
    county = lookup(code)
    return county, place_name(county, lang), province_name(county, lang)


def locator_caption(code, lang: str = "zh") -> Caption:
    county, name, province = _names(code, lang)
    return Caption(
        label(f"{name}的位置：左为{province}在全国，右为{name}在{province}（等积投影）。",
              f"Where {name} is: {province} in China (left), {name} in {province} (right); equal-area projection.",
              lang),
        label(f"两幅地图。左图为中国各省轮廓，{province}以蓝色突出；右图为{province}各县级单位，{name}以颜色突出。",
              f"Two maps. Left: outline of China's provinces with {province} highlighted in blue. Right: the "
              f"county-level units of {province} with {name} highlighted.", lang))


def pyramid_caption(code, lang: str = "zh") -> Caption:
    county, name, province = _names(code, lang)
    years = "、".join(str(y) for y in county.years) if lang == "zh" else " and ".join(str(y) for y in county.years)
    return Caption(
        label(f"{name}人口金字塔（柱）与{province}、全国（线），各按占总人口比重。{_CENSUS[0]}",
              f"Age-sex pyramid of {name} (bars) against {province} and China (lines), as shares of each "
              f"one's population. {_CENSUS[1]}", lang),
        label(f"{years}年的人口金字塔：每个五岁年龄组男性（左）和女性（右）占总人口的百分比，{name}为柱，"
              f"{province}（虚线）与全国（实线）为阶梯线，用以比较年龄结构。",
              f"Population pyramids for {years}: the percentage of the population in each five-year age group, "
              f"men to the left and women to the right; {name} as bars, {province} (dashed) and China (solid) "
              "as step lines for comparing the age structure.", lang))


def comparison_caption(kind: str, code, lang: str = "zh") -> Caption:
    county, name, province = _names(code, lang)
    what = {"education": ("6岁及以上人口的受教育程度", "the education of residents aged 6 and over"),
            "sectors": ("就业人口的三次产业构成（长表抽样）", "the employed by sector (long-form sample)"),
            "occupation": ("就业人口的职业构成（长表抽样）", "the employed by occupation (long-form sample)")}[kind]
    return Caption(
        label(f"{name}、{province}与全国：{what[0]}。{_CENSUS[0]}",
              f"{name}, {province} and China: {what[1]}. {_CENSUS[1]}", lang),
        label(f"分组柱状图，每个普查年份一幅：横轴为各类别，纵轴为占比（%），{name}、{province}与全国三根柱并列，"
              f"显示{what[0]}。",
              f"Grouped bar charts, one per census year: categories along the x axis, percentage on the y axis, "
              f"with bars for {name}, {province} and China side by side, showing {what[1]}.", lang))


def indicator_caption(code, indicator_names: list[str], lang: str = "zh") -> Caption:
    county, name, province = _names(code, lang)
    names = label("、", ", ", lang).join(INDICATORS[k].label(lang) for k in indicator_names)
    return Caption(
        label(f"{names}：{name}、{province}与全国。{_CENSUS[0]}",
              f"{names}: {name}, {province} and China. {_CENSUS[1]}", lang),
        label(f"柱状图：{names}（%），按普查年份分组，{name}、{province}与全国并列。",
              f"Bar chart of {names} (%) by census year, with {name}, {province} and China side by side.", lang))


def shares_caption(shares: pd.DataFrame, lang: str = "zh") -> Caption:
    """The national shares figure: what it shows, with the recomputed land and population shares."""
    get = shares.set_index(["quantity", "definition", "year"])["share_pct"]
    cc = "county_and_county_city"
    pub = published_figures()
    land, pop = get.get(("land", cc, BOUNDARIES_YEAR)), get.get(("population", cc, 2020))
    return Caption(
        label("县域（县 + 县级市，浅色：除市辖区外全部）占全国面积与人口的比重，重算值为柱，报告值为虚线。"
              "资料来源：2021年区划边界、人口普查。",
              "Counties' share of China's land and population (counties + county-level cities; light: everything "
              "but districts), recomputed (bars) against the report's figures (dashed lines). Sources: 2021 "
              "boundaries, the censuses.", lang),
        label(f"四幅柱状图，分别为面积、常住人口、乡村人口和户籍人口中县域所占百分比，按口径与年份分柱；虚线标出报告数字。"
              f"按县 + 县级市计，面积占 {land:.1f}%（报告 {pub['land'][1]}），2020年常住人口占 {pop:.1f}%"
              f"（报告 {pub['population'][1]}）。",
              f"Four bar charts of the counties' percentage of China's land, resident population, rural population "
              f"and registered population, one bar per definition and year; dashed lines mark the report's figures. "
              f"Counties and county-level cities: {land:.1f}% of the land (report {pub['land'][1]}), {pop:.1f}% of "
              f"the resident population in 2020 (report {pub['population'][1]}).", lang))
