"""What the front page takes from the census, kept between builds (countydigital.keptfiles).

The front page names the two study counties with their census figures, and each page by its
county. Both come from the census layer, which imports pandas and reads the census caches: ~0.2
CPU-s of the build's own process for a few names and numbers. They are kept as one small JSON file
per question, named by everything the answer comes from: the pinned checksums of the external
files, the source of the census layer and of this module, the census caches present (a census
not prepared yet is asked again, and fails as it did) and the codes asked about.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import datafetch, keptfiles, paths

KEPT_FOLDER = "front-facts"
KEPT_FILES = 32
COUNTY_INDICATORS = ("population", "share_20_34", "urban_share", "share_junior_college_plus")
YEARS = (2010, 2020)
_PACKAGE = Path(__file__).resolve().parents[1]
# The census layer's code: what the answers are computed by.
_SOURCES = ("census/*.py", "boundaries.py", "units.py", "runner/frontfacts.py")


def study_counties(codes: list[str]) -> dict:
    """{code: {"zh"/"en": {"name", "place"}, "figures": {indicator: {year: value}}}} and the indicators'
    labels ({"labels": {indicator: {"zh", "en"}}}). Raises the census layer's error when it is missing."""
    data = _kept("study", codes, lambda: _study_counties(codes))
    for county in data["counties"].values():
        county["figures"] = {k: {int(y): v for y, v in by_year.items()} for k, by_year in county["figures"].items()}
    return data


def county_names(counties: list[str]) -> dict[str, dict[str, str]]:
    """{county parameter: {"zh": name, "en": name}} for the parameters the census knows."""
    return _kept("names", counties, lambda: _county_names(counties))


def _kept(question: str, asked: list[str], answer) -> dict:
    key = keptfiles.key_of(question, json.dumps(sorted(set(asked))), json.dumps(datafetch.checksums(), sort_keys=True),
                           *_source_digests(), *sorted(p.name for p in paths.PROCESSED_DIR.glob("*.parquet")))
    made = keptfiles.kept_or_made(KEPT_FOLDER, key, ".json",
                                  lambda: json.dumps(answer(), ensure_ascii=False, sort_keys=True).encode("utf-8"),
                                  kept=KEPT_FILES)
    return json.loads(made)


def _source_digests() -> list[bytes]:
    files = sorted(path for pattern in _SOURCES for path in _PACKAGE.glob(pattern))
    return [path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() for path in files]


def _study_counties(codes: list[str]) -> dict:
    from .. import census
    from ..census.labels import place_name, province_name

    tables = {year: census.indicators(year).set_index("code") for year in YEARS}
    counties = {}
    for code in codes:
        unit = census.lookup(code)
        counties[code] = {
            "code": unit.code,
            "zh": {"name": unit.name, "place": f"{unit.province}{unit.prefecture}"},
            "en": {"name": f"{place_name(unit, 'en')} ({unit.name})",
                   "place": f"{unit.prefecture}, {province_name(unit, 'en')}"},
            "figures": {k: {str(y): float(t.at[unit.code, k]) for y, t in tables.items() if unit.code in t.index}
                        for k in COUNTY_INDICATORS},
        }
    labels = {k: {lang: census.INDICATORS[k].label(lang) for lang in ("zh", "en")} for k in COUNTY_INDICATORS}
    return {"counties": counties, "labels": labels}


def _county_names(counties: list[str]) -> dict[str, dict[str, str]]:
    from .. import census
    from ..census.labels import place_name
    from ..exceptions import CountyDigitalError

    names = {}
    for county in counties:
        try:
            unit = census.lookup(county)
        except CountyDigitalError:  # a hand-made or unknown parameter: the set's id names the page
            continue
        names[county] = {lang: place_name(unit, lang) for lang in ("zh", "en")}
    return names
