"""Figures of the vocational-education notebook (03): timeline, cohort funnel, projection, education.

Each function takes the frame a function of this section (or `census`) returns
and the active language (`plotting.setup(lang)`), and returns a matplotlib Figure.
Ranges are drawn as ranges: a solid bar up to the stated minimum and a hatched band up
to the stated maximum, so a reader never mistakes 十余名 for a point.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...census.labels import CATEGORY_LABELS
from ...plotting import label

# The census layer owns the education categories and their labels.
EDUCATION_LABELS = CATEGORY_LABELS["education"]
SCOPE_LABELS = {"county": ("本县", "county"), "province": ("本省", "province"), "nation": ("全国", "nation")}

SOLID, LIGHT, ACCENT = "#3b6ea8", "#a9c3e0", "#c0504d"


def timeline_figure(events: pd.DataFrame, lang: str) -> plt.Figure:
    """Dated programme events on one time axis; month- and year-precision dates marked as such."""
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(events) + 1.2))
    y = np.arange(len(events))[::-1]
    for yi, (_, row) in zip(y, events.iterrows()):
        start = row["date"].start_time
        end = row["date"].end_time
        ax.plot([start, end], [yi, yi], color=SOLID, linewidth=6, solid_capstyle="butt")
        ax.plot(start, yi, "o", color=SOLID)
        text = row["event_zh"] if lang == "zh" else row["event_en"]
        ax.annotate(f"{text}（{row['date_text']}）" if lang == "zh" else f"{text} ({row['date_text']})",
                    (start, yi), xytext=(6, 6), textcoords="offset points", fontsize=9)
    ax.set_yticks([])
    ax.set_ylim(-0.8, len(events) - 0.2)
    lo = events["date"].map(lambda d: d.start_time).min() - pd.Timedelta(days=120)
    hi = events["date"].map(lambda d: d.end_time).max() + pd.Timedelta(days=540)
    ax.set_xlim(lo, hi)
    ax.set_title(label("帮扶项目时间线（条长 = 所述日期的精度：年或月）",
                       "Programme timeline (bar length = precision of the stated date: year or month)", lang))
    fig.tight_layout()
    return fig


def _range_bars(ax, names, low, high, stated) -> None:
    y = np.arange(len(names))[::-1]
    ax.barh(y, low, color=SOLID, height=0.6)
    ax.barh(y, np.asarray(high) - np.asarray(low), left=low, color=LIGHT, height=0.6,
            hatch="//", edgecolor=SOLID, linewidth=0)
    for yi, lo_, hi_, ok in zip(y, low, high, stated):
        text = f"{lo_:g}" if lo_ == hi_ else f"{lo_:g}–{hi_:g}"
        ax.text(hi_ + 0.5, yi, text + ("" if ok else " *"), va="center", fontsize=9)
    ax.set_yticks(y, names)


def funnel_figure(funnel: pd.DataFrame, lang: str) -> plt.Figure:
    """Enrolled -> graduated -> placed as range bars; * marks a stage bounded, not stated."""
    fig, ax = plt.subplots(figsize=(7.5, 0.7 * len(funnel) + 1.4))
    names = funnel["stage_zh"] if lang == "zh" else funnel["stage_en"]
    _range_bars(ax, list(names), funnel["low"].astype(float), funnel["high"].astype(float),
                list(funnel["stated"]))
    ax.set_xlim(0, float(funnel["high"].max()) * 1.2)
    ax.set_xlabel(label("人数（实心 = 所述下限，斜线 = 所述上限）",
                        "students (solid = stated minimum, hatched = up to the stated maximum)", lang))
    ax.set_title(label("第一期影视后期集训班：从招生到就业（* 未说明，按其他阶段推出的范围）",
                       "First intensive cohort: enrolled to placed (* not stated: bounded by the other stages)", lang))
    fig.tight_layout()
    return fig


def projection_figure(projection: pd.DataFrame, stock: dict, lang: str) -> plt.Figure:
    """Left: cumulative trained workers (ranges) by year. Right: year-N totals against the county stock."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.2), gridspec_kw={"width_ratios": [1.2, 1]})
    series = [
        ("graduates", "结业", "graduates", "#7f7f7f"),
        ("placed", "对口就业（任何地方）", "placed in the field (anywhere)", SOLID),
        ("local", "留在本县（假设）", "working in the county (assumed)", ACCENT),
    ]
    for stage, zh, en, colour in series:
        lo, hi = projection[f"cumulative_{stage}_low"], projection[f"cumulative_{stage}_high"]
        left.fill_between(projection["year"], lo, hi, color=colour, alpha=0.25, linewidth=0)
        left.plot(projection["year"], hi, color=colour, label=label(zh, en, lang))
        left.plot(projection["year"], lo, color=colour, linestyle="--")
    left.set_xlabel(label("年", "year", lang))
    left.set_ylabel(label("累计人数", "cumulative people", lang))
    left.set_xticks(projection["year"])
    left.legend(fontsize=8, loc="upper left")
    left.set_title(label("投射：累计人数（带 = 范围）", "Projection: cumulative people (band = range)", lang),
                   fontsize=10)

    last = projection.iloc[-1]
    names = [label("本县20-34岁大专及以上\n（近似）", "county 20-34, junior college+\n(approximation)", lang),
             label("同上（上限）", "same (upper bound)", lang),
             label(f"{int(last['year'])}年后留在本县\n（投射上限）",
                   f"in the county after {int(last['year'])} yrs\n(projection, high)", lang)]
    values = [stock["approximation"], stock["upper_bound"], last["cumulative_local_high"]]
    colours = [LIGHT, LIGHT, ACCENT]
    y = np.arange(len(names))[::-1]
    right.barh(y, values, color=colours)
    for yi, v in zip(y, values):
        right.text(v, yi, f" {v:,.0f}", va="center", fontsize=9)
    right.set_yticks(y, names, fontsize=8)
    right.set_xlim(0, max(values) * 1.3)
    right.set_title(label("与本县存量相比（2020年人口普查）", "Against the county stock (2020 census)", lang),
                    fontsize=10)
    fig.tight_layout()
    return fig


def education_figure(compare: pd.DataFrame, lang: str) -> plt.Figure:
    """Education structure (aged 6+) of county, province and nation, one panel per census year."""
    import seaborn as sns

    data = compare.copy()
    data["level_label"] = data["level"].astype(str).map(lambda k: label(*EDUCATION_LABELS[k], lang))
    data["where"] = [f"{p}" if lang == "zh" else f"{SCOPE_LABELS[s][1]}" for p, s in zip(data["place"], data["scope"])]
    years = sorted(data["year"].unique())
    fig, axes = plt.subplots(1, len(years), figsize=(10, 4.2), sharey=True)
    axes = np.atleast_1d(axes)
    order = [label(*EDUCATION_LABELS[k], lang) for k in EDUCATION_LABELS]
    for ax, year in zip(axes, years):
        part = data[data["year"] == year]
        sns.barplot(part, x="level_label", y="share", hue="where", order=order, ax=ax,
                    palette=[SOLID, LIGHT, "#bbbbbb"])
        ax.set_title(str(year))
        ax.set_xlabel("")
        ax.set_ylabel(label("占6岁及以上人口比重", "share of residents aged 6+", lang))
        ax.tick_params(axis="x", rotation=35, labelsize=8)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.legend(fontsize=8, title=None)
    fig.suptitle(label("受教育程度结构：本县、本省与全国", "Education structure: county, province and nation", lang))
    fig.tight_layout()
    return fig
