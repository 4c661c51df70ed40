"""TopoJSON decoding on a hand-made topology, and the real boundaries' areas and maps."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from countydigital import boundaries

# Two unit squares side by side, A = [0,1]x[0,1] and B = [1,2]x[0,1], sharing the
# arc x=1; A has a square hole [0.25,0.75]^2. Quantized: 1 unit = 4 steps, origin
# (10, 20); positions after the first are deltas.
TINY = {
    "type": "Topology",
    "transform": {"scale": [0.25, 0.25], "translate": [10.0, 20.0]},
    "arcs": [
        [[4, 0], [0, 4]],                      # 0: shared edge (1,0) -> (1,1)
        [[4, 4], [-4, 0], [0, -4], [4, 0]],    # 1: A's other three sides (1,1) -> (0,1) -> (0,0) -> (1,0)
        [[4, 0], [4, 0], [0, 4], [-4, 0]],     # 2: B's other three sides (1,0) -> (2,0) -> (2,1) -> (1,1)
        [[1, 1], [0, 2], [2, 0], [0, -2], [-2, 0]],  # 3: the hole, closed on itself
    ],
    "objects": {
        "county": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1], [3]], "properties": {"CODE": 1}},
            {"type": "MultiPolygon", "arcs": [[[2, ~0]]], "properties": {"CODE": 2}},
        ]},
    },
}


def test_decode_arcs_cumulates_scales_and_translates():
    decoded = boundaries.decode_arcs(TINY["arcs"], TINY["transform"])
    assert decoded[0].tolist() == [[11.0, 20.0], [11.0, 21.0]]
    assert decoded[1].tolist() == [[11.0, 21.0], [10.0, 21.0], [10.0, 20.0], [11.0, 20.0]]
    # without a transform, positions are taken as they are
    plain = boundaries.decode_arcs([[[1.5, 2.5], [3.0, 4.0]]])
    assert plain[0].tolist() == [[1.5, 2.5], [3.0, 4.0]]


def test_stitch_ring_reverses_negative_indices_and_merges_shared_ends():
    decoded = boundaries.decode_arcs(TINY["arcs"], TINY["transform"])
    ring = boundaries.stitch_ring([2, ~0], decoded)
    assert ring.tolist() == [[11, 20], [12, 20], [12, 21], [11, 21], [11, 20]]


def test_shapes_and_areas_of_the_tiny_topology():
    shapes = dict((p["CODE"], s) for p, s in boundaries.topology_shapes(TINY, "county"))
    a, b = shapes[1], shapes[2]
    assert a.area == pytest.approx(1 - 0.25)  # the hole is cut out
    assert b.area == pytest.approx(1.0) and b.geom_type == "MultiPolygon"
    assert a.is_valid and b.is_valid
    assert a.touches(b) and shapely.area(shapely.union(a, b)) == pytest.approx(1.75)


def test_unknown_object_or_geometry_type_is_a_data_error():
    from countydigital.exceptions import DataError

    with pytest.raises(DataError, match="no object 'nope'"):
        boundaries.topology_shapes(TINY, "nope")
    with pytest.raises(DataError, match="LineString"):
        boundaries.geometry_to_shape({"type": "LineString", "arcs": [0]}, [])


@pytest.fixture(scope="module")
def areas():
    return boundaries.county_areas()


def test_every_county_has_a_valid_shape(areas):
    assert len(areas) == 2990 and areas["code"].is_unique
    assert (areas["area_km2"] > 0).all()


def test_planar_areas_agree_with_the_file_area_property(areas):
    # Equal-area projection: planar area ~ true area. The file's own `area` was computed
    # before simplification, so small island counties lose some coast; in total and for
    # most counties the two agree closely.
    ratio = areas["area_km2"] / areas["area_property_km2"]
    assert areas["area_km2"].sum() / areas["area_property_km2"].sum() == pytest.approx(1, abs=0.005)
    assert ratio.median() == pytest.approx(1, abs=0.01)
    assert (ratio.sub(1).abs() < 0.03).mean() > 0.9
    assert np.corrcoef(areas["area_km2"], areas["area_property_km2"])[0, 1] > 0.9999


def test_area_of_julu_and_china(areas):
    julu = areas.set_index("code").loc["130529"]
    assert julu["name"] == "巨鹿县" and 600 < julu["area_km2"] < 650  # 巨鹿县: about 631 km2
    assert 9.3e6 < areas["area_km2"].sum() < 9.7e6                     # China: ~9.6 million km2


def test_province_map_and_drawing():
    import matplotlib

    matplotlib.use("Agg")
    data = boundaries.province_map("130722")
    assert data.province_code == "130000"
    assert "130529" in data.shapes and data.highlight is data.shapes["130722"]
    assert all(code.startswith("13") for code in data.shapes)
    from countydigital.sections.context.plots import draw_province_map

    ax = draw_province_map("130722")
    assert len(ax.collections) == 3
    with pytest.raises(Exception, match="999999"):
        boundaries.province_map("999999")


def test_province_map_of_a_unit_without_polygon():
    from countydigital.exceptions import DataError

    with pytest.raises(DataError, match="1401X1"):
        boundaries.province_map("1401X1")
    data = boundaries.province_map("1401X1", province_code="140000")
    assert data.highlight is None and data.shapes and all(c.startswith("14") for c in data.shapes)
