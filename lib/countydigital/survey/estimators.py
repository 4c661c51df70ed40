"""Estimates with uncertainty for the survey figures the notebooks show.

Proportions (Wilson score interval, or exact Clopper-Pearson), means (t interval),
medians (distribution-free order-statistic interval), the distribution of a
single-choice question, multi-select shares with their denominator stated,
cross-tabs, and raking weights to known margins. Optional weights enter through
the Kish effective sample size. The report's derived measures (returnee, ...)
are re-exported from `derived`, which evaluates the codebook's definitions.

Every table meant for publication must then pass through
`countydigital.survey.disclosure.suppress_small_cells`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import SurveyError
from .codebook import load_codebook, option_label, question_label
from .derived import add_derived, aged_20_35, derive, family_reasons, first_job_or_reentry, returnee
from .quantiles import beta_ppf, norm_ppf, t_ppf

__all__ = [
    "Estimate", "proportion", "mean_ci", "median_ci", "distribution", "multiselect_shares",
    "crosstab", "rake", "effective_n", "as_percent",
    "derive", "add_derived", "returnee", "first_job_or_reentry", "family_reasons", "aged_20_35",
]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval [lo, hi] and the n behind it."""

    value: float
    lo: float
    hi: float
    n: int
    level: float = 0.95
    method: str = ""

    def scaled(self, factor: float) -> "Estimate":
        """The same estimate multiplied by a known constant (e.g. 12 months, 100 %)."""
        lo, hi = sorted((self.lo * factor, self.hi * factor))
        return Estimate(self.value * factor, lo, hi, self.n, self.level, self.method)

    def pct(self, decimals: int = 1) -> str:
        """'97.4% (95% CI 96.3-98.2%)' for a proportion."""
        f = f"{{:.{decimals}f}}"
        return (f"{f.format(100 * self.value)}% ({self.level:.0%} CI "
                f"{f.format(100 * self.lo)}–{f.format(100 * self.hi)}%)")

    def fmt(self, decimals: int = 0, unit: str = "") -> str:
        f = f"{{:,.{decimals}f}}"
        return (f"{f.format(self.value)}{unit} ({self.level:.0%} CI "
                f"{f.format(self.lo)}–{f.format(self.hi)}{unit})")


def _clean(x, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """Values and weights with missing values (in either) dropped."""
    x = pd.Series(x)
    w = pd.Series(1.0, index=x.index) if weights is None else pd.Series(weights, index=x.index)
    keep = x.notna() & w.notna()
    values = x[keep].astype(float).to_numpy()
    w = w[keep].astype(float).to_numpy()
    if (w < 0).any():
        raise SurveyError("weights must not be negative")
    return values, w


def effective_n(weights) -> float:
    """Kish effective sample size (sum w)^2 / sum w^2."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) and (w ** 2).sum() > 0 else 0.0


def proportion(x, weights=None, level: float = 0.95, method: str = "wilson") -> Estimate:
    """Share of true values in `x` (booleans or 0/1; missing values dropped).

    method: "wilson" (score interval) or "exact" (Clopper-Pearson). With weights,
    the point estimate is weighted and the interval uses the effective n.
    """
    values, w = _clean(x, weights)
    n = len(values)
    if n == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0, level, method)
    if not np.isin(values, (0.0, 1.0)).all():
        raise SurveyError("proportion() needs booleans or 0/1 values")
    p = float((w * values).sum() / w.sum())
    m = effective_n(w) if weights is not None else float(n)
    alpha = 1 - level
    if method == "wilson":
        z = norm_ppf(1 - alpha / 2)
        denom = 1 + z * z / m
        centre = (p + z * z / (2 * m)) / denom
        half = z * math.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / denom
        lo, hi = max(0.0, centre - half), min(1.0, centre + half)
    elif method == "exact":
        k = p * m
        lo = 0.0 if k <= 0 else beta_ppf(alpha / 2, k, m - k + 1)
        hi = 1.0 if k >= m else beta_ppf(1 - alpha / 2, k + 1, m - k)
    else:
        raise SurveyError(f"unknown interval method {method!r} (use 'wilson' or 'exact')")
    return Estimate(p, lo, hi, n, level, method)


def mean_ci(x, weights=None, level: float = 0.95) -> Estimate:
    """Mean of `x` with a t interval (weighted: effective-n standard error)."""
    values, w = _clean(x, weights)
    n = len(values)
    if n == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0, level, "t")
    mean = float((w * values).sum() / w.sum())
    if n == 1:
        return Estimate(mean, float("nan"), float("nan"), 1, level, "t")
    m = effective_n(w) if weights is not None else float(n)
    var = float((w * (values - mean) ** 2).sum() / w.sum()) * m / (m - 1)
    half = t_ppf(1 - (1 - level) / 2, m - 1) * math.sqrt(var / m)
    return Estimate(mean, mean - half, mean + half, n, level, "t")


def median_ci(x, level: float = 0.95) -> Estimate:
    """Median with the distribution-free interval from order statistics (unweighted)."""
    values = np.sort(_clean(x)[0])
    n = len(values)
    if n == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0, level, "order statistics")
    z = norm_ppf(1 - (1 - level) / 2)
    j = max(int(math.floor(n / 2 - z * math.sqrt(n) / 2)), 1)
    k = min(int(math.ceil(n / 2 + z * math.sqrt(n) / 2)) + 1, n)
    return Estimate(float(np.median(values)), float(values[j - 1]), float(values[k - 1]),
                    n, level, "order statistics")


def _labels(variable: str, lang: str | None) -> dict:
    q = load_codebook().question(variable)
    return {o.county_code if q.value == "county_code" else o.code: o.label(lang or "zh", short=True)
            for o in q.options}


def distribution(frame: pd.DataFrame, variable: str, lang: str = "zh", weights=None,
                 level: float = 0.95, mask=None) -> pd.DataFrame:
    """One row per option of a single-choice question: n, share and its interval.

    Columns: code, label, n, denominator, share, lo, hi. Options nobody chose are
    listed with n = 0. `mask` restricts the respondents (e.g. women only).
    """
    data = frame if mask is None else frame[pd.Series(mask, index=frame.index).fillna(False).astype(bool)]
    w = None if weights is None else pd.Series(weights, index=frame.index).loc[data.index]
    answered = data[variable].notna()
    rows = []
    for code, label in _labels(variable, lang).items():
        hit = (data[variable] == code).where(answered)
        est = proportion(hit, w, level)
        rows.append({"code": code, "label": label, "n": int((data[variable] == code).sum()),
                     "denominator": int(answered.sum()), "share": est.value, "lo": est.lo, "hi": est.hi})
    table = pd.DataFrame(rows)
    table.attrs["exclusive"] = True  # options are mutually exclusive: shares add up to 1
    table.attrs["title"] = question_label(variable, lang)
    return table


def multiselect_shares(frame: pd.DataFrame, var: str, denominator_mask=None, lang: str = "zh",
                       weights=None, level: float = 0.95, denominator_label: str = "") -> pd.DataFrame:
    """Share of respondents choosing each option of multi-select `var`.

    The denominator is the respondents selected by `denominator_mask` (default:
    all) who answered the question; it is stated in the `denominator` column and
    in `table.attrs["denominator"]` (with `denominator_label` if given). Shares
    add up to more than 100% because several options may be chosen.
    """
    question = load_codebook().question(var)
    if question.type != "multi":
        raise SurveyError(f"{var} is not a multi-select question")
    mask = (pd.Series(True, index=frame.index) if denominator_mask is None
            else pd.Series(denominator_mask, index=frame.index).fillna(False).astype(bool))
    answered = frame[question.columns].notna().any(axis=1)
    base = frame[mask & answered]
    w = None if weights is None else pd.Series(weights, index=frame.index).loc[base.index]
    rows = []
    for code, col in zip(question.codes, question.columns):
        chosen = base[col].fillna(0).eq(1)
        est = proportion(chosen, w, level)
        rows.append({"code": code, "label": option_label(var, code, lang, short=True),
                     "n": int(chosen.sum()), "denominator": len(base),
                     "share": est.value, "lo": est.lo, "hi": est.hi})
    table = pd.DataFrame(rows)
    table.attrs["denominator"] = (f"{denominator_label}: " if denominator_label else "") + f"n = {len(base)}"
    table.attrs["exclusive"] = False
    table.attrs["title"] = question_label(var, lang)
    return table


def crosstab(frame: pd.DataFrame, row: str, col: str, lang: str | None = "zh", weights=None,
             margins: bool = False) -> pd.DataFrame:
    """Counts (weighted sums with `weights`) of `row` by `col`, labelled from the codebook.

    `row`/`col` may be questions or derived measures (then labelled True/False).
    """
    def labelled(name):
        if name in load_codebook().derived:
            values = derive(frame, name)
            return values, {True: "是" if lang == "zh" else "yes", False: "否" if lang == "zh" else "no"}
        return frame[name], (_labels(name, lang) if lang else {})

    r, r_labels = labelled(row)
    c, c_labels = labelled(col)
    keep = r.notna() & c.notna()
    values = None if weights is None else pd.Series(weights, index=frame.index)[keep]
    table = pd.crosstab(r[keep].astype(object), c[keep].astype(object), values=values,
                        aggfunc="sum" if values is not None else None, margins=margins,
                        margins_name="合计" if lang == "zh" else "Total").fillna(0)
    table = table.rename(index=r_labels, columns=c_labels)
    table.index.name = question_label(row, lang or "zh") if lang else row
    table.columns.name = question_label(col, lang or "zh") if lang else col
    return table


def rake(frame: pd.DataFrame, margins: dict, weights=None, max_iter: int = 200,
         tol: float = 1e-9) -> pd.Series:
    """Raking (iterative proportional fitting) weights matching `margins`.

    margins: {variable: {category: target}}; targets are shares or counts (each
    margin is normalised). The weights sum to the number of respondents. Raises
    SurveyError when a category present in the data has no target, a target
    category is empty in the data, or the fit does not converge.
    """
    n = len(frame)
    w = np.ones(n) if weights is None else pd.Series(weights, index=frame.index).to_numpy(dtype=float)
    if n == 0:
        raise SurveyError("cannot rake an empty survey")
    columns = {}
    for var, targets in margins.items():
        if var in load_codebook().derived:
            values = derive(frame, var)
        else:
            values = frame[var]
        if values.isna().any():
            raise SurveyError(f"rake: {var} has missing values; drop or impute them first")
        total = float(sum(targets.values()))
        shares = {k: v / total for k, v in targets.items()}
        present = set(values.unique())
        unknown = present - set(shares)
        if unknown:
            raise SurveyError(f"rake: {var} has categories without a target: {sorted(map(str, unknown))}")
        empty = [k for k, v in shares.items() if v > 0 and k not in present]
        if empty:
            raise SurveyError(f"rake: target categories of {var} absent from the data: {empty}")
        columns[var] = (values.to_numpy(), shares)
    for _ in range(max_iter):
        worst = 0.0
        for values, shares in columns.values():
            for category, share in shares.items():
                hit = values == category
                current = w[hit].sum() / w.sum()
                if current > 0:
                    w[hit] *= share / current
                worst = max(worst, abs(current - share))
        if worst < tol:
            return pd.Series(w * n / w.sum(), index=frame.index, name="weight")
    raise SurveyError(f"rake: did not converge in {max_iter} iterations (margins may be inconsistent)")


def as_percent(table: pd.DataFrame, columns=("share", "lo", "hi")) -> pd.DataFrame:
    """A copy of `table` with share columns (fractions) multiplied by 100."""
    out = table.copy()
    for col in columns:
        if col in out.columns:
            out[col] = out[col] * 100
    return out
