"""Personal data: the patterns of mobile numbers, resident ID numbers and IP addresses.

One module for both guards, so they cannot drift apart on what a phone number is:

- the survey import filter (`survey.personal`) drops every column in which any cell
  looks personal, and blanks such cells in real questions. It errs on the side of
  dropping: loose patterns (`CELL_PATTERNS`), written without look-behind so the same
  expressions also run vectorised in pyarrow's RE2 engine;
- the site gate (`privacy_gate`) fails a build whose pages show personal data. It must
  not fail on ordinary numbers (hash fragments, version strings, long counts), so its
  patterns (`find_personal_data`) are strict: standalone tokens, valid IPv4 octets, and
  an 18-digit number counts only with a valid region, birth date and check digit.

Both are built from the same pieces below.
"""
from __future__ import annotations

import datetime as dt
import re

# --- the pieces ----------------------------------------------------------------------
CHINA_PREFIX = r"(?:\+?86[-\s]?)?"              # +86, 86, with or without a separator
MOBILE_NUMBER = r"1[3-9]\d{9}"                  # mainland mobile: 1[3-9] + 9 digits
MOBILE_WRITTEN = r"1[3-9]\d(?:\d{8}|[-\s]\d{4}[-\s]\d{4})"  # also written 3-4-4
ID_NUMBER = r"\d{17}[\dXx]"                     # 18-digit resident ID (GB 11643-1999)
IPV4_LOOSE = r"(?:\d{1,3}\.){3}\d{1,3}"
OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4_STRICT = OCTET + r"(?:\." + OCTET + r"){3}"
IPV6 = r"(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}"

# --- survey cells (import filter) ----------------------------------------------------
MOBILE_CELL = re.compile(r"(?:^|[^\d])" + CHINA_PREFIX + MOBILE_NUMBER + r"(?:[^\d]|$)")
ID_NUMBER_CELL = re.compile(r"(?:^|[^\d])" + ID_NUMBER + r"(?:[^\d]|$)")
IPV4_CELL = re.compile(r"(?:^|[^\d.])" + IPV4_LOOSE + r"(?:[^\d.]|$)")
IPV6_CELL = re.compile(r"(?:^|[^0-9a-fA-F:])" + IPV6 + r"(?:[^0-9a-fA-F:]|$)")
CELL_PATTERNS = (MOBILE_CELL, ID_NUMBER_CELL, IPV4_CELL, IPV6_CELL)
# Every cell pattern in one expression (for pandas' vectorised str.contains).
ANY_CELL = "|".join(f"(?:{p.pattern})" for p in CELL_PATTERNS)
# What redaction replaces inside a message: the bare values, without their context.
REDACTABLE = re.compile("|".join((CHINA_PREFIX + MOBILE_NUMBER, ID_NUMBER, IPV4_LOOSE, IPV6)))

# --- published pages (site gate) -----------------------------------------------------
_NOT_BEFORE = r"(?<![0-9A-Za-z])(?<!\d\.)"
_NOT_AFTER = r"(?![0-9A-Za-z])(?!\.\d)"
MOBILE = re.compile(_NOT_BEFORE + CHINA_PREFIX + "(" + MOBILE_WRITTEN + ")" + _NOT_AFTER)
RESIDENT_ID = re.compile(_NOT_BEFORE + "(" + ID_NUMBER + ")" + _NOT_AFTER)
IPV4 = re.compile(r"(?<![\w.])(" + IPV4_STRICT + r")(?![\w])(?!\.\d)")
_VERSION_CUE = re.compile(r"(?:version|ver\.?|版本|==|>=|<=|~=|\bv)\s*$", re.IGNORECASE)

# GB 11643-1999: weights and check characters of the 18-digit citizen ID number.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# First two digits: the province-level divisions (GB/T 2260).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
              50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}


def is_resident_id(text: str) -> bool:
    """True for a well-formed 18-digit resident ID number (region, birth date, check digit)."""
    if not re.fullmatch(ID_NUMBER, text):
        return False
    if int(text[:2]) not in _PROVINCES:
        return False
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= dt.date(2100, 1, 1):
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == text[17].upper()


def mask(value: str) -> str:
    """Keep the first two and last two characters, star the rest: enough to find it, not to use it."""
    chars = [c for c in value]
    keep = {i for i in range(len(chars)) if i < 2 or i >= len(chars) - 2}
    return "".join(c if i in keep or not c.isalnum() else "*" for i, c in enumerate(chars))


def find_personal_data(text: str) -> list[tuple[int, str, str]]:
    """(offset, kind, masked value) of every mobile number, ID number and IPv4 address in `text`
    (the site gate's strict reading; see the module docstring)."""
    found: list[tuple[int, str, str]] = []
    for match in MOBILE.finditer(text):
        found.append((match.start(1), "mobile phone number", mask(match.group(1))))
    for match in RESIDENT_ID.finditer(text):
        if is_resident_id(match.group(1)):
            found.append((match.start(1), "resident ID number", mask(match.group(1))))
    for match in IPV4.finditer(text):
        if _VERSION_CUE.search(text[max(0, match.start() - 12):match.start()]):
            continue
        octets = match.group(1).split(".")
        masked = octets[0] + "." + ".".join("*" * len(o) for o in octets[1:])
        found.append((match.start(1), "IPv4 address", masked))
    return sorted(found)
