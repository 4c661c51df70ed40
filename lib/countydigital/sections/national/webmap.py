"""The county index's national map: inline SVG, one path per unit linking its profile.

Offline by construction: plain SVG inside the page, no script, no tiles, no CDN. Units are
coloured by the population-change classes of the notebook's map (`plots.CLASSES`), so the
two maps read alike. Polygons are simplified (2.5 km, topology preserved) and written in
whole kilometres of the equal-area projection: at the width a page shows them a pixel is
several kilometres, and the page stays well under a megabyte of map. Holes are kept
(`mapdraw.svg_path_data` orients the rings), so an enclosed unit stays visible and
clickable. The South China Sea below Hainan is outside the frame; the caption says so.
"""
from __future__ import annotations

import functools
import html

import numpy as np
import pandas as pd
import shapely

from ... import boundaries, mapdraw
from .plots import CLASSES, MAIN_SOUTH, NO_DATA

SIMPLIFY_METRES = 2500.0
KM = 1e-3


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _view_box() -> str:
    minx, _, maxx, maxy = shapely.total_bounds(list(boundaries.province_shapes().values()))
    left, top = int(np.floor(minx * KM)), int(np.floor(-maxy * KM))
    return f"{left} {top} {int(np.ceil(maxx * KM)) - left} {int(np.ceil(-MAIN_SOUTH * KM)) - top}"


@functools.lru_cache(maxsize=1)
def _geometry() -> tuple[pd.DataFrame, tuple[str, ...], tuple[str, ...]]:
    """The units (in code order), their simplified paths and the provinces' outlines: the same on every index a
    process renders (the atlas renders one ahead, while the profiles are built, and the real one at the end)."""
    props = boundaries.county_properties().sort_values("code", ignore_index=True)
    shapes = boundaries.county_shapes()
    simplified = shapely.simplify(np.array([shapes[c] for c in props["code"]], dtype=object), SIMPLIFY_METRES,
                                  preserve_topology=True)
    outlines = mapdraw.svg_path_data(shapely.simplify(list(boundaries.province_shapes().values()), SIMPLIFY_METRES),
                                     scale=KM)
    return props, tuple(mapdraw.svg_path_data(simplified, scale=KM)), tuple(outlines)


def county_map(table: pd.DataFrame, built: set[str]) -> str:
    """The map's HTML (a <figure> with the SVG and its legend).

    table: one row per unit with code, name and population_change (a fraction, NaN when
    not comparable), as `runner.countyindex.county_table` gives it. built: codes whose
    profile is published; only those units are links (as in the table).
    Every polygon of the boundaries is drawn exactly once, in code order.
    """
    classes = CLASSES["population_change_pct"]
    props, data, outlines = _geometry()
    values = table.set_index("code")
    change = 100 * props["code"].map(values["population_change"]).astype(float)
    names = props["code"].map(values["name"]).fillna(props["name"])
    index = classes.classify(change)
    palette = {-1: NO_DATA, **dict(enumerate(classes.colors))}
    units = []
    for code, name, d, k, value in zip(props["code"], names, data, index, change):
        shown = "no comparable 2010 unit" if np.isnan(value) else f"{value:+.1f}% 2010–2020"
        path = f'<path d="{d}" fill="{palette[int(k)]}"><title>{_e(name)} {code}: {shown}</title></path>'
        units.append(f'<a href="{_e(code)}.html">{path}</a>' if code in built else path)
    provinces = "".join(f'<path d="{d}"/>' for d in outlines)
    counts = [int((index == k).sum()) for k in range(len(classes.colors))]
    legend = "".join(
        f'<li><span class="swatch" style="background:{c}"></span>{_e(t)} % ({n:,})</li>'
        for c, t, n in zip(classes.colors, classes.labels("en"), counts))
    legend += (f'<li><span class="swatch" style="background:{NO_DATA}"></span>无可比数据 no comparable data '
               f'({int((index == -1).sum()):,})</li>')
    return f"""<figure id="national-map">
<svg viewBox="{_view_box()}" role="img" aria-labelledby="national-map-caption" preserveAspectRatio="xMidYMid meet">
<g stroke="#ffffff" stroke-width="0.6" stroke-linejoin="round">{''.join(units)}</g>
<g fill="none" stroke="#4d4d4d" stroke-width="1.5" pointer-events="none">{provinces}</g>
</svg>
<figcaption id="national-map-caption">常住人口变化 2010→2020 · Change of resident population 2010→2020, by county-level
unit ({len(props):,} polygons of the 2021 divisions, Albers equal-area). A unit with a built profile
links to it; hover for its name. The South China Sea islands are not shown here (see the national notebook's inset).
<ul class="legend">{legend}</ul></figcaption>
</figure>"""


MAP_STYLE = """
#national-map { margin: 1em 0; } #national-map svg { width: 100%; max-height: 80vh; background: #fafafa; }
#national-map a path:hover { stroke: #000; stroke-width: 1.5; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3em 1.2em; font-size: 90%; }
.swatch { display: inline-block; width: 1em; height: 1em; margin-right: .3em; vertical-align: -0.15em;
          border: 1px solid #999; }
"""
