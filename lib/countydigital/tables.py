"""Plain tables for the pages: a data frame shown without its row numbers.

pandas shows a frame's index as a first column; for a list of records (0, 1, 2, ...) it
means nothing to a reader. `plain(frame)` displays the frame without it, as HTML in a
page and as text in a console, and writes no random ids (unlike a Styler), so repeated
builds stay byte-identical.
"""
from __future__ import annotations

import pandas as pd


class PlainTable:
    """A frame displayed without its index (notebook HTML and plain text)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, border=0, escape=True, na_rep="")

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def plain(frame: pd.DataFrame) -> PlainTable:
    """`frame` for display without its row numbers."""
    return PlainTable(frame)
