"""Reading a census workbook: row structure, declared corrections and format errors,
on tiny hand-made workbooks laid out like the 2020 one (fast, no real data)."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from countydigital.census import mapping, tidy, workbook
from countydigital.exceptions import CensusFormatError

ID_HEADERS = ["区划代码", "省", "市", "区县"]
DATA_HEADERS = sorted({h for v in mapping.variables_for(2020) for h in mapping.source_headers(v, 2020)})

# (code, province, prefecture, name, population); every other column gets 1.
ROWS = [
    ("NA", "全国", "全国", "全国", 1000),
    (130000, "河北省", "河北省", "河北省", 300),
    (130500, "河北省", "邢台市", "邢台市", 300),
    (130529, "河北省", "邢台市", "巨鹿县", 200),
    (None, "河北省", "邢台市", "邢台经济开发区", 100),
    (440000, "广东省", "广东省", "广东省", 400),
    (441900, "广东省", "东莞市", "东莞市", 400),
    (420000, "湖北省", "湖北省", "湖北省", 300),
    (420100, "湖北省", "武汉市", "武汉市", 100),
    (420102, "湖北省", "武汉市", "江岸区", 100),
    (None, "湖北省", "省直辖县级行政区划", "省直辖县级行政区划", 150),
    (429004, "湖北省", "仙桃市", "仙桃市", 150),
    (419001, "湖北省", "济源市", "济源市", 0),  # placeholder, replaced in one test
]


def write_workbook(path, rows, *, drop: str | None = None, cells: dict | None = None):
    headers = ID_HEADERS + [h for h in DATA_HEADERS if h != drop]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for code, province, prefecture, name, population in rows:
        values = {h: 1 for h in DATA_HEADERS}
        values["人口数_合计"] = population
        values.update((cells or {}).get(name, {}))
        sheet.append([code, province, prefecture, name] + [values[h] for h in headers[4:]])
    book.save(path)
    return path


@pytest.fixture
def small(tmp_path):
    return write_workbook(tmp_path / "census_2020.xlsx", ROWS[:-1])


def test_structure_tells_units_from_subtotals(small):
    frame = tidy.tidy_workbook(small, 2020)
    levels = frame.drop_duplicates("code").set_index("code")["level"]
    assert levels["000000"] == "nation"
    assert {c for c, lv in levels.items() if lv == "province"} == {"130000", "440000", "420000"}
    assert {c for c, lv in levels.items() if lv == "prefecture"} == {"130500", "420100", "429000"}
    # a prefecture-level city with no unit below it (东莞) is itself a unit, and a district
    units = frame[frame["level"] == "unit"].drop_duplicates("code").set_index("code")
    assert set(units.index) == {"130529", "1305X1", "441900", "420102", "429004"}
    assert units.loc["441900", "unit_type"] == "district"
    # an uncoded tabulation unit gets a pseudo code under its prefecture, type other
    assert units.loc["1305X1", ["name", "prefecture", "unit_type"]].tolist() == ["邢台经济开发区", "邢台市", "other"]
    # province-administered units take the group row as their prefecture
    assert units.loc["429004", ["prefecture_code", "prefecture", "unit_type"]].tolist() == [
        "429000", "省直辖县级行政区划", "county_city"]


def test_values_and_blank_counts(tmp_path):
    # 乡村人口 blank in an all-urban unit means 0; a measure with no cell at all stays missing
    cells = {"江岸区": {"乡村人口": None, "城镇人口": 100},
             "巨鹿县": {h: None for h in DATA_HEADERS if h.startswith("户口登记地在外")}}
    path = write_workbook(tmp_path / "c.xlsx", ROWS[:-1], cells=cells)
    frame = tidy.tidy_workbook(path, 2020)
    jiangan = frame[(frame["code"] == "420102") & (frame["measure"] == "urban_rural")]
    assert dict(zip(jiangan["category"], jiangan["value"])) == {"urban": 100.0, "rural": 0.0}
    julu = frame[frame["code"] == "130529"]
    assert "registered_elsewhere" not in set(julu["measure"])
    # two source columns mapped to one category are summed (0岁 + 1到4岁 -> 0-4)
    age = julu[(julu["measure"] == "age") & (julu["sex"] == "male")].set_index("category")["value"]
    assert age["0-4"] == 2.0 and age["5-9"] == 1.0


def test_missing_column_names_file_and_column(tmp_path):
    path = write_workbook(tmp_path / "census_2020.xlsx", ROWS[:-1], drop="女_20到24岁")
    with pytest.raises(CensusFormatError) as err:
        tidy.tidy_workbook(path, 2020)
    assert "census_2020.xlsx" in str(err.value) and "女_20到24岁" in str(err.value)
    assert "age/female/20-24" in str(err.value)


def test_text_in_a_number_cell_names_column_and_row(tmp_path):
    path = write_workbook(tmp_path / "c.xlsx", ROWS[:-1], cells={"巨鹿县": {"制造业": "12 7"}})
    with pytest.raises(CensusFormatError, match=r"column '制造业', row 5: '12 7'"):
        tidy.tidy_workbook(path, 2020)


def test_code_outside_its_province_is_refused(tmp_path):
    rows = ROWS[:-1] + [(419001, "湖北省", "济源市", "济源市", 10)]  # 41 = 河南, listed under 湖北
    path = write_workbook(tmp_path / "c.xlsx", rows)
    with pytest.raises(CensusFormatError, match="419001.*湖北省"):
        tidy.tidy_workbook(path, 2020)


def test_declared_code_correction_is_applied(tmp_path):
    rows = ROWS[:-1] + [(140000, "山西省", "山西省", "山西省", 10), (140900, "山西省", "忻州市", "忻州市", 10),
                        (170971, "山西省", "忻州市", "五台山风景名胜区", 10)]
    frame = tidy.tidy_workbook(write_workbook(tmp_path / "c.xlsx", rows), 2020)
    assert "140971" in set(frame["code"]) and "170971" not in set(frame["code"])


def test_cell_correction_checks_the_broken_cell(tmp_path, monkeypatch):
    fixes = {2020: [("130529", "制造业", "5 5", 5.0), ("130529", "建筑业", None, 5.0)]}
    monkeypatch.setattr(mapping, "CELL_CORRECTIONS", fixes)
    broken = {"巨鹿县": {"制造业": "5    5", "建筑业": None}}
    frame = tidy.tidy_workbook(write_workbook(tmp_path / "a.xlsx", ROWS[:-1], cells=broken), 2020)
    industry = frame[(frame["code"] == "130529") & (frame["measure"] == "industry")].set_index("category")
    assert industry.loc["manufacturing", "value"] == 5.0 and industry.loc["construction", "value"] == 5.0
    # the upstream file fixed (or changed): the declared correction no longer fits -> refused
    with pytest.raises(CensusFormatError, match="CELL_CORRECTIONS"):
        tidy.tidy_workbook(write_workbook(tmp_path / "b.xlsx", ROWS[:-1]), 2020)


def test_headers_are_matched_after_normalisation():
    assert mapping.normalise_header("45-49岁（女)") == "45-49岁(女)"
    assert mapping.normalise_header("信息传输、\n批发和零售业") == "信息传输、批发和零售业"
    assert mapping.normalise_name("  罗定巿") == "罗定市"


def test_mapping_is_well_formed():
    keys = [(v.measure, v.sex, v.category) for v in mapping.VARIABLES]
    assert len(keys) == len(set(keys)), "a harmonised variable is declared twice"
    for v in mapping.VARIABLES:
        assert v.measure in mapping.MEASURES
        assert v.sex in ("total", "male", "female")
        order = mapping.CATEGORY_ORDER.get(v.measure)
        assert v.category in (order or ("all", "mean")), v
    for year in (2010, 2020):
        headers = [h for v in mapping.variables_for(year) for h in mapping.source_headers(v, year)]
        assert len(headers) == len(set(headers)), f"a {year} source column is used twice"


def test_parse_code():
    assert workbook.parse_code(130529, "f", "区划代码", 3) == "130529"
    assert workbook.parse_code(110101.0, "f", "区划代码", 3) == "110101"
    assert workbook.parse_code("NA", "f", "区划代码", 3) is None
    with pytest.raises(CensusFormatError, match="row 3"):
        workbook.parse_code("abc", "f", "区划代码", 3)
    for damaged in (float("inf"), float("-inf"), "inf", 130529.5):  # found by the fuzz test: inf crashed int()
        with pytest.raises(CensusFormatError, match="column '区划代码', row 3"):
            workbook.parse_code(damaged, "f", "区划代码", 3)


def test_to_number_reads_na_as_missing():
    values = workbook.to_number(pd.Series([1, "NA", None, " 7 "], name="x", index=[2, 3, 4, 5]), "f")
    assert values.isna().tolist() == [False, True, True, False]
    assert values[5] == 7.0
