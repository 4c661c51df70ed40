"""Programme tables and numbers as a reader sees them (zh / en): chosen columns, ranges
written out ("11–19"), "not stated" spelled out.
"""
from __future__ import annotations

import pandas as pd

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


def county_records_note(unit, records: ProgrammeRecords | None = None, lang: str = "zh") -> str:
    """Says plainly whether the programme records hold anything for the county `unit` (a census County)."""
    records = records or load_programs()
    code, name = unit.code, (unit.name if lang == "zh" else unit.pinyin or f"county {unit.code}")
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
