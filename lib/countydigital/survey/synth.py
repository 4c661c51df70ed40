"""The synthetic stand-in for the report's (unpublished) employee survey.

Respondents for both study counties whose pooled marginals reproduce every
published survey figure at the precision it was reported, built by allocating
exact counts and then shuffling, never by sampling and hoping:

    social insurance 97.4%; education 大专/高职 50%, 高中/中专 32.8%, 本科 ~10%;
    returnees 35%; mean age 28 (here exactly 28.0), most aged 20-35; women ~3/4;
    first job or re-entry 29.5%; family reasons > 50% among women not employed before.

With the default n = 1000 every one-decimal percentage is an integer count
(974, 500, 328, 350, 295). Other n are allowed: counts are rounded (largest
remainder) and `SurveyData.warnings` names the figures that n cannot reproduce.

Beyond the marginals the joint structure is invented but plausible: wages rise
with tenure and education, returnees more often hold a bachelor's degree, women
more often re-enter work after a break for family reasons, commutes are short.
It is NOT evidence of anything; every output says SYNTHETIC.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import DEFAULT_SEED
from .codebook import load_codebook
from .model import SurveyData

N_DEFAULT = 1000
# The published fieldwork window (2021年12月至2022年2月); the stand-in claims it too.
FIELDWORK = ("2021-12-01", "2022-02-28")

# Published figures (press article on the report, 2022-05-17) and the shares
# chosen for what it does not state. Counts are allocated from these exactly.
PUBLISHED = {
    "social_insurance_yes": 0.974,   # 五险一金覆盖率达到97.4%
    "education_college": 0.500,      # 50%的员工学历为大专或高职
    "education_senior_secondary": 0.328,  # 32.8%的为高中中专学历
    "education_bachelor": 0.097,     # 有近10%的员工为本科学历 ("nearly 10%")
    "returnee": 0.350,               # 35%的员工从外地返乡
    "women": 0.740,                  # 近四分之三的从业者为女性 ("nearly three quarters")
    "first_job_or_reentry": 0.295,   # 歇业再就业和首次就业的员工占比29.5%
    "mean_age": 28.0,                # 平均年龄为28岁
}
# one-decimal percentages the synthetic counts must reproduce exactly
ONE_DECIMAL = ("social_insurance_yes", "education_college", "education_senior_secondary",
               "returnee", "first_job_or_reentry")

SHARES = {
    "county": {"130529": 0.54, "130722": 0.46},
    "social_insurance": {1: PUBLISHED["social_insurance_yes"], 2: 0.016, 3: 0.010},
    "education": {1: 0.073, 2: PUBLISHED["education_senior_secondary"], 3: PUBLISHED["education_college"],
                  4: PUBLISHED["education_bachelor"], 5: 0.002},
    # prior status: 3 (first job) + 4 (re-entry) = 29.5%
    "prior_status": {1: 0.215, 2: 0.200, 3: 0.160, 4: 0.135, 5: 0.180, 6: 0.110},
    # returnees drawn from each prior status (sum = 35%)
    "returnee_by_status": {2: 0.150, 3: 0.100, "other": 0.100},
    # hukou of non-returnees outside this county
    "hukou_elsewhere": {2: 0.080, 3: 0.030, 4: 0.020},
    "family_reasons_women": 0.62,   # > 50% (published: "超过50%")
}
FAMILY_CODES = (1, 2, 3)


def counts(shares: dict, n: int) -> dict:
    """Integer counts summing to n, proportional to `shares` (largest remainder)."""
    keys = list(shares)
    raw = np.array([shares[k] for k in keys], dtype=float)
    raw = raw / raw.sum() * n
    base = np.floor(raw).astype(int)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[: n - base.sum()]] += 1
    return dict(zip(keys, base.tolist()))


def _allocate(rng, pool: np.ndarray, k: int, weights: np.ndarray | None = None) -> np.ndarray:
    """k distinct members of `pool`, drawn with probability proportional to `weights`."""
    k = min(k, len(pool))
    if k <= 0:
        return pool[:0]
    p = None
    if weights is not None:
        w = np.asarray(weights, dtype=float) + 1e-12
        p = w / w.sum()
    return rng.choice(pool, size=k, replace=False, p=p)


def _assign_categories(rng, n: int, shares: dict, weights: dict | None = None,
                       order: list | None = None, dtype=object) -> np.ndarray:
    """Exact counts per category; categories in `order` are filled first, weighted."""
    out = np.empty(n, dtype=dtype)
    filled = np.zeros(n, dtype=bool)
    target = counts(shares, n)
    for cat in (order or []) + [c for c in target if c not in (order or [])]:
        pool = np.flatnonzero(~filled)
        w = weights.get(cat)[pool] if weights and cat in weights else None
        chosen = _allocate(rng, pool, target[cat], w)
        out[chosen] = cat
        filled[chosen] = True
    return out


def _exact_mean(rng, values: np.ndarray, target_sum: int, lo: int, hi: int) -> np.ndarray:
    """Nudge integer values by 1 until they sum to target_sum, staying in [lo, hi]."""
    values = values.copy()
    for _ in range(10_000):
        diff = target_sum - int(values.sum())
        if diff == 0:
            return values
        step = 1 if diff > 0 else -1
        movable = np.flatnonzero((values + step >= lo) & (values + step <= hi))
        # prefer moves that keep people inside 20-35 (the published concentration)
        inside = movable[(values[movable] + step >= 20) & (values[movable] + step <= 35)]
        pool = inside if len(inside) else movable
        chosen = rng.choice(pool, size=min(abs(diff), len(pool)), replace=False)
        values[chosen] += step
    raise RuntimeError("could not reach the target mean")  # pragma: no cover


def _choose_reasons(rng, reasons: np.ndarray, rows: np.ndarray, codes, weights, how_many) -> None:
    """Mark 1 or 2 (probabilities `how_many`) distinct reasons per row, drawn by `weights`
    without replacement (Gumbel top-k: vectorised, so a million respondents stay fast)."""
    if len(rows) == 0:
        return
    keys = np.log(np.asarray(weights)) + rng.gumbel(size=(len(rows), len(codes)))
    order = np.argsort(-keys, axis=1)
    k = rng.choice([1, 2], size=len(rows), p=how_many)
    for rank in range(2):
        chosen = k > rank
        cols = np.asarray(codes)[order[chosen, rank]] - 1
        reasons[rows[chosen], cols] = 1


def generate(n: int = N_DEFAULT, seed: int = DEFAULT_SEED) -> SurveyData:
    """A synthetic survey of n respondents, deterministic for (n, seed)."""
    if n < 20:
        raise ValueError(f"n must be at least 20 (got {n})")
    rng = np.random.default_rng(seed)
    women = np.zeros(n, dtype=bool)
    women[_allocate(rng, np.arange(n), round(PUBLISHED["women"] * n))] = True
    gender = np.where(women, 2, 1)

    county = _assign_categories(rng, n, SHARES["county"])

    prior = _assign_categories(
        rng, n, SHARES["prior_status"],
        weights={4: np.where(women, 6.0, 1.0), 2: np.where(women, 1.0, 1.6)},
        order=[4, 2], dtype=int,
    )

    # returnees: hukou here and lived outside; drawn mostly from those who worked
    # outside (status 2) and students back from college (status 3)
    returnee = np.zeros(n, dtype=bool)
    total = round(PUBLISHED["returnee"] * n)
    for status, k in counts(SHARES["returnee_by_status"], total).items():
        in_status = (prior == status) if status != "other" else ~np.isin(prior, [2, 3])
        returnee[_allocate(rng, np.flatnonzero(~returnee & in_status), k)] = True
    short = total - int(returnee.sum())
    if short > 0:  # small n: a status group ran out; top up from anyone
        returnee[_allocate(rng, np.flatnonzero(~returnee), short)] = True

    hukou = np.ones(n, dtype=int)
    lived_outside = np.where(returnee, 1, 2)
    elsewhere = counts({**SHARES["hukou_elsewhere"],
                        1: 1 - sum(SHARES["hukou_elsewhere"].values())}, n)
    stayers = np.flatnonzero(~returnee)
    # anyone who worked outside but is no returnee must be registered elsewhere
    must = stayers[prior[stayers] == 2]
    others = rng.permutation(stayers[prior[stayers] != 2])
    queue = np.concatenate([rng.permutation(must), others])
    start = 0
    for code in (2, 3, 4):
        chosen = queue[start:start + elsewhere[code]]
        hukou[chosen] = code
        start += elsewhere[code]
    moved_in = hukou != 1
    lived_outside[moved_in] = np.where(prior[moved_in] == 2, 1, rng.choice([1, 2], size=moved_in.sum()))

    # age: by prior status, then nudged to a mean of exactly 28.0
    centre = {1: 28.5, 2: 28.5, 3: 22.0, 4: 31.5, 5: 31.0, 6: 27.0}
    spread = {1: 4.5, 2: 4.0, 3: 1.8, 4: 4.5, 5: 6.0, 6: 5.0}
    mu = np.array([centre[k] for k in sorted(centre)])[prior - 1]
    sd = np.array([spread[k] for k in sorted(spread)])[prior - 1]
    age = np.rint(rng.normal(mu, sd)).astype(int)
    age = np.clip(age, 18, 50)
    age = _exact_mean(rng, age, round(PUBLISHED["mean_age"] * n), 18, 50)

    # education: exact counts; bachelor's more often among returnees and students
    edu_weights = {
        5: np.where(returnee, 3.0, 1.0),
        4: np.where(returnee, 3.0, 1.0) * np.where(prior == 3, 2.0, 1.0),
        1: np.where(prior == 5, 4.0, 1.0) * np.where(age > 35, 2.0, 1.0) * np.where(prior == 3, 0.1, 1.0),
        2: np.where(prior == 5, 1.5, 1.0),
    }
    education = _assign_categories(rng, n, SHARES["education"], weights=edu_weights,
                                   order=[5, 4, 1, 2], dtype=int)

    tenure = np.clip(np.rint(rng.gamma(1.6, 8.0, size=n)), 0, 40).astype(int)

    # not insured: mostly people still in their first months (probation)
    probation = np.exp(-tenure / 3.0)
    social = _assign_categories(rng, n, SHARES["social_insurance"],
                                weights={2: probation, 3: probation}, order=[2, 3], dtype=int)

    promoted_p = 0.55 / (1 + np.exp(-(tenure - 18) / 5.0))
    promoted = np.where(rng.random(n) < promoted_p, 1, 2)

    edu_premium = np.array([0, -200, 0, 250, 650, 950])[education]
    wage = (2600 + 38 * np.minimum(tenure, 36) + edu_premium + np.where(promoted == 1, 450, 0)
            + np.where(women, 0, 120) + rng.normal(0, 280, size=n))
    wage = np.clip(np.round(wage / 50) * 50, 1800, 12000).astype(float)

    # reasons for not working before (asked only of prior status 4)
    reasons = np.full((n, 7), -1, dtype=int)  # -1: not asked
    asked = np.flatnonzero(prior == 4)
    reasons[asked] = 0
    asked_women = asked[women[asked]]
    k_family = max(int(np.ceil(SHARES["family_reasons_women"] * len(asked_women))),
                   len(asked_women) // 2 + 1) if len(asked_women) else 0
    family_mask = np.zeros(n, dtype=bool)
    family_mask[_allocate(rng, asked_women, k_family)] = True
    family_rows = asked[family_mask[asked]]
    other_rows = asked[~family_mask[asked]]
    _choose_reasons(rng, reasons, family_rows, FAMILY_CODES, (0.35, 0.45, 0.20), (0.6, 0.4))
    reasons[family_rows[rng.random(len(family_rows)) < 0.2], 3] = 1  # and "no suitable job"
    _choose_reasons(rng, reasons, other_rows, (4, 5, 6, 7), (0.6, 0.15, 0.1, 0.15), (0.75, 0.25))

    married_p = 1 / (1 + np.exp(-(age - 25.5) / 2.2))
    married_p = np.where(family_mask, np.maximum(married_p, 0.95), married_p)
    u = rng.random(n)
    marital = np.where(u < married_p, 2, 1)
    marital[(marital == 2) & (age > 30) & (rng.random(n) < 0.04)] = 3
    child_p = np.select([marital == 2, marital == 3], [0.85, 0.7], 0.02)
    child_p = np.where(family_mask, 0.97, child_p)
    has_children = np.where(rng.random(n) < child_p, 1, 2)

    commute = np.clip(np.rint(rng.lognormal(np.log(14), 0.5, size=n)), 2, 90).astype(int)
    contact = np.where(rng.random(n) < np.where(hukou == 1, 0.9, 0.55), 1, 2)
    stay_u = rng.random(n)
    stay_yes = np.where(returnee, 0.82, 0.70)
    intend_stay = np.select([stay_u < stay_yes, stay_u < stay_yes + 0.18], [1, 3], 2)

    frame = pd.DataFrame({
        "gender": gender, "age": age, "education": education, "county": county,
        "hukou": hukou, "lived_outside": lived_outside, "prior_status": prior,
    })
    for k in range(7):
        frame[f"nonwork_reasons_{k + 1}"] = reasons[:, k]
    frame = frame.assign(
        monthly_wage=wage, social_insurance=social, tenure_months=tenure, promoted=promoted,
        marital=marital, has_children=has_children, commute_minutes=commute,
        family_contact=contact, intend_stay=intend_stay,
    )
    frame = frame.iloc[rng.permutation(n)].reset_index(drop=True)
    frame.insert(0, "respondent_id", [str(i + 1) for i in range(n)])
    return SurveyData(
        frame=_typed(frame),
        source_path=None,
        synthetic=True,
        format=f"synthetic stand-in (n={n}, seed={seed})",
        warnings=unattainable(n),
        fieldwork=FIELDWORK,
    )


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The dtypes a loaded survey has (see SurveyData)."""
    book = load_codebook()
    out = pd.DataFrame({"respondent_id": frame["respondent_id"].astype("str")})
    for q in book.analysed:
        if q.type == "multi":
            for col in q.columns:
                out[col] = pd.array(np.where(frame[col] < 0, None, frame[col]), dtype="Int8")
        elif q.value == "county_code":
            out[q.variable] = frame[q.variable].astype("str")
        elif q.type == "number":
            out[q.variable] = frame[q.variable].astype("Float64")
        else:
            out[q.variable] = frame[q.variable].astype("Int64")
    return out


def unattainable(n: int) -> list[str]:
    """Published one-decimal percentages that no integer count out of n reproduces."""
    out = []
    for key in ONE_DECIMAL:
        p = PUBLISHED[key]
        k = round(p * n)
        if round(100 * k / n, 1) != round(100 * p, 1):
            out.append(f"with n={n} the synthetic survey cannot reproduce {key} = {100 * p:.1f}% "
                       f"(nearest: {100 * k / n:.2f}%); use n=1000")
    return out
