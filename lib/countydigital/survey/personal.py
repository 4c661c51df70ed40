"""Personal data: find it, drop it at import, never echo it.

A column is personal when the codebook says so (question 18's phone number, the
export's 来自IP), when its header names personal data (电话, 身份证, ip, ...), or
when any of its cells looks like an 11-digit mainland mobile number, an
18-digit resident ID number or an IP address. Such columns are removed before
anything else touches the data; only their number is reported.

In a column that is a real question (say the wage), a cell that looks like
personal data is blanked and reported by row, without its value. The patterns are
those of `countydigital.personal_data` (shared with the site's privacy gate).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..personal_data import ANY_CELL, CELL_PATTERNS, REDACTABLE
from .codebook import Codebook
from .headers import ColumnRole, normalise


def cell_text(value) -> str:
    """A cell as text the way a person reads it (13812345678.0 -> '13812345678')."""
    if value is None:
        return ""
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e19:
            return str(int(value))
    return str(value)


def looks_personal(value) -> bool:
    """True if the cell contains a mobile number, an 18-digit ID number or an IP address."""
    text = cell_text(value)
    if len(text) < 7:
        return False
    return any(p.search(text) for p in CELL_PATTERNS)


def redact(text: str) -> str:
    """`text` with anything that looks like personal data replaced by <redacted>."""
    return REDACTABLE.sub("<redacted>", text)


def personal_cells(column: pd.Series) -> pd.Series:
    """Boolean mask of the cells of `column` that look like personal data."""
    values = column.dropna()
    if values.empty:
        return pd.Series(False, index=column.index)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = pd.to_numeric(values, errors="coerce").abs()
        if not (numbers >= 1e6).any():  # cheap exit: every personal pattern has 7+ digits
            return pd.Series(False, index=column.index)
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        uniques = pd.Series(values.unique(), dtype="str")
        texts = uniques
    else:
        uniques = pd.Series(pd.unique(values.to_numpy(dtype=object)), dtype=object)
        texts = uniques.map(cell_text).astype("str")
    hits = texts.str.len().ge(7) & texts.str.contains(ANY_CELL, regex=True)
    flagged = set(uniques[hits.to_numpy(dtype=bool)])
    if not flagged:
        return pd.Series(False, index=column.index)
    return pd.Series(column.isin(list(flagged)).to_numpy(dtype=bool), index=column.index)


def _header_is_personal(header: str, book: Codebook) -> bool:
    norm = normalise(header)
    return any(norm == normalise(h) for h in book.personal_headers)


def personal_columns(frame: pd.DataFrame, roles: dict[str, ColumnRole], book: Codebook) -> list[str]:
    """Columns to drop: personal by codebook, by header, or by content.

    Columns matched to an analysed question are not dropped for their content
    (see `personal_cells`); everything else is, if any cell looks personal.
    """
    dropped = []
    for col in frame.columns:
        role = roles[col]
        if role.personal or _header_is_personal(col, book):
            dropped.append(col)
        elif role.kind not in ("question", "option") and personal_cells(frame[col]).any():
            dropped.append(col)
    return dropped
