"""Disclosure control: a cell below min_cell never reaches a published table."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countydigital import privacy_gate as privacy
from countydigital.exceptions import SurveyError
from countydigital.survey import estimators as est
from countydigital.survey import synth
from countydigital.survey.disclosure import (
    COUNT_COLUMN_ATTR,
    DISCLOSURE_CLASS,
    DISCLOSURE_MIN_ATTR,
    is_withheld,
    publish,
    suppress_small_cells,
    withhold,
)
from countydigital.survey.estimators import Estimate


def long_table(counts, exclusive=True):
    counts = np.asarray(counts)
    total = int(counts.sum())
    table = pd.DataFrame({"label": [f"option {i}" for i in range(len(counts))], "n": counts,
                          "denominator": total, "share": counts / max(total, 1)})
    table.attrs["exclusive"] = exclusive
    return table


def test_small_rows_lose_count_and_everything_derived():
    out = suppress_small_cells(long_table([3, 40, 57], exclusive=False), min_cell=5)
    assert out["suppressed"].tolist() == [True, False, False]
    assert out.loc[0, ["n", "share"]].isna().all()
    assert out.loc[1, "n"] == 40 and out.loc[0, "denominator"] == 100  # the shared base stays
    assert out.attrs["suppressed_cells"] == 1


def test_a_lone_small_option_of_a_distribution_takes_another_with_it():
    out = suppress_small_cells(long_table([3, 40, 57, 12]), min_cell=5)
    assert out["suppressed"].tolist() == [True, False, False, True]  # 12 could reveal 3 by subtraction


def test_hidden_options_must_not_add_up_to_a_small_group():
    # 146 insured, 2 not, 2 don't know: hiding the two small ones still tells "4 not insured"
    out = suppress_small_cells(long_table([146, 2, 2]), min_cell=5)
    assert out["suppressed"].all()
    out = suppress_small_cells(long_table([140, 3, 4, 30]), min_cell=5)
    assert out["suppressed"].tolist() == [False, True, True, False]  # 3 + 4 = 7 hidden together


def test_wide_table_primary_and_secondary_suppression():
    table = pd.DataFrame({"a": [2, 30, 32], "b": [20, 40, 60], "total": [22, 70, 92]},
                         index=["x", "y", "total"])
    out = suppress_small_cells(table, min_cell=5)
    assert np.isnan(out.loc["x", "a"])
    # neither row x nor column a may hide fewer than 5 people in total
    for line, raw in [(out.loc["x"], table.loc["x"]), (out["a"], table["a"])]:
        assert raw[line.isna()].sum() >= 5
    text = suppress_small_cells(table, min_cell=5, as_text=True)
    assert text.loc["x", "a"] == "<5"


def test_wide_tables_must_hold_counts():
    with pytest.raises(SurveyError, match="counts"):
        suppress_small_cells(pd.DataFrame({"share": [0.25, 0.75]}), min_cell=5)


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(0, 60), min_size=1, max_size=8), min_cell=st.integers(1, 12),
       exclusive=st.booleans())
def test_no_small_count_survives_in_long_tables(counts, min_cell, exclusive):
    out = suppress_small_cells(long_table(counts, exclusive), min_cell=min_cell)
    shown = out["n"].dropna()
    assert (shown >= min_cell).all()
    hidden = long_table(counts, exclusive)["n"][out["suppressed"].to_numpy()]
    if exclusive and 0 < len(hidden) < len(counts):
        assert hidden.sum() >= min_cell  # the hidden rows are not recoverable as a small group
    assert out.loc[out["n"].isna(), "share"].isna().all()
    text = suppress_small_cells(long_table(counts, exclusive), min_cell=min_cell, as_text=True)
    for cell in text["n"]:
        assert cell == f"<{min_cell}" or int(cell.replace(",", "")) >= min_cell


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=2, max_size=4),
       min_cell=st.integers(1, 10))
def test_no_small_count_survives_in_wide_tables(cells, min_cell):
    width = min(len(r) for r in cells)
    table = pd.DataFrame([r[:width] for r in cells])
    out = suppress_small_cells(table, min_cell=min_cell)
    values = out.to_numpy()
    assert (values[~np.isnan(values)] >= min_cell).all()
    original = table.to_numpy(dtype=float)
    hidden = np.isnan(values)
    for axis in (0, 1):  # per row and column: hidden cells add up to min_cell or more (unless all are hidden)
        sums = np.where(hidden, original, 0).sum(axis=axis)
        some = hidden.any(axis=axis) & ~hidden.all(axis=axis)
        assert (sums[some] >= min_cell).all()


def test_published_tables_carry_the_marks_the_privacy_scanner_reads():
    frame = synth.generate(n=300, seed=3).frame
    table = publish(est.as_percent(est.distribution(frame, "education")), min_cell=5,
                    columns={"n": "人数", "denominator": "回答人数"})
    html = table._repr_html_()
    assert f'class="dataframe {DISCLOSURE_CLASS}"' in html
    assert f'{DISCLOSURE_MIN_ATTR}="5"' in html and f'{COUNT_COLUMN_ATTR}="人数,回答人数"' in html
    assert "0x" not in repr(table)  # no memory address in the text output
    counts = re.findall(r"<td>([\d,]+)</td>", html)
    assert counts and all(int(c.replace(",", "")) >= 5 for c in counts)


def test_privacy_scanner_accepts_published_and_rejects_unsuppressed_tables():
    """The site's scanner (countydigital.privacy_gate.scan_text) reads the marks publish() writes."""
    assert privacy.DISCLOSURE_CLASS == DISCLOSURE_CLASS  # one contract between the two modules
    frame = synth.generate(n=300, seed=3).frame
    for table in (publish(est.crosstab(frame, "education", "gender"), min_cell=5),
                  publish(est.distribution(frame, "education"), min_cell=5)):
        page = table._repr_html_()
        assert "&lt;5" in page  # something was suppressed
        assert privacy.scan_text("page.html", page, html=True) == []
        leaked = page.replace("&lt;5", "3", 1)
        assert privacy.scan_text("page.html", leaked, html=True), "a small count must be found"


# --- one figure: the withholding rule ------------------------------------------------------

def test_a_share_is_withheld_when_either_side_is_a_small_group():
    assert is_withheld(Estimate(0.975, 0.9, 0.99, 80), 5)       # 2 of 80 without the trait
    assert is_withheld(Estimate(0.025, 0.01, 0.1, 80), 5)       # 2 of 80 with it
    assert not is_withheld(Estimate(0.5, 0.4, 0.6, 80), 5)
    assert not is_withheld(Estimate(0.7, 0.4, 0.9, 10), 3)      # 7 and 3
    assert is_withheld(Estimate(0.7, 0.4, 0.9, 10), 4)


def test_other_figures_need_min_cell_respondents_and_a_finite_value():
    assert is_withheld(Estimate(14.0, 13.0, 15.0, 4), 5, share=False)
    assert not is_withheld(Estimate(14.0, 13.0, 15.0, 5), 5, share=False)
    assert is_withheld(Estimate(float("nan"), float("nan"), float("nan"), 50), 5, share=False)
    assert is_withheld(Estimate(0.0, 0.0, 0.0, 0), 1)
    # a ratio resting on 3 wage earners is withheld whatever its own n says
    assert is_withheld(Estimate(1.8, 1.5, 2.1, 400), 5, share=False, count=3)


def test_withhold_shows_scaled_rounded_figures():
    fields = withhold(Estimate(0.41234, 0.35678, 0.46789, 300), 5, scale=100, decimals=2, note="pooled")
    assert fields == {"value": 41.23, "n": 300, "ci": (35.68, 46.79), "note": "pooled"}
    # an interval with an infinite end is not recorded
    assert withhold(Estimate(3.0, 1.0, float("inf"), 30), 5, share=False)["ci"] is None


def test_a_withheld_figure_keeps_its_n_unless_the_n_is_itself_small():
    shown_n = withhold(Estimate(0.975, 0.9, 0.99, 80), 5, scale=100, note="Julu")
    assert shown_n["value"] is None and shown_n["ci"] is None and shown_n["n"] == 80
    assert shown_n["note"] == "Julu; withheld: fewer than 5 respondents"
    small_n = withhold(Estimate(14.0, 13.0, 15.0, 4), 5, share=False)
    assert small_n == {"value": None, "n": None, "ci": None, "note": "withheld: fewer than 5 respondents"}
