"""The census frames a process reads again and again, computed once: per-year unit rows, an index by code.

`load_census()` returns a new frame each call, filtered from the tidy cache; a county
profile asks for the same year's rows dozens of times and then looks one unit up in
them. Here the filtered frame of each year is kept (shared: read it, never change it)
and a unit's rows are a slice of the year's frame sorted by code, found in a dict.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .tidy import YEARS, load_census


def unit_rows(years=YEARS) -> pd.DataFrame:
    """load_census(years), computed once per process and shared: read it, never change it."""
    return _unit_rows((years,) if isinstance(years, int) else tuple(years))


@functools.lru_cache(maxsize=None)
def _unit_rows(years: tuple[int, ...]) -> pd.DataFrame:
    return load_census(years)


def rows_of(code: str, year: int) -> pd.DataFrame:
    """The unit `code`'s tidy rows of `year` (shared, read-only; empty for an unknown code)."""
    frame, bounds = _by_code(year)
    start, stop = bounds.get(str(code), (0, 0))
    return frame.iloc[start:stop]


@functools.lru_cache(maxsize=None)
def _by_code(year: int) -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """The year's unit rows sorted by code, and each code's (first, past-last) row: a lookup is a slice."""
    frame = unit_rows(year).sort_values("code", kind="stable")
    codes = frame["code"].astype(str).to_numpy()
    edges = [0, *(np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist(), len(codes)] if len(codes) else []
    return frame, {str(codes[a]): (a, b) for a, b in zip(edges, edges[1:])}


def clear() -> None:
    """Forget the frames (after the tidy cache was rebuilt)."""
    _unit_rows.cache_clear()
    _by_code.cache_clear()
