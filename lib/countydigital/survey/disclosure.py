"""Disclosure control: no table from survey microdata shows a cell below `min_cell`.

Every table meant for publication goes through `suppress_small_cells`. Two
table shapes are understood:

- long tables with count columns (`n`, `count`, `denominator`): a row whose
  count (or denominator) is below `min_cell` loses the count AND every number
  derived from it (share, interval, mean ...), and is flagged in `suppressed`;
- wide tables (cross-tabs) whose numeric cells are all counts: each small cell
  is suppressed.

Secondary suppression: the cells hidden in a group that adds up to a shown
total could be recovered together by subtraction, so more cells (smallest
first) are hidden until the hidden ones add up to at least `min_cell` (rows of
a long table marked `attrs["exclusive"]`; every row and column of a wide table).

Suppressed cells are NaN in the numeric result; with `as_text=True` the table
is returned as display strings, suppressed cells reading "<5" (for min_cell 5).

A single figure outside a table (a share or a mean in the claims ledger or in a
sentence) follows the same threshold through `is_withheld` and `withhold`: the
one rule, used by every section's ledger fields and prose.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import SurveyError

COUNT_COLUMNS = ("n", "count", "denominator")


# --- one figure: the withholding rule ---------------------------------------------------

def is_withheld(estimate, min_cell: int, *, share: bool = True, count: int | None = None) -> bool:
    """True when a single figure (an `estimators.Estimate`) must not be published.

    Withheld: no respondent behind it, a value that is not a finite number, or fewer
    than `min_cell` respondents. For a share (`share=True`) both the respondents with
    and without the trait must number at least `min_cell`, as the cells of a table
    would (a share of 98% of 100 reveals a group of 2). For another figure (a mean, a
    median) the n behind it must be at least `min_cell`; `count` replaces that n when
    the figure rests on another group (a wage ratio rests on the wage earners).
    """
    n = int(estimate.n)
    if n == 0 or not np.isfinite(estimate.value):
        return True
    if count is not None:
        return count < min_cell
    if share:
        hits = round(estimate.value * n)
        return min(hits, n - hits) < min_cell
    return n < min_cell


def withhold(estimate, min_cell: int, *, share: bool = True, count: int | None = None, scale: float = 1.0,
             decimals: int = 3, note: str = "") -> dict:
    """value / n / ci / note of one figure for `claims.record`, withheld by `is_withheld`.

    Shown: value and interval multiplied by `scale` (100 for a share in percent) and
    rounded to the same `decimals`; an interval with an infinite end is None.

    Withheld (decided once for the project): value and ci are None and the note says
    "withheld: fewer than <min_cell> respondents". The n is published, so a reader sees
    why the figure is missing (a share withheld at n = 800 rests on a small group, not
    on a small sample), except when n is itself below `min_cell`: then n is None too,
    as `suppress_small_cells` blanks a denominator only when it is itself small.
    """
    n = int(estimate.n)
    if is_withheld(estimate, min_cell, share=share, count=count):
        why = f"withheld: fewer than {min_cell} respondents"
        return {"value": None, "n": n if n >= min_cell else None, "ci": None,
                "note": "; ".join(filter(None, [note, why]))}
    lo, hi = estimate.lo * scale, estimate.hi * scale
    ci = (round(lo, decimals), round(hi, decimals)) if np.isfinite(lo) and np.isfinite(hi) else None
    return {"value": round(estimate.value * scale, decimals), "n": n, "ci": ci, "note": note}


def _marker(min_cell: int) -> str:
    return f"<{min_cell}"


def _format_count(value) -> str:
    return "" if pd.isna(value) else f"{int(round(value)):,}"


def _format_number(value, decimals: int) -> str:
    return "" if pd.isna(value) else f"{value:,.{decimals}f}"


def _long(table: pd.DataFrame, count_cols: list[str], min_cell: int) -> tuple[pd.DataFrame, pd.Series]:
    out = table.copy()
    counts = out[count_cols].apply(pd.to_numeric, errors="coerce")
    small = (counts < min_cell).any(axis=1)
    if table.attrs.get("exclusive"):
        # the options add up to a shown total: the hidden ones together must not form a
        # small group either, or their sum could be recovered by subtraction
        primary = counts.columns[0]
        while small.any() and (~small).any() and counts.loc[small, primary].sum() < min_cell:
            small[counts.loc[~small, primary].sort_values(kind="stable").index[0]] = True
    numeric = [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c]) and c != "code"]
    for col in numeric:
        out[col] = out[col].astype(float)
        # a denominator shared by every row is not itself a small cell; blank it only if small
        blank = (counts[col] < min_cell) if col == "denominator" else small
        out.loc[blank, col] = np.nan
    out["suppressed"] = small.to_numpy()
    return out, small


def _wide(table: pd.DataFrame, min_cell: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    numeric = table.apply(pd.to_numeric, errors="coerce").astype(float)
    if numeric.isna().to_numpy().any() and not table.isna().to_numpy().any():
        raise SurveyError("suppress_small_cells: a wide table must hold counts only")
    values = numeric.to_numpy()
    finite = values[~np.isnan(values)]
    if len(finite) and not np.allclose(finite, np.round(finite)):
        raise SurveyError("suppress_small_cells: cells must be counts (whole numbers); give a long table "
                          "with an `n` column for shares or means")
    small = (values < min_cell) & ~np.isnan(values)
    changed = True
    while changed:  # secondary suppression: in every row and column, what is hidden must not
        changed = False  # add up to a small number (it could be recovered from the totals)
        for axis in (0, 1):
            lines = small if axis == 1 else small.T
            vals = values if axis == 1 else values.T
            for i in range(lines.shape[0]):
                hidden = lines[i]
                if hidden.any() and np.nansum(vals[i][hidden]) < min_cell:
                    candidates = np.where(~hidden & ~np.isnan(vals[i]))[0]
                    if len(candidates):
                        j = candidates[np.argmin(vals[i][candidates])]
                        if axis == 1:
                            small[i, j] = True
                        else:
                            small[j, i] = True
                        changed = True
    out = numeric.mask(small)
    return out, pd.DataFrame(small, index=table.index, columns=table.columns)


def suppress_small_cells(table: pd.DataFrame, min_cell: int = 5, *, count: str | list[str] | None = None,
                         as_text: bool = False, decimals: int = 1) -> pd.DataFrame:
    """`table` with every cell based on fewer than `min_cell` respondents suppressed.

    count: the count column(s) of a long table (default: those of n / count /
    denominator present); without any, the table is treated as a wide table of
    counts. as_text: return display strings with suppressed cells shown as
    "<min_cell>". The result's attrs record min_cell and how many cells were
    suppressed.
    """
    if min_cell < 1:
        raise SurveyError(f"min_cell must be at least 1 (got {min_cell})")
    if count is not None:
        count_cols = [count] if isinstance(count, str) else list(count)
    else:
        count_cols = [c for c in COUNT_COLUMNS if c in table.columns]
    attrs = dict(table.attrs)
    if count_cols:
        missing = [c for c in count_cols if c not in table.columns]
        if missing:
            raise SurveyError(f"suppress_small_cells: no count column {missing}")
        out, small = _long(table, count_cols, min_cell)
        n_suppressed = int(small.sum())
        if as_text:
            marker = _marker(min_cell)
            text = out.drop(columns="suppressed").astype(object)
            for col in text.columns:
                if pd.api.types.is_numeric_dtype(out[col]) and col != "code":
                    fmt = _format_count if col in count_cols else (lambda v: _format_number(v, decimals))
                    text[col] = [marker if pd.isna(v) and s else fmt(v) for v, s in zip(out[col], small)]
            out = text
    else:
        out, mask = _wide(table, min_cell)
        n_suppressed = int(mask.to_numpy().sum())
        if as_text:
            marker = _marker(min_cell)
            out = pd.DataFrame(
                [[marker if m else _format_count(v) for v, m in zip(row_v, row_m)]
                 for row_v, row_m in zip(out.to_numpy(), mask.to_numpy())],
                index=out.index, columns=out.columns,
            )
    out.attrs = {**attrs, "min_cell": min_cell, "suppressed_cells": n_suppressed}
    return out


# The site's privacy scanner (countydigital.privacy_gate) recognises disclosure-controlled
# tables by this class and reads the threshold and the count columns from these
# attributes; a small count in such a table fails the build.
DISCLOSURE_CLASS = "countydigital-disclosure"
DISCLOSURE_MIN_ATTR = "data-min-cell"
COUNT_COLUMN_ATTR = "data-count-columns"


class PublishedTable:
    """A disclosure-controlled table ready to display in a notebook.

    Shows as HTML marked for the site's privacy scanner (class, threshold and count
    columns on the <table>) and as plain text, both free of memory addresses so
    notebook outputs are reproducible.
    """

    def __init__(self, table: pd.DataFrame, min_cell: int, count_columns: list[str],
                 caption: str = "", index: bool = True):
        self.table = table
        self.min_cell = min_cell
        self.count_columns = count_columns
        self.caption = caption
        self.index = index

    def _repr_html_(self) -> str:
        import html

        body = self.table.to_html(index=self.index, border=0, classes=[DISCLOSURE_CLASS], escape=True,
                                  na_rep="")
        marks = f' {DISCLOSURE_MIN_ATTR}="{self.min_cell}"'
        if self.count_columns:
            marks += f' {COUNT_COLUMN_ATTR}="{html.escape(",".join(self.count_columns))}"'
        body = body.replace("<table", "<table" + marks, 1)
        if self.caption:
            body = f"<p><em>{html.escape(self.caption)}</em></p>\n" + body
        return body

    def __repr__(self) -> str:
        text = self.table.to_string(index=self.index)
        return f"{self.caption}\n{text}" if self.caption else text


def publish(table: pd.DataFrame, min_cell: int = 5, *, count: str | list[str] | None = None,
            columns: dict[str, str] | None = None, decimals: int = 1, caption: str = "",
            drop: tuple[str, ...] = ("code",)) -> PublishedTable:
    """`suppress_small_cells(table, min_cell, as_text=True)`, relabelled for display.

    columns: display names for columns (e.g. {"n": "人数", "share": "占比（%）"});
    drop: columns not shown (option codes); caption: shown above the table (e.g. the
    denominator of a multi-select).
    """
    shown = suppress_small_cells(table, min_cell, count=count, as_text=True, decimals=decimals)
    shown = shown.drop(columns=[c for c in drop if c in shown.columns])
    if count is not None:
        count_cols = [count] if isinstance(count, str) else list(count)
    else:
        count_cols = [c for c in COUNT_COLUMNS if c in table.columns]
    columns = columns or {}
    shown = shown.rename(columns=columns)
    count_headers = [str(columns.get(c, c)) for c in count_cols]
    long = bool(count_cols)
    return PublishedTable(shown, min_cell, count_headers, caption=caption, index=not long)
