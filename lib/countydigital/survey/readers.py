"""Read a survey file of any supported type into one raw table.

Nothing here knows about questions: a reader returns the cells as they are in
the file, indexed by the row number the user sees (spreadsheet / line number,
header = row 1; for parquet, SPSS and Stata the 1-based record number), plus
what the file says about itself (encoding, value labels, a SYNTHETIC mark).
Any failure to read becomes a `SurveyValidationError` naming the file.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import SurveyValidationError
from .problems import Problem

SPREADSHEET_ROWS = "spreadsheet/line numbers in the file (the header is row 1)"
RECORD_ROWS = "record numbers (the first respondent is row 1)"

_MAGIC = {
    b"PK\x03\x04": "xlsx",
    b"PAR1": "parquet",
    b"$FL2": "sav",
    b"$FL3": "sav",
    b"<stata_dta>": "dta",
}
_BY_SUFFIX = {
    ".csv": "csv", ".txt": "csv", ".tsv": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".parquet": "parquet", ".pq": "parquet",
    ".sav": "sav", ".zsav": "sav",
    ".dta": "dta",
}
_DESCRIPTION = {
    "csv": "CSV", "xlsx": "Excel workbook", "parquet": "Parquet",
    "sav": "SPSS .sav", "dta": "Stata .dta",
}


@dataclass
class RawTable:
    """Cells as read. `frame.index` holds the row numbers to show the user."""

    frame: pd.DataFrame
    path: Path
    kind: str
    encoding: str | None = None
    row_basis: str = SPREADSHEET_ROWS
    value_labels: dict[str, dict] = field(default_factory=dict)
    file_metadata: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    duplicate_headers: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        text = _DESCRIPTION[self.kind]
        if self.encoding:
            text += f", encoding {self.encoding}"
        return text


def _fail(path: Path, message: str) -> SurveyValidationError:
    problem = Problem(file=str(path), message=message)
    return SurveyValidationError(str(problem), problems=[problem])


def detect_kind(path: Path, head: bytes) -> str:
    """File type from its first bytes, else from its suffix; CSV for other text."""
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _fail(path, "old-style .xls workbooks are not supported: save it as .xlsx or .csv")
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if head[:1] in (b"\x71", b"\x72", b"\x73") and suffix == ".dta":
        return "dta"
    return "csv"


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding name) for CSV bytes: BOM first, then strict UTF-8, then GB18030.

    Never guesses silently: the encoding used is returned (and reported), and
    bytes that are valid in none of them are an error.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise _fail(path, "starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                              f"(byte {exc.start + 3})") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16 with BOM"
        except UnicodeDecodeError as exc:
            raise _fail(path, "starts with a UTF-16 byte-order mark but is not valid UTF-16") from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030/GBK"
    except UnicodeDecodeError as exc:
        raise _fail(
            path,
            f"not a text file in UTF-8 or GB18030/GBK (undecodable byte at offset {exc.start}); "
            "export the survey again as CSV or .xlsx",
        ) from exc


def _finish(path: Path, header: list, body: pd.DataFrame, first_row: int) -> tuple[pd.DataFrame, list[str]]:
    """Attach headers and user-facing row numbers; drop wholly empty rows.

    A repeated header is kept (renamed "<header> (column k)") and returned in
    the second value so that validation can report it.
    """
    if not header or all(_is_blank(h) for h in header):
        raise _fail(path, "empty file: no header row")
    names, seen, duplicates = [], set(), []
    for i, h in enumerate(header):
        text = "" if _is_blank(h) else str(h).strip()
        text = text or f"<unnamed column {i + 1}>"
        if text in seen:
            duplicates.append(text)
            text = f"{text} (column {i + 1})"
        seen.add(text)
        names.append(text)
    body = body.copy()
    body.columns = names
    body.index = pd.RangeIndex(first_row, first_row + len(body))
    body = body[~_blank_rows(body)]
    if body.empty:
        raise _fail(path, "header only: the file has no data rows")
    return body, duplicates


def _is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    return isinstance(value, str) and not value.strip()


def _blank_rows(body: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is missing or whitespace (vectorised: files can be large)."""
    mask = np.ones(len(body), dtype=bool)
    for i in range(body.shape[1]):
        col = body.iloc[:, i]
        blank = col.isna().to_numpy()
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            blank = blank | (col.astype(str).str.strip() == "").to_numpy()
        mask &= blank
        if not mask.any():
            break
    return mask


def _delimiter(text: str) -> str:
    """The separator that splits the header row into the most columns: "," (问卷星, most tools),
    ";" (KoboToolbox's default CSV export) or a tab; "," on a tie."""
    first = (text.splitlines() or [""])[0]  # "\r" alone ends a line too (csv.reader refuses it inside one)
    counts = {sep: len(next(csv.reader([first], delimiter=sep), [])) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def _read_csv(path: Path, data: bytes) -> RawTable:
    if not data.strip():
        raise _fail(path, "empty file")
    text, encoding = decode_text(path, data)
    if "\x00" in text:
        raise _fail(path, "binary content: this is not a CSV file")
    delimiter = _delimiter(text)
    try:
        table = pd.read_csv(
            io.StringIO(text), header=None, dtype=str, keep_default_na=False,
            na_filter=False, skip_blank_lines=False, sep=delimiter,
            quoting=csv.QUOTE_MINIMAL, engine="c",
        )
    except pd.errors.EmptyDataError as exc:
        raise _fail(path, "empty file") from exc
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        raise _fail(path, f"cannot be parsed as CSV: {exc}") from exc
    header = list(table.iloc[0]) if len(table) else []
    frame, dups = _finish(path, header, table.iloc[1:], first_row=2)
    return RawTable(frame=frame, path=path, kind="csv", encoding=encoding, duplicate_headers=dups)


def _read_xlsx(path: Path) -> RawTable:
    notes = []
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            if len(book.sheet_names) > 1:
                notes.append(f"read the first of {len(book.sheet_names)} sheets ({book.sheet_names[0]!r})")
            table = pd.read_excel(book, sheet_name=book.sheet_names[0], header=None, dtype=object)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise _fail(path, f"cannot be read as an Excel workbook ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many private types on corrupt files
        raise _fail(path, f"cannot be read as an Excel workbook ({type(exc).__name__})") from exc
    if table.empty:
        raise _fail(path, "empty workbook: the first sheet has no cells")
    header = list(table.iloc[0])
    frame, dups = _finish(path, header, table.iloc[1:], first_row=2)
    return RawTable(frame=frame, path=path, kind="xlsx", notes=notes, duplicate_headers=dups)


def _read_parquet(path: Path) -> RawTable:
    try:
        import pyarrow.parquet as pq

        pfile = pq.ParquetFile(path)
        meta = pfile.schema_arrow.metadata or {}
        table = pfile.read().to_pandas()
    except Exception as exc:  # noqa: BLE001 - pyarrow's errors are not one hierarchy
        raise _fail(path, f"cannot be read as Parquet ({type(exc).__name__}: {exc})") from exc
    file_metadata = {
        k.decode("utf-8", "replace"): v.decode("utf-8", "replace")
        for k, v in meta.items()
        if not k.startswith(b"pandas")
    }
    if table.columns.empty:
        raise _fail(path, "empty file: no columns")
    frame, dups = _finish(path, list(table.columns), table, first_row=1)
    return RawTable(frame=frame, path=path, kind="parquet", duplicate_headers=dups, row_basis=RECORD_ROWS,
                    file_metadata=file_metadata)


def _read_stat(path: Path, kind: str) -> RawTable:
    import pyreadstat

    reader = pyreadstat.read_sav if kind == "sav" else pyreadstat.read_dta
    try:
        table, meta = reader(str(path), apply_value_formats=False)
    except Exception as exc:  # noqa: BLE001 - pyreadstat raises its own and OS errors
        raise _fail(path, f"cannot be read as {_DESCRIPTION[kind]} ({type(exc).__name__}: {exc})") from exc
    if table.columns.empty:
        raise _fail(path, "empty file: no variables")
    labels = {
        col: dict(mapping)
        for col, mapping in (meta.variable_value_labels or {}).items()
        if mapping
    }
    file_metadata = {}
    if getattr(meta, "file_label", None):
        file_metadata["file_label"] = str(meta.file_label)
    for i, note in enumerate(getattr(meta, "notes", None) or []):
        file_metadata[f"note{i}"] = str(note)
    frame, dups = _finish(path, list(table.columns), table, first_row=1)
    return RawTable(
        frame=frame, path=path, kind=kind, row_basis=RECORD_ROWS, duplicate_headers=dups,
        value_labels=labels, file_metadata=file_metadata,
    )


def read_table(path) -> RawTable:
    """Read `path` (CSV, xlsx, parquet, .sav or .dta) into a RawTable."""
    path = Path(path)
    if not path.exists():
        raise _fail(path, "no such file")
    if path.is_dir():
        raise _fail(path, "is a folder, not a survey file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise _fail(path, f"cannot be opened ({exc.strerror or exc})") from exc
    if not head:
        raise _fail(path, "empty file")
    kind = detect_kind(path, head)
    if kind == "csv":
        return _read_csv(path, path.read_bytes())
    if kind == "xlsx":
        return _read_xlsx(path)
    if kind == "parquet":
        return _read_parquet(path)
    return _read_stat(path, kind)
