"""Talent return (人才回流): who the employees are, and how they compare with their county.

Used by notebooks/02-talent-return.ipynb (sentences in `text`, figures in `plots`):

- Which data: `sections.scope` (the survey, and one county's respondents or the pooled
  survey as a declared fallback); `study_counties` (the census codes described: both
  study counties for "pooled").
- Employees (survey): `employee_summary` (the report's talent figures with intervals),
  `ledger_fields` (those figures ready for `claims.record`), `age_table`,
  `mobility_group` / `group_comparison` (returnees vs stayers vs incomers).
- The county (census): in `residents` (age and education summed over one or more
  units, 2010 vs 2020 beside province and nation).
- Employees against the county: `versus_county`, the differences in percentage points
  with the survey's confidence interval (census figures are treated as exact counts).
- Peers: `peer_results`, `peers.select_peers` and `peers.compare_with_peers` on the
  census indicators.

Comparability, stated once here and in the notebook:

- Age: the county tables give 5-year groups, so the comparison uses 20-34 on both
  sides (the report's 20-35 band cannot be cut from census groups) and the working-age
  universe 15-64 on both sides (employees aged 65 are left out of that comparison).
- Education: the county tables give the highest level attended by everyone aged 6+,
  not by age. The county figure used here is "people who attended that level or
  higher per resident aged 20+". Two biases pull in opposite directions: the numerator
  includes teenagers already at senior secondary school or college (the figure is an
  upper bound of the share among residents aged 20+), while residents aged 20+ include
  the elderly, who went to school less than today's working-age adults (against
  working-age adults alone the employees' lead would be smaller). Neither can be
  removed with county tables; the notebook says so beside the table.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ... import census, peers
from ...census import mapping
from ...exceptions import UnknownCounty
from ...plotting import label
from ...survey.codebook import load_codebook
from ...survey.disclosure import withhold
from ...survey.estimators import Estimate, aged_20_35, mean_ci, proportion, returnee
from ..scope import POOLED, is_pooled
from .residents import (
    WORKING_AGE_GROUPS,
    YOUNG_GROUPS,
    adult_education_shares,
    grouped_mean_age,
    working_age_profile,
)

# Option codes of question 3 (education) in the codebook.
EDU_SENIOR_SECONDARY, EDU_JUNIOR_COLLEGE, EDU_BACHELOR = 2, 3, 4


# The report's talent figures: key -> (claim id, unit recorded, is a proportion).
TALENT_CLAIMS: dict[str, tuple[str, str, bool]] = {
    "mean_age": ("talent.mean_age", "years", False),
    "aged_20_35": ("talent.aged_20_35", "% aged 20-35", True),
    "education_junior_college": ("talent.education_junior_college", "%", True),
    "education_senior_secondary": ("talent.education_senior_secondary", "%", True),
    "education_bachelor": ("talent.education_bachelor", "%", True),
    "returnees": ("talent.returnees", "%", True),
}


# --- which survey, which counties ---------------------------------------------------

def study_counties(county: str = POOLED) -> list[str]:
    """Census codes the notebook describes: both study counties for "pooled", else the one.

    The notebook compares 2010 with 2020, so the unit must have a row in both censuses
    under the same code; a unit whose code changed (a county turned district, a merger)
    raises UnknownCounty saying so, before anything is computed.
    """
    if is_pooled(county):
        return list(load_codebook().counties)
    unit = census.lookup(county)
    if tuple(unit.years) != census.YEARS:
        raise UnknownCounty(
            f"{unit.describe()} has a row only in the {', '.join(map(str, unit.years))} census under this "
            "code (its code changed between the censuses); the 2010-2020 comparison needs a unit present "
            "in both. Give the code the unit had in both years, if it has one."
        )
    return [unit.code]


# --- employees ----------------------------------------------------------------------

def employee_summary(frame: pd.DataFrame) -> dict[str, Estimate]:
    """The report's talent figures on a survey frame, each an Estimate (shares as fractions).

    Keys as in TALENT_CLAIMS: mean_age (years), aged_20_35, education_junior_college
    (大专/高职 only, as the report counts it), education_senior_secondary,
    education_bachelor (本科 only) and returnees (the codebook's definition).
    """
    edu = frame["education"]
    return {
        "mean_age": mean_ci(frame["age"]),
        "aged_20_35": proportion(aged_20_35(frame)),
        "education_junior_college": proportion((edu == EDU_JUNIOR_COLLEGE).where(edu.notna())),
        "education_senior_secondary": proportion((edu == EDU_SENIOR_SECONDARY).where(edu.notna())),
        "education_bachelor": proportion((edu == EDU_BACHELOR).where(edu.notna())),
        "returnees": proportion(returnee(frame)),
    }


def ledger_fields(summary: dict[str, Estimate], *, evidence: dict, min_cell: int = 5,
                  note: str = "") -> dict[str, dict]:
    """Keyword arguments for `claims.record` of each summary figure (shares in percent).

    evidence: the survey's `SurveyData.evidence` (its source, and a real file's sha256).
    Keys as in `summary`; each value holds value, source, unit, n, ci and note (the
    notebook adds the anchor of the section that shows the figure), rounded to two
    decimals and withheld by the project's one rule (`survey.disclosure.withhold`).
    """
    out = {}
    for key, estimate in summary.items():
        _, unit, is_share = TALENT_CLAIMS[key]
        fields = withhold(estimate, min_cell, share=is_share, scale=100.0 if is_share else 1.0, decimals=2,
                          note=note)
        out[key] = dict(evidence, unit=unit, **fields)
    return out


def age_group(ages: pd.Series) -> pd.Series:
    """Each age's census 5-year group (15-19 ... 85+), as an ordered categorical."""
    bounds = [int(g.split("-")[0].rstrip("+")) for g in mapping.AGE_GROUPS] + [200]
    return pd.cut(pd.Series(ages, dtype="Float64").astype(float), bins=bounds, right=False,
                  labels=list(mapping.AGE_GROUPS), ordered=True)


def age_table(frame: pd.DataFrame, groups: Sequence[str] = WORKING_AGE_GROUPS + ("65-69",)) -> pd.DataFrame:
    """Employees by census age group: age_group, n, denominator, share, lo, hi.

    The rows partition the respondents with an age (attrs["exclusive"]), so the
    disclosure control applies secondary suppression.
    """
    grouped = age_group(frame["age"])
    answered = grouped.notna()
    rows = []
    for group in groups:
        hit = (grouped == group).where(answered)
        est = proportion(hit)
        rows.append({"age_group": group, "n": int((grouped == group).sum()),
                     "denominator": int(answered.sum()), "share": est.value, "lo": est.lo, "hi": est.hi})
    table = pd.DataFrame(rows)
    table.attrs["exclusive"] = True
    return table


MOBILITY_GROUPS: dict[str, tuple[str, str]] = {
    "returnee": ("返乡者", "Returnees"),
    "stayer": ("本地未外出者", "Stayers"),
    "incomer": ("外地户籍者", "From elsewhere"),
}


def mobility_group(frame: pd.DataFrame) -> pd.Series:
    """returnee (the codebook's definition), stayer (local hukou, never lived outside
    half a year) or incomer (hukou outside the county); missing when an answer is."""
    back = returnee(frame)
    local = frame["hukou"] == 1
    group = pd.Series(pd.NA, index=frame.index, dtype="object")
    group[back.fillna(False).astype(bool)] = "returnee"
    group[(local & (frame["lived_outside"] == 2)).fillna(False).astype(bool)] = "stayer"
    group[(frame["hukou"].isin([2, 3, 4])).fillna(False).astype(bool)] = "incomer"
    return pd.Series(pd.Categorical(group, categories=list(MOBILITY_GROUPS)), index=frame.index,
                     name="mobility")


def _estimate(values: pd.Series, kind: str) -> tuple[Estimate, int]:
    """Estimate of a share (kind "share": 0/1 values, in percent) or a mean, and its n:
    respondents with the trait for a share, respondents counted for a mean."""
    if kind == "share":
        return proportion(values).scaled(100), int(values.fillna(0).astype(bool).sum())
    return mean_ci(values), int(values.notna().sum())


def _is(frame: pd.DataFrame, variable: str, test) -> pd.Series:
    """0/1 Series of `test(frame[variable])`, missing where the answer is missing."""
    values = frame[variable]
    return test(values).astype(float).where(values.notna())


def _group_measures(lang: str) -> list[tuple[str, str, object]]:
    """(label, kind, function of a frame -> Series) of the measures compared across groups."""
    return [
        (label("平均年龄（岁）", "Mean age (years)", lang), "mean", lambda f: f["age"].astype(float)),
        (label("20–35岁（%）", "Aged 20–35 (%)", lang), "share",
         lambda f: aged_20_35(f).astype(float)),
        (label("女性（%）", "Women (%)", lang), "share", lambda f: _is(f, "gender", lambda v: v == 2)),
        (label("大专及以上（%）", "Junior college or higher (%)", lang), "share",
         lambda f: _is(f, "education", lambda v: v >= EDU_JUNIOR_COLLEGE)),
        (label("打算未来三年留在本县（%）", "Intend to stay three more years (%)", lang), "share",
         lambda f: _is(f, "intend_stay", lambda v: v == 1)),
    ]


def group_comparison(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Returnees, stayers and incomers side by side: one row per (measure, group).

    Columns: measure, group, n (respondents with the trait; for the mean age, those
    counted), denominator (respondents of the group who answered), value (percent, or
    years for the mean age), lo, hi (95% CI).
    """
    groups = mobility_group(frame)
    rows = []
    for measure_label, kind, function in _group_measures(lang):
        values = function(frame)
        for key, names in MOBILITY_GROUPS.items():
            part = values[(groups == key).fillna(False).astype(bool)]
            est, n = _estimate(part, kind)
            rows.append({"measure": measure_label, "group": label(*names, lang), "n": n,
                         "denominator": int(part.notna().sum()), "value": est.value,
                         "lo": est.lo, "hi": est.hi})
    return pd.DataFrame(rows)


# --- employees against the county ----------------------------------------------------

def versus_county(frame: pd.DataFrame, codes: Sequence[str], year: int = 2020,
                  lang: str = "zh") -> pd.DataFrame:
    """Employees beside the county's residents, with the difference and its interval.

    One row per measure: measure, n (employees with the trait; for the mean age, the
    employees counted), denominator (employees counted), employees, lo, hi (95% CI),
    county, difference (employees - county) and diff_lo, diff_hi. Shares and their
    differences are in percent / percentage points, the mean age in years. The county
    is the sum of `codes` in census `year`; its figure is treated as exact, so the
    difference's interval is the survey interval shifted. Age measures compare ages
    15-64 on both sides; education compares with residents aged 20+ (an upper bound).
    """
    profile = working_age_profile(codes, year)
    share = profile.set_index("age_group")["share"]
    education = adult_education_shares(codes, year)
    grouped = age_group(frame["age"])
    in_range = grouped.isin(WORKING_AGE_GROUPS)
    older = list(WORKING_AGE_GROUPS[4:])  # 35-64

    def in_groups(groups):
        return grouped.isin(groups).astype(float).where(in_range)

    def educated(level):
        return _is(frame, "education", lambda v: v >= level)

    rows = [
        (label("20–34岁占15–64岁人口（%）", "Aged 20–34, of those 15–64 (%)", lang), "share",
         in_groups(YOUNG_GROUPS), 100 * float(share[list(YOUNG_GROUPS)].sum())),
        (label("35–64岁占15–64岁人口（%）", "Aged 35–64, of those 15–64 (%)", lang), "share",
         in_groups(older), 100 * float(share[older].sum())),
        (label("平均年龄（15–64岁，岁）", "Mean age (15–64, years)", lang), "mean",
         frame["age"].astype(float).where(in_range), grouped_mean_age(profile)),
        (label("高中/中专及以上（%）", "Senior secondary or higher (%)", lang), "share",
         educated(EDU_SENIOR_SECONDARY), 100 * education["senior_secondary_plus"]),
        (label("大专及以上（%）", "Junior college or higher (%)", lang), "share",
         educated(EDU_JUNIOR_COLLEGE), 100 * education["junior_college_plus"]),
        (label("本科及以上（%）", "Bachelor's or higher (%)", lang), "share",
         educated(EDU_BACHELOR), 100 * education["bachelor_plus"]),
    ]
    out = []
    for measure, kind, values, county_value in rows:
        est, n = _estimate(values, kind)
        out.append({"measure": measure, "n": n, "denominator": int(values.notna().sum()),
                    "employees": est.value, "lo": est.lo, "hi": est.hi, "county": county_value,
                    "difference": est.value - county_value,
                    "diff_lo": est.lo - county_value, "diff_hi": est.hi - county_value})
    return pd.DataFrame(out)


# --- peers ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeerResult:
    """One county's peers and how its 2010-2020 change compares with theirs.

    county: the census unit; peers: `peers.select_peers` output; comparison:
    `peers.compare_with_peers` output; changes: `peers.changes` of the peers (long).
    """

    county: census.County
    peers: pd.DataFrame
    comparison: pd.DataFrame
    changes: pd.DataFrame


def peer_results(codes: Sequence[str], *, covariates: Sequence[str] = peers.DEFAULT_COVARIATES,
                 n_peers: int = 10, scope: str = "province",
                 measures: Sequence[str] = peers.DEFAULT_MEASURES) -> dict[str, PeerResult]:
    """`peers.select_peers` and `peers.compare_with_peers` on the census indicators, for
    each code (a code, name or pinyin); keyed by the county's 6-digit code."""
    before, after = census.indicators(2010), census.indicators(2020)
    out = {}
    for code in codes:
        unit = census.lookup(code)
        chosen = peers.select_peers(before, after, unit.code, covariates=covariates, n_peers=n_peers,
                                    scope=scope)
        comparison = peers.compare_with_peers(before, after, unit.code, list(chosen["code"]), measures)
        changes = peers.changes(before, after, list(chosen["code"]), measures)
        out[unit.code] = PeerResult(unit, chosen, comparison, changes)
    return out
