"""Write a survey the way KoboToolbox exports submissions of the generated XLSForm.

For tests and demonstrations, like `wjx`: real-format files from synthetic data.
Kobo's system columns come first and last (start, end, today, deviceid; then
__version__, _id, _uuid, _submission_time, _validation_status, _notes, _status,
_submitted_by, _tags, _index), questions in between, optionally behind a group
path; values "as XML values" (choice names, i.e. codebook codes) or as labels;
select_multiple as a space-separated summary column, 0/1 detail columns, or both,
all empty when the question was not relevant. A fake device id, enumerator and
phone number (question 18) let tests prove that personal data is dropped.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import atomic_path
from ..exceptions import SurveyError
from .codebook import Question, load_codebook
from .model import SurveyData
from .xlsform import choice_name

MULTI_STYLES = ("both", "summary", "details")
HEADER_STYLES = ("xml", "zh", "en")  # XML names, or labels in that language


def _label(q: Question, lang: str) -> str:
    """The question label as the generated XLSForm has it."""
    return f"{q.number}. {q.text_zh if lang == 'zh' else q.text_en}"


def _value(q: Question, code, headers: str) -> str:
    if headers == "xml":
        return choice_name(q, code)
    return q.option(code).label(headers)


def _cell(value):
    if pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def kobo_frame(survey: SurveyData, group: str = "", multi: str = "both", headers: str = "xml",
               seed: int = 0) -> pd.DataFrame:
    """The KoboToolbox-style export table of `survey` (see `to_kobo`)."""
    if multi not in MULTI_STYLES:
        raise SurveyError(f"multi must be one of {MULTI_STYLES}, not {multi!r}")
    if headers not in HEADER_STYLES:
        raise SurveyError(f"headers must be one of {HEADER_STYLES}, not {headers!r}")
    book = load_codebook()
    frame = survey.frame
    n = len(frame)
    rng = np.random.default_rng(seed)
    prefix = f"{group.strip('/')}/" if group else ""
    first, last = survey.fieldwork or ("2021-12-01", "2022-02-28")
    span = max(int((pd.Timestamp(last) - pd.Timestamp(first)).total_seconds()), 1)
    submitted = pd.Timestamp(first) + pd.Timedelta(hours=8) + pd.to_timedelta(
        np.sort(rng.integers(0, span, size=n)), unit="s")
    started = submitted - pd.to_timedelta(rng.integers(60, 600, size=n), unit="s")
    out = {
        "start": started.strftime("%Y-%m-%dT%H:%M:%S.000+08:00"),
        "end": submitted.strftime("%Y-%m-%dT%H:%M:%S.000+08:00"),
        "today": submitted.strftime("%Y-%m-%d"),
        "deviceid": [f"collect:{int(x):016x}" for x in rng.integers(0, 2**62, size=n)],
    }

    def header(q: Question, option=None) -> str:
        name = q.variable if headers == "xml" else _label(q, headers)
        if option is not None:
            name += "/" + (choice_name(q, option) if headers == "xml" else q.option(option).label(headers))
        return prefix + name

    for q in book.questions:
        if q.personal:
            out[header(q)] = [f"170{int(x):08d}" for x in rng.integers(0, 10**8, size=n)]
        elif q.type == "multi":
            values = frame[q.columns]
            asked = values.notna().any(axis=1).to_numpy()
            rows = values.fillna(0).to_numpy()
            if multi in ("both", "summary"):
                out[header(q)] = [" ".join(_value(q, c, headers) for c, v in zip(q.codes, row) if v == 1)
                                  if a else None for row, a in zip(rows, asked)]
            if multi in ("both", "details"):
                for k, code in enumerate(q.codes):
                    out[header(q, code)] = [int(row[k]) if a else None for row, a in zip(rows, asked)]
        elif q.type == "single":
            out[header(q)] = [None if pd.isna(v) else _value(q, _code(q, v), headers) for v in frame[q.variable]]
        else:
            out[header(q)] = [_cell(v) for v in frame[q.variable]]
    ids = frame["respondent_id"].astype(str)
    out.update({
        "__version__": "vCountydigitalForm1",
        "_id": [int(i) if i.isdigit() else i for i in ids],
        "_uuid": [f"{int(a):08x}-{int(b):04x}-4{int(c):03x}-8{int(d):03x}-{int(e):012x}"
                  for a, b, c, d, e in zip(*(rng.integers(0, m, size=n) for m in
                                             (2**32, 2**16, 2**12, 2**12, 2**48)))],
        "_submission_time": submitted.strftime("%Y-%m-%dT%H:%M:%S"),
        "_validation_status": None,
        "_notes": None,
        "_status": "submitted_via_web",
        "_submitted_by": "enumerator1",
        "_tags": None,
        "_index": np.arange(1, n + 1),
    })
    return pd.DataFrame(out)


def _code(q: Question, value):
    """The option code of a frame value (the frame holds the county's 6-digit code)."""
    if q.value == "county_code":
        for option in q.options:
            if option.county_code == str(value):
                return option.code
        raise SurveyError(f"county {value} is not an option of the questionnaire")
    return int(value)


def to_kobo(survey: SurveyData, path, sep: str = ";", group: str = "", multi: str = "both",
            headers: str = "xml", seed: int = 0) -> Path:
    """Write `survey` as a KoboToolbox export (.xlsx, or .csv separated by `sep`); returns the path.

    group: a group path put before every question header ("employee" or "a/b");
    multi: select_multiple as "summary", "details" or "both"; headers: "xml" (names
    and codes) or "zh"/"en" (labels in that language).
    """
    path = Path(path)
    table = kobo_frame(survey, group=group, multi=multi, headers=headers, seed=seed)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SurveyError(f"{path}: a KoboToolbox export is .xlsx or .csv")
    with atomic_path(path) as tmp:
        if suffix == ".xlsx":
            table.to_excel(tmp, index=False, engine="openpyxl")
        else:
            table.to_csv(tmp, index=False, sep=sep, encoding="utf-8")
    return path
