"""How many employees to survey: sample size for a margin of error on the key proportions.

For a proportion p estimated from a simple random sample, the 95% confidence
interval is p ± z·sqrt(p(1−p)/n) with z = 1.96; the n that makes the half-width
at most e is n0 = z²·p(1−p)/e². Surveying n of only N employees (without
replacement) narrows the interval; the finite-population correction gives
n = n0 / (1 + (n0 − 1)/N).

The key proportions are the survey's percentage claims in the claims registry
(data/published/claims.yaml), with the published figure as the planning value.
A claim stated as a bound (> 50%, nearly 75%, ...) says nothing precise about p,
so it is planned at p = 50%, the worst case, except where the published figure
itself is given (nearly 75% plans at 75%). A proportion measured among a subgroup
(family reasons: among women not employed before) needs its n inside the
subgroup; the subgroup's share of respondents comes from the codebook's derived
measure evaluated on the synthetic stand-in, which is calibrated to the
published figures. That share is an assumption of the plan and is printed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..config import DEFAULT_SEED
from ..exceptions import SurveyError

Z95 = 1.959963984540054
# Planning values taken from the published figure; other wordings plan at p = 50%.
POINT_WORDINGS = ("exact", "about", "nearly")
# Claims measured among a subgroup: claim id -> codebook derived measure whose
# universe is that subgroup (the claim is about the measure's share within it).
SUBGROUP_CLAIMS = {"employment.family_reasons_women": "family_reasons"}


def required_n(margin_pp: float, p: float = 0.5, population: float | None = None, z: float = Z95) -> int:
    """Respondents needed for ±margin_pp percentage points (at confidence z) on proportion p."""
    if not 0 < margin_pp < 50:
        raise SurveyError(f"margin must be between 0 and 50 percentage points, not {margin_pp}")
    e = margin_pp / 100
    n0 = z * z * p * (1 - p) / (e * e)
    if population is not None:
        n0 = n0 / (1 + (n0 - 1) / population)
    return max(1, math.ceil(n0 - 1e-9))


@dataclass(frozen=True)
class PlanRow:
    """One key proportion: its planning value, the subgroup it is measured in, the n needed."""

    claim_id: str
    label: str
    p: float
    share: float = 1.0  # of respondents in the proportion's denominator
    subgroup: str = ""
    n_subgroup: int = 0
    n_total: int = 0


@dataclass(frozen=True)
class Plan:
    margin_pp: float
    employees: int | None
    worst_case: int
    rows: tuple[PlanRow, ...]

    @property
    def whole_sample(self) -> int:
        """The sample size covering every proportion measured on all respondents."""
        return max([self.worst_case] + [r.n_total for r in self.rows if not r.subgroup])


def _shares() -> dict[str, float]:
    from . import synth
    from .derived import derive

    frame = synth.generate(n=synth.N_DEFAULT, seed=DEFAULT_SEED).frame
    return {measure: float(derive(frame, measure).notna().mean()) for measure in SUBGROUP_CLAIMS.values()}


def _describe_universe(book, measure: str) -> str:
    """'respondents with gender = Female and prior_status = Not employed (...)', from the codebook."""
    parts = []
    for cond in book.derived[measure].universe:
        question = book.question(cond["variable"])
        if "in" in cond:
            labels = " or ".join(question.option(int(c)).en for c in cond["in"])
            parts.append(f"{question.variable} = {labels}")
        else:
            parts.append(f"{question.variable} {cond}")
    return "respondents with " + " and ".join(parts)


def plan(margin_pp: float, employees: int | None = None) -> Plan:
    """The sample sizes for ±margin_pp at 95% on each key proportion, for N = employees."""
    from ..claims.registry import load_registry
    from .codebook import load_codebook

    if employees is not None and employees < 1:
        raise SurveyError(f"--employees must be a positive number of employees, not {employees}")
    book = load_codebook()
    shares = _shares()
    rows = []
    for claim in load_registry():
        if claim.evidence != "survey" or not str(claim.unit).startswith("%") or claim.kind != "number":
            continue
        p = float(claim.value) / 100 if claim.stated_as in POINT_WORDINGS else 0.5
        measure = SUBGROUP_CLAIMS.get(claim.id)
        if measure is None:
            n = required_n(margin_pp, p, employees)
            rows.append(PlanRow(claim.id, claim.statement_en, p, n_subgroup=n, n_total=n))
            continue
        share = shares[measure]
        if share <= 0:
            raise SurveyError(f"the stand-in has nobody in the universe of {measure}; cannot plan for it")
        population = employees * share if employees is not None else None
        n_sub = required_n(margin_pp, p, population)
        total = math.ceil(n_sub / share)
        if employees is not None:
            total = min(total, employees)
        universe = _describe_universe(book, measure)
        rows.append(PlanRow(claim.id, claim.statement_en, p, share, universe, n_sub, total))
    return Plan(margin_pp, employees, required_n(margin_pp, 0.5, employees), tuple(rows))


def format_plan(result: Plan) -> str:
    """The plan as text for the command line."""
    m = f"±{result.margin_pp:g} percentage points at 95% confidence"
    population = (f"{result.employees} employees (finite-population correction applied)"
                  if result.employees is not None else "a large workforce (no finite-population correction)")
    lines = [f"Sample size for {m}, for {population}:", "",
             f"  any proportion (worst case p = 50%): {result.worst_case} respondents", "",
             "  key proportions of the report (planning value = published figure; bounds at 50%):"]
    for row in result.rows:
        if row.subgroup:
            continue
        lines.append(f"    {row.n_total:>6}  p = {row.p:.1%}  {row.claim_id}")
    lines.append("")
    lines.append(f"  survey at least {result.whole_sample} respondents for every whole-sample proportion.")
    for row in result.rows:
        if not row.subgroup:
            continue
        lines.append("")
        lines.append(f"  {row.claim_id} is measured among {row.subgroup}")
        lines.append(f"    ({row.share:.1%} of respondents on the synthetic stand-in, an assumption):")
        lines.append(f"    {row.n_subgroup} in that group, i.e. about {row.n_total} respondents in all"
                     + (" (everyone: survey all employees)" if result.employees is not None
                        and row.n_total >= result.employees else ""))
    if result.employees is not None and result.whole_sample >= result.employees:
        lines.append("")
        lines.append("  the sample is the whole workforce: survey every employee.")
    return "\n".join(lines)
