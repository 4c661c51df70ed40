"""The projection: trained workers a class could add, as low/high ranges (plain arithmetic,
no model), and its inputs, each with its origin (records, parameter, assumption) and source.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import ProgramsError
from .analysis import stated_placement_rate
from .records import ProgrammeRecords, load_programs


def _check_rate(name: str, pair: tuple[float, float]) -> tuple[float, float]:
    low, high = (float(v) for v in pair)
    if not (0.0 <= low <= high <= 1.0):
        raise ProgramsError(f"{name}: ({low}, {high}) must satisfy 0 <= low <= high <= 1")
    return low, high


def project_trained_workers(
    intake_per_cohort: int,
    cohorts_per_year: float,
    years: int,
    placement_rate: tuple[float, float],
    *,
    local_share: tuple[float, float] = (1.0, 1.0),
    completion_rate: tuple[float, float] = (1.0, 1.0),
    first_graduation_year: int = 1,
) -> pd.DataFrame:
    """Trained workers a class adds over `years`, as low/high ranges — plain arithmetic, no model.

    Each year from `first_graduation_year` on (1 = this year; a 3-year class started now
    graduates in year 3), graduates = intake_per_cohort x cohorts_per_year x completion;
    placed = graduates x placement_rate; in the county = placed x local_share. Low uses
    every low rate, high every high rate. Returns one row per year 1..years with columns
    year, graduates_low/high, placed_low/high, local_low/high and their cumulative_* sums.
    """
    if years < 1 or int(years) != years:
        raise ProgramsError(f"years must be a whole number >= 1, not {years}")
    if intake_per_cohort < 0 or cohorts_per_year < 0:
        raise ProgramsError("intake_per_cohort and cohorts_per_year must be >= 0")
    if first_graduation_year < 1:
        raise ProgramsError("first_graduation_year must be >= 1")
    place = _check_rate("placement_rate", placement_rate)
    local = _check_rate("local_share", local_share)
    done = _check_rate("completion_rate", completion_rate)
    year = np.arange(1, int(years) + 1)
    active = (year >= first_graduation_year).astype(float)
    entrants = float(intake_per_cohort) * float(cohorts_per_year) * active
    out = pd.DataFrame({"year": year})
    for i, side in enumerate(("low", "high")):
        graduates = entrants * done[i]
        placed = graduates * place[i]
        out[f"graduates_{side}"] = graduates
        out[f"placed_{side}"] = placed
        out[f"local_{side}"] = placed * local[i]
    for stage in ("graduates", "placed", "local"):
        for side in ("low", "high"):
            out[f"cumulative_{stage}_{side}"] = out[f"{stage}_{side}"].cumsum()
    return out



def projection_inputs(
    cohort_id: str,
    *,
    intake_per_cohort: int | None = None,
    cohorts_per_year: float = 1,
    placement_rate_low: float | None = None,
    placement_rate_high: float | None = None,
    local_share_low: float = 0.0,
    local_share_high: float = 1.0,
    years: int = 5,
    records: ProgrammeRecords | None = None,
) -> pd.DataFrame:
    """The projection's inputs, one row each: parameter, value, origin, source.

    None means "take it from the records" (origin "records", source = the article's
    sentence); a value given by the reader is origin "parameter"; cohorts_per_year and
    local_share, which the article does not state, are origin "assumption" at their
    defaults. Feed `inputs["value"]` to `project_from_inputs`.
    """
    records = records or load_programs()
    cohort = records["cohorts"].set_index("cohort_id").loc[cohort_id]
    placed = records["outcomes"]
    placed = placed[(placed["cohort_id"] == cohort_id) & (placed["stage"] == "placed")]
    rate_low, rate_high = stated_placement_rate(cohort_id, records)
    placed_source = placed["source"].iloc[0] if len(placed) else ""

    def row(name, given, default, stated_source, note):
        if given is None:
            return (name, default, "records", stated_source, note)
        return (name, given, "parameter", "set by the reader (notebook parameter)", note)

    rows = [
        row("intake_per_cohort", intake_per_cohort, int(cohort["intake_low"]), cohort["source"],
            "students per cohort"),
        ("cohorts_per_year", cohorts_per_year, "assumption" if cohorts_per_year == 1 else "parameter",
         "not stated in the article", "cohorts starting each year (a 5-month class could run twice)"),
        row("placement_rate_low", placement_rate_low, rate_low, placed_source,
            "placed in the field / intake, low end (十余名: 11 of 40)"),
        row("placement_rate_high", placement_rate_high, rate_high, placed_source,
            "placed in the field / intake, high end (19 of 40)"),
        ("local_share_low", local_share_low, "assumption" if local_share_low == 0.0 else "parameter",
         "not stated: the only placements the article states are in Beijing",
         "share of placed graduates working in the county, low end"),
        ("local_share_high", local_share_high, "assumption" if local_share_high == 1.0 else "parameter",
         "not stated", "share of placed graduates working in the county, high end"),
        ("years", years, "parameter", "set by the reader (notebook parameter)", "projection horizon"),
    ]
    frame = pd.DataFrame(rows, columns=["parameter", "value", "origin", "source", "meaning"])
    # Whole numbers shown as such (40, not 40.0); the column stays numeric-valued objects.
    frame["value"] = pd.Series([int(v) if float(v).is_integer() else float(v) for v in frame["value"]],
                               dtype=object)
    return frame.set_index("parameter")


def project_from_inputs(inputs: pd.DataFrame) -> pd.DataFrame:
    """project_trained_workers() with the values of a projection_inputs() table."""
    v = inputs["value"]
    return project_trained_workers(
        int(v["intake_per_cohort"]), float(v["cohorts_per_year"]), int(v["years"]),
        (float(v["placement_rate_low"]), float(v["placement_rate_high"])),
        local_share=(float(v["local_share_low"]), float(v["local_share_high"])),
    )
