"""What the programme records say, arranged for the notebook: the timeline, a cohort's
funnel (enrolled -> graduated -> placed, each a stated or bounded range), the placement
rate the records imply, and the county's scale from the census.
"""
from __future__ import annotations

import pandas as pd

from ...exceptions import ProgramsError
from .records import ProgrammeRecords, load_programs, parse_date


def timeline(records: ProgrammeRecords | None = None) -> pd.DataFrame:
    """Dated events of the programmes, in date order: what started when, and the report's as-of date.

    Columns: date_text, event_zh, event_en, programme_id, date (Period), precision
    ("year"/"month"/"day"), start (Timestamp of the period's start, for plotting).
    Events without a stated date are not invented: they are left out (see `undated`).
    """
    records = records or load_programs()
    events = []
    for _, row in records["programmes"].iterrows():
        if row["start"]:
            events.append((row["start"], row["name_zh"], row["name_en"], row["programme_id"]))
    for _, row in records["outcomes"].iterrows():
        if row["stage"] == "graduated":
            events.append((row["as_of"], f"{row['outcome_zh']}（截至报告）", f"{row['outcome_en']} (by the report)",
                           row["cohort_id"]))
    frame = pd.DataFrame(events, columns=["date_text", "event_zh", "event_en", "programme_id"])
    frame["date"] = [parse_date(t) for t in frame["date_text"]]
    frame["precision"] = frame["date_text"].str.len().map({4: "year", 7: "month", 10: "day"})
    frame["start"] = [d.start_time for d in frame["date"]]
    return frame.sort_values(["start", "programme_id"], kind="stable").reset_index(drop=True)


def undated(records: ProgrammeRecords | None = None) -> pd.DataFrame:
    """Programmes whose start the article does not state."""
    records = records or load_programs()
    frame = records["programmes"]
    return frame.loc[frame["start"] == "", ["programme_id", "name_zh", "name_en"]].reset_index(drop=True)


def cohort_funnel(cohort_id: str, records: ProgrammeRecords | None = None) -> pd.DataFrame:
    """Enrolled -> graduated -> placed for one cohort, each stage a [low, high] range.

    A stage the article states keeps its stated range (`stated` True). A stage it does not
    quantify (how many graduated) is bounded from the others and marked `stated` False:
    at least as many as were placed, at most the intake. Columns: stage, stage_zh,
    stage_en, low, high, stated, note.
    """
    records = records or load_programs()
    cohorts = records["cohorts"].set_index("cohort_id")
    if cohort_id not in cohorts.index:
        raise ProgramsError(f"cohort {cohort_id!r} is not in cohorts.csv")
    cohort = cohorts.loc[cohort_id]
    outcomes = records["outcomes"][records["outcomes"]["cohort_id"] == cohort_id]
    intake_low, intake_high = int(cohort["intake_low"]), int(cohort["intake_high"])
    rows = [("enrolled", "招生", "enrolled", intake_low, intake_high, True, "intake as stated")]
    placed = outcomes[outcomes["stage"] == "placed"]
    hired = outcomes[outcomes["stage"] == "hired_by_alibaba"]
    graduated = outcomes[outcomes["stage"] == "graduated"]
    placed_low = int(placed["count_low"].max()) if not placed.empty else 0
    if not graduated.empty and graduated["count_low"].notna().any():
        g = graduated.iloc[0]
        rows.append(("graduated", "毕业", "graduated", int(g["count_low"]), int(g["count_high"]), True, g["note"]))
        grad_high = int(g["count_high"])
    elif cohort["status"] == "graduated":
        rows.append(("graduated", "毕业", "graduated", placed_low, intake_high, False,
                     "number not stated: at least those placed, at most the intake"))
        grad_high = intake_high
    else:
        return pd.DataFrame(rows, columns=["stage", "stage_zh", "stage_en", "low", "high", "stated", "note"])
    for _, o in placed.iterrows():
        rows.append(("placed", o["outcome_zh"], o["outcome_en"], int(o["count_low"]),
                     min(int(o["count_high"]), grad_high), True, o["note"]))
    for _, o in hired.iterrows():
        rows.append(("hired_by_alibaba", o["outcome_zh"], o["outcome_en"], int(o["count_low"]),
                     min(int(o["count_high"]), grad_high), True, o["note"]))
    return pd.DataFrame(rows, columns=["stage", "stage_zh", "stage_en", "low", "high", "stated", "note"])


def stated_placement_rate(cohort_id: str, records: ProgrammeRecords | None = None) -> tuple[float, float]:
    """The placement rate the records imply for a cohort: placed / intake, as a (low, high) range.

    Low = fewest placed / largest intake; high = most placed / smallest intake
    (十余名 of 40 -> 11/40 = 0.275 to 19/40 = 0.475).
    """
    funnel = cohort_funnel(cohort_id, records)
    enrolled = funnel[funnel["stage"] == "enrolled"].iloc[0]
    placed = funnel[funnel["stage"] == "placed"]
    if placed.empty:
        raise ProgramsError(f"cohort {cohort_id!r} has no stated placement")
    return (float(placed["low"].max()) / float(enrolled["high"]),
            float(placed["high"].max()) / float(enrolled["low"]))



def programme_county(cohort_id: str, records: ProgrammeRecords | None = None) -> str:
    """The county code where a cohort's programme runs (programmes.csv county_code)."""
    records = records or load_programs()
    cohorts = records["cohorts"].set_index("cohort_id")
    if cohort_id not in cohorts.index:
        raise ProgramsError(f"cohort {cohort_id!r} is not in cohorts.csv")
    programmes = records["programmes"].set_index("programme_id")
    code = programmes.loc[cohorts.loc[cohort_id, "programme_id"], "county_code"]
    if not code:
        raise ProgramsError(f"programme of cohort {cohort_id!r} has no county_code in programmes.csv")
    return code


# --- the county's scale, from the census ----------------------------------------------
YOUNG_AGE_GROUPS = ("20-24", "25-29", "30-34")
TERTIARY_LEVELS = ("junior_college", "bachelor_plus")


def young_tertiary_stock(code, year: int = 2020) -> dict[str, float]:
    """The county's residents aged 20-34 with junior-college (大专) education or higher — approximated.

    The census county tables cross education with sex, not with age, so the number
    cannot be read off. Two figures are returned instead:

    approximation  junior-college-or-higher residents (aged 6+) x the share of 20-34
                   year-olds among residents aged 6+ — an ASSUMPTION that education does
                   not vary with age; young adults are in fact more educated than their
                   elders, so this most likely understates the true number;
    upper_bound    min(junior-college-or-higher residents, residents aged 20-34): the
                   number cannot exceed either.

    Also returned: the inputs (tertiary, population_6plus, population_20_34, share_20_34).
    """
    from ... import census

    education = census.education(code, year)
    ages = census.age_sex(code, year)
    tertiary = float(education.loc[education["level"].isin(TERTIARY_LEVELS), "population"].sum())
    population_6plus = float(education["population"].sum())
    population_20_34 = float(ages.loc[ages["age_group"].isin(YOUNG_AGE_GROUPS), "population"].sum())
    if population_6plus <= 0:
        raise ProgramsError(f"county {code}: no education counts in the {year} census")
    share = population_20_34 / population_6plus
    return {
        "year": year,
        "tertiary": tertiary,
        "population_6plus": population_6plus,
        "population_20_34": population_20_34,
        "share_20_34": share,
        "approximation": tertiary * share,
        "upper_bound": min(tertiary, population_20_34),
    }

