"""A distribution's shares for a unit, its province and the nation as arrays in category order (for figures).

`compare` stacks the three scopes' distributions into one frame, which a figure then split
again by year and scope to draw each bar series: ~10 ms of pandas a figure, three figures a
county profile. Here each scope's distribution is read once into arrays, and the
province's and the nation's are kept per process (they are the same for every unit of a
province; the atlas asks for them ~3,000 times). The numbers are those of `compare`: the
same distributions, the same share column (tested against it).
"""
from __future__ import annotations

import collections
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import CensusMeasureUnavailable
from .indicators import DISTRIBUTIONS, SCOPES, unit_in_year, unit_row


@dataclass(frozen=True)
class _Scope:
    """One scope's distribution in one year: its category column's dtype and values, the split column's values
    (or None), and the shares in % (read-only arrays)."""

    dtype: object
    categories: np.ndarray
    split: np.ndarray | None
    percent: np.ndarray


_KEPT: dict[tuple, _Scope] = {}


def _read(kind: str, code: str, year: int, scope: str, category: str, split: str | None) -> _Scope:
    frame = DISTRIBUTIONS[kind](code, year, scope)
    arrays = (frame[category].to_numpy(dtype=object), None if split is None else frame[split].to_numpy(dtype=object),
              frame["share"].to_numpy() * 100)
    for array in arrays:
        if array is not None:
            array.flags.writeable = False
    return _Scope(frame[category].dtype, *arrays)


def _scope(kind: str, code: str, year: int, scope: str, category: str, split: str | None) -> _Scope:
    if scope == "county":
        return _read(kind, code, year, scope, category, split)
    key = (kind, year, scope, unit_row(code, year)["province_code"] if scope == "province" else None, category,
           split)
    if key not in _KEPT:  # the same for every unit of the province (of the nation): read from this one
        _KEPT[key] = _read(kind, code, year, scope, category, split)
    return _KEPT[key]


def shares(kind: str, code, years, category: str, split: str | None = None, categories=None):
    """(categories, {key: shares in %}) for the unit `code`, its province and the nation in each of `years`.

    kind: a key of DISTRIBUTIONS; category: its category column ("age_group", "level", "sector" ...); split: a
    column that divides a scope's rows (the pyramid's "sex") or None. The key is (year, scope) or (year, scope,
    split value); a key without rows maps to all NaN (nothing drawn), and so does a category a scope lacks.
    categories: the order of the arrays; by default `compare(kind, code, years)[category]`'s (its categorical's
    categories, or the values in order of appearance). Years in which the census has no such table are left
    out, as by `compare`; none at all raises CensusMeasureUnavailable.
    """
    read: dict[tuple[int, str], _Scope] = {}
    for year in (years,) if isinstance(years, int) else years:
        county = unit_in_year(code, year)
        for scope in SCOPES:
            try:
                read[(year, scope)] = _scope(kind, county.code, year, scope, category, split)
            except CensusMeasureUnavailable:
                break
    if not read:
        raise CensusMeasureUnavailable(f"no census year in {years} has a '{kind}' table")
    if categories is None:
        categories = _categories(list(read.values()))
    position = {c: i for i, c in enumerate(categories)}
    found: dict[tuple, np.ndarray] = {}
    for (year, scope), one in read.items():
        where = np.fromiter((position.get(c, -1) for c in one.categories), dtype=np.intp, count=len(one.categories))
        keys = [None] if one.split is None else list(dict.fromkeys(one.split))
        for value in keys:
            rows = (where >= 0) if value is None else (where >= 0) & (one.split == value)
            values = np.full(len(categories), np.nan)
            values[where[rows]] = one.percent[rows]
            found[(year, scope) if value is None else (year, scope, value)] = values
    return categories, collections.defaultdict(lambda: np.full(len(categories), np.nan), found)


def _categories(read: list[_Scope]) -> list:
    """The category order `compare`'s stacked column has: its categorical's, if every scope's column is the same
    categorical (pd.concat keeps it then), else the values in order of appearance."""
    first = read[0].dtype
    if isinstance(first, pd.CategoricalDtype) and all(one.dtype == first for one in read):
        return list(first.categories)
    return list(dict.fromkeys(c for one in read for c in one.categories))


def clear() -> None:
    """Forget the kept provinces' and nation's shares (as `indicators`' kept distributions' cache_clear)."""
    _KEPT.clear()
