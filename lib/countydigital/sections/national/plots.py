"""Figures of the national notebook (04): county choropleths of China and the nearest-county map.

Every map is drawn on the boundaries' own Albers equal-area projection (areas true to
scale), every unit as one path with its holes (`mapdraw`), provinces outlined on top.
The South China Sea islands (南海诸岛) and the dashed line of the source map are drawn in
an inset at the lower right of a national map; a province map has no inset. Classes are
fixed breaks (not quantiles), so two runs and two regions share one legend; each legend
entry gives the class range in the indicator's unit and the number of units in it.
"""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.patches import Patch

from ... import boundaries, census, mapdraw
from ...census.labels import place_name
from ...plotting import label
from . import analysis

NO_DATA = "#d0d0d0"     # a unit of the region without a comparable value
OUTSIDE = "#f2f2f2"     # a unit outside the region shown
PROVINCE_EDGE = "#4d4d4d"
REFERENCE_COLORS = ("#d62728", "#1f4e9c", "#2ca02c", "#9467bd", "#8c564b")

# The main map stops just south of Hainan island; the inset shows the sea below it.
MAIN_SOUTH = -2.05e6
INSET_BOX = (0.40e6, -3.55e6, 1.90e6, -1.70e6)  # minx, miny, maxx, maxy (metres)


@dataclass(frozen=True)
class Classes:
    """Fixed class breaks of a mapped indicator, its colours and its legend title."""

    column: str
    breaks: tuple[float, ...]  # inner breaks; the first class is < breaks[0], the last >= breaks[-1]
    colors: tuple[str, ...]
    zh: str
    en: str
    unit: str

    def classify(self, values) -> np.ndarray:
        """Class index of each value (0 .. len(colors)-1), -1 where missing."""
        values = np.asarray(values, dtype=float)
        index = np.searchsorted(np.asarray(self.breaks), values, side="right")
        return np.where(np.isnan(values), -1, index)

    def labels(self, lang: str = "zh") -> list[str]:
        """Class ranges: "< -20", "-20 to -10" (zh "-20 至 -10"), ..., "≥ 20"."""
        b = [f"{x:g}" for x in self.breaks]
        to = label("至", "to", lang)
        return [f"< {b[0]}"] + [f"{lo} {to} {hi}" for lo, hi in zip(b[:-1], b[1:])] + [f"≥ {b[-1]}"]

    def title(self, lang: str) -> str:
        return f"{label(self.zh, self.en, lang)} ({self.unit})"


# Diverging (red = fell) for changes, sequential for the education level.
CLASSES = {
    "population_change_pct": Classes(
        "population_change_pct", (-20, -10, -5, 0, 5, 10, 20),
        ("#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac"),
        "常住人口变化 2010→2020", "Change of resident population 2010→2020", "%"),
    "share_20_34_change_pp": Classes(
        "share_20_34_change_pp", (-8, -6, -4, -2, 0, 2),
        ("#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#d1e5f0", "#92c5de", "#2166ac"),
        "20–34岁人口比重变化 2010→2020", "Change of the share aged 20–34, 2010→2020", "pp"),
    "junior_college_2020_pct": Classes(
        "junior_college_2020_pct", (5, 7.5, 10, 15, 20, 30),
        ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
        "大专及以上人口比重 2020（6岁及以上）", "Junior college or more, 2020 (aged 6+)", "%"),
}


def unit_colors(table: pd.DataFrame, classes: Classes, area: analysis.Region) -> tuple[list[str], np.ndarray]:
    """Face colour of every row of `analysis.map_table()` and its class (-1 no data, -2 outside)."""
    index = classes.classify(table[classes.column])
    inside = table["province_code"].isin(area.province_codes).to_numpy()
    index = np.where(inside, index, -2)
    palette = {-1: NO_DATA, -2: OUTSIDE, **dict(enumerate(classes.colors))}
    return [palette[i] for i in index], index


def _shapes(codes) -> list:
    shapes = boundaries.county_shapes()
    return [shapes[c] for c in codes]


def _dash_lines() -> list[np.ndarray]:
    """The dashed line of the source map (object `tendash`), as coordinate arrays."""
    topology = boundaries.load_topology()
    geometries = topology["objects"].get("tendash", {}).get("geometries", [])
    indices = [i for g in geometries for i in g.get("arcs", [])]
    decoded = boundaries.decode_arcs([topology["arcs"][i if i >= 0 else ~i] for i in indices],
                                     topology.get("transform"))
    return decoded


def _draw_base(ax, shapes, colors, linewidth: float = 0.08) -> None:
    mapdraw.draw_geometries(ax, shapes, facecolors=colors, edgecolors="white", linewidths=linewidth)
    provinces = list(boundaries.province_shapes().values())
    mapdraw.draw_geometries(ax, provinces, facecolors="none", edgecolors=PROVINCE_EDGE, linewidths=0.4)


def _frame(ax, area: analysis.Region) -> None:
    """Limits of the main map: China above the South China Sea, or the province."""
    ax.set_aspect("equal")
    ax.set_axis_off()
    if area.is_province:
        outline = boundaries.province_shapes()[next(iter(area.province_codes))]
        minx, miny, maxx, maxy = outline.bounds
        if maxy > MAIN_SOUTH > miny:  # Hainan: the island, not the sea (see the note)
            miny = MAIN_SOUTH
        pad = 0.04 * max(maxx - minx, maxy - miny)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
    else:
        minx, _, maxx, maxy = shapely.total_bounds(list(boundaries.province_shapes().values()))
        ax.set_xlim(minx, maxx + 0.25e6)
        ax.set_ylim(MAIN_SOUTH, maxy + 0.05e6)


def _inset(ax, shapes, colors, lang: str) -> None:
    """南海诸岛 at the lower right: the same units and colours, the source's dashed line."""
    minx, miny, maxx, maxy = INSET_BOX
    width = 0.17
    height = width * (maxy - miny) / (maxx - minx) * ax.bbox.width / ax.bbox.height
    inset = ax.inset_axes([1 - width, 0.0, width, height])
    _draw_base(inset, shapes, colors, linewidth=0.05)
    for line in _dash_lines():
        inset.plot(line[:, 0], line[:, 1], color=PROVINCE_EDGE, linewidth=0.8)
    inset.set_xlim(minx, maxx)
    inset.set_ylim(miny, maxy)
    inset.set_aspect("equal")
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_edgecolor(PROVINCE_EDGE)
        spine.set_linewidth(0.6)
    inset.set_title(label("南海诸岛", "South China Sea islands", lang), fontsize=7, pad=2)


def _mark(ax, codes, lang: str, colors=REFERENCE_COLORS) -> None:
    """A star and the name at each reference county."""
    shapes = boundaries.county_shapes()
    for k, code in enumerate(codes):
        if code not in shapes:
            continue
        point = shapes[code].representative_point()
        ax.plot(point.x, point.y, marker="*", markersize=11, color=colors[k % len(colors)],
                markeredgecolor="black", markeredgewidth=0.6, zorder=5)
        name = place_name(census.lookup(code), lang)
        ax.annotate(name, (point.x, point.y), xytext=(6, 4), textcoords="offset points", fontsize=8, zorder=6,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})


def choropleth(column: str, references, area: analysis.Region, lang: str) -> plt.Figure:
    """A map of `column` (a key of CLASSES) for every county-level unit, reference counties
    starred, units outside `area` pale; a national map carries the 南海诸岛 inset."""
    classes = CLASSES[column]
    table = analysis.map_table()
    shapes = _shapes(table["code"])
    colors, index = unit_colors(table, classes, area)
    fig, ax = plt.subplots(figsize=(9, 7.2))
    _draw_base(ax, shapes, colors)
    _frame(ax, area)
    if not area.is_province:
        _inset(ax, shapes, colors, lang)
    _mark(ax, references, lang)
    counts = [int((index == k).sum()) for k in range(len(classes.colors))]
    handles = [Patch(facecolor=c, edgecolor="#999999", linewidth=0.4, label=f"{text}  ({n:,})")
               for c, text, n in zip(classes.colors, classes.labels(lang), counts)]
    handles.append(Patch(facecolor=NO_DATA, edgecolor="#999999", linewidth=0.4,
                         label=label(f"无可比数据  ({int((index == -1).sum()):,})",
                                     f"no comparable data  ({int((index == -1).sum()):,})", lang)))
    legend_title = classes.title(lang) + "\n" + label("（括号内：单位数）", "(in brackets: number of units)", lang)
    place = {"loc": "upper left", "bbox_to_anchor": (1.0, 1.0)} if area.is_province else {"loc": "lower left"}
    ax.legend(handles=handles, title=legend_title, fontsize=7, title_fontsize=8, frameon=False, **place)
    ax.set_title(label(f"{classes.zh}：{area.zh}县级单位", f"{classes.en}: county-level units, {area.en}", lang))
    fig.tight_layout()
    return fig


def nearest_map(nearest: pd.DataFrame, references, area: analysis.Region, lang: str) -> plt.Figure:
    """The nearest counties of each reference county (one colour per reference), the
    references starred, every other unit grey."""
    table = analysis.map_table()
    shapes = _shapes(table["code"])
    colors = np.full(len(table), OUTSIDE, dtype=object)
    colors[table["province_code"].isin(area.province_codes).to_numpy()] = "#e0e0e0"
    handles = []
    for k, code in enumerate(references):
        color = REFERENCE_COLORS[k % len(REFERENCE_COLORS)]
        chosen = nearest.loc[nearest["reference"] == code, "code"]
        colors[table["code"].isin(chosen).to_numpy()] = color
        name = place_name(census.lookup(code), lang)
        handles.append(Patch(facecolor=color, label=label(f"与{name}最相近的{len(chosen)}个县",
                                                          f"the {len(chosen)} counties nearest to {name}", lang)))
    fig, ax = plt.subplots(figsize=(9, 7.2))
    _draw_base(ax, shapes, list(colors))
    _frame(ax, area)
    if not area.is_province:
        _inset(ax, shapes, list(colors), lang)
    _mark(ax, references, lang)
    place = {"loc": "upper left", "bbox_to_anchor": (1.0, 1.0)} if area.is_province else {"loc": "lower left"}
    ax.legend(handles=handles, fontsize=8, frameon=False, **place)
    ax.set_title(label(f"与参照县最相近的县（{area.zh}）", f"Counties nearest to the reference counties ({area.en})",
                       lang))
    fig.tight_layout()
    return fig
