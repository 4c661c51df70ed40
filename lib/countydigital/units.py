"""Unit types of county-level divisions from their GB/T 2260 code.

The last two digits of a county-level code say what it is: 01-20 a district (市辖区),
21-70 a county (县, 旗, 自治县 ...), 81-99 a county-level city (县级市). GB/T 2260
reserves 21-80 for counties, but no county uses 71-80: those codes are the
statistics bureau's own (统计用区划代码) for development zones, new areas and
management areas (经济开发区, 管理区 ...), which are not administrative divisions; they
are "other" here, as are the units the workbooks give no code at all (pseudo codes
with an 'X', see census.workbook).

Two exceptions need the name, not the code:
- province-administered county-level units (``XX90ZZ``: 仙桃市, 济源市, 定安县, 石河子市,
  神农架林区 ...) are numbered in sequence, so the name's suffix decides;
- a prefecture-level city without county-level divisions (东莞 441900, 中山 442000,
  嘉峪关 620200, 儋州 460400 since 2015) is a unit coded ``XXYY00``: it is a city
  proper, so it counts as a district.
"""
from __future__ import annotations

UNIT_TYPES = ("district", "county", "county_city", "other")

# Which unit types make up 县域 (county territory) under each definition the
# notebooks show. The usual one: counties and county-level cities.
COUNTY_TERRITORY = {
    "county_and_county_city": ("county", "county_city"),
    "all_but_districts": ("county", "county_city", "other"),
}

LABELS = {
    "district": ("市辖区", "district"),
    "county": ("县", "county"),
    "county_city": ("县级市", "county-level city"),
    "other": ("其他", "other"),
}


def unit_type(code: str, name: str | None = None) -> str:
    """district | county | county_city | other, for a county-level code (see module doc)."""
    code = str(code)
    if len(code) != 6 or not code.isdigit():
        return "other"
    if code[2:4] == "90":
        if name and name.endswith("市"):
            return "county_city"
        if name and name.endswith(("县", "林区", "旗")):
            return "county"
        return "other"
    last = int(code[4:])
    if last == 0:
        return "district"
    if last <= 20:
        return "district"
    if last <= 70:
        return "county"
    if last <= 80:
        return "other"
    return "county_city"


def unit_type_label(kind: str, lang: str = "zh") -> str:
    zh, en = LABELS[kind]
    return zh if lang == "zh" else en
