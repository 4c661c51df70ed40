"""Find a county-level unit by code, Chinese name or pinyin.

The directory is every unit of the 2020 census, plus the 2010 units whose code no
longer exists in 2020 (abolished or renumbered counties), so a 2010 name still
resolves. Pinyin names come from the boundaries file's ENG_NAME (2021 divisions), so
units missing there (development zones, 2010-only units) have no pinyin.
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from ..exceptions import AmbiguousCounty, UnknownCounty

# What may follow a short name: 巨鹿 -> 巨鹿县, 连山 -> 连山壮族瑶族自治县, 阿鲁科尔沁 -> 阿鲁科尔沁旗.
_SUFFIX = re.compile(r"^(?:.{0,12}族)?(?:自治)?(?:县|区|市|旗|林区|特区)$")
# English words that may follow a pinyin name: "Julu County", "Julu Xian".
_PINYIN_SUFFIX = re.compile(r"(county|xian|district|qu|city|shi|banner|qi)$")


@dataclass(frozen=True)
class County:
    """One county-level unit as the census and the boundaries know it.

    code: 6-digit GB/T 2260 code (or a pseudo code with 'X' for uncoded tabulation
    units); pinyin: the boundaries file's ENG_NAME or None; unit_type: district,
    county, county_city or other; years: the census years with a row for this code.
    """

    code: str
    name: str
    prefecture: str
    province: str
    province_code: str
    pinyin: str | None
    unit_type: str
    years: tuple[int, ...] = ()

    def describe(self) -> str:
        return f"{self.code} {self.name} ({self.prefecture}, {self.province})"


def _fold_pinyin(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("ü", "u").replace("v", "u"))
    text = "".join(ch for ch in text if ch.isalnum() and ord(ch) < 128)
    return text


@functools.lru_cache(maxsize=1)
def directory() -> pd.DataFrame:
    """One row per known code: code, name, prefecture, province, province_code,
    unit_type, pinyin, years (tuple).

    Kept on disk beside the census cache (a few hundred kB): every build's front page looks
    counties up, and deriving the directory reads the whole census and the boundaries."""
    from .. import boundaries
    from .tidy import cached

    table = cached("directory", _build_directory, modules=("counties.py",), extra=boundaries.cache_path().name)
    # As built: parquet gives arrays back for tuples, and strings for a column of names and None.
    table["years"] = [tuple(int(y) for y in years) for years in table["years"]]
    table["pinyin"] = pd.Series([p if isinstance(p, str) else None for p in table["pinyin"]], dtype=object)
    return table


def _build_directory() -> pd.DataFrame:
    from .tidy import load_census

    frame = load_census()
    ids = frame[["code", "name", "prefecture", "province", "province_code", "unit_type", "year"]]
    ids = ids.drop_duplicates(["code", "year"])
    years = ids.groupby("code")["year"].agg(lambda s: tuple(sorted(s)))
    latest = ids.sort_values("year").drop_duplicates("code", keep="last").set_index("code")
    latest = latest.drop(columns="year")
    latest["years"] = years
    latest["pinyin"] = pd.Series(_pinyin_names(), dtype=object).reindex(latest.index)
    latest["pinyin"] = latest["pinyin"].where(latest["pinyin"].notna(), None)
    return latest.reset_index().sort_values("code", ignore_index=True)


def _pinyin_names() -> dict[str, str]:
    from .. import boundaries

    props = boundaries.county_properties()
    return {code: eng for code, eng in zip(props["code"], props["eng_name"]) if eng}


def _as_county(row) -> County:
    return County(code=row.code, name=row.name, prefecture=row.prefecture, province=row.province,
                  province_code=row.province_code, pinyin=row.pinyin, unit_type=row.unit_type,
                  years=tuple(row.years))


def _candidates_text(rows: pd.DataFrame) -> str:
    return "; ".join(f"{r.code} {r.name} ({r.prefecture}, {r.province})" for r in rows.itertuples())


def lookup(query) -> County:
    """The county-level unit named by `query`.

    `query`: a 6-digit code (str or int), a Chinese name with or without its suffix
    (巨鹿县, 巨鹿), or a pinyin name (Julu, case-insensitive; ü may be written u or v).
    A County passes through unchanged. Raises AmbiguousCounty listing every match
    (code, prefecture, province) when several units fit, and UnknownCounty with the
    closest names or codes when none does.
    """
    if isinstance(query, County):
        return query
    table = directory()
    text = unicodedata.normalize("NFKC", str(query)).strip()
    if not text:
        raise UnknownCounty("empty county query")

    if re.fullmatch(r"\d{1,6}", text) or re.fullmatch(r"\d{4}X[0-9A-Z]", text):
        code = text.zfill(6) if text.isdigit() else text
        hit = _by_code().get(code)
        if hit is not None:
            return hit
        near = table[table["code"].str[:4] == code[:4]]
        what = ""
        if code.endswith("0000"):
            what = " (a province code, not a county-level unit)"
        elif code.endswith("00"):
            what = " (a prefecture code, not a county-level unit)"
        hint = f"; units with the same prefix: {_candidates_text(near.head(8))}" if len(near) else ""
        raise UnknownCounty(f"no county-level unit has code {code}{what}{hint}")

    exact = table[table["name"] == text]
    if not len(exact):
        rest = table["name"].map(lambda n: n.startswith(text) and bool(_SUFFIX.match(n[len(text):])))
        exact = table[rest & (len(text) >= 2)]
    if not len(exact) and text.isascii():
        folded = _PINYIN_SUFFIX.sub("", _fold_pinyin(text)) or _fold_pinyin(text)
        pinyin = table["pinyin"].map(lambda p: _fold_pinyin(p) if isinstance(p, str) else None)
        exact = table[pinyin == folded]
    if len(exact) == 1:
        return _as_county(next(exact.itertuples()))
    if len(exact) > 1:
        raise AmbiguousCounty(
            f"'{query}' matches {len(exact)} county-level units; give the code: "
            f"{_candidates_text(exact)}"
        )

    names = list(table["name"]) + [p for p in table["pinyin"] if isinstance(p, str)]
    close = difflib.get_close_matches(text, names, n=6, cutoff=0.5)
    close_rows = table[table["name"].isin(close) | table["pinyin"].isin(close)].head(8)
    hint = f"; close matches: {_candidates_text(close_rows)}" if len(close_rows) else ""
    raise UnknownCounty(f"no county-level unit is called '{query}'{hint}")


@functools.lru_cache(maxsize=1)
def _by_code() -> dict[str, County]:
    """Every unit of the directory by code: a lookup by code is one dict access, not a scan."""
    return {row.code: _as_county(row) for row in directory().itertuples()}


def clear_cache() -> None:
    directory.cache_clear()
    _by_code.cache_clear()


__all__ = ["County", "lookup", "directory"]
