"""Peer selection and the peer comparison on small hand-made census-like frames."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from countydigital import peers
from countydigital.exceptions import CountyDigitalError, PeerComparisonError


def unit(code, province, x, *, unit_type="county", young=0.20, young_2020=None, edu=0.05, edu_2020=None):
    """One row of each year; `x` is the single covariate the tests choose peers on."""
    row_2010 = dict(code=code, name=f"县{code}", province=province, unit_type=unit_type,
                    population=100_000, x=float(x), share_20_34=young,
                    share_junior_college_plus=edu)
    row_2020 = dict(row_2010, share_20_34=young if young_2020 is None else young_2020,
                    share_junior_college_plus=edu if edu_2020 is None else edu_2020)
    return row_2010, row_2020


def frames(*units):
    return pd.DataFrame([u[0] for u in units]), pd.DataFrame([u[1] for u in units])


# Target 130529 at x=0 in province 河北; distances on x are obvious by eye.
HEBEI = [
    unit("130529", "河北省", 0.0),
    unit("130501", "河北省", 0.1, unit_type="district"),   # nearest, but a district
    unit("130522", "河北省", 0.3),
    unit("130523", "河北省", -0.5),
    unit("130524", "河北省", 1.0),
    unit("130525", "河北省", -2.0),
    unit("130581", "河北省", 3.0, unit_type="county-level city"),
]
SHANXI = [unit("140421", "山西省", 0.05), unit("140422", "山西省", -0.2)]


def test_peers_are_the_nearest_non_district_units_of_the_province():
    y10, y20 = frames(*HEBEI, *SHANXI)
    got = peers.select_peers(y10, y20, "130529", covariates=["x"], n_peers=3)
    assert list(got["code"]) == ["130522", "130523", "130524"]
    assert list(got["rank"]) == [1, 2, 3]
    assert got["distance"].is_monotonic_increasing
    assert "130501" not in set(got["code"])  # district excluded although nearest
    assert "130529" not in set(got["code"])  # the target itself is excluded


def test_national_scope_admits_other_provinces():
    y10, y20 = frames(*HEBEI, *SHANXI)
    got = peers.select_peers(y10, y20, "130529", covariates=["x"], n_peers=3, scope="national")
    assert list(got["code"]) == ["140421", "140422", "130522"]


def test_province_scope_never_leaves_the_province():
    y10, y20 = frames(*HEBEI, *SHANXI)
    got = peers.select_peers(y10, y20, "140421", covariates=["x"], n_peers=10)
    assert list(got["code"]) == ["140422"]  # fewer than n_peers candidates: all of them


def test_unit_whose_code_changed_is_not_a_peer():
    y10, y20 = frames(*HEBEI)
    y20 = y20[y20["code"] != "130522"]  # e.g. became a district under a new code
    got = peers.select_peers(y10, y20, "130529", covariates=["x"], n_peers=2)
    assert list(got["code"]) == ["130523", "130524"]


def test_unit_that_became_a_district_in_2020_is_not_a_peer():
    y10, y20 = frames(*HEBEI)
    y20.loc[y20["code"] == "130522", "unit_type"] = "district"
    got = peers.select_peers(y10, y20, "130529", covariates=["x"], n_peers=1)
    assert list(got["code"]) == ["130523"]


def test_ties_are_broken_by_code_and_row_order_does_not_matter():
    units = [unit("130529", "河北省", 0.0), unit("130532", "河北省", 1.0),
             unit("130531", "河北省", -1.0), unit("130533", "河北省", 5.0)]
    y10, y20 = frames(*units)
    first = peers.select_peers(y10, y20, "130529", covariates=["x"], n_peers=2)
    assert list(first["code"]) == ["130531", "130532"]
    shuffled = peers.select_peers(y10.iloc[::-1], y20.sample(frac=1, random_state=3),
                                  "130529", covariates=["x"], n_peers=2)
    pd.testing.assert_frame_equal(first, shuffled)


def test_standardisation_makes_units_irrelevant():
    """Rescaling a covariate (shares as % rather than fractions) leaves the peers unchanged."""
    rng = np.random.default_rng(1)
    rows = [unit(f"13{i:04d}", "河北省", 0.0) for i in range(21, 61)]
    y10, y20 = frames(*rows)
    y10["a"], y10["b"] = rng.normal(size=len(y10)), rng.normal(size=len(y10)) * 0.01
    target = y10["code"].iloc[0]
    base = peers.select_peers(y10, y20, target, covariates=["a", "b"], n_peers=5)
    y10_pct = y10.assign(b=y10["b"] * 100)
    again = peers.select_peers(y10_pct, y20, target, covariates=["a", "b"], n_peers=5)
    assert list(base["code"]) == list(again["code"])
    # Without standardisation, b (tiny spread) would not matter at all; with it, b does:
    # the nearest on a alone differ from the nearest on a and b together.
    only_a = peers.select_peers(y10, y20, target, covariates=["a"], n_peers=5)
    assert list(only_a["code"]) != list(base["code"])


def test_two_covariates_euclidean_distance_by_hand():
    # Symmetric design: both covariates have mean 0 and the same spread, so
    # standardising scales both equally and distances keep their order.
    pts = {"130529": (0, 0), "130521": (1, 1), "130522": (-1, -1), "130523": (2, 0),
           "130524": (-2, 0), "130525": (0, 3), "130526": (0, -3)}
    y10, y20 = frames(*[unit(c, "河北省", 0) for c in pts])
    y10["a"] = [pts[c][0] for c in y10["code"]]
    y10["b"] = [pts[c][1] for c in y10["code"]]
    y10["b"] *= np.std(y10["a"]) / np.std(y10["b"])  # equal spread
    got = peers.select_peers(y10, y20, "130529", covariates=["a", "b"], n_peers=4)
    # sqrt(2)-ish for the diagonal pair, 2 for the horizontal pair
    assert list(got["code"]) == ["130521", "130522", "130523", "130524"]


def test_log_population_is_derived():
    units = [unit(c, "河北省", 0) for c in ("130529", "130521", "130522", "130523")]
    y10, y20 = frames(*units)
    y10["population"] = [100_000, 1_000_000, 10_000, 120_000]
    got = peers.select_peers(y10, y20, "130529", covariates=["log_population"], n_peers=3)
    assert list(got["code"]) == ["130523", "130521", "130522"]  # 10x and 1/10x are equally far
    assert got["log_population"].iloc[0] == pytest.approx(np.log(120_000))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"target": "999999"}, "not in the 2010 census"),
        ({"target": "130529", "scope": "world"}, "scope"),
        ({"target": "130529", "n_peers": 0}, "n_peers"),
        ({"target": "130529", "covariates": ["nope"]}, "unknown covariate 'nope'"),
    ],
)
def test_bad_requests_raise_project_errors(kwargs, message):
    y10, y20 = frames(*HEBEI)
    kwargs = {"covariates": ["x"], **kwargs}
    with pytest.raises(PeerComparisonError, match=message):
        peers.select_peers(y10, y20, **kwargs)


def test_target_whose_code_changed_is_refused():
    y10, y20 = frames(*HEBEI)
    with pytest.raises(CountyDigitalError, match="2020"):
        peers.select_peers(y10, y20[y20["code"] != "130529"], "130529", covariates=["x"])


def test_target_without_covariate_is_refused():
    y10, y20 = frames(*HEBEI)
    y10.loc[y10["code"] == "130529", "x"] = np.nan
    with pytest.raises(PeerComparisonError, match="no 2010 value for x"):
        peers.select_peers(y10, y20, "130529", covariates=["x"])


@pytest.mark.parametrize(
    "value, others, expected",
    [
        (5, [1, 2, 3, 4], 100.0),
        (0, [1, 2, 3, 4], 0.0),
        (2.5, [1, 2, 3, 4], 50.0),
        (3, [1, 2, 3, 4], 62.5),          # two below, one tie counted half: 2.5 / 4
        (1, [1, 1, 1], 50.0),
        (2, [1, np.nan, 3], 50.0),        # missing peers ignored
    ],
)
def test_percentile_rank(value, others, expected):
    assert peers.percentile_rank(value, others) == pytest.approx(expected)


def test_percentile_rank_of_nothing_is_nan():
    assert np.isnan(peers.percentile_rank(1.0, []))


def test_compare_with_peers_by_hand():
    # Peers' young-adult share changes: -0.04, -0.03, -0.02, -0.01; county: -0.015.
    units = [unit("130529", "河北省", 0, young=0.25, young_2020=0.235, edu=0.04, edu_2020=0.10)]
    for code, d_young, d_edu in [("130521", -0.04, 0.02), ("130522", -0.03, 0.03),
                                 ("130523", -0.02, 0.04), ("130524", -0.01, 0.05)]:
        units.append(unit(code, "河北省", 0, young=0.25, young_2020=0.25 + d_young,
                          edu=0.04, edu_2020=0.04 + d_edu))
    y10, y20 = frames(*units)
    got = peers.compare_with_peers(y10, y20, "130529", ["130521", "130522", "130523", "130524"])
    young = got.set_index("measure").loc["share_20_34"]
    assert young["county_change"] == pytest.approx(-0.015)
    assert young["peer_median"] == pytest.approx(-0.025)
    assert young["peer_q1"] == pytest.approx(-0.0325)
    assert young["peer_q3"] == pytest.approx(-0.0175)
    assert young["difference"] == pytest.approx(0.010)
    assert young["percentile_rank"] == pytest.approx(75.0)
    assert young["n_peers"] == 4
    edu = got.set_index("measure").loc["share_junior_college_plus"]
    assert edu["county_change"] == pytest.approx(0.06)
    assert edu["percentile_rank"] == pytest.approx(100.0)


def test_changes_refuses_missing_codes_and_measures():
    y10, y20 = frames(*HEBEI)
    with pytest.raises(PeerComparisonError, match="999999"):
        peers.changes(y10, y20, ["999999"])
    with pytest.raises(PeerComparisonError, match="no column nope"):
        peers.changes(y10, y20, ["130529"], ["nope"])


def test_other_tabulation_units_are_not_peers():
    y10, y20 = frames(*HEBEI, unit("1305X1", "河北省", 0.01, unit_type="other"))
    got = peers.select_peers(y10, y20, "130529", covariates=["x"], n_peers=1)
    assert list(got["code"]) == ["130522"]
