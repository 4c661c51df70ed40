"""Programme tables and numbers as a reader sees them (zh / en): chosen columns, ranges
written out ("11–19"), "not stated" spelled out.
"""
from __future__ import annotations

import pandas as pd

from ...census.labels import place_name, province_name
from ...plotting import Caption, label
from ...tables import plain
from .records import ProgrammeRecords, load_programs

# Per table: (column, zh header, en header). "x_*" picks x_zh or x_en by language; a
# column with _low/_high twins is shown as one range ("11–19"); "duration" adds its unit.
PRESENTED: dict[str, list[tuple[str, str, str]]] = {
    "cohorts": [("course_*", "班级", "class"), ("intake", "招生人数", "intake"),
                ("duration", "学制", "duration"), ("status", "状态", "status"), ("as_of", "截至", "as of")],
    "trainings": [("activity_*", "培训", "training"), ("participants", "人数", "people"),
                  ("per_year", "每年次数", "times a year")],
    "commissioners": [("batches", "批次", "batches"), ("commissioners", "特派员人数", "commissioners"),
                      ("counties", "县数", "counties")],
    "lists": [("programme_id", "项目", "programme"), ("kind", "类别", "kind"), ("item_*", "内容", "item")],
    "programmes": [("name_*", "项目", "programme"), ("place_zh", "地点", "place"), ("start", "开始", "start")],
}
_NOT_STATED = ("未说明", "not stated")
_UNITS = {"month": ("个月", " months"), "year": ("年", " years")}
_STATUS = {"graduated": ("已毕业", "graduated"), "enrolled": ("在读", "enrolled"), "not stated": _NOT_STATED}


def _cell_range(low, high, lang: str) -> str:
    if pd.isna(low):
        return _NOT_STATED[lang != "zh"]
    return f"{int(low)}" if low == high else f"{int(low)}–{int(high)}"


def present(table: str, records: ProgrammeRecords | None = None, lang: str = "zh",
            rows: pd.Series | None = None) -> pd.DataFrame:
    """A programme table for reading: chosen columns, headers and ranges in `lang`, "not stated" spelled out.

    A plain frame (index 0, 1, ...); `shown()` displays it without that index.

    rows: an optional boolean mask selecting rows of the table.
    """
    records = records or load_programs()
    frame = records[table] if rows is None else records[table][rows]
    en = lang != "zh"
    out = {}
    for column, zh_header, en_header in PRESENTED[table]:
        header = en_header if en else zh_header
        if column.endswith("_*"):
            out[header] = frame[column[:-1] + ("en" if en else "zh")]
        elif f"{column}_low" in frame.columns:
            out[header] = [_cell_range(lo, hi, lang) for lo, hi in zip(frame[f"{column}_low"], frame[f"{column}_high"])]
        elif column == "duration":
            out[header] = [f"{d}{_UNITS[u][en]}" for d, u in zip(frame["duration"], frame["duration_unit"])]
        elif column == "status":
            out[header] = [_STATUS[s][en] for s in frame["status"]]
        else:
            out[header] = [_NOT_STATED[en] if (pd.isna(v) or v == "") else v for v in frame[column]]
    return pd.DataFrame(out).reset_index(drop=True)



def range_text(low: float, high: float) -> str:
    """A range for a sentence: "55–95", or one number when both ends agree ("200")."""
    low_text, high_text = f"{low:,.0f}", f"{high:,.0f}"
    return low_text if low_text == high_text else f"{low_text}–{high_text}"


def shown(table: str, records: ProgrammeRecords | None = None, lang: str = "zh", rows: pd.Series | None = None):
    """`present(...)` ready to display: the row numbers are not shown (they mean nothing here)."""
    return plain(present(table, records, lang, rows))


# --- figure captions and alt text (shown by plotting.show) ------------------------------
_SOURCE = ("资料来源：报道所述的项目记录（data/programs/）。",
           "Source: the programme records as the article states them (data/programs/).")


def timeline_caption(events: pd.DataFrame, lang: str = "zh") -> Caption:
    listed = label("；", "; ", lang).join(
        f"{row.date_text} {row.event_zh if lang == 'zh' else row.event_en}" for row in events.itertuples())
    return Caption(
        label(f"帮扶项目时间线，条长为所述日期的精度（年或月）。{_SOURCE[0]}",
              f"Programme timeline; each bar's length is the precision of the stated date (year or month). "
              f"{_SOURCE[1]}", lang),
        label(f"时间轴上的{len(events)}个事件，按日期排列：{listed}。",
              f"{len(events)} events on one time axis, in date order: {listed}.", lang))


def funnel_caption(funnel: pd.DataFrame, lang: str = "zh") -> Caption:
    stages = label("；", "; ", lang).join(
        f"{row.stage_zh if lang == 'zh' else row.stage_en} {range_text(row.low, row.high)}"
        + ("" if row.stated else label("（未说明，推出的范围）", " (not stated; bounded)", lang))
        for row in funnel.itertuples())
    return Caption(
        label(f"第一期集训班从招生到就业，每一阶段为所述的人数范围。{_SOURCE[0]}",
              f"The first intensive cohort from enrolment to placement, each stage as the stated range of "
              f"students. {_SOURCE[1]}", lang),
        label(f"横向范围条形图，每阶段一条（实心为下限，斜线为上限）：{stages}。",
              f"Horizontal range bars, one per stage (solid up to the minimum, hatched up to the maximum): "
              f"{stages}.", lang))


def projection_caption(projection: pd.DataFrame, stock: dict, unit, lang: str = "zh") -> Caption:
    """`unit`: the census.County whose stock the projection is set against."""
    county_name = place_name(unit, lang)
    last = projection.iloc[-1]
    year = int(last["year"])
    return Caption(
        label(f"投射：培训班按所述规模持续开办时的累计人数（范围），与{county_name}2020年的存量相比。"
              "开办频率与留在本县的比例是假设（见参数）。",
              f"Projection: cumulative people if the classes keep running at the stated size (ranges), against "
              f"the 2020 stock of {county_name}. How often classes run and the share staying in the county are "
              "assumptions (see the parameters).", lang),
        label(f"左：折线与色带，按年份显示累计结业、对口就业与留在本县的人数范围；右：横向条形图，比较{year}年后留在本县的"
              f"上限 {last['cumulative_local_high']:,.0f} 人与{county_name}20–34岁大专及以上人口"
              f"（近似 {stock['approximation']:,.0f}，上限 {stock['upper_bound']:,.0f}）。",
              f"Left: lines and bands of the cumulative graduates, placed and locally working people by year. "
              f"Right: horizontal bars comparing the at most {last['cumulative_local_high']:,.0f} people working in "
              f"the county after year {year} with the residents of {county_name} aged 20–34 with junior college "
              f"or higher (about {stock['approximation']:,.0f}, at most {stock['upper_bound']:,.0f}).", lang))


def education_caption(unit, lang: str = "zh") -> Caption:
    """`unit`: the census.County shown beside its province and China."""
    county_name, province = place_name(unit, lang), province_name(unit, lang)
    return Caption(
        label(f"受教育程度结构：{county_name}、{province}与全国（6岁及以上人口）。资料来源：2010、2020年人口普查。",
              f"Education of residents aged 6+: {county_name}, {province} and China. Source: 2010 and 2020 "
              "censuses.", lang),
        label(f"分组柱状图，每个普查年份一幅：横轴为受教育程度，纵轴为占6岁及以上人口的比重，{county_name}、{province}"
              "与全国三根柱并列，可比较大专及以上的比重。",
              f"Grouped bar charts, one per census year: education levels along the x axis, share of residents "
              f"aged 6+ on the y axis, with bars for {county_name}, {province} and China side by side, for "
              "comparing the share with junior college or higher.", lang))


def county_records_note(unit, records: ProgrammeRecords | None = None, lang: str = "zh") -> str:
    """Says plainly whether the programme records hold anything for the county `unit` (a census County)."""
    records = records or load_programs()
    code, name = unit.code, place_name(unit, lang)
    programmes = records["programmes"]
    here = programmes[programmes["county_code"] == code]
    if len(here):
        names = ("、" if lang == "zh" else ", ").join(here["name_zh" if lang == "zh" else "name_en"])
        return (f"项目记录中有{name}（{code}）的项目：{names}。" if lang == "zh" else
                f"The programme records hold programme(s) in {name} ({code}): {names}.")
    elsewhere = sorted({c for c in programmes["county_code"] if c})
    return (f"**项目记录中没有{name}（{code}）的项目。** 下面的时间线、培训班和特派员都是别处的项目"
            f"（记录中的县：{'、'.join(elsewhere) or '无'}）；本页只有人口普查部分（投射中的本县规模、"
            f"第5节的教育结构）描述{name}本身。" if lang == "zh" else
            f"**The programme records hold no programme in {name} ({code}).** The timeline, classes and "
            "commissioners below are programmes elsewhere "
            f"(counties in the records: {', '.join(elsewhere) or 'none'}); "
            f"only the census parts of this page (the county's scale in the projection, section 5's education "
            f"structure) describe {name} itself.")
