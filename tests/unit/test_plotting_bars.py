"""plotting.bars: the bars, limits and view of ax.bar / ax.barh, with the data limits updated once."""
from __future__ import annotations

import functools

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from countydigital import plotting  # noqa: E402

CASES = [
    dict(x=np.arange(7) - 0.27, h=np.array([12.5, 30.1, 0.0, 7.3, np.nan, 55.0, 1e-3]), kw=dict(width=0.27)),
    dict(x=np.arange(3) + 0.1, h=np.array([-3.0, 4.5, 2.25]), kw=dict(width=0.3, bottom=1.5)),
    dict(x=np.arange(19), h=-np.linspace(0.1, 4.9, 19), kw=dict(height=0.85), horizontal=True),
    dict(x=np.arange(4), h=np.full(4, np.nan), kw={}),  # nothing to draw: the limits stay as they were
    dict(x=np.array([0.0]), h=np.array([0.0]), kw=dict(width=0.0)),  # no size: left out, as matplotlib does
]


def _state(ax):
    return (ax.dataLim.get_points().tobytes(), ax.dataLim.minpos.tobytes(), ax.get_xlim(), ax.get_ylim(),
            ax.ignore_existing_data_limits)


@pytest.mark.parametrize("case", CASES)
def test_bars_give_the_limits_view_and_artists_of_ax_bar(case):
    horizontal = case.get("horizontal", False)
    made = []
    for draw in ("matplotlib", "bars"):
        fig, ax = plt.subplots()
        ax.plot([0.5, 2.0], [1.0, -2.0])  # limits already set by another artist
        if draw == "matplotlib":
            container = (ax.barh if horizontal else ax.bar)(case["x"], case["h"], label="a", **case["kw"])
        else:
            container = plotting.bars(ax, case["x"], case["h"], label="a", horizontal=horizontal, **case["kw"])
        ax.step(case["x"], np.nan_to_num(case["h"]) / 2)
        made.append((_state(ax), np.array([p.get_bbox().bounds for p in container]).tobytes(), container.get_label(),
                     len(ax.patches), ax.get_legend_handles_labels()[1], plotting.figure_png(fig)))
        assert "_update_patch_limits" not in vars(ax)  # the instance keeps no trace of the collection
        plt.close(fig)
    assert made[0] == made[1]


def test_bars_first_on_empty_axes_and_with_other_patches():
    made = []
    for draw in ("matplotlib", "bars"):
        fig, ax = plt.subplots()
        bar = ax.bar if draw == "matplotlib" else functools.partial(plotting.bars, ax)
        bar([1, 2, 3], [0.5, np.nan, 2.0], width=0.5)
        ax.add_patch(plt.Circle((4, 4), 0.5))
        bar([5], [-1.0], width=0.5, bottom=0.25)
        made.append((_state(ax), plotting.figure_png(fig)))
        plt.close(fig)
    assert made[0] == made[1]
