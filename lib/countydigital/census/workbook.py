"""Read one census workbook and tell its units from its subtotal rows.

Both workbooks list provinces, prefectures and county-level units in one sheet, in
order. A row is classified from its 6-digit 区划代码 and its place in that order:

- ``XX0000``: a province subtotal; ``XXYY00``: a prefecture subtotal, unless no unit
  follows it before the next prefecture (东莞, 中山, 嘉峪关, 儋州 2020, 三亚 2010 are
  prefecture-level cities without county-level divisions): then it is itself a unit.
- ``XXYYZZ`` with ZZ != 00: a county-level unit.
- no code: a subtotal when the name is 市辖区/县 (parts of a municipality or of a
  city without districts) or 省直辖县级行政区划 (which then acts as the prefecture of
  the units below it); 全国 (2020) is the national total; a blank or data-less row
  (2010's trailing advertisement, 2010's unpopulated 南沙群岛) is skipped; any other
  code-less row with a population is a real tabulation unit the source gives no code
  (2010: 加格达奇 and the other 大兴安岭 zones, 平桂管理区, 青海's 行委; 2020: development
  zones, 管理区, the islands). Such a unit gets a pseudo code ``PPPPX<k>`` (its
  prefecture's first four digits, 'X', a sequence letter) so it can be summed and
  looked up, and is never mistaken for a GB/T 2260 code.

Province and prefecture of every unit come from this order, not from its code, and a
unit whose code disagrees with its province is refused unless the mapping declares
the correction.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import CensusFormatError
from . import mapping

PSEUDO_DIGITS = "123456789ABCDEFGHJKLMNPQRSTUVWYZ"
NATION_CODE = "000000"

# Values the workbooks use for "no figure".
_MISSING_TEXT = {"NA", "", "-", "—"}


def read_raw(path: Path, year: int) -> pd.DataFrame:
    """The sheet as text/object cells, headers normalised; index = spreadsheet row number."""
    try:
        frame = pd.read_excel(path, sheet_name=0, dtype=object)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise CensusFormatError(f"{path}: cannot read the {year} census workbook ({exc})") from exc
    headers = [mapping.normalise_header(h) for h in frame.columns]
    duplicated = sorted({h for h in headers if headers.count(h) > 1})
    if duplicated:
        raise CensusFormatError(f"{path}: duplicated column(s) after normalisation: {duplicated}")
    frame.columns = headers
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")  # row 1 is the header
    for column in (mapping.NAME_COLUMN[year], mapping.CODE_COLUMN[year]):
        if column not in frame.columns:
            raise CensusFormatError(f"{path}: column '{column}' is missing (expected for {year})")
    return apply_cell_corrections(frame, year, path)


def apply_cell_corrections(frame: pd.DataFrame, year: int, path: Path) -> pd.DataFrame:
    """Apply mapping.CELL_CORRECTIONS, checking each cell still holds what was fixed."""
    fixes = mapping.CELL_CORRECTIONS.get(year, [])
    if not fixes:
        return frame
    frame = frame.copy()
    code_col = mapping.CODE_COLUMN[year]
    codes = pd.Series(
        [parse_code(v, path, code_col, row) for row, v in frame[code_col].items()], index=frame.index
    )
    for code, header, found, value in fixes:
        rows = codes.index[codes == code]
        if len(rows) != 1 or header not in frame.columns:
            raise CensusFormatError(
                f"{path}: cell correction for code {code}, column '{header}' matches "
                f"{len(rows)} rows; the declared correction no longer fits this workbook"
            )
        row = rows[0]
        cell = frame.at[row, header]
        as_found = None if pd.isna(cell) else " ".join(str(cell).split())
        if as_found != found:
            raise CensusFormatError(
                f"{path}: column '{header}', row {row}: expected the broken cell {found!r} "
                f"declared in census.mapping.CELL_CORRECTIONS, found {cell!r}"
            )
        frame.at[row, header] = value
    return frame


def parse_code(value, path: Path, column: str, row: int) -> str | None:
    """A 6-digit code as text, None when blank; anything else is a CensusFormatError."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str) and value.strip() in _MISSING_TEXT:
        return None
    try:
        as_float = float(value)
        number = int(as_float)  # OverflowError for an infinite cell
    except (TypeError, ValueError, OverflowError):
        raise CensusFormatError(f"{path}: column '{column}', row {row}: '{value}' is not a code") from None
    if number != as_float:  # 130529.5 is no code (int() would cut it to one)
        raise CensusFormatError(f"{path}: column '{column}', row {row}: '{value}' is not a whole number")
    text = f"{number:06d}"
    if len(text) != 6:
        raise CensusFormatError(f"{path}: column '{column}', row {row}: '{value}' is not 6 digits")
    return text


def to_number(column: pd.Series, path: Path) -> pd.Series:
    """Cells to float; 'NA', blanks and dashes are NaN; other text is a CensusFormatError."""
    as_text = column.map(lambda v: v.strip() if isinstance(v, str) else v)
    blank = as_text.map(lambda v: v is None or (isinstance(v, str) and v in _MISSING_TEXT))
    values = pd.to_numeric(as_text.where(~blank), errors="coerce")
    bad = values.isna() & ~blank & as_text.notna()
    if bad.any():
        row = bad.idxmax()
        raise CensusFormatError(
            f"{path}: column '{column.name}', row {row}: '{column[row]}' is not a number"
        )
    return values.astype(float)


def structure(frame: pd.DataFrame, year: int, path: Path, population_column: str) -> pd.DataFrame:
    """One row per kept source row: level, code, name, prefecture and province columns.

    level is "nation", "province", "prefecture" or "unit". Skipped rows (blank,
    data-less, municipality parts) are left out; the index stays the source row.
    """
    name_col, code_col = mapping.NAME_COLUMN[year], mapping.CODE_COLUMN[year]
    corrections = mapping.CODE_CORRECTIONS.get(year, {})
    population = to_number(frame[population_column], path)

    records = []
    province = prefecture = None  # (code, name)
    pseudo_count: dict[str, int] = {}
    for row, raw_name in frame[name_col].items():
        code = parse_code(frame.at[row, code_col], path, code_col, row)
        name = None if pd.isna(raw_name) else mapping.normalise_name(raw_name)
        has_data = not np.isnan(population[row])
        if code is None and (name is None or not has_data):
            continue  # blank separator, advertisement, or a unit without any figure
        if code in corrections:
            code = corrections[code]

        if code is None and name in mapping.NATION_NAMES:
            records.append((row, "nation", NATION_CODE, name, None, None, None, None))
            continue
        if code is not None and code.endswith("0000"):
            province = (code, name)
            prefecture = None
            records.append((row, "province", code, name, code, name, None, None))
            continue
        if province is None:
            raise CensusFormatError(f"{path}: row {row} ('{name}') comes before any province row")
        municipality = province[0][:2] in mapping.MUNICIPALITIES
        if code is None and name in mapping.PROVINCE_ADMINISTERED_NAMES:
            prefecture = (province[0][:2] + "9000", name)
            records.append((row, "prefecture", prefecture[0], name, *province, *prefecture))
            continue
        if code is None and name in mapping.SUBTOTAL_NAMES:
            continue  # a part of a municipality or of a city without districts
        if code is not None and code.endswith("00"):
            if municipality:
                continue  # 2020's 110100 市辖区 / 500200 县: parts, as above
            prefecture = (code, name)
            records.append((row, "prefecture", code, name, *province, *prefecture))
            continue

        # a county-level unit
        parent = prefecture if prefecture is not None else province
        if municipality:
            parent = province
        elif code is not None and code[2:4] == "90" and parent[0][:4] != code[:4]:
            # A province-administered unit listed without its group row (2020's 济源市
            # follows 驻马店市's units directly): its group is its prefecture.
            parent = (code[:4] + "00", mapping.PROVINCE_ADMINISTERED_NAMES[0])
        if code is None:
            stem = parent[0][:4]
            k = pseudo_count.get(stem, 0)
            pseudo_count[stem] = k + 1
            code = f"{stem}X{PSEUDO_DIGITS[k]}"
        elif code[:2] != province[0][:2]:
            raise CensusFormatError(
                f"{path}: column '{code_col}', row {row}: unit '{name}' has code {code} but "
                f"sits under province {province[1]} ({province[0]}); declare a correction in "
                "census.mapping.CODE_CORRECTIONS if the code is a typo"
            )
        records.append((row, "unit", code, name, *province, *parent))

    out = pd.DataFrame.from_records(
        records,
        columns=["row", "level", "code", "name", "province_code", "province",
                 "prefecture_code", "prefecture"],
    ).set_index("row")
    return _childless_prefectures_are_units(out)


def _childless_prefectures_are_units(rows: pd.DataFrame) -> pd.DataFrame:
    """A prefecture row no unit refers to is a city without county-level divisions."""
    is_pref = rows["level"] == "prefecture"
    parents = set(rows.loc[rows["level"] == "unit", "prefecture_code"])
    childless = is_pref & ~rows["code"].isin(parents)
    rows = rows.copy()
    rows.loc[childless, "level"] = "unit"
    return rows
