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
problems at once (`FILE: column C: line L: what is wrong`); `linked_value()` reads the
cell a claim link points at. The rest of the section: `facts` (recording programme
claims in the ledger), `analysis` (timeline, funnel, the county's scale), `projection`
(the transparent projection), `text` and `plots`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ... import paths
from ...exceptions import ProgramsError

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
        "columns": {"programme_id": "id", "batches": "int", "commissioners_low": "int", "commissioners_high": "int",
                    "counties_low": "int", "counties_high": "int", "note": "text", "source": "zh"},
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
                problems.append(f"{file_name}: column {column}: line {line}: {row[column]!r} "
                                f"not one of {', '.join(allowed)}")
        for low, high in spec.get("pairs", []):
            a, b = row[low], row[high]
            if bool(a) != bool(b):
                problems.append(f"{file_name}: column {high if a else low}: line {line}: "
                                f"a range needs both {low} and {high}")
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
    from ...claims import load_registry

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
            linked_value(frames, link)
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


# --- what a claim link points at ----------------------------------------------------
def linked_value(frames: dict[str, pd.DataFrame], link) -> Any:
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

