"""Programme records: the enterprise programmes and the vocational classes, as the article states them.

The report's third part is not survey statistics but programme facts: a 5-month
intensive class and a 3-year class of 40 students each, 12 teachers trained at
headquarters, twenty-odd rural commissioners... They live as tidy CSV tables in
`data/programs/`, one row per thing, each row quoting the article sentence it comes
from (`source`). A vague amount is a range, never a made-up point: 十余名 is
`count_low = 11, count_high = 19`.

    programmes.csv     programme_id, names, kind, organiser, place, county code, start
    lists.csv          named items of a programme: directions, focus areas, majors, modes
    cohorts.csv        class cohorts: intake (range), duration, status as of a date
    trainings.csv      who was trained, how many (range), how often
    outcomes.csv       what became of a cohort as stated: graduated, placed, hired
    commissioners.csv  the rural commissioners: batches, people, counties (ranges)
    claim_links.csv    which table cell (or count of rows) holds each claim of the registry

`load_programs()` validates every table against the declared `SCHEMA` and reports all
problems at once (`FILE: column C: line L: what is wrong`). `record_facts()` records
programme claims in the ledger (source "program_records"). `cohort_funnel()` and
`project_trained_workers()` give the notebook its funnel and its transparent projection.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from . import paths
from .exceptions import ProgramsError

# --- schema ---------------------------------------------------------------------------
# Column types: id (snake_case), text, int (whole number >= 0), date (YYYY[-MM[-DD]]),
# code (6-digit county code), zh (text with Chinese characters: an article quote).
# `required` columns may not be empty; `pairs` are (low, high) columns: both or neither
# given, low <= high. `unique` is the row id; `refs` are foreign keys to another table.
SCHEMA: dict[str, dict[str, Any]] = {
    "programmes": {
        "columns": {"programme_id": "id", "name_zh": "text", "name_en": "text", "kind": "id",
                    "organiser_zh": "text", "place_zh": "text", "county_code": "code", "start": "date",
                    "note": "text", "source": "zh"},
        "required": ["programme_id", "name_zh", "name_en", "kind", "source"],
        "unique": "programme_id",
    },
    "lists": {
        "columns": {"programme_id": "id", "kind": "id", "item_zh": "text", "item_en": "text", "source": "zh"},
        "required": ["programme_id", "kind", "item_zh", "item_en", "source"],
        "refs": {"programme_id": "programmes"},
    },
    "cohorts": {
        "columns": {"cohort_id": "id", "programme_id": "id", "course_zh": "text", "course_en": "text",
                    "cohort_number": "int", "intake_low": "int", "intake_high": "int", "duration": "int",
                    "duration_unit": "text", "start": "date", "status": "text", "as_of": "date",
                    "note": "text", "source": "zh"},
        "required": ["cohort_id", "programme_id", "course_zh", "course_en", "intake_low", "intake_high",
                     "duration", "duration_unit", "status", "as_of", "source"],
        "pairs": [("intake_low", "intake_high")],
        "choices": {"duration_unit": ("month", "year"), "status": ("graduated", "enrolled", "not stated")},
        "unique": "cohort_id",
        "refs": {"programme_id": "programmes"},
    },
    "trainings": {
        "columns": {"training_id": "id", "programme_id": "id", "trainees": "text", "activity_zh": "text",
                    "activity_en": "text", "participants_low": "int", "participants_high": "int",
                    "per_year": "int", "place_zh": "text", "note": "text", "source": "zh"},
        "required": ["training_id", "programme_id", "trainees", "activity_zh", "activity_en", "source"],
        "pairs": [("participants_low", "participants_high")],
        "unique": "training_id",
        "refs": {"programme_id": "programmes"},
    },
    "outcomes": {
        "columns": {"outcome_id": "id", "cohort_id": "id", "stage": "id", "outcome_zh": "text",
                    "outcome_en": "text", "count_low": "int", "count_high": "int", "as_of": "date",
                    "note": "text", "source": "zh"},
        "required": ["outcome_id", "cohort_id", "stage", "outcome_zh", "outcome_en", "as_of", "source"],
        "pairs": [("count_low", "count_high")],
        "choices": {"stage": ("graduated", "placed", "hired_by_alibaba")},
        "unique": "outcome_id",
        "refs": {"cohort_id": "cohorts"},
    },
    "commissioners": {
        "columns": {"programme_id": "id", "batches": "int", "commissioners_low": "int", "commissioners_high": "int", "counties_low": "int",
                    "counties_high": "int", "note": "text", "source": "zh"},
        "required": ["programme_id", "batches", "commissioners_low",
                     "commissioners_high", "counties_low", "counties_high", "source"],
        "pairs": [("commissioners_low", "commissioners_high"), ("counties_low", "counties_high")],
        "unique": "programme_id",
        "refs": {"programme_id": "programmes"},
    },
    "claim_links": {
        "columns": {"claim_id": "text", "table": "id", "row_id": "id", "field": "text", "how": "id"},
        "required": ["claim_id", "table", "row_id", "field", "how"],
        "choices": {"how": ("value", "count")},
        "unique": "claim_id",
    },
}
# Tables whose rows must each quote the article.
SOURCED_TABLES = [name for name, spec in SCHEMA.items() if "source" in spec["columns"]]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CODE = re.compile(r"^\d{6}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def parse_date(text: str) -> pd.Period:
    """An ISO date at year, month or day precision as a pandas Period ("2019-06" -> 2019-06)."""
    if not isinstance(text, str) or not _DATE.match(text):
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    freq = {4: "Y", 7: "M", 10: "D"}[len(text)]
    return pd.Period(text, freq=freq)


def _check_cell(kind: str, text: str) -> str | None:
    """What is wrong with a non-empty cell of this type, or None."""
    if kind == "id" and not _ID.match(text):
        return f"{text!r} is not a lower-case id"
    if kind == "int" and not re.fullmatch(r"\d+", text):
        return f"{text!r} is not a whole number >= 0"
    if kind == "code" and not _CODE.match(text):
        return f"{text!r} is not a 6-digit county code"
    if kind == "zh" and not _CJK.search(text):
        return "the source must quote the article (Chinese text)"
    if kind == "date":
        try:
            parse_date(text)
        except ValueError as exc:
            return f"date {exc}"
    return None


def validate_table(name: str, frame: pd.DataFrame, file_name: str) -> list[str]:
    """Every problem of one table against SCHEMA[name], as `FILE: column C: line L: what`."""
    spec = SCHEMA[name]
    problems: list[str] = []
    columns = list(frame.columns)
    missing = [c for c in spec["columns"] if c not in columns]
    unknown = [c for c in columns if c not in spec["columns"]]
    for c in missing:
        problems.append(f"{file_name}: column {c}: missing")
    for c in unknown:
        problems.append(f"{file_name}: column {c}: unknown column (allowed: {', '.join(spec['columns'])})")
    if missing:
        return problems
    if frame.empty:
        return problems + [f"{file_name}: no rows"]
    for index, row in frame.iterrows():
        line = index + 2  # header is line 1
        for column, kind in spec["columns"].items():
            text = row[column]
            if text == "":
                if column in spec.get("required", []):
                    what = "every row needs its source sentence" if column == "source" else "required value missing"
                    problems.append(f"{file_name}: column {column}: line {line}: {what}")
                continue
            issue = _check_cell(kind, text)
            if issue:
                problems.append(f"{file_name}: column {column}: line {line}: {issue}")
        for column, allowed in spec.get("choices", {}).items():
            if row[column] and row[column] not in allowed:
                problems.append(f"{file_name}: column {column}: line {line}: {row[column]!r} not one of {', '.join(allowed)}")
        for low, high in spec.get("pairs", []):
            a, b = row[low], row[high]
            if bool(a) != bool(b):
                problems.append(f"{file_name}: column {high if a else low}: line {line}: a range needs both {low} and {high}")
            elif a and b and a.isdigit() and b.isdigit() and int(a) > int(b):
                problems.append(f"{file_name}: column {low}: line {line}: range not ordered ({a} > {b})")
    unique = spec.get("unique")
    if unique:
        dup = frame[frame[unique].duplicated(keep="first")]
        for index, row in dup.iterrows():
            problems.append(f"{file_name}: column {unique}: line {index + 2}: duplicate id {row[unique]!r}")
    return problems


# --- loading --------------------------------------------------------------------------
@dataclass(frozen=True)
class ProgrammeRecords:
    """The validated programme tables. Text columns are str; numeric columns Int64 (NA when not stated)."""

    tables: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def _typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column, kind in SCHEMA[name]["columns"].items():
        if kind == "int":
            out[column] = pd.array([int(v) if v else pd.NA for v in frame[column]], dtype="Int64")
    return out


def _check_references(frames: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    for name, spec in SCHEMA.items():
        for column, target in spec.get("refs", {}).items():
            known = set(frames[target][SCHEMA[target]["unique"]])
            for index, value in frames[name][column].items():
                if value and value not in known:
                    problems.append(f"{name}.csv: column {column}: line {index + 2}: {value!r} not in {target}.csv")
    return problems


def _check_links(frames: dict[str, pd.DataFrame]) -> list[str]:
    from .claims import load_registry

    claims = {c.id: c for c in load_registry()}
    problems = []
    for index, link in frames["claim_links"].iterrows():
        where = f"claim_links.csv: line {index + 2}"
        if link["claim_id"] not in claims:
            problems.append(f"{where}: column claim_id: {link['claim_id']!r} is not in the claims registry")
        elif claims[link["claim_id"]].evidence != "program_records":
            problems.append(f"{where}: column claim_id: {link['claim_id']!r} is not a programme-records claim")
        if link["table"] not in frames or link["table"] == "claim_links":
            problems.append(f"{where}: column table: {link['table']!r} is not a programme table")
            continue
        try:
            _linked_value(frames, link)
        except ProgramsError as exc:
            problems.append(f"{where}: {exc}")
    return problems


def load_programs(folder: Path | None = None) -> ProgrammeRecords:
    """Read and validate every table of data/programs/ (or `folder`); ProgramsError lists all problems."""
    folder = Path(folder or paths.PROGRAMS_DIR)
    raw: dict[str, pd.DataFrame] = {}
    problems: list[str] = []
    for name in SCHEMA:
        path = folder / f"{name}.csv"
        if not path.is_file():
            problems.append(f"{name}.csv: file missing")
            continue
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            problems.append(f"{name}.csv: cannot be read as UTF-8 CSV: {exc}")
            continue
        frame = frame.apply(lambda col: col.str.strip())
        frame.columns = [c.strip() for c in frame.columns]
        problems += validate_table(name, frame, path.name)
        raw[name] = frame
    if not problems:
        problems += _check_references(raw)
    if not problems:
        problems += _check_links(raw)
    if problems:
        raise ProgramsError(f"{len(problems)} problem(s) in the programme records:\n  " + "\n  ".join(problems))
    return ProgrammeRecords({name: _typed(name, frame) for name, frame in raw.items()})


# --- facts for the claims ledger ------------------------------------------------------
def _linked_value(frames: dict[str, pd.DataFrame], link) -> Any:
    """The value a claim link points at: a number, [low, high], a date string, or a row count."""
    table, row_id, field = frames[link["table"]], link["row_id"], link["field"]
    if link["how"] == "count":
        column, _, wanted = field.partition("=")
        if column not in table.columns or "programme_id" not in table.columns:
            raise ProgramsError(f"column field: {field!r} is not 'column=value' of {link['table']}.csv")
        rows = table[(table["programme_id"] == row_id) & (table[column] == wanted)]
        if rows.empty:
            raise ProgramsError(f"column field: no {link['table']}.csv row of {row_id!r} with {field}")
        return int(len(rows))
    key = SCHEMA[link["table"]].get("unique")
    rows = table[table[key] == row_id] if key else table.iloc[0:0]
    if len(rows) != 1:
        raise ProgramsError(f"column row_id: {row_id!r} is not a row of {link['table']}.csv")
    row = rows.iloc[0]
    if f"{field}_low" in table.columns:
        low, high = row[f"{field}_low"], row[f"{field}_high"]
        if pd.isna(low) or low == "":
            raise ProgramsError(f"column field: {field!r} is not stated in {link['table']}.csv row {row_id!r}")
        low, high = int(low), int(high)
        return low if low == high else [low, high]
    if field not in table.columns:
        raise ProgramsError(f"column field: {field!r} is not a column of {link['table']}.csv")
    value = row[field]
    if pd.isna(value) or value == "":
        raise ProgramsError(f"column field: {field!r} is empty in {link['table']}.csv row {row_id!r}")
    kind = SCHEMA[link["table"]]["columns"][field]
    return int(value) if kind == "int" else str(value)


def fact(claim_id: str, records: ProgrammeRecords | None = None) -> Any:
    """The value the programme records hold for a registry claim (via claim_links.csv)."""
    records = records or load_programs()
    links = records["claim_links"]
    match = links[links["claim_id"] == claim_id]
    if match.empty:
        raise ProgramsError(f"claim {claim_id!r} has no row in claim_links.csv")
    return _linked_value(records.tables, match.iloc[0])


def linked_claims(records: ProgrammeRecords | None = None) -> list[str]:
    """Every claim id the programme records can supply, in claim_links.csv order."""
    records = records or load_programs()
    return list(records["claim_links"]["claim_id"])


def record_facts(claim_ids: Iterable[str], *, anchor: str | None = None,
                 records: ProgrammeRecords | None = None) -> pd.DataFrame:
    """Record programme claims in the ledger (source "program_records"); return what was recorded.

    Pass the ids literally (`record_facts(["vocational.intensive_class_size", ...])`) so
    the coverage scan (countydigital.claims.coverage) sees them without running the notebook.
    """
    from .claims import get_claim, record

    records = records or load_programs()
    rows = []
    for claim_id in claim_ids:
        value = fact(claim_id, records)
        claim = get_claim(claim_id)
        record(claim_id, value, source="program_records", unit=claim.unit, anchor=anchor)
        rows.append({"claim_id": claim_id, "statement_zh": claim.statement_zh,
                     "recorded": _show(value), "published": claim.published_text()})
    return pd.DataFrame(rows)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return f"{value[0]}–{value[1]}"
    return str(value)


# --- views for the notebook -----------------------------------------------------------
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
            events.append((row["as_of"], f"{row['outcome_zh']}（截至报告）", f"{row['outcome_en']} (by the report)", row["cohort_id"]))
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


# --- the projection -------------------------------------------------------------------
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
    from . import census

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


# --- the projection's inputs, each with its source -----------------------------------
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


# --- tables as a reader sees them -----------------------------------------------------
# Per table: (column, zh header, en header). "x_*" picks x_zh or x_en by language; a
# column with _low/_high twins is shown as one range ("11–19"); "duration" adds its unit.
PRESENTED: dict[str, list[tuple[str, str, str]]] = {
    "cohorts": [("course_*", "班级", "class"), ("intake", "招生人数", "intake"),
                ("duration", "学制", "duration"), ("status", "状态", "status"), ("as_of", "截至", "as of")],
    "trainings": [("activity_*", "培训", "training"), ("participants", "人数", "people"),
                  ("per_year", "每年次数", "times a year")],
    "commissioners": [("batches", "批次", "batches"), ("commissioners", "特派员人数", "commissioners"),
                      ("counties", "县数", "counties")],
    "lists": [("programme_id", "项目", "programme"), ("kind", "类别", "kind"), ("item_*", "内容", "item")],
    "programmes": [("name_*", "项目", "programme"), ("place_zh", "地点", "place"), ("start", "开始", "start")],
}
_NOT_STATED = ("未说明", "not stated")
_UNITS = {"month": ("个月", " months"), "year": ("年", " years")}
_STATUS = {"graduated": ("已毕业", "graduated"), "enrolled": ("在读", "enrolled"), "not stated": _NOT_STATED}


def _cell_range(low, high, lang: str) -> str:
    if pd.isna(low):
        return _NOT_STATED[lang != "zh"]
    return f"{int(low)}" if low == high else f"{int(low)}–{int(high)}"


def present(table: str, records: ProgrammeRecords | None = None, lang: str = "zh",
            rows: pd.Series | None = None) -> pd.DataFrame:
    """A programme table for reading: chosen columns, headers and ranges in `lang`, "not stated" spelled out.

    rows: an optional boolean mask selecting rows of the table.
    """
    records = records or load_programs()
    frame = records[table] if rows is None else records[table][rows]
    en = lang != "zh"
    out = {}
    for column, zh_header, en_header in PRESENTED[table]:
        header = en_header if en else zh_header
        if column.endswith("_*"):
            out[header] = frame[column[:-1] + ("en" if en else "zh")]
        elif f"{column}_low" in frame.columns:
            out[header] = [_cell_range(lo, hi, lang) for lo, hi in zip(frame[f"{column}_low"], frame[f"{column}_high"])]
        elif column == "duration":
            out[header] = [f"{d}{_UNITS[u][en]}" for d, u in zip(frame["duration"], frame["duration_unit"])]
        elif column == "status":
            out[header] = [_STATUS[s][en] for s in frame["status"]]
        else:
            out[header] = [_NOT_STATED[en] if (pd.isna(v) or v == "") else v for v in frame[column]]
    return pd.DataFrame(out).reset_index(drop=True)


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


def range_text(low: float, high: float) -> str:
    """A range for a sentence: "55–95", or one number when both ends agree ("200")."""
    low_text, high_text = f"{low:,.0f}", f"{high:,.0f}"
    return low_text if low_text == high_text else f"{low_text}–{high_text}"
