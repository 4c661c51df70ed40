"""The computed sentences and display tables of the talent-return notebook (02).

Everything a reader of the published page must see is output (the code is hidden),
so the numbers in the prose are written by these functions from the same frames the
tables show, in the notebook's language. Survey figures the project's one rule withholds
(`survey.disclosure.is_withheld`) are not written out.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ... import census
from ...plotting import Caption, label
from ...survey import SurveyData
from ...survey.disclosure import is_withheld
from ...survey.estimators import Estimate
from ..synthetic import recognition_note
from . import analysis, residents

# Display names of the columns of the survey tables (passed to disclosure.publish).
COLUMNS = {
    "age_group": ("年龄组", "Age group"),
    "label": ("选项", "Answer"),
    "measure": ("指标", "Measure"),
    "group": ("组别", "Group"),
    "n": ("人数", "n"),
    "denominator": ("回答人数", "Answered"),
    "share": ("占比（%）", "Share (%)"),
    "value": ("数值", "Value"),
    "lo": ("95%区间下限", "95% CI low"),
    "hi": ("95%区间上限", "95% CI high"),
    "employees": ("员工", "Employees"),
    "county": ("本县（普查）", "County (census)"),
    "difference": ("差（员工−本县）", "Difference (employees − county)"),
    "diff_lo": ("差的95%区间下限", "Difference, 95% CI low"),
    "diff_hi": ("差的95%区间上限", "Difference, 95% CI high"),
}


def columns(lang: str = "zh") -> dict[str, str]:
    """{column: display name} for `disclosure.publish(..., columns=...)`."""
    return {key: label(zh, en, lang) for key, (zh, en) in COLUMNS.items()}


def county_label(code: str, lang: str = "zh") -> str:
    """The county's Chinese name, or in English its pinyin name (the code when it has none): English
    figures and sentences carry no Chinese characters."""
    from ...census.labels import place_name

    return place_name(census.lookup(code), lang)


def counties_label(codes: Sequence[str], lang: str = "zh") -> str:
    """'巨鹿县 + 张北县' for the pooled reference population."""
    return " + ".join(county_label(code, lang) for code in codes)


def survey_banner(data: SurveyData, lang: str = "zh") -> str:
    """Markdown saying where the employee figures come from; loud when they are synthetic."""
    if data.synthetic:
        return label(
            f"> **SYNTHETIC 合成数据** — 报告的问卷微观数据未公开。本页员工数据是合成的替代样本"
            f"（{data.format}），按报告公布的数字校准：与报告一致只因为被校准过，**不构成证据**。"
            f"设置参数 `survey` 为真实问卷文件即可分析真实回答。",
            f"> **SYNTHETIC** — the report's survey microdata is not public. The employee figures on this "
            f"page are a {data.format}, calibrated to the published numbers: they match because they were "
            f"made to, and are **not evidence**. Set the `survey` parameter to a real survey file to "
            f"analyse real answers.", lang) + (f"\n\n{note}" if (note := recognition_note(data, lang)) else "")
    name = data.source_path.name if data.source_path else label("内存中的数据", "in-memory data", lang)
    return label(f"员工数据：问卷文件 `{name}`（{data.format}），{data.n} 名受访者。",
                 f"Employee data: survey file `{name}` ({data.format}), {data.n} respondents.", lang)


def fallback_note(code: str, lang: str = "zh") -> str:
    """Said when the chosen county has no respondents and the pooled survey stands in."""
    name = county_label(code, lang)
    return label(
        f"> 问卷没有{name}的受访者：第1、3节的员工是两个调研县（巨鹿县、张北县）的全部受访者，"
        f"不是{name}的员工；第3节因此只是把调研县的员工放在{name}的人口旁边。",
        f"> The survey has no respondents in {name}: the employees of sections 1 and 3 are all respondents "
        f"of the two study counties (Julu, Zhangbei), not employees in {name}; section 3 only sets them "
        f"beside {name}'s population.", lang)


def summary_sentence(summary: dict[str, Estimate], lang: str = "zh", min_cell: int = 5) -> str:
    """The mean age and the share aged 20-35, with intervals (or why they are not shown)."""
    age, young = summary["mean_age"], summary["aged_20_35"]
    if is_withheld(age, min_cell, share=False):
        return label(f"受访者少于 {min_cell} 人，不显示年龄统计。",
                     f"Fewer than {min_cell} respondents: age figures are not shown.", lang)
    young_text = young.pct() if not is_withheld(young, min_cell) else f"<{min_cell}"
    return label(f"受访员工 {age.n} 人，平均年龄 {age.fmt(1, ' 岁')}；20–35 岁（含）者占 {young_text}。",
                 f"{age.n} employees answered: mean age {age.fmt(1, ' years')}; aged 20–35 (inclusive): "
                 f"{young_text}.", lang)


def returnee_sentence(summary: dict[str, Estimate], lang: str = "zh", min_cell: int = 5) -> str:
    """The returnee share with its interval and its definition."""
    share = summary["returnees"]
    text = share.pct() if not is_withheld(share, min_cell) else label("（人数过少，不显示）",
                                                                          "(too few to show)", lang)
    return label(f"返乡者（户籍在本县、入职前曾在县外工作或生活半年以上）占受访员工的 {text}。",
                 f"Returnees (hukou in the county, lived or worked outside it for half a year or more before "
                 f"this job): {text} of the employees.", lang)


def county_change_table(code: str, lang: str = "zh") -> pd.DataFrame:
    """`residents.county_changes` labelled and rounded for reading (population in whole people)."""
    changes = residents.county_changes(code, lang)
    table = pd.DataFrame({
        label("指标", "Indicator", lang): changes["label"],
        "2010": [_number(v, k) for v, k in zip(changes["2010"], changes["kind"])],
        "2020": [_number(v, k) for v, k in zip(changes["2020"], changes["kind"])],
        label("变化", "Change", lang): changes["change"].round(2),
        label("全省变化", "Province change", lang): changes["province_change"].round(2),
        label("全国变化", "National change", lang): changes["nation_change"].round(2),
    })
    return table.set_index(table.columns[0])


def _number(value: float, kind: str) -> str:
    return f"{value:,.0f}" if kind == "people" else f"{value:.2f}"


def change_units_note(lang: str = "zh") -> str:
    """How to read the change columns of `county_change_table`."""
    return label("变化：比重为百分点，人口为百分比，受教育年限为年。"
                 "比重的分母为全部常住人口，教育比重为6岁及以上人口。",
                 "Change: percentage points for shares, percent for population, years for schooling. Shares "
                 "are of all residents; education shares of residents aged 6+.", lang)


def census_sentence(code: str, lang: str = "zh") -> str:
    """What happened to the county's young adults and elderly between the censuses."""
    rows = residents.county_changes(code, lang).set_index("indicator")
    young, old, pop = rows.loc["share_20_34"], rows.loc["share_65_plus"], rows.loc["population"]
    name = f"**{county_label(code, lang)}**"
    if lang == "zh":
        return (f"{name}：20–34岁人口比重由 {young['2010']:.1f}% 变为 {young['2020']:.1f}%"
                f"（{young['change']:+.1f} 个百分点；全省 {young['province_change']:+.1f}，"
                f"全国 {young['nation_change']:+.1f}）；65岁及以上比重 {old['change']:+.1f} 个百分点；"
                f"常住人口 {pop['change']:+.1f}%。")
    return (f"{name}: the share aged 20–34 went from {young['2010']:.1f}% to {young['2020']:.1f}% "
            f"({young['change']:+.1f} pp; province {young['province_change']:+.1f}, nation "
            f"{young['nation_change']:+.1f}); aged 65+ {old['change']:+.1f} pp; resident population "
            f"{pop['change']:+.1f}%.")


def versus_sentence(table: pd.DataFrame, lang: str = "zh", min_cell: int = 5) -> str:
    """The young-adult and junior-college gaps between employees and county, with intervals."""
    parts = []
    for row in (table.iloc[0], table.iloc[4]):
        if min(row["n"], row["denominator"] - row["n"]) < min_cell:
            continue
        parts.append(label(f"{row['measure']}：员工比本县高 {row['difference']:.1f} 个百分点"
                           f"（95%区间 {row['diff_lo']:.1f}–{row['diff_hi']:.1f}）",
                           f"{row['measure']}: employees {row['difference']:+.1f} pp against the county "
                           f"(95% CI {row['diff_lo']:+.1f} to {row['diff_hi']:+.1f})", lang))
    return label("；".join(parts) + "。", "; ".join(parts) + ".", lang) if parts else ""


def scale_sentence(n_employees: int, codes: Sequence[str], lang: str = "zh", synthetic: bool = False) -> str:
    """How many young residents the counties have, beside the number of employees surveyed
    (for the stand-in, whose size was chosen, not counted, no number of employees is given)."""
    young = residents.county_age(codes, 2020)
    young = float(young[young["age_group"].isin(residents.YOUNG_GROUPS)]["population"].sum())
    if synthetic:
        return label(
            f"规模：{counties_label(codes, lang)} 2020年有20–34岁常住人口约 {young:,.0f} 人。合成替身的 {n_employees} "
            "人是生成时选定的规模，不是受访员工人数，因此这里不作比较；用真实问卷时本句给出员工占20–34岁人口的比例上限。",
            f"Scale: {counties_label(codes, lang)} had about {young:,.0f} residents aged 20–34 in 2020. The "
            f"stand-in's {n_employees} respondents are a size chosen for the generator, not a count of employees "
            "surveyed, so no comparison is made; with a real survey this sentence gives the employees' share of "
            "the young residents as an upper bound.", lang)
    share = 100 * n_employees / young
    return label(
        f"规模：{counties_label(codes, lang)} 2020年有20–34岁常住人口约 {young:,.0f} 人；"
        f"本次受访员工 {n_employees} 人，即使全部是返乡的20–34岁青年，也只相当于其 {share:.1f}%。",
        f"Scale: {counties_label(codes, lang)} had about {young:,.0f} residents aged 20–34 in 2020; the "
        f"{n_employees} employees surveyed would be {share:.1f}% of them even if every one were a young "
        f"returnee.", lang)


def covariate_list(covariates: Sequence[str], lang: str = "zh") -> str:
    """The peer covariates, named in the notebook's language."""
    names = []
    for key in covariates:
        if key == "log_population":
            names.append(label("常住人口（对数）", "resident population (log)", lang))
        elif key in census.INDICATORS:
            names.append(census.INDICATORS[key].label(lang))
        else:
            names.append(key)
    return label("、".join(names), ", ".join(names), lang)


def peer_table(peer_frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """`peers.select_peers` output relabelled for reading: shares in %, population in people."""
    out = pd.DataFrame({
        label("序号", "Rank", lang): peer_frame["rank"],
        label("县", "County", lang): peer_frame["name"],
        label("省", "Province", lang): peer_frame["province"],
        label("代码", "Code", lang): peer_frame["code"],
        label("距离", "Distance", lang): peer_frame["distance"].round(2),
    })
    for column in peer_frame.columns[5:]:
        if column == "log_population":
            out[label("2010年人口", "Population 2010", lang)] = [
                f"{v:,.0f}" for v in np.exp(peer_frame[column])]
        elif column in census.INDICATORS and census.INDICATORS[column].unit == "share":
            out[f"{census.INDICATORS[column].label(lang)} (%)"] = (100 * peer_frame[column]).round(1)
        else:
            name = census.INDICATORS[column].label(lang) if column in census.INDICATORS else column
            out[name] = peer_frame[column].round(2)
    return out.set_index(out.columns[0])


def peer_summary(results: dict[str, analysis.PeerResult], lang: str = "zh") -> pd.DataFrame:
    """Each county's change against its peers, in percentage points, one row per (county, measure).

    results: `analysis.peer_results(...)`, keyed by code.
    """
    frames = []
    for code, result in results.items():
        name = county_label(code, lang)
        comparison = result.comparison
        pp = lambda s: (100 * s).round(2)  # noqa: E731
        frames.append(pd.DataFrame({
            label("县", "County", lang): name,
            label("指标", "Measure", lang): [census.INDICATORS[m].label(lang) for m in comparison["measure"]],
            label("本县2010（%）", "County 2010 (%)", lang): pp(comparison["county_2010"]),
            label("本县2020（%）", "County 2020 (%)", lang): pp(comparison["county_2020"]),
            label("本县变化（百分点）", "County change (pp)", lang): pp(comparison["county_change"]),
            label("对照县变化中位数", "Peers' median change", lang): pp(comparison["peer_median"]),
            label("对照县四分位距", "Peers' IQR", lang): [
                f"{100 * a:.2f} – {100 * b:.2f}" for a, b in zip(comparison["peer_q1"], comparison["peer_q3"])],
            label("差中之差（百分点）", "Difference in differences (pp)", lang): pp(comparison["difference"]),
            label("百分位（对照县中）", "Percentile among peers", lang): comparison["percentile_rank"].round(0),
            label("对照县数", "Peers", lang): comparison["n_peers"],
        }))
    table = pd.concat(frames, ignore_index=True)
    return table.set_index(list(table.columns[:2]))


def peer_sentence(result: analysis.PeerResult, lang: str = "zh") -> str:
    """Where the county's young-adult change falls among its peers."""
    name = county_label(result.county.code, lang)
    row = result.comparison.set_index("measure").loc["share_20_34"]
    n = int(row["n_peers"])
    higher = int(np.count_nonzero(result.changes.loc[result.changes["measure"] == "share_20_34", "change"]
                                  < row["county_change"]))
    return label(
        f"{name}的20–34岁比重变化为 {100 * row['county_change']:+.1f} 个百分点，对照县中位数为 "
        f"{100 * row['peer_median']:+.1f}：{n} 个对照县中有 {higher} 个的变化比它更不利"
        f"（差中之差 {100 * row['difference']:+.1f} 个百分点）。",
        f"{name}: the share aged 20–34 changed by {100 * row['county_change']:+.1f} pp against a peer median "
        f"of {100 * row['peer_median']:+.1f}; {higher} of {n} peers fared worse "
        f"(difference in differences {100 * row['difference']:+.1f} pp).", lang)


def peer_method(covariates: Sequence[str], n_peers: int, scope: str, lang: str = "zh") -> str:
    """The peer-selection settings of this run, in words (the method is in `peers`)."""
    where = {"province": label("同省", "in the same province", lang),
             "national": label("全国", "nationwide", lang)}.get(scope, scope)
    return label(
        f"对照县：{where}、2010年与2020年代码相同的县和县级市（不含市辖区和开发区等其他单位）中，"
        f"在以下2010年指标上（各指标按全国县级单位标准化后的欧氏距离）最接近的 {n_peers} 个；距离相同时按代码排序。"
        f"指标：{covariate_list(covariates, lang)}。",
        f"Peers: the {n_peers} counties and county-level cities {where} with the same code in 2010 and 2020 "
        f"(no districts, no development zones or other units) nearest on these 2010 indicators (Euclidean "
        f"distance after standardising each over all county-level units of the country; equal distances "
        f"ordered by code): {covariate_list(covariates, lang)}.", lang)


# --- figure captions and alt text (shown by plotting.show) ------------------------------
_CENSUS = ("资料来源：2010、2020年人口普查分县资料。", "Source: county tables of the 2010 and 2020 censuses.")


def pyramid_caption(codes: Sequence[str], lang: str = "zh") -> Caption:
    """The residents' pyramids, with each county's change of the 20-34 share in the alt text."""
    changes = label("；", "; ", lang).join(
        label(f"{county_label(c, lang)}20–34岁人口比重变化 {residents.indicator_change(c):+.1f} 个百分点",
              f"{county_label(c, lang)}: share aged 20–34 changed by {residents.indicator_change(c):+.1f} pp", lang)
        for c in codes)
    return Caption(
        label(f"常住人口的年龄-性别结构：2010年（轮廓）与2020年（填充），各按本年总人口的比重。{_CENSUS[0]}",
              f"Residents by age and sex: 2010 (outline) and 2020 (filled), each as shares of that year's "
              f"population. {_CENSUS[1]}", lang),
        label(f"人口金字塔，每县一幅（{counties_label(codes, lang)}）：五岁年龄组男性在左、女性在右，2020年为填充柱，"
              f"2010年为轮廓，可见年轻劳动年龄段的变化。{changes}。",
              f"Population pyramids, one per county ({counties_label(codes, lang)}): five-year age groups, men left "
              f"and women right, 2020 as filled bars over the 2010 outline, showing how the young working ages "
              f"changed. {changes}.", lang))


def education_caption(codes: Sequence[str], lang: str = "zh") -> Caption:
    return Caption(
        label(f"6岁及以上常住人口的受教育程度：2010年与2020年。{_CENSUS[0]}",
              f"Education of residents aged 6 and over, 2010 and 2020. {_CENSUS[1]}", lang),
        label(f"分组柱状图，每县一幅（{counties_label(codes, lang)}）：横轴为受教育程度，"
              "纵轴为占6岁及以上人口的百分比，"
              "2010年与2020年两根柱并列。",
              f"Grouped bar charts, one per county ({counties_label(codes, lang)}): education levels along the x "
              "axis, percentage of residents aged 6+ on the y axis, 2010 and 2020 bars side by side.", lang))


def age_profile_caption(codes: Sequence[str], synthetic: bool, lang: str = "zh") -> Caption:
    data = label("员工数据为合成数据（SYNTHETIC），不构成证据。", "Employee figures are SYNTHETIC, not evidence.",
                 lang) if synthetic else ""
    return Caption(
        label(f"年龄构成：受访员工与{counties_label(codes, lang)}15–64岁常住人口（2020年人口普查）。{data}",
              f"Age groups: surveyed employees and residents aged 15–64 of {counties_label(codes, lang)} "
              f"(2020 census). {data}", lang),
        label("柱状图：各年龄组占受访员工的百分比与占本县15–64岁常住人口的百分比并列，员工明显集中在年轻年龄组。"
              f"人数过少的组不画。{data}",
              "Bar chart: the percentage of surveyed employees in each age group beside the percentage of the "
              "county's residents aged 15–64, showing how much younger the employees are; groups with too few "
              f"respondents are not drawn. {data}", lang))


def peer_caption(results: dict, lang: str = "zh") -> Caption:
    names = counties_label(list(results), lang)
    return Caption(
        label(f"2010→2020年的变化：{names}与各自的对照县（相似的县），百分点。{_CENSUS[0]}",
              f"Change 2010→2020: {names} against their peer counties (similar counties), in percentage points. "
              f"{_CENSUS[1]}", lang),
        label("点图，每项指标一幅、每县一行：灰点为各对照县的变化，灰带为对照县的四分位距，红色菱形为本县的变化；"
              "竖线为零变化。",
              "Dot plots, one panel per measure and one row per county: grey dots are the peer counties' changes, "
              "the grey band their inter-quartile range, the red diamond the county's own change; the vertical "
              "line marks no change.", lang))
