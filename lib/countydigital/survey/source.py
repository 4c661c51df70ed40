"""What a survey build is built from: the file, its checksum, respondents, fieldwork, counties.

`describe` is the descriptor the site shows on its index and in claims.json (records name
the file by its sha256 themselves: `record(..., **data.evidence)`).
"""
from __future__ import annotations

PREFIX = 12  # hex digits of the sha256 shown beside a file's name (and used in page ids)


def county_names(code: str) -> dict:
    """The census name (and pinyin, for English pages) of a county code (empty when the census is not available)."""
    from ..census import lookup
    from ..exceptions import CountyDigitalError

    try:
        unit = lookup(code)
    except CountyDigitalError:  # a code the census does not know: the code is the fact, a name a courtesy
        return {"name": "", "name_en": ""}
    return {"name": str(unit.name), "name_en": str(unit.pinyin or "")}


def describe(data) -> dict:
    """The survey-source descriptor of loaded `SurveyData` (plain data, JSON-ready)."""
    codes = sorted({str(c) for c in data.frame["county"].dropna()})
    sha = data.sha256 or ""
    return {
        "file": data.source_path.name if data.source_path else "",
        "sha256": sha,
        "sha256_prefix": sha[:PREFIX],
        "respondents": int(data.n),
        "fieldwork": list(data.fieldwork) if data.fieldwork else None,
        "counties": [{"code": code, **county_names(code)} for code in codes],
        "synthetic": bool(data.synthetic),
        "format": data.format,
    }
