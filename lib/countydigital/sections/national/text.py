"""Sentences and display tables of the national notebook (04), in Chinese or English."""
from __future__ import annotations

import pandas as pd

from ... import census
from ...census.labels import PROVINCE_EN, place_name
from ...plotting import Caption, label
from . import analysis

GROUP_LABELS = {
    "central-west": ("中西部", "Central + west"),
    "east": ("东部", "East"),
    "northeast": ("东北", "North-east"),
    "nation": ("全国", "China"),
}

MAP_MEASURES = {  # column of analysis.unit_table(): (zh, en, unit)
    "population_change_pct": ("常住人口变化", "change of resident population", "%"),
    "share_20_34_change_pp": ("20–34岁人口比重变化", "change of the share aged 20–34", "pp"),
    "junior_college_2020_pct": ("大专及以上比重（2020）", "junior college or more (2020)", "%"),
}


def _name(code: str, lang: str) -> str:
    return place_name(census.lookup(code), lang)


def _group(group: str, lang: str) -> str:
    if group in GROUP_LABELS:
        return label(*GROUP_LABELS[group], lang)
    return analysis.region(group).label(lang)


def headline(references, area: analysis.Region, lang: str) -> str:
    """One line: the reference counties and the region shown."""
    names = "、".join(_name(c, "zh") for c in references) if lang == "zh" else \
        ", ".join(_name(c, "en") for c in references)
    return label(f"**参照县：** {names}　**范围：** {area.zh}", f"**Reference counties:** {names}. "
                 f"**Region shown:** {area.en}.", lang)


def map_sentence(column: str, references, area: analysis.Region, lang: str) -> str:
    """The median unit of the region on the mapped measure, and each reference county's value."""
    zh, en, unit = MAP_MEASURES[column]
    table = analysis.unit_table().set_index("code")
    inside = table[table["province_code"].isin(area.province_codes)][column].dropna()
    own = [(c, table.at[c, column]) for c in references if c in table.index]
    shown = "{:+.1f} " if "change" in column else "{:.1f} "  # changes carry their sign
    parts_zh = "；".join(f"{_name(c, 'zh')} {shown.format(v)}{unit}" for c, v in own)
    parts_en = "; ".join(f"{_name(c, 'en')} {shown.format(v)}{unit}" for c, v in own)
    return label(
        f"{area.zh}有数据的{len(inside):,}个县级单位中，{zh}的中位数为 {inside.median():.1f} {unit}；{parts_zh}。",
        f"Among the {len(inside):,} county-level units of {area.en} with data, the median {en} is "
        f"{inside.median():.1f} {unit}; {parts_en}.", lang)


def outflow_table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`analysis.outflow_summary` for display: one row per group, labelled columns, rounded."""
    columns = {
        "n_units": ("县级单位数", "Units"),
        "n_not_comparable": ("无可比数据", "Not comparable"),
        "n_fell": ("人口减少", "Population fell"),
        "share_fell_pct": ("人口减少的比例 %", "Share that fell, %"),
        "median_population_change_pct": ("人口变化中位数 %", "Median change, %"),
        "total_population_change_pct": ("合计人口变化 %", "Change of the total, %"),
        "median_share_20_34_change_pp": ("20–34岁比重变化中位数 pp", "Median change of 20–34 share, pp"),
    }
    out = summary.set_index("group")[list(columns)].round(1)
    out.index = [_group(g, lang) for g in out.index]
    out.index.name = label("地区", "Region", lang)
    out.columns = [label(*columns[c], lang) for c in columns]
    return out


def outflow_sentence(summary: pd.DataFrame, lang: str) -> str:
    """The reading's answer in one or two sentences."""
    rows = summary.set_index("group")
    cw, east, nation = rows.loc["central-west"], rows.loc["east"], rows.loc["nation"]
    fell = cw.median_population_change_pct < 0
    more = cw.share_fell_pct > east.share_fell_pct
    verdict_zh = ("按这一读法，中西部多数县域的常住人口" + ("减少了，" if fell else "没有减少，")
                  + ("减少的比例高于东部。" if more else "减少的比例不高于东部。"))
    verdict_en = ("Under this reading, most central and western counties lost residents" if fell else
                  "Under this reading, most central and western counties did not lose residents") + \
        (", a larger share than in the east." if more else ", a share no larger than in the east.")
    return label(
        f"中西部{int(cw.n_units):,}个可比县和县级市中，{cw.share_fell_pct:.0f}%的常住人口在2010–2020年间减少，"
        f"中位数变化 {cw.median_population_change_pct:+.1f}%，20–34岁比重的中位数变化 "
        f"{cw.median_share_20_34_change_pp:+.1f} 个百分点；东部分别为 {east.share_fell_pct:.0f}%、"
        f"{east.median_population_change_pct:+.1f}%、{east.median_share_20_34_change_pp:+.1f} 个百分点，"
        f"全国为 {nation.share_fell_pct:.0f}%、{nation.median_population_change_pct:+.1f}%、"
        f"{nation.median_share_20_34_change_pp:+.1f} 个百分点。{verdict_zh}",
        f"Of {int(cw.n_units):,} comparable counties and county-level cities in central and western China, "
        f"{cw.share_fell_pct:.0f}% lost residents between 2010 and 2020; the median change was "
        f"{cw.median_population_change_pct:+.1f}% and the median change of the share aged 20–34 "
        f"{cw.median_share_20_34_change_pp:+.1f} percentage points. In the east: {east.share_fell_pct:.0f}%, "
        f"{east.median_population_change_pct:+.1f}%, {east.median_share_20_34_change_pp:+.1f} pp; China: "
        f"{nation.share_fell_pct:.0f}%, {nation.median_population_change_pct:+.1f}%, "
        f"{nation.median_share_20_34_change_pp:+.1f} pp. {verdict_en}", lang)


NEAREST_COLUMNS = {  # column: (zh, en, how shown)
    "population": ("常住人口 2020（万）", "Population 2020 (10k)", "10k"),
    "population_change": ("人口变化 2010→2020 %", "Change 2010→2020, %", "pct"),
    "share_20_34": ("20–34岁 %", "Aged 20–34, %", "pct"),
    "share_65_plus": ("65岁及以上 %", "Aged 65+, %", "pct"),
    "share_junior_college_plus": ("大专及以上 %", "Junior college+, %", "pct"),
    "urban_share": ("城镇化率 %", "Urban, %", "pct"),
    "share_primary": ("第一产业就业 %", "Primary-sector jobs, %", "pct"),
}


def nearest_table(nearest: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The nearest counties for display: reference, rank, name, prefecture, province, distance and
    the 2020 profile (the reference county itself first in each block)."""
    frame = analysis.nearest_frame().set_index("code")
    rows = []
    for reference, block in nearest.groupby("reference", sort=False):
        for rank, code, distance in [(0, reference, 0.0), *zip(block["rank"], block["code"], block["distance"])]:
            unit = frame.loc[code]
            row = {
                label("参照县", "Reference", lang): _name(reference, lang),
                label("排名", "Rank", lang): label("参照", "ref.", lang) if rank == 0 else int(rank),
                label("县级单位", "Unit", lang): unit["name"] if lang == "zh" else f"{unit['name']} ({code})",
                label("地级", "Prefecture", lang): unit["prefecture"],
                label("省级", "Province", lang): unit["province"] if lang == "zh"
                else PROVINCE_EN.get(code[:2], unit["province"]),
                label("距离", "Distance", lang): round(float(distance), 2),
            }
            for column, (zh, en, how) in NEAREST_COLUMNS.items():
                value = float(unit[column])
                row[label(zh, en, lang)] = round(value / 1e4, 1) if how == "10k" else round(100 * value, 1)
            rows.append(row)
    return pd.DataFrame(rows).set_index([label("参照县", "Reference", lang), label("排名", "Rank", lang)])


def nearest_method(covariates, n: int, area: analysis.Region, lang: str) -> str:
    """How the nearest counties were chosen (the peer method, documented)."""
    names = ", ".join(f"`{c}`" for c in covariates)
    return label(
        f"方法：与人才回流一节选相似县的方法相同（`countydigital.peers.select_peers`）：每个指标先在全国"
        f"所有县和县级市中标准化（减均值、除以标准差），再按标准化后的欧氏距离由近到远排列，距离相同时按代码排序，"
        f"结果不依赖随机数。指标为2020年的 {names}（`population_change` 为2010→2020年常住人口变化）。"
        f"候选为{area.zh}两次普查代码相同的县和县级市（不含市辖区、开发区），每个参照县取最近的 {n} 个。",
        f"Method: the peer method of the talent notebook (`countydigital.peers.select_peers`): each indicator is "
        f"standardised over every county and county-level city nationwide (minus the mean, over the standard "
        f"deviation); candidates are ranked by Euclidean distance on the standardised indicators, ties broken by "
        f"code, so no random number enters. Indicators: 2020 {names} (`population_change`: resident population "
        f"2010→2020). Candidates: counties and county-level cities of {area.en} with the same code in both "
        f"censuses (no districts, no development zones); the {n} nearest to each reference county.", lang)


# --- figure captions and alt text (shown by plotting.show) ------------------------------
_SOURCE = ("资料来源：2010、2020年人口普查分县资料；县级边界（tudigong）。",
           "Sources: county tables of the 2010 and 2020 censuses; county boundaries (tudigong).")


def map_caption(column: str, references, area: analysis.Region, lang: str) -> Caption:
    """A choropleth: what is coloured, and the median and reference values in the alt text."""
    zh, en, unit = MAP_MEASURES[column]
    names = label("、", ", ", lang).join(_name(c, lang) for c in references)
    kind = (label("红色为下降、蓝色为上升", "red for a fall, blue for a rise", lang) if "change" in column
            else label("颜色越深比重越高", "darker for a higher share", lang))
    return Caption(
        label(f"{zh}（{unit}）：{area.zh}的县级单位，星号为参照县（{names}）。{_SOURCE[0]}",
              f"{en[0].upper()}{en[1:]} ({unit}): county-level units of {area.en}; stars mark the reference "
              f"counties ({names}). {_SOURCE[1]}", lang),
        label(f"分级设色地图：{area.zh}每个县级单位按{zh}着色（{kind}），灰色为无可比数据。"
              + map_sentence(column, references, area, lang),
              f"Choropleth map: every county-level unit of {area.en} coloured by the {en} ({kind}); grey where "
              "there is no comparable data. " + map_sentence(column, references, area, lang), lang))


def nearest_caption(nearest: pd.DataFrame, references, area: analysis.Region, lang: str) -> Caption:
    parts = label("；", "; ", lang).join(
        _name(c, lang) + label("：", ": ", lang) + label("、", ", ", lang).join(
            _name(n, lang) for n in nearest.loc[nearest["reference"] == c, "code"])
        for c in references)
    return Caption(
        label(f"与参照县最相近的县（{area.zh}），按2010年的县情指标。{_SOURCE[0]}",
              f"The counties nearest to the reference counties ({area.en}), by their 2010 profile. {_SOURCE[1]}",
              lang),
        label(f"地图：每个参照县（星号）与其最相近的县用同一种颜色标出，其余县级单位为灰色。{parts}。",
              f"Map: each reference county (star) and its nearest counties in one colour, every other unit grey. "
              f"{parts}.", lang))
