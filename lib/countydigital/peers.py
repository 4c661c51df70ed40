"""Comparable counties ("peers") and a descriptive difference-in-differences.

The report says the customer-service centres drew young, educated people back and
"improved the county's age structure". A single county's 2010->2020 change cannot
show that on its own: most counties aged over the decade. This module puts the
county's change beside the changes of counties that looked like it in 2010.

How peers are chosen (`select_peers`):

1. Candidates are county-level units present, under the same 6-digit code, in both
   the 2010 and the 2020 indicator frames. Units whose code changed between the
   censuses (a county turned into a district, a merger, a renumbering) have no
   comparable 2010->2020 change and drop out; a peer must exist in both years.
2. Districts (``unit_type == "district"`` in either year) are excluded: they are
   urban wards of a prefecture city, not comparable to a rural county. So are
   ``unit_type == "other"`` units (development zones, forestry zones and other
   tabulation units without a county government). The target itself is excluded.
3. With ``scope="province"`` only candidates of the target's province are kept;
   ``scope="national"`` keeps them all.
4. Each covariate is standardised (z-score) over every eligible unit of the
   2010 frame with complete covariates, nationwide, so that the distance between
   two counties does not depend on the scope chosen.
5. Peers are the ``n_peers`` candidates with the smallest Euclidean distance to the
   target on the standardised covariates; equal distances are broken by code, so
   the selection is deterministic and needs no random seed.

The comparison (`compare_with_peers`) is descriptive: it reports the county's change,
the peers' median and inter-quartile range, and the county's percentile rank among
the peers. It is not a causal estimate: the centres opened late in the decade and
everything else that happened to the county between 2010 and 2020 is in the change.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .exceptions import PeerComparisonError

# Columns the indicator frames must carry besides the covariates and measures.
CODE, NAME, PROVINCE, UNIT_TYPE, POPULATION = "code", "name", "province", "unit_type", "population"
# Unit types that are never peers (census.units.UNIT_TYPES: district, county,
# county_city, other).
EXCLUDED_UNIT_TYPES: tuple[str, ...] = ("district", "other")

# The default covariates describe a county's 2010 profile: size, age structure,
# education, urbanisation and industry mix (the dimensions issue 6 names). Size
# enters on a log scale because counties differ in population by two orders of
# magnitude and a difference of 100,000 people matters more for a small county.
DEFAULT_COVARIATES: tuple[str, ...] = (
    "log_population",
    "share_20_34",
    "share_65_plus",
    "share_junior_college_plus",
    "urban_share",
    "share_primary",
)

# The two outcomes of the comparison: young-adult share and adult education.
DEFAULT_MEASURES: tuple[str, ...] = ("share_20_34", "share_junior_college_plus")

# Covariates computed from other columns rather than read from the frame.
DERIVED_COVARIATES: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "log_population": lambda frame: np.log(frame[POPULATION].astype(float)),
}

SCOPES = ("province", "national")


def covariate_frame(indicators: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    """The covariate values (derived ones computed) indexed by code, one column each.

    Raises PeerComparisonError naming the covariate when a column is missing.
    """
    frame = indicators.set_index(CODE)
    columns = {}
    for name in covariates:
        if name in frame.columns:
            columns[name] = frame[name].astype(float)
        elif name in DERIVED_COVARIATES:
            try:
                columns[name] = DERIVED_COVARIATES[name](frame)
            except KeyError as exc:
                raise PeerComparisonError(
                    f"covariate '{name}' needs column {exc} in the indicator frame"
                ) from exc
        else:
            known = sorted(set(frame.columns) | set(DERIVED_COVARIATES))
            raise PeerComparisonError(
                f"unknown covariate '{name}': not a column of the indicator frame "
                f"nor a derived covariate (available: {', '.join(map(str, known))})"
            )
    return pd.DataFrame(columns, index=frame.index)


def standardise(values: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Z-scores of `values` using the mean and standard deviation of `reference`.

    A covariate constant over the reference cannot separate units: it becomes 0.
    """
    sd = reference.std(ddof=0).replace(0.0, np.nan)
    return ((values - reference.mean()) / sd).fillna(0.0)


def _eligible(frame: pd.DataFrame) -> pd.Series:
    return ~frame[UNIT_TYPE].isin(EXCLUDED_UNIT_TYPES)


def candidate_codes(indicators_2010: pd.DataFrame, indicators_2020: pd.DataFrame) -> pd.Index:
    """Codes that can serve as peers: present in both years, of an excluded type in neither."""
    codes_2010 = indicators_2010.loc[_eligible(indicators_2010), CODE]
    codes_2020 = indicators_2020.loc[_eligible(indicators_2020), CODE]
    return pd.Index(sorted(set(codes_2010) & set(codes_2020)), name=CODE)


def select_peers(
    indicators_2010: pd.DataFrame,
    indicators_2020: pd.DataFrame,
    target: str,
    *,
    covariates: Sequence[str] = DEFAULT_COVARIATES,
    n_peers: int = 10,
    scope: str = "province",
) -> pd.DataFrame:
    """The `n_peers` counties nearest to `target` on its 2010 profile.

    `indicators_2010` / `indicators_2020`: one row per county-level unit with columns
    code, name, province, unit_type and the covariates (see the module docstring for
    the rules). Returns one row per peer, nearest first: rank (1..), code, name,
    province, distance (on standardised covariates) and the raw 2010 covariate values.
    Fewer than `n_peers` rows come back when the scope has fewer candidates.
    Raises PeerComparisonError for an unknown scope, n_peers < 1, a target missing
    from either year, or a target without complete covariates.
    """
    if scope not in SCOPES:
        raise PeerComparisonError(f"scope must be one of {SCOPES}, not {scope!r}")
    if int(n_peers) < 1:
        raise PeerComparisonError(f"n_peers must be at least 1, not {n_peers!r}")
    if not covariates:
        raise PeerComparisonError("at least one covariate is needed to choose peers")
    target = str(target)
    for year, frame in (("2010", indicators_2010), ("2020", indicators_2020)):
        if target not in set(frame[CODE]):
            raise PeerComparisonError(
                f"county {target} is not in the {year} census under that code "
                "(its code may have changed between the censuses); no 2010->2020 change"
            )

    values = covariate_frame(indicators_2010, covariates)
    complete = values.notna().all(axis=1)
    if not complete.get(target, False):
        missing = [c for c in covariates if pd.isna(values.loc[target, c])]
        raise PeerComparisonError(f"county {target} has no 2010 value for {', '.join(missing)}")
    reference = values[complete & _eligible(indicators_2010).set_axis(values.index)]
    # The target is standardised with the national reference even if it is a district.
    z = standardise(values.loc[complete], reference)

    info = indicators_2010.set_index(CODE)
    pool = candidate_codes(indicators_2010, indicators_2020)
    pool = pool[pool.isin(z.index) & (pool != target)]
    if scope == "province":
        pool = pool[info.loc[pool, PROVINCE].to_numpy() == info.loc[target, PROVINCE]]

    distance = np.sqrt(((z.loc[pool] - z.loc[target]) ** 2).sum(axis=1))
    ranked = (
        pd.DataFrame({CODE: pool, "distance": distance.to_numpy()})
        .sort_values(["distance", CODE], kind="mergesort")
        .head(int(n_peers))
        .reset_index(drop=True)
    )
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    ranked[NAME] = info.loc[ranked[CODE], NAME].to_numpy()
    ranked[PROVINCE] = info.loc[ranked[CODE], PROVINCE].to_numpy()
    for name in covariates:
        ranked[name] = values.loc[ranked[CODE], name].to_numpy()
    return ranked[["rank", CODE, NAME, PROVINCE, "distance", *covariates]]


def changes(
    indicators_2010: pd.DataFrame,
    indicators_2020: pd.DataFrame,
    codes: Sequence[str],
    measures: Sequence[str] = DEFAULT_MEASURES,
) -> pd.DataFrame:
    """2010 value, 2020 value and change (2020 - 2010) of each measure for `codes`.

    Long frame: code, measure, value_2010, value_2020, change; rows in the order of
    `codes` then `measures`. The change is in the measure's own unit (a share's
    change is in share points). Raises PeerComparisonError for a code missing in
    either year or a measure missing from a frame.
    """
    rows = []
    frames = {"2010": indicators_2010.set_index(CODE), "2020": indicators_2020.set_index(CODE)}
    for year, frame in frames.items():
        absent = [m for m in measures if m not in frame.columns]
        if absent:
            raise PeerComparisonError(f"the {year} indicator frame has no column {', '.join(absent)}")
        lost = [c for c in codes if c not in frame.index]
        if lost:
            raise PeerComparisonError(f"code(s) {', '.join(lost)} not in the {year} indicator frame")
    for code in codes:
        for measure in measures:
            before = float(frames["2010"].at[code, measure])
            after = float(frames["2020"].at[code, measure])
            rows.append((code, measure, before, after, after - before))
    return pd.DataFrame(rows, columns=[CODE, "measure", "value_2010", "value_2020", "change"])


def percentile_rank(value: float, others: Sequence[float]) -> float:
    """Percentile rank (0-100) of `value` among `others`: the share below, ties counted half.

    This is the "mean" definition (scipy's ``percentileofscore(kind="mean")``): a value
    above every peer gets 100, below every peer 0, equal to all of them 50.
    Missing values among `others` are ignored; with none left the rank is NaN.
    """
    arr = np.asarray(others, dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0 or np.isnan(value):
        return float("nan")
    below = np.count_nonzero(arr < value)
    ties = np.count_nonzero(arr == value)
    return 100.0 * (below + 0.5 * ties) / arr.size


def compare_with_peers(
    indicators_2010: pd.DataFrame,
    indicators_2020: pd.DataFrame,
    target: str,
    peer_codes: Sequence[str],
    measures: Sequence[str] = DEFAULT_MEASURES,
) -> pd.DataFrame:
    """The target's 2010->2020 change in each measure against its peers' changes.

    One row per measure: measure, county_2010, county_2020, county_change, n_peers,
    peer_median, peer_q1, peer_q3 (the peers' change quartiles, linear interpolation),
    difference (county change minus peer median: the descriptive
    difference-in-differences) and percentile_rank (see `percentile_rank`).
    """
    if len(peer_codes) == 0:
        raise PeerComparisonError(f"no peers to compare county {target} with")
    own = changes(indicators_2010, indicators_2020, [str(target)], measures).set_index("measure")
    peers = changes(indicators_2010, indicators_2020, list(peer_codes), measures)
    rows = []
    for measure in measures:
        peer_change = peers.loc[peers["measure"] == measure, "change"].to_numpy()
        county_change = own.at[measure, "change"]
        median = float(np.nanmedian(peer_change))
        rows.append(
            {
                "measure": measure,
                "county_2010": own.at[measure, "value_2010"],
                "county_2020": own.at[measure, "value_2020"],
                "county_change": county_change,
                "n_peers": int(np.count_nonzero(~np.isnan(peer_change))),
                "peer_median": median,
                "peer_q1": float(np.nanpercentile(peer_change, 25)),
                "peer_q3": float(np.nanpercentile(peer_change, 75)),
                "difference": county_change - median,
                "percentile_rank": percentile_rank(county_change, peer_change),
            }
        )
    return pd.DataFrame(rows)
