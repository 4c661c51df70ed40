"""Write a survey the way 问卷星 (Wenjuanxing) exports it ("下载答卷数据").

For tests and demonstrations: real-format files from synthetic data, in both
export modes (按选项序号: option numbers; 按选项文本: option texts), multi-select
as 0/1 option columns or ┋-joined, with the export's metadata columns including
a fake 来自IP and a fake phone column (question 18), so tests can prove that the
importer drops personal data. Fake IPs come from the TEST-NET-3 documentation
range (203.0.113.0/24).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import atomic_path
from ..exceptions import SurveyError
from .codebook import Question, load_codebook
from .model import SYNTHETIC_MARK, SurveyData

JOINER = "┋"
SKIPPED = "(跳过)"
HEADER_STYLES = ("fullwidth", "halfwidth", "none", "spaced")
_REGION = {"130529": "河北-邢台", "130722": "河北-张家口"}


def _question_header(q: Question, style: str) -> str:
    asks = q.text_zh.endswith(("？", "?"))  # a question mark takes no colon after it
    if style == "fullwidth":
        return f"{q.number}、{q.text_zh}" + ("" if asks else "：")
    if style == "halfwidth":
        return f"{q.number}. {q.text_zh}" + ("" if asks else ":")
    if style == "spaced":
        return f" {q.number} 、 {q.text_zh} " + ("" if asks else "： ")
    return f"{q.number}、{q.text_zh}"


def _option_header(q: Question, code: int, style: str) -> str:
    label = q.option(code).zh
    return f"{q.number}、({label})" if style in ("halfwidth", "spaced") else f"{q.number}({label})"


def _number(value):
    if pd.isna(value):
        return ""
    value = float(value)
    return int(value) if value.is_integer() else value


def wjx_frame(survey: SurveyData, mode: str = "number", multi: str = "columns",
              header_style: str = "fullwidth", skipped: str = SKIPPED, seed: int = 0) -> pd.DataFrame:
    """The 问卷星-style export table of `survey` (see `to_wjx`)."""
    if mode not in ("number", "text"):
        raise SurveyError(f"mode must be 'number' or 'text', not {mode!r}")
    if multi not in ("columns", "joined"):
        raise SurveyError(f"multi must be 'columns' or 'joined', not {multi!r}")
    if header_style not in HEADER_STYLES:
        raise SurveyError(f"header_style must be one of {HEADER_STYLES}, not {header_style!r}")
    book = load_codebook()
    frame = survey.frame
    n = len(frame)
    rng = np.random.default_rng(seed)
    first, last = survey.fieldwork or ("2021-12-01", "2022-02-28")
    start = pd.Timestamp(first) + pd.Timedelta(hours=8)
    span = max(int((pd.Timestamp(last) - pd.Timestamp(first)).total_seconds()), 1)
    seconds = np.sort(rng.integers(0, span, size=n))
    counties = frame["county"].astype(str)
    out = {
        "序号": frame["respondent_id"].astype(str).to_numpy(),
        "提交答卷时间": (start + pd.to_timedelta(seconds, unit="s")).strftime("%Y/%m/%d %H:%M:%S"),
        "所用时间": [f"{int(t)}秒" for t in rng.integers(60, 600, size=n)],
        "来源": ["SYNTHETIC" if survey.synthetic else "手机提交"] * n,
        "来源详情": [SYNTHETIC_MARK if survey.synthetic else "直接访问"] * n,
        "来自IP": [f"203.0.113.{int(i)}({_REGION.get(c, '河北')})"
                 for i, c in zip(rng.integers(1, 255, size=n), counties)],
    }
    for q in book.questions:
        if q.personal:  # the phone question: fake mobile numbers, to be dropped on import
            out[_question_header(q, header_style)] = [f"170{int(x):08d}" for x in rng.integers(0, 10**8, size=n)]
            continue
        if q.type == "multi":
            values = frame[q.columns]
            asked = values.notna().any(axis=1)
            if multi == "columns":
                for code, col in zip(q.codes, q.columns):
                    out[_option_header(q, code, header_style)] = [
                        int(v) if a else skipped for v, a in zip(values[col].fillna(0), asked)]
            else:
                cells = []
                for row, a in zip(values.fillna(0).to_numpy(), asked):
                    chosen = [c for c, v in zip(q.codes, row) if v == 1]
                    text = [str(c) if mode == "number" else q.option(c).zh for c in chosen]
                    cells.append(JOINER.join(text) if a else skipped)
                out[_question_header(q, header_style)] = cells
            continue
        column = frame[q.variable]
        if q.type == "single" and q.value == "county_code":
            by_code = {o.county_code: o for o in q.options}
            cells = [(by_code[c].code if mode == "number" else by_code[c].zh) if c in by_code else c
                     for c in column.astype(str)]
        elif q.type == "single":
            cells = ["" if pd.isna(v) else (int(v) if mode == "number" else q.option(int(v)).zh)
                     for v in column]
        else:
            cells = [_number(v) for v in column]
        out[_question_header(q, header_style)] = cells
    return pd.DataFrame(out)


def to_wjx(survey: SurveyData, path, mode: str = "number", multi: str = "columns",
           encoding: str = "utf-8-sig", header_style: str = "fullwidth",
           skipped: str = SKIPPED, seed: int = 0) -> Path:
    """Write `survey` as a 问卷星 export (.xlsx, or .csv in `encoding`); returns the path.

    mode: "number" (按选项序号) or "text" (按选项文本); multi: "columns" (one 0/1
    column per option, e.g. `8(怀孕或哺乳)`) or "joined" (one column, ┋-joined);
    header_style varies the header punctuation ("fullwidth" `1、您的性别：`,
    "halfwidth" `1. 您的性别:`, "none", "spaced"); skipped: what a question the
    skip logic hid holds ("(跳过)" or "").
    """
    path = Path(path)
    table = wjx_frame(survey, mode=mode, multi=multi, header_style=header_style, skipped=skipped, seed=seed)
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".xlsx":
            with open(tmp, "wb") as handle:  # pandas picks the Excel writer by suffix; the temporary has none
                table.to_excel(handle, index=False, engine="openpyxl")
        elif path.suffix.lower() == ".csv":
            table.to_csv(tmp, index=False, encoding=encoding)
        else:
            raise SurveyError(f"{path}: a 问卷星 export is .xlsx or .csv")
    return path
