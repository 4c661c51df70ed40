"""County polygons from the TopoJSON boundaries file, their areas, and locator maps.

The file (see data/manifest.yaml, key `county_boundaries`) holds 2,990 county-level
units of the 2021 divisions in an Albers equal-area projection for China (metres),
so planar polygon areas are proportional to true areas; `county_areas()` checks the
planar areas against the file's own `area` property.

TopoJSON in brief: shapes share their borders as "arcs"; an arc is a list of points,
quantized to integers and delta-encoded (each point is the offset from the previous
one), and `transform` maps the integers back to coordinates. A polygon is a list of
rings, a ring a list of arc indices; index ~i (i.e. -i-1) means arc i reversed.
Decoding is done here in a few lines (`decode_arcs`, `stitch_ring`) rather than with
a GIS dependency; shapely only holds the result. The decoded shapes are cached as
WKB in parquet under paths.PROCESSED_DIR (named by the file's sha256 and this
module's code), so later runs skip the JSON parsing and decoding.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon

from . import datafetch, paths
from .census.tidy import write_parquet_atomic
from .census.units import unit_type
from .exceptions import DataError

DATA_KEY = "county_boundaries"
COUNTY_OBJECT = "county"
PROVINCE_OBJECT = "province"


# --- TopoJSON decoding -----------------------------------------------------------------

def decode_arcs(arcs: list, transform: dict | None = None) -> list[np.ndarray]:
    """Absolute (x, y) coordinates of every arc.

    With a `transform` ({"scale": [sx, sy], "translate": [tx, ty]}) the arcs are
    quantized and delta-encoded: positions are cumulated, then scaled and translated.
    Without one, positions are already absolute.
    """
    out = []
    if transform is None:
        for arc in arcs:
            out.append(np.asarray(arc, dtype=float)[:, :2])
        return out
    scale = np.asarray(transform["scale"], dtype=float)
    translate = np.asarray(transform["translate"], dtype=float)
    for arc in arcs:
        quantized = np.asarray(arc, dtype=np.int64)[:, :2]
        out.append(np.cumsum(quantized, axis=0) * scale + translate)
    return out


def stitch_ring(arc_indices: list[int], decoded: list[np.ndarray]) -> np.ndarray:
    """The coordinates of a ring made of arcs (~i = arc i reversed), shared ends merged."""
    parts = []
    for k, index in enumerate(arc_indices):
        points = decoded[index] if index >= 0 else decoded[~index][::-1]
        parts.append(points if k == 0 else points[1:])
    return np.concatenate(parts)


def geometry_to_shape(geometry: dict, decoded: list[np.ndarray]):
    """A shapely Polygon or MultiPolygon for a TopoJSON Polygon/MultiPolygon geometry."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise DataError(f"unsupported TopoJSON geometry type {kind!r} (want Polygon/MultiPolygon)")
    shapes = []
    for rings in polygons:
        coords = [stitch_ring(ring, decoded) for ring in rings]
        shapes.append(Polygon(coords[0], coords[1:]))
    return shapes[0] if kind == "Polygon" else MultiPolygon(shapes)


def topology_shapes(topology: dict, object_name: str) -> list[tuple[dict, object]]:
    """(properties, shape) of every geometry in one object of a topology."""
    try:
        geometries = topology["objects"][object_name]["geometries"]
    except KeyError as exc:
        raise DataError(f"topology has no object {object_name!r}") from exc
    decoded = decode_arcs(topology["arcs"], topology.get("transform"))
    return [(g.get("properties") or {}, geometry_to_shape(g, decoded)) for g in geometries]


# --- the project's boundaries file -------------------------------------------------

@functools.lru_cache(maxsize=1)
def load_topology(path: Path | None = None) -> dict:
    path = path or datafetch.raw_path(DATA_KEY)
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read the county boundaries ({exc})") from exc


def _code(value) -> str:
    return f"{int(value):06d}"


def cache_path() -> Path:
    """Parquet cache of the decoded shapes: named by the file's sha256 and this module's code."""
    sha = datafetch.load_manifest()[DATA_KEY].sha256[:12]
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return paths.PROCESSED_DIR / f"boundaries_{sha}_{code}.parquet"


def _build_table() -> pd.DataFrame:
    topology = load_topology()
    rows = []
    for props, shape in topology_shapes(topology, COUNTY_OBJECT):
        code = _code(props["CODE"])
        rows.append({
            "object": COUNTY_OBJECT, "code": code, "name": props["NAME"],
            "eng_name": props.get("ENG_NAME") or "", "province_code": _code(props["PROV_CODE"]),
            "year": props.get("YEAR"), "area_m2": float(props["area"]),
            "unit_type": unit_type(code, props["NAME"]), "wkb": shapely.to_wkb(shape),
        })
    for props, shape in topology_shapes(topology, PROVINCE_OBJECT):
        code = _code(props["CODE"])
        rows.append({"object": PROVINCE_OBJECT, "code": code, "province_code": code,
                     "wkb": shapely.to_wkb(shape)})
    return pd.DataFrame(rows)


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    """Every decoded shape with its properties, from the parquet cache (built on first use:
    decoding the TopoJSON takes a few seconds, reading the cache a fraction of one)."""
    target = cache_path()
    if target.exists():
        return pd.read_parquet(target)
    table = _build_table()
    write_parquet_atomic(table, target)
    for stale in target.parent.glob("boundaries_*.parquet"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return table


@functools.lru_cache(maxsize=1)
def county_properties() -> pd.DataFrame:
    """Properties of every county polygon.

    Columns: code, name, eng_name (pinyin, '' when absent), province_code, year,
    area_m2 (the file's own `area` property), unit_type.
    """
    table = _table()
    table = table[table["object"] == COUNTY_OBJECT]
    columns = ["code", "name", "eng_name", "province_code", "year", "area_m2", "unit_type"]
    return table[columns].astype({"year": int}).reset_index(drop=True)


def _shapes(object_name: str) -> dict[str, object]:
    table = _table()
    table = table[table["object"] == object_name]
    return dict(zip(table["code"], shapely.from_wkb(table["wkb"].to_numpy())))


@functools.lru_cache(maxsize=1)
def county_shapes() -> dict[str, object]:
    """code -> shapely geometry (Albers equal-area metres) of every county polygon."""
    return _shapes(COUNTY_OBJECT)


@functools.lru_cache(maxsize=1)
def province_shapes() -> dict[str, object]:
    """province code -> shapely geometry of the province outlines."""
    return _shapes(PROVINCE_OBJECT)


@functools.lru_cache(maxsize=1)
def county_areas() -> pd.DataFrame:
    """county_properties() plus area_km2: the planar area of the decoded polygon."""
    frame = county_properties().copy()
    shapes = county_shapes()
    frame["area_km2"] = [shapely.area(shapes[c]) / 1e6 for c in frame["code"]]
    frame["area_property_km2"] = frame["area_m2"] / 1e6
    return frame.drop(columns="area_m2")


# --- locator maps --------------------------------------------------------------------

@dataclass(frozen=True)
class ProvinceMap:
    """What a locator map draws: every unit of the county's province, one highlighted."""

    code: str
    province_code: str
    shapes: dict  # code -> shapely geometry, the province's units
    outline: object | None  # the province outline, when the file has it

    @property
    def highlight(self):
        """The county's shape, or None when the boundaries have no polygon for it."""
        return self.shapes.get(self.code)


def province_map(code: str, province_code: str | None = None) -> ProvinceMap:
    """The data of a locator map for county `code` (6-digit) within its province.

    A unit without a polygon (a development zone or other statistics-only unit the
    2021 boundaries do not draw) raises DataError, unless `province_code` is given:
    then the map shows the province with nothing highlighted.
    """
    props = county_properties()
    hit = props[props["code"] == str(code)]
    if len(hit):
        province_code = hit["province_code"].iloc[0]
    elif province_code is None:
        raise DataError(f"county {code} has no polygon in the boundaries file (2021 divisions)")
    shapes = county_shapes()
    members = props.loc[props["province_code"] == province_code, "code"]
    return ProvinceMap(code=str(code), province_code=province_code,
                       shapes={c: shapes[c] for c in members},
                       outline=province_shapes().get(province_code))


def exterior_rings(shape) -> list[np.ndarray]:
    """Outer rings of a Polygon or MultiPolygon (what a PolyCollection draws)."""
    parts = shape.geoms if isinstance(shape, MultiPolygon) else [shape]
    return [np.asarray(p.exterior.coords) for p in parts]


def draw_province_map(code: str, ax=None, *, color: str = "#c0392b", label: str | None = None,
                      province_code: str | None = None):
    """Draw the province's units in grey with `code` highlighted; return the axes.

    Units are drawn with `mapdraw` (one matplotlib path per unit, holes included; no GIS dependency); the projection
    is the file's equal-area one, so the map keeps true proportions. `province_code`:
    see `province_map` (a unit without a polygon is then simply not highlighted).
    """
    import matplotlib.pyplot as plt

    from .mapdraw import draw_geometries  # one path per unit, holes kept (沽源县 encloses another unit)

    data = province_map(code, province_code)
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
