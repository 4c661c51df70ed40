"""Validation findings: one `Problem` per finding, collected into a `Report`.

Every finding names the file, the column as it is headed in the file, the
question number, and the rows as the user sees them, so it can be fixed without
reading code: `FILE: column C (question N): rows r1, r2, ...: what is wrong`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_ROWS_SHOWN = 12


def format_rows(rows) -> str:
    """'row 5' / 'rows 2, 7, 9' / 'rows 2, 3, ... and 40 more' (sorted, unique)."""
    rows = sorted({int(r) for r in rows})
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_SHOWN])
    more = len(rows) - MAX_ROWS_SHOWN
    if more > 0:
        shown += f", ... and {more} more"
    return ("row " if len(rows) == 1 else "rows ") + shown


@dataclass(frozen=True)
class Problem:
    """One finding. `severity` is "error" (the file is unusable) or "warning"."""

    file: str
    message: str
    column: str | None = None
    question: int | None = None
    rows: tuple[int, ...] = ()
    severity: str = "error"

    def __str__(self) -> str:
        parts = [self.file]
        if self.column is not None:
            where = f"column {self.column}"
            if self.question is not None:
                where += f" (question {self.question})"
            parts.append(where)
        if self.rows:
            parts.append(format_rows(self.rows))
        parts.append(self.message)
        return ": ".join(parts)


@dataclass
class Report:
    """Everything `validate` found in one file; `usable` when there is no error."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    format: str = ""
    n_rows: int = 0
    row_basis: str = ""
    dropped_personal_columns: int = 0
    synthetic: bool = False
    fieldwork: tuple[str, str] | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def usable(self) -> bool:
        return not self.errors

    def __str__(self) -> str:
        lines = [f"{self.path}: {self.format or 'unrecognised file'}"]
        if self.n_rows:
            lines.append(f"  {self.n_rows} data rows; row numbers below are {self.row_basis}")
        if self.dropped_personal_columns:
            lines.append(
                f"  {self.dropped_personal_columns} column(s) of personal data dropped at import "
                "(values not shown)"
            )
        if self.fieldwork:
            lines.append(f"  submitted {self.fieldwork[0]} to {self.fieldwork[1]}")
        if self.synthetic:
            lines.append("  SYNTHETIC data: not real respondents")
        for label, items in (("error", self.errors), ("warning", self.warnings)):
            for p in items:
                lines.append(f"{label}: {p}")
        if self.usable:
            lines.append(f"usable ({len(self.warnings)} warning(s))")
        else:
            lines.append(f"NOT usable: {len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)
