"""The census loader, fed broken workbooks, fails only with the project's own errors.

Property: whatever bytes sit where a workbook should be, and however the sheet's
columns and cells are damaged, `tidy_workbook` either returns a frame or raises a
`CountyDigitalError` (which names the file) — never a bare KeyError, ValueError,
zipfile or openpyxl exception. The damaged sheets start from the first rows of
the real workbooks (Beijing, Tianjin, part of Hebei), so the loader gets past its
first checks and the mutations reach its deeper parsing. Bounded: a few dozen
examples each, no deadline (reading a workbook is slow on a loaded machine).
"""
from __future__ import annotations

import os
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countydigital import datafetch
from countydigital.census import mapping, tidy, workbook
from countydigital.exceptions import CensusFormatError, CountyDigitalError

ROWS = 120
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))  # FUZZ_EXAMPLES=400 for a longer hunt
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])


def _real(year: int):
    path = datafetch.load_manifest()[tidy.DATA_KEYS[year]].local_path
    if not path.is_file():
        pytest.skip(f"{path} not fetched (run `make data`)")
    return path


@pytest.fixture(scope="module")
def heads() -> dict[int, pd.DataFrame]:
    """The first rows of each real workbook, as read_excel returns them."""
    return {year: pd.read_excel(_real(year), sheet_name=0, dtype=object, nrows=ROWS) for year in (2010, 2020)}


@pytest.fixture(scope="module")
def real_prefix() -> bytes:
    return _real(2010).read_bytes()[:200_000]


def _tidy_from_frame(frame: pd.DataFrame, year: int):
    # The declared cell corrections name rows far below the head (Tibet); they are tested with the full workbooks.
    with mock.patch.object(workbook.pd, "read_excel", return_value=frame), \
            mock.patch.object(mapping, "CELL_CORRECTIONS", {}):
        return tidy.tidy_workbook(_real(year), year)


def test_the_unmutated_head_loads(heads):
    """The starting point is valid, so the properties below exercise damage, not a broken baseline."""
    for year, frame in heads.items():
        tidy_frame = _tidy_from_frame(frame.copy(), year)
        assert {"110101", "120101"} <= set(tidy_frame["code"])


cell_values = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**12, 10**12),
                        st.floats(allow_nan=True, allow_infinity=True),
                        st.sampled_from(["NA", "-", "—", "110101", "1e400", "１２３"]))


@FUZZ
@given(year=st.sampled_from([2010, 2020]), data=st.data())
def test_damaged_sheets_raise_only_project_errors(heads, year, data):
    frame = heads[year].copy()
    drop = data.draw(st.lists(st.sampled_from(list(frame.columns)), max_size=4, unique=True), label="dropped columns")
    frame = frame.drop(columns=drop)
    for _ in range(data.draw(st.integers(0, 12), label="damaged cells")):
        row = data.draw(st.integers(0, len(frame) - 1))
        col = data.draw(st.integers(0, len(frame.columns) - 1))
        frame.iat[row, col] = data.draw(cell_values)
    if data.draw(st.booleans(), label="rename a header"):
        frame = frame.rename(columns={frame.columns[data.draw(st.integers(0, len(frame.columns) - 1))]:
                                      data.draw(st.sampled_from(["区划代码", "合计", "", "地区 ", "Unnamed: 3"]))})
    if data.draw(st.booleans(), label="shuffle rows"):
        frame = frame.sample(frac=1, random_state=data.draw(st.integers(0, 2**16)))
    try:
        result = _tidy_from_frame(frame, year)
    except CountyDigitalError as exc:
        assert str(exc), "a project error must say what is wrong"
        return
    assert isinstance(result, pd.DataFrame)


@FUZZ
@given(year=st.sampled_from([2010, 2020]), noise=st.binary(max_size=4096),
       kind=st.sampled_from(["noise", "zip-magic", "truncated"]), cut=st.integers(0, 200_000))
def test_corrupt_workbook_bytes_raise_census_format_error(tmp_path_factory, real_prefix, year, noise, kind, cut):
    body = {"noise": noise, "zip-magic": b"PK\x03\x04" + noise, "truncated": real_prefix[:cut] + noise}[kind]
    path = tmp_path_factory.mktemp("corrupt") / f"census_{year}.xlsx"
    path.write_bytes(body)
    with pytest.raises(CensusFormatError) as caught:
        tidy.tidy_workbook(path, year)
    assert str(path) in str(caught.value)
