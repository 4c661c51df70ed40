"""Figures of the county-context notebook (00): locator map, age-sex pyramid, a county
beside its province and the nation, and the national county shares.

Each function takes a county (code, name or pinyin) and the language returned by
`plotting.setup(lang)`, and returns a matplotlib Figure. Nothing random, no dates:
the same data always draw the same figure.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely

from ... import boundaries
from ...census import INDICATORS, lookup
from ...census.indicators import indexed
from ...census.labels import category_label, place_name, province_name
from ...census.mapping import AGE_GROUPS
from ...census.shares import shares as census_shares
from ...exceptions import CensusMeasureUnavailable
from ...mapdraw import draw_geometries
from ...plotting import Png, bars, fixed_layout, label, rendered, same_background

SCOPE_COLORS = {"county": "#c0504d", "province": "#7f9cc0", "nation": "#5a5a5a"}
YEAR_COLORS = {2010: "#a9c3e0", 2020: "#3b6ea8"}

# Margins in inches for the county profile's figures (plotting.fixed_layout): the widest that
# tight_layout chose for 65 units (every kind of unit, both census years or one) in both languages.
LAYOUTS = {
    "locator": dict(left=0.18, right=0.18, bottom=0.18, top=0.42, wspace=-0.017),
    "pyramid": dict(left=0.6, right=0.28, bottom=0.71, top=0.82, wspace=0.1),
    "indicator": dict(left=0.78, right=0.18, bottom=0.47, top=0.75),
    "education": dict(left=0.7, right=0.18, bottom=0.88, top=0.82, wspace=0.12),
    "sectors": dict(left=0.7, right=0.18, bottom=0.45, top=0.82, wspace=0.05),
}


def draw_province_map(code: str, ax=None, *, color: str = "#c0392b", label: str | None = None,
                      province_code: str | None = None):
    """Draw the province's units in grey with `code` highlighted; return the axes.

    Units are drawn with `mapdraw` (one matplotlib path per unit, holes included; no GIS
    dependency: 沽源县 encloses another unit); the projection is the file's equal-area one, so
    the map keeps true proportions. `province_code`: see `province_map` (a unit without a
    polygon is then simply not highlighted).
    """
    data = boundaries.province_map(code, province_code)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    others = [s for c, s in data.shapes.items() if c != data.code]
    draw_geometries(ax, others, facecolors="#e6e6e6", edgecolors="white", linewidths=0.4)
    if data.highlight is not None:
        draw_geometries(ax, [data.highlight], facecolors=color, edgecolors="black", linewidths=0.6, label=label)
    if data.outline is not None:
        draw_geometries(ax, [data.outline], facecolors="none", edgecolors="#555555", linewidths=0.8)
    minx, miny, maxx, maxy = shapely.total_bounds(list(data.shapes.values()))
    pad = 0.03 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _no_data_figure(title: str, lang: str) -> plt.Figure:
    """A small figure that says the census has no such table for this unit."""
    fig, ax = plt.subplots(figsize=(6, 1.6))
    ax.text(0.5, 0.5, label("普查分县表中该单位没有这项数据",
                            "The county census tables have no such data for this unit", lang),
            ha="center", va="center")
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def locator_figure(code, lang: str) -> plt.Figure:
    """Left: China's provinces, the county's highlighted. Right: the province's county-level
    units, the county highlighted (equal-area projection, true proportions)."""
    county = lookup(code)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4.6), gridspec_kw={"width_ratios": [1.3, 1]})
    provinces = boundaries.province_shapes()
    draw_geometries(left, [s for c, s in provinces.items() if c != county.province_code],
                    facecolors="#e6e6e6", edgecolors="white", linewidths=0.4)
    draw_geometries(left, [s for c, s in provinces.items() if c == county.province_code],
                    facecolors="#7f9cc0", edgecolors="white", linewidths=0.4)
    left.set_aspect("equal")
    left.set_axis_off()
    left.set_title(label(f"{county.province}在全国的位置", f"{province_name(county, lang)} in China", lang))
    # the same map of China for every unit of a province: drawn once per process (plotting.same_background)
    same_background(fig, left, ("locator-china", county.province_code, left.get_title()))
    draw_province_map(county.code, ax=right, color=SCOPE_COLORS["county"],
                                 province_code=county.province_code)
    if county.code in set(boundaries.county_properties()["code"]):
        right.set_title(label(f"{county.name}在{county.province}的位置",
                              f"{place_name(county, lang)} in {province_name(county, lang)}", lang))
    else:  # a statistics-only unit (development zone ...) that the boundaries do not draw
        right.set_title(label(f"{county.province}（边界数据中没有{county.name}）",
                              f"{province_name(county, lang)} ({place_name(county, lang)} has no polygon "
                              "in the boundaries)", lang))
    fixed_layout(fig, **LAYOUTS["locator"])
    return fig


def pyramid_figure(code, lang: str, years=None) -> plt.Figure:
    """Age-sex pyramids of the county (bars) with the province and China (lines), as
    shares of each one's whole population, one panel per census year (default: every
    census year the county has a row in)."""
    county = lookup(code)
    years = years or county.years
    # one panel (a unit of one census) is drawn wider, so that the English title fits above it
    fig, axes = plt.subplots(1, len(years), figsize=(max(4.5 * len(years), 6.2), 4.8), sharey=True, sharex=True)
    y = np.arange(len(AGE_GROUPS))
    # every bar series as an array, the province's and nation's kept per process (census.shares)
    _, shares = census_shares("age_sex", county.code, years, "age_group", split="sex", categories=AGE_GROUPS)
    for ax, year in zip(np.atleast_1d(axes), years):
        for scope in ("county", "province", "nation"):
            men, women = shares[(year, scope, "male")], shares[(year, scope, "female")]
            name = category_label("scope", scope, lang)
            if scope == "county":
                bars(ax, y, -men, horizontal=True, color="#3b6ea8", height=0.85,
                     label=label("本县 男", "county, men", lang))
                bars(ax, y, women, horizontal=True, color=SCOPE_COLORS["county"], height=0.85,
                     label=label("本县 女", "county, women", lang))
            else:
                style = "--" if scope == "province" else "-"
                ax.step(-men, y, where="mid", color=SCOPE_COLORS[scope], linestyle=style,
                        linewidth=1.2, label=name)
                ax.step(women, y, where="mid", color=SCOPE_COLORS[scope], linestyle=style,
                        linewidth=1.2)
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_yticks(y, AGE_GROUPS, fontsize=8)
        ax.set_title(str(year))
        ticks = ax.get_xticks()
        ax.set_xticks(ticks, [f"{abs(t):g}" for t in ticks])
        ax.set_xlabel(label("占总人口 %（左：男，右：女）", "% of population (left men, right women)", lang))
    np.atleast_1d(axes)[0].legend(fontsize=8, loc="upper left")
    fig.suptitle(label(f"{county.name}人口金字塔，与本省、全国比较",
                       f"Age-sex pyramid of {place_name(county, lang)} vs province and China", lang))
    fixed_layout(fig, **LAYOUTS["pyramid"])
    return fig


def comparison_figure(kind: str, code, lang: str, years=None) -> plt.Figure:
    """A distribution (education, sectors or occupation) of the county beside its province
    and China, grouped bars of shares, one panel per census year (default: the county's)."""
    county = lookup(code)
    years = years or county.years
    titles = {
        "education": ("6岁及以上人口受教育程度", "Education of residents aged 6+"),
        "sectors": ("就业人口的产业构成（长表抽样）", "Employed by sector (long-form sample)"),
        "occupation": ("就业人口的职业构成（长表抽样）", "Employed by occupation (long-form sample)"),
    }[kind]
    title = label(f"{county.name}：{titles[0]}", f"{place_name(county, lang)}: {titles[1]}", lang)
    category = {"education": "level", "sectors": "sector", "occupation": "occupation"}[kind]
    label_kind = {"education": "education", "sectors": "sector", "occupation": "occupation"}[kind]
    try:  # every bar series as an array, the province's and nation's kept per process (census.shares)
        categories, shares = census_shares(kind, county.code, years, category)
    except CensusMeasureUnavailable:
        return _no_data_figure(title, lang)
    fig, axes = plt.subplots(1, len(years), figsize=(4.75 * len(years), 4.2), sharey=True)
    x = np.arange(len(categories))
    width = 0.27
    for ax, year in zip(np.atleast_1d(axes), years):
        for k, scope in enumerate(("county", "province", "nation")):
            bars(ax, x + (k - 1) * width, shares[(year, scope)], width=width, color=SCOPE_COLORS[scope],
                 label=category_label("scope", scope, lang))
        ax.set_xticks(x, [category_label(label_kind, c, lang) for c in categories],
                      rotation=30 if len(categories) > 3 else 0, ha="right" if len(categories) > 3 else "center",
                      fontsize=8)
        ax.set_title(str(year))
    np.atleast_1d(axes)[0].set_ylabel("%")
    np.atleast_1d(axes)[0].legend(fontsize=8)
    fig.suptitle(title)
    if kind in LAYOUTS:
        fixed_layout(fig, **LAYOUTS[kind])
    else:
        fig.tight_layout()
    return fig


def indicator_figure(code, indicator_names: list[str], lang: str, years=None) -> plt.Figure:
    """Share indicators of the county, its province and China in each census year
    (default: the years the county has a row in)."""
    county = lookup(code)
    years = years or county.years
    fig, axes = plt.subplots(1, len(indicator_names), figsize=(3.6 * len(indicator_names) + 1, 3.8),
                             squeeze=False)
    for ax, name in zip(axes[0], indicator_names):
        x = np.arange(len(years))
        for k, scope in enumerate(("county", "province", "nation")):
            values = []
            for year in years:  # the shared tables indexed by code (census.indexed): no copy of a table per value
                if scope == "county":
                    values.append(indexed(year, "unit").loc[county.code, name])
                else:
                    frame = indexed(year, scope)
                    key = frame.index[0] if scope == "nation" else indexed(year, "unit").loc[
                        county.code, "province_code"]
                    values.append(frame.loc[key, name])
            bars(ax, x + (k - 1) * 0.27, np.asarray(values, dtype=float) * 100, width=0.27,
                 color=SCOPE_COLORS[scope], label=category_label("scope", scope, lang))
        ax.set_xticks(x, [str(y) for y in years])
        ax.set_title(INDICATORS[name].label(lang), fontsize=10)
        ax.set_ylabel("%")
    axes[0][0].legend(fontsize=8)
    fig.suptitle(label(f"{county.name}与本省、全国比较", f"{place_name(county, lang)} vs province and China",
                       lang), fontsize=11)
    if len(indicator_names) == 1:
        fixed_layout(fig, **LAYOUTS["indicator"])
    else:
        fig.tight_layout()
    return fig


def national_shares_figure(table: pd.DataFrame, published: dict[str, tuple[float, str]],
                           lang: str) -> plt.Figure:
    """Recomputed county shares (bars; one per definition and year) beside the report's
    figure (dashed line).

    `table` is `analysis.national_shares()`; `published` is `analysis.published_figures()`
    (quantity -> (percent, wording)).
    """
    quantities = [q for q in ("land", "population", "rural_population", "registered_population")
                  if q in set(table["quantity"])]
    fig, axes = plt.subplots(1, len(quantities), figsize=(10, 3.8), sharey=True, squeeze=False)
    for ax, quantity in zip(axes[0], quantities):
        rows = table[table["quantity"] == quantity].reset_index(drop=True)
        x = np.arange(len(rows))
        colors = ["#3b6ea8" if d == "county_and_county_city" else "#a9c3e0" for d in rows["definition"]]
        ax.bar(x, rows["share_pct"], color=colors)
        for xi, value in zip(x, rows["share_pct"]):
            ax.text(xi, value + 1, f"{value:.1f}", ha="center", fontsize=8)
        ax.set_xticks(x, [str(y) for y in rows["year"]], fontsize=8)
        if quantity in published:
            value, wording = published[quantity]
            ax.axhline(value, color=SCOPE_COLORS["county"], linestyle="--", linewidth=1.2)
            ax.text(len(rows) - 0.5, value + 1.5, label(f"报告 {wording}", f"report {wording}", lang),
                    ha="right", color=SCOPE_COLORS["county"], fontsize=8)
        ax.set_title(category_label("quantity", quantity, lang), fontsize=10)
        ax.set_ylim(0, 105)
    axes[0][0].set_ylabel(label("县域占全国 %", "county share of China, %", lang))
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in ("#3b6ea8", "#a9c3e0")]
    fig.legend(handles, [category_label("definition", d, lang)
                         for d in ("county_and_county_city", "all_but_districts")],
               loc="lower center", ncol=2, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def national_shares_image(table: pd.DataFrame, published: dict[str, tuple[float, str]], lang: str) -> Png:
    """`national_shares_figure`, drawn once per process for the same table, figures and language: every
    county page shows the same one."""
    key = ("national_shares", lang, int(pd.util.hash_pandas_object(table).sum()), repr(sorted(published.items())))
    return rendered(key, lambda: national_shares_figure(table, published, lang))
