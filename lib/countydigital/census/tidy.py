"""Workbook -> tidy long frame, and its parquet cache.

The cache file name carries the workbook's sha256 (from the data manifest) and a
hash of the harmonisation (the mapping table and the code of this subpackage's
readers), so a new workbook or a changed mapping never reads a stale cache. Files
are written atomically (countydigital.atomic), so a crashed or concurrent run never
leaves a half-written cache behind.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import pandas as pd

from .. import datafetch, paths, units
from ..atomic import atomic_path
from ..exceptions import CensusFormatError
from . import mapping, workbook

YEARS = (2010, 2020)
DATA_KEYS = {2010: "census_2010", 2020: "census_2020"}
ID_COLUMNS = ["code", "name", "prefecture_code", "prefecture", "province_code", "province",
              "unit_type", "level"]
COLUMNS = ID_COLUMNS[:-1] + ["year", "measure", "sex", "category", "value", "level"]


def _check_years(years) -> tuple[int, ...]:
    years = (years,) if isinstance(years, int) else tuple(years)
    unknown = [y for y in years if y not in YEARS]
    if unknown:
        raise ValueError(f"census years are {YEARS}; got {unknown}")
    return years


def mapping_hash(modules: tuple[str, ...] = (), extra: str = "") -> str:
    """Hash of everything that decides the tidy result besides the workbook itself:
    the mapping table and the code of the readers, plus `modules` (file names in this
    package) for caches derived from the tidy frame, and `extra` (the names of their other sources)."""
    digest = hashlib.sha256(mapping.signature().encode() + extra.encode())
    here = Path(__file__).parent
    files = [here / "workbook.py", here / "tidy.py", Path(units.__file__), *(here / m for m in modules)]
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def cache_key(modules: tuple[str, ...] = (), extra: str = "") -> str:
    """Workbook checksums (from the data manifest) + mapping hash: names every cache file."""
    manifest = datafetch.load_manifest()
    shas = "_".join(manifest[DATA_KEYS[y]].sha256[:10] for y in YEARS)
    return f"{shas}_{mapping_hash(modules, extra)[:12]}"


def cache_path(name: str = "tidy", modules: tuple[str, ...] = (), extra: str = "") -> Path:
    return paths.PROCESSED_DIR / f"census_{name}_{cache_key(modules, extra)}.parquet"


def tidy_workbook(path: Path, year: int) -> pd.DataFrame:
    """The harmonised long frame of one workbook (units and coded subtotal rows)."""
    frame = workbook.read_raw(path, year)
    variables = mapping.variables_for(year)
    missing = [(h, v) for v in variables for h in mapping.source_headers(v, year)
               if h not in frame.columns]
    if missing:
        header, v = missing[0]
        others = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise CensusFormatError(
            f"{path}: column '{header}' expected by the census mapping for {year} "
            f"({v.measure}/{v.sex}/{v.category}) is missing{others}"
        )
    population_header = mapping.source_headers(
        next(v for v in variables if v.measure == "population" and v.sex == "total"), year)[0]
    rows = workbook.structure(frame, year, path, population_header)

    numbers = {h: workbook.to_number(frame.loc[rows.index, h], path)
               for h in {h for v in variables for h in mapping.source_headers(v, year)}}
    wide = {}
    for v in variables:
        parts = pd.concat([numbers[h] for h in mapping.source_headers(v, year)], axis=1)
        # A sum of source columns is missing only if every part is missing.
        wide[(v.measure, v.sex, v.category)] = parts.sum(axis=1, min_count=1)
    wide = pd.DataFrame(wide)
    wide.columns.names = ["measure", "sex", "category"]

    wide = _blank_counts_are_zero(wide)
    long = wide.stack(["measure", "sex", "category"], future_stack=True).rename("value")
    long = long.dropna().reset_index()
    long = long.merge(rows, left_on="row", right_index=True).drop(columns="row")
    long["unit_type"] = [
        units.unit_type(code, name) if level == "unit" else None
        for code, name, level in zip(long["code"], long["name"], long["level"])
    ]
    long["year"] = year
    return long[COLUMNS].sort_values(["level", "code", "measure", "sex", "category"],
                                     kind="stable", ignore_index=True)


def _blank_counts_are_zero(wide: pd.DataFrame) -> pd.DataFrame:
    """The workbooks leave zero cells empty (e.g. 乡村人口 of an all-urban district).

    Within a count measure, a blank category of a row that reports any other category
    of that measure is 0; a measure a row reports nothing of stays missing.
    """
    wide = wide.copy()
    for measure in wide.columns.get_level_values("measure").unique():
        if mapping.MEASURES[measure].kind != "count":
            continue
        block = wide.loc[:, [c for c in wide.columns if c[0] == measure]]
        reported = block.notna().any(axis=1)
        wide.loc[reported, block.columns] = block.loc[reported].fillna(0.0)
    return wide


# Text columns are stored and held as categoricals: ~700k rows with a few thousand
# distinct values load and filter ten times faster that way.
CATEGORICAL = ["code", "name", "prefecture_code", "prefecture", "province_code", "province",
               "unit_type", "measure", "sex", "category", "level"]


def as_categoricals(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: "category" for c in CATEGORICAL if c in frame.columns})


def cached(name: str, build, modules: tuple[str, ...] = (), extra: str = "") -> pd.DataFrame:
    """Read census_<name>_<cache_key>.parquet, or build() it, write it atomically and
    remove the same name's files of older keys. `modules`: the package files whose
    code `build` depends on beyond the tidy frame's own; `extra`: the content-addressed
    names of its other sources (both enter the key)."""
    target = cache_path(name, modules, extra)
    if target.exists():
        return pd.read_parquet(target)
    frame = build()
    with atomic_path(target) as tmp:
        frame.to_parquet(tmp, index=False)
    for stale in target.parent.glob(f"census_{name}_*.parquet"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return frame


def _build_tidy() -> pd.DataFrame:
    frames = [tidy_workbook(datafetch.raw_path(DATA_KEYS[y]), y) for y in YEARS]
    return as_categoricals(pd.concat(frames, ignore_index=True))


@functools.lru_cache(maxsize=1)
def _tidy() -> pd.DataFrame:
    return cached("tidy", _build_tidy)


def all_rows(years=YEARS) -> pd.DataFrame:
    """Units and coded subtotal rows (column `level`) of the given years."""
    frame = _tidy()
    years = _check_years(years)
    if set(years) != set(YEARS):
        frame = frame[frame["year"].isin(years)]
    return frame


def load_census(years=YEARS) -> pd.DataFrame:
    """The tidy long census frame of the county-level units (see the package docstring).

    `years`: 2010, 2020 or both (default). Only unit rows; the source's own subtotal
    rows are available through `subtotals()`. Returns a new frame each call.
    """
    frame = all_rows(years)
    frame = frame[frame["level"] == "unit"].drop(columns="level")
    return frame.reset_index(drop=True)


def subtotals(years=YEARS) -> pd.DataFrame:
    """The source's own nation/province/prefecture rows, in the same schema plus `level`."""
    frame = all_rows(years)
    return frame[frame["level"] != "unit"].reset_index(drop=True)


def clear_memory_cache() -> None:
    """Forget the in-process copy (the parquet cache on disk is kept)."""
    _tidy.cache_clear()


__all__ = ["load_census", "subtotals", "tidy_workbook", "cache_path", "YEARS"]
