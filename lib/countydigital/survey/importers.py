"""`load(path)` and `validate(path)`: any supported survey file to the tidy frame.

One pipeline serves both: read the file (readers), recognise its columns
(headers), drop personal data before anything else sees it (personal), parse the
answers (parse), check them against the declared schema (schema), and collect
every finding into a `Report`. `validate` returns the report; `load` returns a
`SurveyData` when the file is usable and raises `SurveyValidationError` with
every problem when it is not. Neither writes anything.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..checksum import sha256_of
from ..exceptions import CountyDigitalError, SurveyValidationError
from . import kobo, parse, recognise
from .codebook import Codebook, Question, load_codebook
from .headers import ColumnRole
from .model import SurveyData
from .personal import personal_cells, personal_columns, redact
from .problems import Problem, Report
from .readers import RawTable, read_table
from .schema import check_frame, empty_column

__all__ = ["load", "validate"]


@lru_cache(maxsize=512)
def _resolve_county_name(text: str) -> str | None:
    """6-digit code of a county named outside the instrument's option list, via the census."""
    from ..census import lookup  # the census layer is required: no guard around its import
    from ..census.tidy import cache_path

    if not cache_path().exists():
        return None  # looking it up would first build the census cache: importing writes nothing
    try:
        return str(lookup(text).code)
    except CountyDigitalError:  # not a county name the census knows
        return None


def _display(columns: list[str]) -> str:
    return columns[0] if len(columns) == 1 else f"{columns[0]} ... {columns[-1]} ({len(columns)} columns)"


class _Import:
    """State of one import: the raw table, what each column is, and the findings."""

    def __init__(self, path, book: Codebook):
        self.path = Path(path)
        self.file = str(path)
        self.book = book
        self.report = Report(path=self.file)
        self.problems = self.report.problems
        self.modes = {"number": 0, "text": 0}
        self.multi_styles: set[str] = set()
        self.layouts: set[str] = set()
        self.unreadable: dict[str, set[int]] = {}  # variable -> rows already reported as unreadable

    # -- findings ------------------------------------------------------------
    def error(self, message, column=None, question=None, rows=()):
        self.problems.append(Problem(self.file, message, column, question, tuple(rows), "error"))

    def warn(self, message, column=None, question=None, rows=()):
        self.problems.append(Problem(self.file, message, column, question, tuple(rows), "warning"))

    # -- pipeline ------------------------------------------------------------
    def run(self) -> pd.DataFrame | None:
        try:
            raw = read_table(self.path)
        except SurveyValidationError as exc:
            self.problems.extend(exc.problems)
            return None
        self.report.row_basis = raw.row_basis
        self.report.n_rows = len(raw.frame)
        for note in raw.notes:
            self.warn(note)

        roles = kobo.match_headers(raw.frame.columns, self.book)
        dropped = personal_columns(raw.frame, roles, self.book)
        frame = raw.frame.drop(columns=dropped)  # personal data leaves here, before parsing
        self.report.dropped_personal_columns = len(dropped)
        roles = {c: r for c, r in roles.items() if c not in dropped}
        self.roles = roles
        numbers, why_not = kobo.row_numbers(frame, roles)  # a Kobo export numbers its rows in _index
        if numbers is not None:
            frame.index = numbers
            self.report.row_basis = kobo.ROW_BASIS
        elif why_not:
            self.warn(why_not)

        if not any(r.kind in ("question", "option") for r in roles.values()):
            self.error(
                f"not a survey file of this questionnaire: none of its {raw.frame.shape[1]} columns "
                "matches a question of the codebook (expected headers like '1、您的性别：', 'gender' "
                "or 'group/gender')"
            )
            return None

        for header in raw.duplicate_headers:
            self.error("the same header appears in more than one column", column=header)
        self._note_layout(roles)
        self.report.synthetic = self._synthetic(raw, frame, roles)
        self.report.fieldwork = self._fieldwork(raw, frame, roles)
        by_question = self._group(roles)
        parsed = self._parse(frame, raw, by_question)
        if parsed is None:
            return None
        parsed["respondent_id"] = self._respondent_ids(frame, roles)
        names = {var: _display(cols) for var, cols in by_question.items()}
        names["respondent_id"] = next(
            (c for c, r in roles.items() if r.kind == "meta" and r.meta == "respondent_id"), "respondent_id"
        )
        missing = [c for c in self.book.frame_columns if c not in parsed.columns]
        for col in missing:  # already reported as missing; typed NA keeps the schema checks running
            parsed[col] = empty_column(col, parsed.index)
        parsed = parsed[self.book.frame_columns]
        for problem in check_frame(parsed, self.file, names, self.book, unreadable=self.unreadable):
            if problem.column not in missing:
                self.problems.append(problem)
        self.report.format = self._format(raw)
        # file-level findings first, then by question, then by first row
        self.problems.sort(key=lambda p: (p.question is not None, p.question or 0,
                                          min(p.rows) if p.rows else 0))
        return parsed

    # -- steps ---------------------------------------------------------------
    def _note_layout(self, roles: dict[str, ColumnRole]) -> None:
        for col, role in roles.items():
            if role.kind == "unknown":
                self.warn(f"unknown column ignored ({role.note})", column=redact(col))
            elif role.note:
                self.warn(role.note, column=col,
                          question=role.question.number if role.question else None)
            if role.layout:
                self.layouts.add(role.layout)
            elif role.kind == "question" and role.question is not None:
                self.layouts.add("tidy" if col.lower() == role.question.variable else "问卷星")
            elif role.kind == "option":
                self.layouts.add("tidy" if col.lower().startswith(role.question.variable) else "问卷星")
            elif role.kind == "meta" and role.meta != "data_source" and col.lower() != "respondent_id":
                self.layouts.add("问卷星")

    def _group(self, roles: dict[str, ColumnRole]) -> dict[str, list[str]]:
        """Columns of each analysed question (by variable), in file order; clashes reported."""
        by_question: dict[str, list[str]] = {}
        for col, role in roles.items():
            if role.kind in ("question", "option") and not role.question.personal:
                by_question.setdefault(role.question.variable, []).append(col)
        for variable, cols in by_question.items():
            q = self.book.question(variable)
            kinds = {roles[c].kind for c in cols}
            if kinds == {"question"} and len(cols) > 1:
                self.error(f"question {q.number} ({q.variable}) is in more than one column: "
                           + ", ".join(cols), column=cols[0], question=q.number)
            elif kinds == {"question", "option"}:
                self.error(f"question {q.number} is given both as one column and as option columns",
                           column=cols[0], question=q.number)
            elif kinds == {"option"}:
                codes = [roles[c].code for c in cols]
                repeated = sorted({c for c in codes if codes.count(c) > 1})
                if repeated:
                    self.error(f"option(s) {repeated} of question {q.number} in more than one column",
                               column=_display(cols), question=q.number)
        for q in self.book.analysed:
            if q.variable not in by_question and q.required:
                self.error(f"missing: required question not found in the file (expected a header "
                           f"'{q.number}、{q.text_zh}' or '{q.variable}')", column=q.variable, question=q.number)
        return by_question

    def _parse(self, frame: pd.DataFrame, raw: RawTable,
               by_question: dict[str, list[str]]) -> pd.DataFrame | None:
        out = {}
        for variable, cols in by_question.items():
            q = self.book.question(variable)
            # a cell in an answer column that looks like a phone / ID number / IP is
            # blanked here and reported by row only
            for col in cols:
                leaked = personal_cells(frame[col])
                if leaked.any():
                    self._bad(q, col, frame, leaked, "cell looks like personal data (phone, ID number "
                              "or IP address); removed, value not shown", show_values=False)
                    frame[col] = frame[col].where(~leaked, None)
            labels = raw.value_labels.get(cols[0])
            if q.type == "single":
                values, bad, modes = parse.parse_single(frame[cols[0]], q, labels, _resolve_county_name)
                for k, v in modes.items():
                    self.modes[k] += v
                extra = ", or a 6-digit county code" if q.value == "county_code" else ""
                self._bad(q, cols[0], frame, bad, "not an option of this question: {values} "
                          f"(allowed: {q.describe_options()}, as numbers or texts{extra})")
                out[q.variable] = values
            elif q.type in ("integer", "number"):
                values, bad_by_reason = parse.parse_numeric(frame[cols[0]], q)
                for reason, bad in bad_by_reason.items():
                    self._bad(q, cols[0], frame, bad, reason + ": {values}")
                out[q.variable] = values
            elif q.type == "multi":
                out.update(self._parse_multi(frame, q, cols, labels))
        if not out:
            return None
        parsed = pd.DataFrame(out, index=frame.index)
        for q in self.book.analysed:
            if q.type == "multi" and q.ask_if and set(q.columns) <= set(parsed.columns) \
                    and all(v in parsed.columns for v in q.ask_if):
                parsed = _blank_unasked(parsed, q)
        return parsed

    def _bad(self, q: Question, col: str, frame: pd.DataFrame, bad: pd.Series, message: str,
             show_values: bool = True) -> None:
        """Report unreadable cells of `col` by row; remember them so they are not
        reported a second time as 'no answer'."""
        if not bad.any():
            return
        rows = frame.index[bad.to_numpy(dtype=bool)]
        if show_values:
            message = message.format(values=self._bad_values(frame[col], bad))
        self.error(message, column=col, question=q.number, rows=rows)
        self.unreadable.setdefault(q.variable, set()).update(int(r) for r in rows)

    def _parse_multi(self, frame, q: Question, cols: list[str], labels) -> dict[str, pd.Series]:
        roles_are_options = all(self.roles[c].kind == "option" for c in cols)
        if not roles_are_options:
            values, bad, modes = parse.parse_multi_joined(frame[cols[0]], q, labels)
            for k, v in modes.items():
                self.modes[k] += v
            self.multi_styles.add("joined")
            self._bad(q, cols[0], frame, bad, "not a list of options of this question: {values} "
                      f"(allowed: {q.describe_options()}, joined by ┋, ; or spaces)")
            return {c: values[c] for c in values.columns}
        self.multi_styles.add("columns")
        result: dict[str, pd.Series] = {}
        for col in cols:
            code = self.roles[col].code
            values, bad = parse.parse_option_column(frame[col], q, code)
            self._bad(q, col, frame, bad, "an option column must hold 1 (chosen) or 0: {values}")
            result[f"{q.variable}_{code}"] = values
        missing = [c for c in q.codes if f"{q.variable}_{c}" not in result]
        if missing:
            self.warn(f"no column for option(s) {', '.join(map(str, missing))}; counted as not chosen",
                      column=_display(cols), question=q.number)
            answered = pd.concat(list(result.values()), axis=1).notna().any(axis=1)
            for code in missing:
                col = pd.Series(pd.NA, index=frame.index, dtype="Int8")
                col[answered] = 0
                result[f"{q.variable}_{code}"] = col
        return {c: result[c] for c in q.columns}

    def _respondent_ids(self, frame: pd.DataFrame, roles: dict[str, ColumnRole]) -> pd.Series:
        id_cols = [c for c, r in roles.items() if r.kind == "meta" and r.meta == "respondent_id"]
        if not id_cols:
            self.warn("no respondent id column (序号 / respondent_id): respondents are numbered "
                      "by their row in the file")
            return pd.Series([str(i) for i in frame.index], index=frame.index, dtype="str")
        column = frame[id_cols[0]]
        ids = _id_text(column)
        empty = ids.isna() | (ids == "")
        if empty.any():
            self.error("respondent id missing", column=id_cols[0], rows=frame.index[empty])
            ids = ids.where(~empty, None)
        return ids

    def _synthetic(self, raw: RawTable, frame: pd.DataFrame, roles: dict[str, ColumnRole]) -> bool:
        marked = any("SYNTHETIC" in str(v).upper() for v in raw.file_metadata.values())
        for col, role in roles.items():
            if role.kind == "meta" and role.meta in ("data_source", "来源"):
                values = frame[col].astype(str).str.upper().str.contains("SYNTHETIC", regex=False)
                if values.any():
                    marked = True
                    if not values.all():
                        self.warn("only some rows are marked SYNTHETIC; the whole file is treated as synthetic",
                                  column=col, rows=frame.index[~values])
        return marked

    def _fieldwork(self, raw: RawTable, frame: pd.DataFrame, roles: dict[str, ColumnRole]) -> tuple[str, str] | None:
        """First and last submission date: from the submission-time column, else the file's metadata."""
        cols = [c for c, r in roles.items() if r.kind == "meta" and r.meta == "submitted_at"]
        if cols:
            text = frame[cols[0]].map(parse.cell_text).str.strip()
            times = pd.to_datetime(text.where(text != ""), errors="coerce", format="mixed")
            # "-1" parses as the year -1, which has no Python date: a submission time is of this era or unreadable
            times = times.where(times.dt.year.between(1900, 2100))
            unreadable = times.isna() & text.ne("")
            if unreadable.any():
                self.warn("submission time not readable as a date", column=cols[0], rows=frame.index[unreadable])
            if times.notna().any():
                return times.min().date().isoformat(), times.max().date().isoformat()
            return None
        stored = raw.file_metadata.get("countydigital.fieldwork", "")
        if "/" in stored:
            first, last = stored.split("/", 1)
            return first, last
        return None

    def _bad_values(self, column: pd.Series, bad: pd.Series) -> str:
        shown = []
        for value in column[bad]:
            text = redact(parse.cell_text(value))
            text = text if len(text) <= 30 else text[:27] + "..."
            if repr(text) not in shown:
                shown.append(repr(text))
            if len(shown) == 5:
                break
        return ", ".join(shown)

    def _format(self, raw: RawTable) -> str:
        layout = " + ".join(sorted(self.layouts)) or "tidy"
        parts = [f"{layout} layout"]
        if self.modes["number"] or self.modes["text"]:
            total = self.modes["number"] + self.modes["text"]
            wjx = "问卷星" in self.layouts
            if self.modes["text"] == 0:
                parts.append("answers as option numbers" + (" (按选项序号)" if wjx else ""))
            elif self.modes["number"] == 0:
                parts.append("answers as option texts" + (" (按选项文本)" if wjx else ""))
            else:
                share = self.modes["text"] / total
                parts.append(f"answers as option numbers and texts ({share:.0%} texts)")
        if self.multi_styles:
            styles = {"columns": "one 0/1 column per option", "joined": "joined in one column"}
            parts.append("multi-select " + " and ".join(styles[s] for s in sorted(self.multi_styles)))
        parts.append(raw.description)
        return "; ".join(parts)


def _id_text(column: pd.Series) -> pd.Series:
    """Respondent ids as text ('17', not '17.0'); vectorised for the common column types."""
    if pd.api.types.is_string_dtype(column) and column.dtype != object:
        text = column.str.normalize("NFKC").str.strip()
    elif pd.api.types.is_integer_dtype(column):
        text = column.astype("Int64").astype("str")
    elif pd.api.types.is_float_dtype(column) and (column.dropna() % 1 == 0).all():
        text = column.astype("Int64").astype("str")
    else:
        text = parse.Mapped(column, lambda v: (parse.token(v), True)).typed("str")
    text = text.astype("str")
    return text.where(text.notna() & (text != "") & (text != "<NA>"), None).astype("str")


def _blank_unasked(parsed: pd.DataFrame, q: Question) -> pd.DataFrame:
    """A multi-select the skip logic hid, with no option chosen, is 'not asked' (NA), not 'none chosen'."""
    from .schema import asked_mask

    hidden = asked_mask(parsed, q).eq(False).fillna(False).astype(bool)
    nothing = parsed[q.columns].fillna(0).eq(0).all(axis=1)
    parsed.loc[hidden & nothing, q.columns] = pd.NA
    return parsed


def _finalise(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame["respondent_id"] = frame["respondent_id"].astype("str")
    return frame


def _run(path, book: Codebook | None = None) -> tuple[pd.DataFrame | None, Report]:
    job = _Import(path, book or load_codebook())
    try:
        frame = job.run()
    except CountyDigitalError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, MemoryError) as exc:
        # an input we did not foresee: still a finding about the file, never a crash
        job.error(f"cannot be interpreted as a survey file ({type(exc).__name__}: {redact(str(exc))[:200]})")
        frame = None
    if frame is not None and not job.report.synthetic and (match := recognise.standin_match(frame)):
        job.report.synthetic = True  # a SYNTHETIC mark can be deleted; the generator's rows cannot
        job.warn(match.reason())
    return frame, job.report


def validate(path) -> Report:
    """Every finding about the survey file at `path`; writes nothing."""
    return _run(path)[1]


def load(path) -> SurveyData:
    """The survey at `path` as tidy `SurveyData`; raises SurveyValidationError if unusable.

    Reads 问卷星 exports (.xlsx/.csv, option numbers or texts, multi-select as 0/1
    columns or ┋-joined), tidy csv/xlsx/parquet, SPSS .sav and Stata .dta. Personal
    data is dropped before parsing; only the number of dropped columns is kept.
    """
    frame, report = _run(path)
    if frame is None or not report.usable:
        errors = report.errors
        head = f"{path}: not usable as a survey ({len(errors)} problem(s))"
        raise SurveyValidationError(head + "\n" + "\n".join(str(p) for p in errors), problems=errors)
    return SurveyData(
        frame=_finalise(frame),
        source_path=Path(path),
        synthetic=report.synthetic, format=report.format, dropped_personal_columns=report.dropped_personal_columns,
        warnings=[str(p) for p in report.warnings],
        fieldwork=report.fieldwork,
        sha256=sha256_of(path),
    )
