"""Importers: every supported format loads to the same tidy frame; personal data never survives."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from countydigital.census import load_census
from countydigital.survey import load, synth, validate
from countydigital.survey.codebook import load_codebook
from countydigital.survey.export import write_tidy
from countydigital.survey.wjx import to_wjx, wjx_frame


@pytest.fixture(scope="module")
def survey():
    return synth.generate(n=120, seed=5)


WJX_VARIANTS = {
    "number-columns.xlsx": dict(mode="number", multi="columns"),
    "text-joined.xlsx": dict(mode="text", multi="joined"),
    "number-columns-gbk.csv": dict(mode="number", multi="columns", encoding="gbk", header_style="halfwidth"),
    "text-joined-gb18030.csv": dict(mode="text", multi="joined", encoding="gb18030", header_style="spaced"),
    "text-joined-bom.csv": dict(mode="text", multi="joined", encoding="utf-8-sig", header_style="none"),
    "number-joined-utf8.csv": dict(mode="number", multi="joined", encoding="utf-8", skipped=""),
    "text-columns-bom.csv": dict(mode="text", multi="columns", encoding="utf-8-sig", skipped=""),
}


@pytest.mark.parametrize("name", sorted(WJX_VARIANTS))
def test_wjx_export_round_trip(survey, tmp_path, name):
    path = to_wjx(survey, tmp_path / name, **WJX_VARIANTS[name])
    loaded = load(path)
    pd.testing.assert_frame_equal(loaded.frame, survey.frame)
    assert loaded.synthetic  # 来源 says SYNTHETIC
    assert loaded.dropped_personal_columns == 2  # 来自IP and the phone question
    assert "问卷星" in loaded.format


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".sav", ".dta"])
def test_tidy_round_trip(survey, tmp_path, suffix):
    loaded = load(write_tidy(survey, tmp_path / f"tidy{suffix}"))
    pd.testing.assert_frame_equal(loaded.frame, survey.frame)
    assert loaded.synthetic
    assert loaded.format.startswith("tidy")


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("gbk", "GB18030/GBK"), ("gb18030", "GB18030/GBK"),
])
def test_csv_encoding_is_detected_and_reported(survey, tmp_path, encoding, expected):
    path = to_wjx(survey, tmp_path / "export.csv", mode="text", multi="joined", encoding=encoding)
    loaded = load(path)
    assert f"encoding {expected}" in loaded.format
    assert set(loaded.frame["county"]) <= {"130529", "130722"}


def test_undecodable_csv_is_refused_not_guessed(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("序号,1、您的性别：\n1,男\n".encode("utf-8") + b"\xff\xfe\xfa\n")
    report = validate(path)
    assert not report.usable
    assert "UTF-8 or GB18030" in str(report)


def test_tidy_multiselect_as_semicolon_codes(survey, tmp_path):
    frame = survey.frame.copy()
    cols = [f"nonwork_reasons_{k}" for k in range(1, 8)]
    joined = frame[cols].apply(
        lambda r: "" if r.isna().all() else ";".join(str(k + 1) for k, v in enumerate(r) if v == 1), axis=1)
    frame = frame.drop(columns=cols).assign(nonwork_reasons=joined)
    frame.to_csv(tmp_path / "semicolon.csv", index=False)
    pd.testing.assert_frame_equal(load(tmp_path / "semicolon.csv").frame, survey.frame)


def test_headers_tolerate_colons_spaces_and_option_column_forms(survey, tmp_path):
    table = wjx_frame(survey, mode="number", multi="columns")
    renamed = {}
    for col in table.columns:
        if col.startswith("1、"):
            renamed[col] = " 1 ．您的性别: "          # full-width dot, half-width colon, spaces
        elif col.startswith("2、"):
            renamed[col] = "2、您的 年龄（周岁）"        # no colon, a stray space
        elif col.startswith("8("):
            renamed[col] = col.replace("8(", "8、(")    # 8、(怀孕或哺乳)
        elif col.startswith("9、"):
            renamed[col] = "9.您目前的月收入(税前,元):"  # half-width brackets and comma
    table.rename(columns=renamed).to_csv(tmp_path / "headers.csv", index=False, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(load(tmp_path / "headers.csv").frame, survey.frame)


def test_county_names_map_to_codes(survey, tmp_path):
    # Names outside the instrument's list resolve through the census cache, which importing never
    # builds (importing writes nothing); build it first so the test does not depend on test order.
    load_census()
    frame = survey.frame.copy()
    frame["county"] = frame["county"].map({"130529": "巨鹿县", "130722": "张北"})
    frame.to_csv(tmp_path / "names.csv", index=False)
    loaded = load(tmp_path / "names.csv")
    assert list(loaded.frame["county"]) == list(survey.frame["county"])


def test_spss_value_labels_are_honoured(survey, tmp_path):
    """A .sav coding gender 0 = 女, 1 = 男 (not the codebook's 1/2) loads by its labels."""
    frame = survey.frame.copy()
    plain = pd.DataFrame({c: frame[c].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
                          for c in frame.columns if c not in ("respondent_id", "county")})
    plain.insert(0, "respondent_id", frame["respondent_id"].astype(object))
    plain["county"] = frame["county"].astype(object)
    plain["gender"] = np.where(frame["gender"] == 2, 0.0, 1.0)
    path = tmp_path / "recoded.sav"
    pyreadstat.write_sav(plain, str(path), variable_value_labels={"gender": {0.0: "女", 1.0: "男"}})
    loaded = load(path)
    assert list(loaded.frame["gender"]) == list(survey.frame["gender"])


def test_personal_data_never_survives_import(survey, tmp_path):
    table = wjx_frame(survey, mode="text", multi="joined")
    n = len(table)
    table["身份证号码"] = ["11010519491231002X"] * n
    table["备注"] = ["无"] * (n - 1) + ["请打 13912345678"]      # a phone number hidden in free text
    table["证件"] = ["1101051949123100" + f"{i % 100:02d}" for i in range(n)]  # no telling header
    wage = next(c for c in table.columns if c.startswith("9、"))
    table[wage] = table[wage].astype(object)
    table.loc[4, wage] = "13800138000"                          # a phone typed into the wage field
    path = tmp_path / "pii.csv"
    table.to_csv(path, index=False, encoding="utf-8-sig")

    report = validate(path)
    assert report.dropped_personal_columns == 5  # IP, phone question, 身份证号码, 备注, 证件
    text = str(report)
    for secret in ("13912345678", "11010519491231002X", "13800138000", "203.0.113", "170"):
        assert secret not in text
    assert "row 6" in text and "personal data" in text  # the wage cell, spreadsheet row 6

    table.loc[4, wage] = 3000  # fix the one real error; the file is now usable
    table.to_csv(path, index=False, encoding="utf-8-sig")
    loaded = load(path)
    values = [str(v) for v in loaded.frame.to_numpy().ravel()]
    flat = " ".join(values + loaded.warnings + [loaded.format])
    for secret in ("13912345678", "11010519491231002X", "203.0.113", "河北-"):
        assert secret not in flat
    assert not any(v.startswith("170") and len(v) == 11 for v in values)
    assert set(loaded.frame.columns) == set(load_codebook().frame_columns)


def test_load_frame_has_codebook_columns_and_dtypes(survey):
    book = load_codebook()
    assert list(survey.frame.columns) == book.frame_columns
    assert survey.frame["county"].dtype == "str"
    assert survey.frame["gender"].dtype == "Int64"
    assert survey.frame["monthly_wage"].dtype == "Float64"
    assert survey.frame["nonwork_reasons_1"].dtype == "Int8"


def test_missing_respondent_id_is_a_warning_not_an_error(survey, tmp_path):
    frame = survey.frame.drop(columns="respondent_id")
    frame.to_csv(tmp_path / "noid.csv", index=False)
    loaded = load(tmp_path / "noid.csv")
    assert list(loaded.frame["respondent_id"][:3]) == ["2", "3", "4"]  # spreadsheet rows
    assert any("respondent id" in w for w in loaded.warnings)


def test_real_export_metadata_columns_are_not_questions(survey, tmp_path):
    path = to_wjx(survey, tmp_path / "meta.xlsx")
    report = validate(path)
    assert report.usable and not report.warnings
