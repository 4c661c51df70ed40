"""What a survey build is built from: the file, its checksum, respondents, fieldwork, counties.

`Evidence` is the claims-ledger source label a notebook records with (`source=data.source`):
the plain string "survey" or "synthetic", carrying the file's sha256 for a real file, so
every record made from a file names the file it came from without any notebook saying so.
`describe` is the descriptor the site shows on its index and in claims.json.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

PREFIX = 12  # hex digits of the sha256 shown beside a file's name (and used in page ids)


class Evidence(str):
    """"survey" or "synthetic"; `.sha256` is the file's checksum (None for the stand-in)."""

    sha256: str | None

    def __new__(cls, label: str, sha256: str | None = None):
        value = super().__new__(cls, label)
        value.sha256 = sha256
        return value


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def county_names(code: str) -> dict:
    """The census name (and pinyin, for English pages) of a county code (empty when the census is not available)."""
    try:
        from ..census import lookup

        unit = lookup(code)
        return {"name": str(unit.name), "name_en": str(unit.pinyin or "")}
    except Exception:  # noqa: BLE001 - a name is a courtesy; the code is the fact
        return {"name": "", "name_en": ""}


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
