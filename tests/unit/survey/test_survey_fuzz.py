"""Property tests: garbage never crashes the loader with anything but the project's own errors."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from countydigital.exceptions import SurveyValidationError
from countydigital.survey import load, synth, validate
from countydigital.survey.codebook import load_codebook
from countydigital.survey.wjx import wjx_frame

SUFFIXES = [".csv", ".xlsx", ".parquet", ".sav", ".dta", ".txt", ""]
BASE = wjx_frame(synth.generate(n=20, seed=1), mode="text", multi="joined").astype(object)
HEADERS = list(BASE.columns) + load_codebook().frame_columns + ["备注", "", "1", "8(其他)"]


def _load_quietly(path: Path) -> None:
    """validate() never raises; load() succeeds exactly when the file is usable, else
    raises the project's validation error (anything else fails the test)."""
    report = validate(path)
    if report.usable:
        assert load(path).n > 0
        return
    assert report.errors
    try:
        load(path)
    except SurveyValidationError as exc:
        assert exc.problems
    else:
        raise AssertionError("load() accepted a file validate() rejected")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"garbage{suffix}"
        path.write_bytes(data)
        _load_quietly(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from([b"PK\x03\x04", b"PAR1", b"$FL2", b"<stata_dta>", b"\xef\xbb\xbf"]),
       data=st.binary(max_size=300), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_behind_real_magic_numbers(prefix, data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"garbage{suffix}"
        path.write_bytes(prefix + data)
        _load_quietly(path)


cells = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
                  st.text(max_size=12), st.sampled_from(["(跳过)", "-3", "男", "女┋男", "1;9", "巨鹿", "13912345678"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headers=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=10),
       rows=st.lists(st.lists(cells, min_size=10, max_size=10), min_size=0, max_size=6),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
@example(headers=["提交答卷时间", "1、您的性别："], rows=[[-1] + [None] * 9], encoding="utf-8")  # the year -1
def test_random_frames_with_survey_headers(headers, rows, encoding):
    frame = pd.DataFrame([r[: len(headers)] for r in rows], columns=range(len(headers)), dtype=object)
    frame.columns = headers
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "frame.csv"
        try:
            frame.to_csv(path, index=False, encoding=encoding)
        except UnicodeEncodeError:
            return
        _load_quietly(path)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=st.integers(0, len(BASE) - 1), col=st.integers(0, len(BASE.columns) - 1), value=cells)
def test_one_corrupted_cell_in_a_real_export(row, col, value):
    frame = BASE.copy()
    frame.iat[row, col] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        frame.to_csv(path, index=False, encoding="utf-8-sig")
        _load_quietly(path)
