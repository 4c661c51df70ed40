"""The national section: polygons drawn once with their holes, the outflow figures, nearest counties, the index map."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import shapely  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from shapely.geometry import MultiPolygon, Polygon  # noqa: E402

from countydigital import boundaries, census, mapdraw  # noqa: E402
from countydigital.exceptions import CountyLookupError  # noqa: E402
from countydigital.sections.context.plots import draw_province_map  # noqa: E402
from countydigital.sections.national import analysis, plots, webmap  # noqa: E402

SQUARE = [(0, 0), (10, 0), (10, 10), (0, 10)]
HOLE = [(3, 3), (3, 7), (7, 7), (7, 3)]
GUYUAN = "130724"  # 沽源县, next to 张北县: one of the four Hebei units with a hole


def _rings(geometry) -> int:
    parts = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return sum(1 + len(p.interiors) for p in parts)


def _moves(path: Path) -> int:
    return int(np.count_nonzero(path.codes == Path.MOVETO)) if path.codes is not None else 0


# --- mapdraw -------------------------------------------------------------------------------

@pytest.mark.parametrize("hole", [HOLE, HOLE[::-1]])  # either input orientation
def test_compound_path_keeps_the_hole(hole):
    shapes = [Polygon(SQUARE, [hole]), MultiPolygon([Polygon(SQUARE), Polygon([(20, 0), (22, 0), (22, 2)])]),
              Polygon()]
    paths = mapdraw.geometry_paths(shapes)
    assert len(paths) == 3 and [_moves(p) for p in paths] == [2, 2, 0]
    assert mapdraw.signed_area(paths[0]) == pytest.approx(100 - 16)
    assert mapdraw.signed_area(paths[1]) == pytest.approx(100 + 2)


def test_hole_is_empty_when_rendered():
    fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
    mapdraw.draw_geometries(ax, [Polygon(SQUARE, [HOLE])], facecolors="#000000", edgecolors="none")
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_axis_off()
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())

    def pixel(x, y):
        px, py = ax.transData.transform((x, y))
        return image[image.shape[0] - int(py), int(px), :3]

    assert (pixel(5, 5) > 200).all()   # the hole: background shows through
    assert (pixel(1, 1) < 50).all()    # the ring: filled
    plt.close(fig)


def test_every_unit_is_one_path_with_all_its_rings():
    shapes = boundaries.county_shapes()
    codes = list(shapes)
    paths = mapdraw.geometry_paths([shapes[c] for c in codes])
    assert len(paths) == len(codes) == len(set(codes)) == 2990
    assert [_moves(p) for p in paths] == [_rings(shapes[c]) for c in codes]
    with_holes = [c for c in codes if _rings(shapes[c]) > len(getattr(shapes[c], "geoms", [shapes[c]]))]
    assert len(with_holes) == 51 and GUYUAN in with_holes
    valid = [i for i, c in enumerate(codes) if shapely.is_valid(shapes[c])]
    drawn = np.array([mapdraw.signed_area(paths[i]) for i in valid])
    assert np.allclose(drawn, shapely.area([shapes[codes[i]] for i in valid]), rtol=1e-9)


def test_locator_map_draws_each_unit_of_the_province_once_with_holes():
    fig, ax = plt.subplots()
    draw_province_map("130722", ax=ax)
    units = boundaries.province_map("130722").shapes
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    unit_paths = [p for c in collections[:2] for p in c.get_paths()]  # others, then the county; the outline last
    assert len(unit_paths) == len(units)
    assert sum(_moves(p) for p in unit_paths) == sum(_rings(s) for s in units.values())
    assert max(_moves(p) for p in unit_paths) >= _rings(units[GUYUAN]) > 1
    plt.close(fig)


def test_choropleth_draws_every_polygon_once():
    table = analysis.map_table()
    assert table["code"].is_unique and len(table) == 2990
    fig = plots.choropleth("population_change_pct", ["130529"], analysis.region("all"), "en")
    main = fig.axes[0]
    assert len(main.collections[0].get_paths()) == len(table)
    assert len(main.child_axes) == 1  # the South China Sea inset
    plt.close(fig)


def test_classes_put_breaks_in_the_upper_class_and_missing_apart():
    classes = plots.CLASSES["population_change_pct"]
    assert list(classes.classify([-25, -20, -0.1, 0, 25, np.nan])) == [0, 1, 3, 4, 7, -1]
    assert len(classes.labels("en")) == len(classes.colors)


# --- the outflow reading ----------------------------------------------------------------------

def _independent_outflow() -> pd.DataFrame:
    """The reading computed again from the census indicators with plain pandas."""
    new, old = census.indicators(2020), census.indicators(2010)
    both = new.merge(old, on="code", suffixes=("", "_2010"))
    kinds = ["county", "county_city"]
    both = both[both["unit_type"].isin(kinds) & both["unit_type_2010"].isin(kinds)]
    both["change"] = (both["population"] / both["population_2010"] - 1) * 100
    both["young"] = (both["share_20_34"] - both["share_20_34_2010"]) * 100
    prefix = both["code"].str[:2]
    central_west = ("14 34 36 41 42 43 15 45 50 51 52 53 54 61 62 63 64 65").split()
    east = "11 12 13 31 32 33 35 37 44 46".split()
    rows = {}
    for name, mask in (("central-west", prefix.isin(central_west)), ("east", prefix.isin(east)),
                       ("nation", pd.Series(True, index=both.index))):
        part = both[mask]
        rows[name] = {"n_units": len(part), "share_fell_pct": 100 * (part["change"] < 0).mean(),
                      "median_population_change_pct": part["change"].median(),
                      "median_share_20_34_change_pp": part["young"].median()}
    return pd.DataFrame(rows).T


def test_outflow_figures_equal_an_independent_computation():
    summary = analysis.outflow_summary().set_index("group")
    expected = _independent_outflow()
    for group in expected.index:
        for column in expected.columns:
            assert summary.at[group, column] == pytest.approx(expected.at[group, column], abs=1e-9), (group, column)
    assert analysis.outflow_value(summary.reset_index()) == pytest.approx(
        expected.at["central-west", "median_population_change_pct"])


def test_a_province_region_adds_its_row_and_bad_regions_are_refused():
    assert analysis.region("13") == analysis.region("130000")
    summary = analysis.outflow_summary(analysis.region("130000"))
    assert list(summary["group"]) == ["central-west", "east", "northeast", "nation", "130000"]
    assert len(analysis.region("central-west").province_codes) == 18
    with pytest.raises(CountyLookupError, match="'990000'.*130000 河北省"):
        analysis.region("990000")


# --- nearest counties ---------------------------------------------------------------------------

def test_nearest_counties_are_stable_and_independent_of_row_order(monkeypatch):
    refs = analysis.reference_codes("130529,张北县")
    first = analysis.nearest_counties(refs, analysis.region("all"), 8)
    again = analysis.nearest_counties(refs, analysis.region("all"), 8)
    pd.testing.assert_frame_equal(first, again)
    frame = analysis.nearest_frame()
    shuffled = frame.sample(frac=1, random_state=1).reset_index(drop=True)
    monkeypatch.setattr(analysis, "nearest_frame", lambda: shuffled)
    pd.testing.assert_frame_equal(first, analysis.nearest_counties(refs, analysis.region("all"), 8))
    assert list(first.groupby("reference").size()) == [8, 8]
    assert not first["code"].isin(refs).any()
    assert (first.groupby("reference")["distance"].apply(lambda d: d.is_monotonic_increasing)).all()
    assert set(census.indicators(2020).set_index("code").loc[first["code"], "unit_type"]) <= {"county", "county_city"}


def test_nearest_counties_within_a_province_stay_in_it():
    within = analysis.nearest_counties(["130529"], analysis.region("130000"), 5)
    assert len(within) == 5 and within["code"].str.startswith("13").all()


# --- the county index map -------------------------------------------------------------------------

def test_index_map_draws_every_polygon_once_with_holes_and_links_built_profiles():
    table = pd.DataFrame({"code": ["130529", GUYUAN], "name": ["巨鹿县", "沽源县"],
                          "population_change": [-0.076, 0.01]})
    page = webmap.county_map(table, built={"130529"})
    titles = re.findall(r"<title>\S+ (\d{6}): ", page)
    assert len(titles) == len(set(titles)) == 2990
    assert re.findall(r'<a href="(\d{6})\.html">', page) == ["130529"]
    guyuan = re.search(r'<path d="([^"]+)" fill="[^"]+"><title>沽源县 ' + GUYUAN, page).group(1)
    rings = [np.array(r.replace("M", "").replace("L", " ").split(), float).reshape(-1, 2)
             for r in guyuan.split("Z") if r]

    def area(xy):
        x, y = xy[:, 0], xy[:, 1]
        return 0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))

    signs = {np.sign(area(r)) for r in rings}
    assert len(rings) > 1 and signs == {-1.0, 1.0}  # the outer ring and its hole wind opposite ways
    assert "-7.6% 2010–2020" in page and "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
