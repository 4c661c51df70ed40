"""Figures of the employment-value notebook.

Survey figures are stamped SYNTHETIC when made from the stand-in, and drawn only
from disclosure-controlled tables
(`suppress_small_cells`): a bar based on fewer than `min_cell` respondents is
not drawn and its label says so. Labels come from the codebook (survey) and
census.labels (census), in the notebook's language.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ...census.labels import category_label
from ...plotting import label, watermark
from ...survey.codebook import question_label
from ...survey.disclosure import suppress_small_cells
from .analysis import INCOME_YEAR, MONTHS_PER_YEAR, PayComparison
from .text import MEASURES, county_name

PALETTE = sns.color_palette("deep")


SCOPE_COLORS = {"county": PALETTE[0], "province": PALETTE[1], "nation": PALETTE[7]}


def _share_bars(ax, table: pd.DataFrame, min_cell: int, title: str, color=None, colors=None) -> None:
    """Horizontal bars of share (%) with CI whiskers from a suppressed long table."""
    shown = suppress_small_cells(table, min_cell)
    y = np.arange(len(shown))[::-1]
    share = 100 * shown["share"].to_numpy(dtype=float)
    lo = 100 * shown["lo"].to_numpy(dtype=float)
    hi = 100 * shown["hi"].to_numpy(dtype=float)
    bar_colors = colors if colors is not None else [color or PALETTE[0]] * len(shown)
    ax.barh(y, np.nan_to_num(share), color=bar_colors, height=0.65)
    ok = ~np.isnan(share)
    ax.errorbar(share[ok], y[ok], xerr=[share[ok] - lo[ok], hi[ok] - share[ok]], fmt="none",
                ecolor="0.25", capsize=2, lw=1)
    for yi, value, top, hidden in zip(y, share, hi, shown["suppressed"]):
        ax.text((0 if hidden else np.nanmax([value, top])) + 1, yi, f"<{min_cell}" if hidden else f"{value:.1f}",
                va="center", fontsize=8, color="0.3")
    ax.set_yticks(y, shown["label"], fontsize=8)
    ax.set_xlim(0, min(100, max(10, np.nanmax(np.append(hi, 0)) * 1.15)))
    ax.set_xlabel("%")
    ax.set_title(title, fontsize=10)


def profile_figure(tables: dict[str, pd.DataFrame], lang: str, min_cell: int, scope_text: str,
                   synthetic: bool = False) -> plt.Figure:
    """Who the jobs went to: gender, age, education, prior status (shares with 95% CIs)."""
    fig, axes = plt.subplots(2, 2, figsize=(10, 6.4))
    titles = {"gender": question_label("gender", lang), "age": tables["age"].attrs.get("title", "age"),
              "education": question_label("education", lang), "prior_status": question_label("prior_status", lang)}
    for ax, key in zip(axes.ravel(), ["gender", "age", "education", "prior_status"]):
        _share_bars(ax, tables[key], min_cell, titles[key])
    fig.suptitle(label(f"员工构成（{scope_text}，占比与95%置信区间）",
                       f"Who holds the jobs ({scope_text}; shares with 95% CIs)", lang))
    fig.tight_layout()
    return watermark(fig, synthetic, lang)


def wage_figure(histogram: pd.DataFrame, by: dict[str, pd.DataFrame], lang: str, min_cell: int,
                synthetic: bool = False) -> plt.Figure:
    """Monthly wage: distribution (bins of fewer than min_cell not drawn) and means by group."""
    fig, axes = plt.subplots(2, 2, figsize=(10, 6.4))
    hist = suppress_small_cells(histogram.drop(columns="label"), min_cell, count="n")
    ax = axes[0, 0]
    width = float(np.diff(histogram["bin"]).min()) if len(histogram) > 1 else 250.0
    ax.bar(histogram["bin"], hist["n"].fillna(0), width=width * 0.9, align="edge", color=PALETTE[0])
    ax.set_xlabel(label("月收入（元，税前）", "Monthly wage (yuan, before tax)", lang))
    ax.set_ylabel(label("人数", "respondents", lang))
    ax.set_title(label(f"月收入分布（少于{min_cell}人的区间不画）",
                       f"Wage distribution (bins under {min_cell} not drawn)", lang), fontsize=10)
    titles = {
        "tenure": label("按工作月数", "By tenure (months)", lang),
        "education": label("按学历", "By education", lang),
        "gender": label("按性别", "By gender", lang),
    }
    for ax, key in zip([axes[0, 1], axes[1, 0], axes[1, 1]], ["tenure", "education", "gender"]):
        table = suppress_small_cells(by[key], min_cell, count="n")
        y = np.arange(len(table))[::-1]
        mean = table["mean"].to_numpy(dtype=float)
        ok = ~np.isnan(mean)
        ax.barh(y, np.nan_to_num(mean), color=PALETTE[2], height=0.6)
        ax.errorbar(mean[ok], y[ok], xerr=[mean[ok] - table["lo"].to_numpy(float)[ok],
                                           table["hi"].to_numpy(float)[ok] - mean[ok]],
                    fmt="none", ecolor="0.25", capsize=2, lw=1)
        for yi, value, top, hidden in zip(y, mean, table["hi"].to_numpy(float), table["suppressed"]):
            ax.text((0 if hidden else np.nanmax([value, top])) + 60, yi,
                    f"<{min_cell}" if hidden else f"{value:,.0f}", va="center", fontsize=8, color="0.3")
        ax.set_xlim(0, np.nanmax(np.append(table["hi"].to_numpy(float), 1)) * 1.2)
        ax.set_yticks(y, table["label"], fontsize=8)
        ax.set_xlabel(label("平均月收入（元）与95%置信区间", "Mean monthly wage (yuan), 95% CI", lang))
        ax.set_title(titles[key], fontsize=10)
    fig.tight_layout()
    return watermark(fig, synthetic, lang)


def pay_figure(result: PayComparison, context: pd.DataFrame, lang: str, min_cell: int,
               synthetic: bool = False) -> plt.Figure:
    """Annualised wage (mean, median, 95% CI) beside the published per-capita incomes."""
    rows = []
    if result.annual_mean.n >= min_cell:
        rows.append((label("员工平均年收入", "Employees: mean annual wage", lang), result.annual_mean, PALETTE[0]))
        rows.append((label("员工年收入中位数", "Employees: median annual wage", lang), result.annual_median,
                     PALETTE[0]))
    for code, row in result.references.items():
        name = county_name(code, lang)
        rows.append((label(f"{name}居民人均可支配收入", f"{name}: per-capita disposable income", lang),
                     None if row is None else float(row["income_yuan"]), PALETTE[1]))
    for _, row in context.iterrows():
        who = {"all": ("全体居民", "all residents"), "urban": ("城镇居民", "urban residents"),
               "rural": ("农村居民", "rural residents")}[row["residents"]]
        english = {"全国": "China", "脱贫县": "Counties out of poverty"}.get(row["name"], row["name"])
        place = label(row["name"], english, lang)
        rows.append((label(f"{place}{who[0]}人均可支配收入", f"{place}: {who[1]}, per-capita disposable income", lang),
                     float(row["income_yuan"]), PALETTE[7]))
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.6))
    y = np.arange(len(rows))[::-1]
    for yi, (_, value, color) in zip(y, rows):
        if value is None:
            ax.barh(yi, 0)
            ax.text(300, yi, label("参照表中缺失（未估计）", "missing from the reference table (not estimated)", lang),
                    va="center", fontsize=8, color="firebrick")
            continue
        point = value.value if hasattr(value, "value") else value
        ax.barh(yi, point, color=color, height=0.6)
        top = point
        if hasattr(value, "lo"):
            ax.errorbar(point, yi, xerr=[[point - value.lo], [value.hi - point]], fmt="none", ecolor="0.25", capsize=3)
            top = value.hi
        ax.text(top + 500, yi, f"{point:,.0f}", va="center", fontsize=8, color="0.3")
    ax.set_yticks(y, [r[0] for r in rows], fontsize=8)
    ax.set_xlabel(label(f"元/年（工资 = 月收入 × {MONTHS_PER_YEAR}；收入为{INCOME_YEAR}年）",
                        f"yuan per year (wage = monthly x {MONTHS_PER_YEAR}; incomes of {INCOME_YEAR})", lang))
    ax.set_title(label("员工年收入与居民人均可支配收入", "Employees' annual pay and per-capita disposable income",
                       lang), fontsize=10)
    fig.tight_layout()
    return watermark(fig, synthetic, lang)


FAMILY_CODES = (1, 2, 3)


def reasons_figure(table: pd.DataFrame, lang: str, min_cell: int,
                   synthetic: bool = False) -> plt.Figure:
    """Reasons women were not working before (multi-select), family reasons highlighted."""
    fig, ax = plt.subplots(figsize=(8, 3.6))
    colors = [PALETTE[3] if code in FAMILY_CODES else PALETTE[7] for code in table["code"]]
    title = label(f"入职前未就业的原因（多选；{table.attrs.get('denominator', '')}）",
                  f"Reasons for not working before (several allowed; {table.attrs.get('denominator', '')})", lang)
    _share_bars(ax, table, min_cell, title, colors=colors)
    ax.text(0.99, 0.02, label("红色：家庭因素", "red: family reasons", lang), transform=ax.transAxes,
            ha="right", fontsize=8, color=PALETTE[3])
    fig.tight_layout()
    return watermark(fig, synthetic, lang)


def commute_figure(table: pd.DataFrame, lang: str, min_cell: int,
                   synthetic: bool = False) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(7, 3.0))
    _share_bars(ax, table, min_cell, label("单程通勤时间（分钟）", "One-way commute (minutes)", lang), color=PALETTE[2])
    fig.tight_layout()
    return watermark(fig, synthetic, lang)


def labour_figure(table: pd.DataFrame, code: str, lang: str) -> plt.Figure:
    """The census measures of the county beside its province and China, 2010 and 2020."""
    measures = [m for m in MEASURES if m in set(table["measure"])]
    fig, axes = plt.subplots(1, len(measures), figsize=(3.0 * len(measures) + 1, 3.6), squeeze=False)
    for ax, measure in zip(axes[0], measures):
        part = table[table["measure"] == measure]
        years = sorted(part["year"].unique())
        x = np.arange(len(years))
        for k, scope in enumerate(("county", "province", "nation")):
            values = part[part["scope"] == scope].set_index("year")["share"].reindex(years) * 100
            ax.bar(x + (k - 1) * 0.27, values.to_numpy(dtype=float), width=0.27, color=SCOPE_COLORS[scope],
                   label=category_label("scope", scope, lang))
        ax.set_xticks(x, [str(y) for y in years])
        ax.set_title(MEASURES[measure][0 if lang == "zh" else 1], fontsize=8, wrap=True)
        ax.set_ylabel("%")
    axes[0][0].legend(fontsize=7)
    fig.suptitle(label(f"{county_name(code, lang)}的劳动力市场（人口普查长表）",
                       f"{county_name(code, lang)}: the labour market (census long form)", lang), fontsize=10)
    fig.tight_layout()
    return fig


def industry_figure(mix: pd.DataFrame, code: str, lang: str) -> plt.Figure:
    """Employed by industry section: county, province, China; 2010 and 2020."""
    years = sorted(mix["year"].unique())
    categories = list(mix["industry"].cat.categories)
    fig, axes = plt.subplots(1, len(years), figsize=(10, 4.2), sharey=True, squeeze=False)
    x = np.arange(len(categories))
    for ax, year in zip(axes[0], years):
        part = mix[mix["year"] == year]
        for k, scope in enumerate(("county", "province", "nation")):
            values = part[part["scope"] == scope].set_index("industry")["share"].reindex(categories) * 100
            ax.bar(x + (k - 1) * 0.27, values.to_numpy(dtype=float), width=0.27, color=SCOPE_COLORS[scope],
                   label=category_label("scope", scope, lang))
        names = [label("其他行业", "other", lang) if c == "other" else category_label("industry", c, lang)
                 for c in categories]
        ax.set_xticks(x, names, rotation=35, ha="right", fontsize=8)
        ax.set_title(str(year))
    axes[0][0].set_ylabel(label("占就业人口（%）", "% of the employed", lang))
    axes[0][0].legend(fontsize=8)
    fig.suptitle(label(f"{county_name(code, lang)}：就业人口的行业构成",
                       f"{county_name(code, lang)}: employed by industry", lang), fontsize=10)
    fig.tight_layout()
    return fig
