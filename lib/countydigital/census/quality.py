"""Does the harmonised data add up? Checks against the workbooks' own totals.

`identity_failures` tests, for every unit, the identities a correct tabulation
satisfies (age groups sum to the population, male + female = total, occupation and
industry each sum to the employed total, ...). `subtotal_mismatches` compares the
sums of unit rows with the workbooks' own province/prefecture/nation rows. The 2020
workbook passes nearly everything; the 2010 workbook has a few dozen cells that are
wrong in the source (digits slipped into a neighbouring column, a stray 30000): they
are kept as published, and these functions say exactly where they are.
"""
from __future__ import annotations

import pandas as pd

from . import mapping
from .aggregate import aggregated
from .tidy import load_census, subtotals

TOLERANCE = 0.5  # counts are integers; anything above half a person is a real difference


def _wide(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.pivot_table(index=["year", "code"], columns=["measure", "sex", "category"],
                             values="value", aggfunc="sum")


def _total(wide, measure, sex=None, category=None):
    cols = [c for c in wide.columns if c[0] == measure and (sex is None or c[1] == sex)
            and (category is None or c[2] == category)]
    if not cols:
        return None
    return wide[cols].sum(axis=1, min_count=1)


# name -> (left side, right side) as functions of the wide frame
IDENTITIES = {
    "age groups = population": (lambda w: _total(w, "age"),
                                lambda w: _total(w, "population", "total")),
    "male + female = population": (lambda w: _total(w, "population", "male") + _total(w, "population", "female"),
                                   lambda w: _total(w, "population", "total")),
    "urban + rural = population": (lambda w: _total(w, "urban_rural"),
                                   lambda w: _total(w, "population", "total")),
    "occupations = employed": (lambda w: _total(w, "occupation"), lambda w: _total(w, "employed")),
    "industries = employed": (lambda w: _total(w, "industry"), lambda w: _total(w, "employed")),
    "generations = households": (
        lambda w: sum(_total(w, "households", "total", c) for c in mapping.HOUSEHOLD_TYPES[2:]),
        lambda w: _total(w, "households", "total", "all")),
    "marital statuses = population 15+": (lambda w: _total(w, "marital_status", "total"),
                                          lambda w: _total(w, "population_15plus", "total")),
    "male + female illiterate = illiterate": (
        lambda w: _total(w, "illiterate", "male") + _total(w, "illiterate", "female"),
        lambda w: _total(w, "illiterate", "total")),
    "employed + not working = population 16+ (2010)": (
        lambda w: _total(w, "employed") + _total(w, "not_working"),
        lambda w: _total(w, "population_16plus")),
}


def identity_failures(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Units where an identity fails: year, code, name, identity, left, right, difference."""
    frame = load_census() if frame is None else frame
    names = frame.drop_duplicates(["year", "code"]).set_index(["year", "code"])["name"]
    rows = []
    for _, part in frame.groupby("year"):
        wide = _wide(part)
        for identity, (left, right) in IDENTITIES.items():
            try:
                lhs, rhs = left(wide), right(wide)
            except TypeError:  # a measure this year does not have
                continue
            if lhs is None or rhs is None:
                continue
            diff = (lhs - rhs).dropna()
            for (yr, code), d in diff[diff.abs() > TOLERANCE].items():
                rows.append({"year": yr, "code": code, "name": names[(yr, code)],
                             "identity": identity, "left": lhs[(yr, code)],
                             "right": rhs[(yr, code)], "difference": d})
    return pd.DataFrame(rows, columns=["year", "code", "name", "identity", "left", "right",
                                       "difference"])


def subtotal_mismatches(year: int, level: str = "province") -> pd.DataFrame:
    """Count cells where the sum of units differs from the workbook's own `level` row.

    Returns code, measure, sex, category, units (our sum), subtotal (the source's),
    difference; plus the attribute `compared` (number of cells compared).
    """
    source = subtotals(year)
    source = source[source["level"] == level]
    counts = [m for m, spec in mapping.MEASURES.items() if spec.kind == "count"]
    ours = aggregated(year, level)  # aggregate(load_census(year), level), cached
    keys = ["code", "measure", "sex", "category"]
    joined = ours[ours["measure"].isin(counts)].set_index(keys)["value"].rename("units").to_frame().join(
        source[source["measure"].isin(counts)].set_index(keys)["value"].rename("subtotal"),
        how="inner")
    joined["difference"] = joined["units"] - joined["subtotal"]
    out = joined[joined["difference"].abs() > TOLERANCE].reset_index()
    out.attrs["compared"] = len(joined)
    return out
