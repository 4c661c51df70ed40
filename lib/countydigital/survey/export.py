"""Write a survey as a tidy file (csv / xlsx / parquet / .sav / .dta), atomically (countydigital.atomic).

A synthetic survey is marked in every format: a `data_source` column saying
SYNTHETIC, plus the file's own metadata where it has some (parquet key-value
metadata, the SPSS / Stata file label). `load` reads the mark back.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import atomic_path
from ..exceptions import SurveyError
from .codebook import load_codebook
from .model import SYNTHETIC_MARK, SurveyData

TIDY_SUFFIXES = (".csv", ".xlsx", ".parquet", ".sav", ".dta")


def _labelled_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict, dict]:
    """Frame with plain float/str columns for SPSS/Stata, value labels and column labels."""
    book = load_codebook()
    out = pd.DataFrame(index=frame.index)
    value_labels, column_labels = {}, {}
    for col in frame.columns:
        series = frame[col]
        if col in ("respondent_id", "data_source", "county"):
            out[col] = series.astype(object).where(series.notna(), "")
        else:
            out[col] = series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        if col in ("respondent_id", "data_source"):
            column_labels[col] = col
            continue
        q = book.question(col)
        if q.type == "multi":
            option = q.option(int(col.rsplit("_", 1)[1]))
            column_labels[col] = f"{q.number}: {option.zh}"
            value_labels[col] = {0.0: "未选", 1.0: "选中"}
        else:
            column_labels[col] = f"{q.number}: {q.text_zh}"[:80]
            if q.type == "single" and q.value != "county_code":
                value_labels[col] = {float(o.code): o.zh for o in q.options}
    return out, value_labels, column_labels


def write_tidy(survey: SurveyData, path) -> Path:
    """Write `survey` to `path` in the format of its suffix; returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TIDY_SUFFIXES:
        raise SurveyError(f"{path}: unsupported output type {suffix!r} (use one of {', '.join(TIDY_SUFFIXES)})")
    frame = survey.frame.copy()
    if survey.synthetic:
        frame["data_source"] = SYNTHETIC_MARK
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8")
        elif suffix == ".xlsx":
            with open(tmp, "wb") as handle:  # pandas picks the Excel writer by suffix; the temporary has none
                frame.to_excel(handle, index=False, engine="openpyxl")
        elif suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            meta = dict(table.schema.metadata or {})
            meta[b"countydigital.synthetic"] = b"true" if survey.synthetic else b"false"
            if survey.synthetic:
                meta[b"countydigital.note"] = SYNTHETIC_MARK.encode("utf-8")
            if survey.fieldwork:
                meta[b"countydigital.fieldwork"] = "/".join(survey.fieldwork).encode("utf-8")
            pq.write_table(table.replace_schema_metadata(meta), tmp)
        else:
            import pyreadstat

            plain, value_labels, column_labels = _labelled_frame(frame)
            label = SYNTHETIC_MARK if survey.synthetic else "countydigital survey"
            writer = pyreadstat.write_sav if suffix == ".sav" else pyreadstat.write_dta
            kwargs = {"file_label": label[:80], "column_labels": column_labels,
                      "variable_value_labels": value_labels}
            writer(plain, str(tmp), **kwargs)
    return path
