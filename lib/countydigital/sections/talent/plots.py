"""Figures of the talent-return notebook (02): pyramids, age and education profiles, peers.

Each function takes frames made by `analysis`, `residents`, `census` or `peers` and the
active language (`plotting.setup(lang)`) and returns a matplotlib Figure. Survey
figures draw only what passed the disclosure control: a suppressed group is left out
of the bars, never drawn from the raw counts.
"""
from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ... import census
from ...census.labels import CATEGORY_LABELS
from ...plotting import label, watermark
from .text import county_label

EDUCATION_LABELS = CATEGORY_LABELS["education"]

C2010, C2020, EMPLOYEES, PEERS = "#9aa5b1", "#3b6ea8", "#c0504d", "#7f7f7f"


def pyramid_figure(pyramids: Mapping[str, Mapping[int, pd.DataFrame]], lang: str) -> plt.Figure:
    """Overlaid 2010/2020 age-sex pyramids, one panel per county.

    pyramids: {code: {2010: frame, 2020: frame}} (`residents.by_year(residents.county_age, codes)`)
    with frames as `residents.county_age` returns them (age_group, sex, population, share). Bars are
    each year's share of its own total population, so the shapes compare although
    the populations differ: 2020 filled, 2010 as an outline.
    """
    fig, axes = plt.subplots(1, len(pyramids), figsize=(4.2 * len(pyramids) + 0.6, 5.0),
                             sharey=True, squeeze=False)
    for ax, (code, years) in zip(axes[0], pyramids.items()):
        for year, style in ((2020, dict(color=C2020, alpha=0.85)),
                            (2010, dict(fill=False, edgecolor="#333333", linewidth=1.0))):
            frame = years[year]
            groups = list(frame["age_group"].cat.categories)
            y = np.arange(len(groups))
            for sex, sign in (("male", -1), ("female", 1)):
                part = frame[frame["sex"] == sex].set_index("age_group")["share"].reindex(groups)
                ax.barh(y, sign * 100 * part.to_numpy(), height=0.9, label=str(year) if sex == "male" else None,
                        **style)
        ax.set_yticks(y, groups, fontsize=8)
        ax.axvline(0, color="black", linewidth=0.6)
        limit = max(abs(v) for v in ax.get_xlim())
        ax.set_xlim(-limit, limit)
        ticks = ax.get_xticks()
        ax.set_xticks(ticks, [f"{abs(t):g}" for t in ticks])
        ax.set_xlim(-limit, limit)
        ax.set_title(county_label(code, lang))
        ax.set_xlabel(label("占总人口（%）  ← 男 | 女 →", "% of population  ← men | women →", lang))
    axes[0][0].legend(loc="upper right", fontsize=8)
    fig.suptitle(label("年龄-性别结构：2010年（轮廓）与2020年（填充）",
                       "Age and sex: 2010 (outline) and 2020 (filled)", lang))
    fig.tight_layout()
    return fig


def age_profile_figure(employees: pd.DataFrame, county: pd.DataFrame, county_name: str,
                       lang: str, synthetic: bool = False) -> plt.Figure:
    """Employees' age groups beside the county's residents aged 15-64.

    employees: `suppress_small_cells(analysis.age_table(...))` (share as a fraction,
    NaN where suppressed); county: `residents.working_age_profile(...)`; synthetic: the
    employees are the stand-in (the figure is stamped SYNTHETIC).
    """
    groups = list(county["age_group"])
    emp = employees.set_index("age_group")["share"].reindex(groups).astype(float)
    x = np.arange(len(groups))
    fig, ax = plt.subplots()
    ax.bar(x - 0.2, 100 * county["share"], width=0.4, color=C2020,
           label=label(f"{county_name}：15–64岁常住人口（2020）", f"{county_name}: residents aged 15–64 (2020)", lang))
    ax.bar(x + 0.2, 100 * emp.to_numpy(), width=0.4, color=EMPLOYEES,
           label=label("受访员工", "Employees surveyed", lang))
    ax.set_xticks(x, groups)
    ax.set_ylabel("%")
    ax.set_xlabel(label("年龄组", "Age group", lang))
    ax.legend(fontsize=9, loc="upper right")
    ax.set_title(label("年龄构成：受访员工与本县15–64岁常住人口",
                       "Age groups: employees and the county's residents aged 15–64", lang))
    fig.tight_layout()
    return watermark(fig, synthetic, lang)


def education_figure(education: Mapping[str, Mapping[int, pd.DataFrame]], lang: str) -> plt.Figure:
    """Highest level attended by residents aged 6+, 2010 beside 2020, one panel per county.

    education: {code: {2010: frame, 2020: frame}} (`residents.by_year(residents.county_education, codes)`).
    """
    fig, axes = plt.subplots(1, len(education), figsize=(4.2 * len(education) + 0.6, 4.0),
                             sharey=True, squeeze=False)
    for ax, (code, years) in zip(axes[0], education.items()):
        levels = list(EDUCATION_LABELS)
        x = np.arange(len(levels))
        for offset, year, color in ((-0.2, 2010, C2010), (0.2, 2020, C2020)):
            share = years[year].set_index("level")["share"].reindex(levels)
            ax.bar(x + offset, 100 * share.to_numpy(), width=0.4, color=color, label=str(year))
        ax.set_xticks(x, [label(*EDUCATION_LABELS[lv], lang) for lv in levels], rotation=30, ha="right",
                      fontsize=8)
        ax.set_title(county_label(code, lang))
    axes[0][0].set_ylabel(label("占6岁及以上人口（%）", "% of residents aged 6+", lang))
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def peer_figure(results: Mapping, lang: str) -> plt.Figure:
    """Each county's 2010-2020 change beside its peers' changes, one panel per measure.

    results: `analysis.peer_results(...)` ({code: PeerResult}). Changes are drawn in percentage points; grey dots are
    peers, the county is the red diamond, the bar the peers' inter-quartile range.
    """
    measures = list(next(iter(results.values())).comparison["measure"])
    fig, axes = plt.subplots(1, len(measures), figsize=(7.5, 1.1 * len(results) + 1.8), squeeze=False)
    codes = list(results)
    names = [county_label(code, lang) for code in codes]
    for ax, measure in zip(axes[0], measures):
        for i, code in enumerate(codes):
            comparison, changes = results[code].comparison, results[code].changes
            row = comparison.set_index("measure").loc[measure]
            y = len(names) - 1 - i
            points = 100 * changes.loc[changes["measure"] == measure, "change"].to_numpy()
            ax.plot([100 * row["peer_q1"], 100 * row["peer_q3"]], [y, y], color=PEERS, linewidth=6, alpha=0.35,
                    solid_capstyle="butt")
            ax.plot(points, np.full(len(points), y), "o", color=PEERS, markersize=4,
                    label=label("对照县", "Peers", lang) if i == 0 else None)
            ax.plot(100 * row["county_change"], y, "D", color=EMPLOYEES, markersize=8,
                    label=label("本县", "County", lang) if i == 0 else None)
        ax.set_yticks(range(len(names)), names[::-1])
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_ylim(-0.6, len(names) - 0.4)
        title = census.INDICATORS[measure].label(lang) if measure in census.INDICATORS else measure
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(label("2010→2020变化（百分点）", "Change 2010→2020 (pp)", lang))
    axes[0][0].legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig
