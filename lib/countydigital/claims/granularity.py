"""GRIM-style granularity check of the report's survey percentages.

A percentage computed from n respondents is k/n x 100 for some whole number k. Reported
to d decimals, it is consistent with n only if some k in 0..n rounds to it. With several
percentages of the same sample (97.4% insured, 32.8% senior secondary, 29.5% first job or
re-entry) the sample sizes consistent with all of them at once narrow down what n the
survey can have had — and a percentage that no k can produce at a given n is flagged.

Which percentages take part comes from the registry (survey evidence, unit "%", worded
exact, at least one decimal), never a hard-coded list. Integer percentages (50%, 35%) are
left out by default: they constrain only very small samples. The check assumes each
percentage's denominator is the whole sample (no item non-response); the ledger says so.
Arithmetic is exact (integers), and a value exactly halfway is accepted both ways, so
the check does not depend on the rounding rule (half-up or half-even).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from ..exceptions import ClaimsError
from .registry import Claim, load_registry

DEFAULT_N_MAX = 2000


def _scaled(percent: float | str, decimals: int) -> int:
    """The percentage as a whole number of units of its last digit (97.4, 1 -> 974)."""
    scaled = Decimal(str(percent)) * (10 ** decimals)
    if scaled != scaled.to_integral_value():
        raise ClaimsError(f"{percent} has more than {decimals} decimals")
    return int(scaled)


def counts_for(percent: float | str, n: int, decimals: int = 1) -> list[int]:
    """Every count k (0..n) for which k/n x 100, rounded to `decimals`, gives `percent`."""
    if n < 1:
        raise ClaimsError(f"sample size must be at least 1, not {n}")
    units = _scaled(percent, decimals)
    scale = 100 * 10 ** decimals  # k/n*100 in units of the last digit = k*scale/n
    # |k*scale/n - units| <= 1/2  <=>  |2*k*scale - 2*units*n| <= n
    centre = units * n // scale
    return [
        k for k in range(max(0, centre - 1), min(n, centre + 2) + 1)
        if abs(2 * k * scale - 2 * units * n) <= n
    ]


def is_consistent(percent: float | str, n: int, decimals: int = 1) -> bool:
    """True if some whole count out of n rounds to `percent` at `decimals` decimals."""
    return bool(counts_for(percent, n, decimals))


def consistent_sizes(
    percents: Sequence[tuple[float | str, int]], n_range: Iterable[int] = range(1, DEFAULT_N_MAX + 1)
) -> list[int]:
    """Sample sizes in n_range consistent with every (percent, decimals) pair at once."""
    return [n for n in n_range if all(is_consistent(p, n, d) for p, d in percents)]


def granularity_claims(claims: Sequence[Claim] | None = None, min_decimals: int = 1) -> list[Claim]:
    """The registry's survey percentages reported to at least `min_decimals` decimals."""
    claims = load_registry() if claims is None else claims
    return [
        c for c in claims
        if c.evidence == "survey" and c.unit == "%" and c.stated_as == "exact"
        and c.kind == "number" and (c.decimals or 0) >= min_decimals
    ]


@dataclass(frozen=True)
class GranularityResult:
    """What the check found; `to_dict()` is what the ledger shows and writes to JSON."""

    claim_ids: tuple[str, ...]
    percents: tuple[tuple[float, int], ...]
    n_max: int
    consistent: tuple[int, ...]
    smallest_each: dict
    checked_n: dict  # n (e.g. a recorded sample size) -> claim ids impossible at that n

    @property
    def smallest(self) -> int | None:
        return self.consistent[0] if self.consistent else None

    def to_dict(self) -> dict:
        return {
            "claims": list(self.claim_ids),
            "percents": [p for p, _ in self.percents],
            "n_range": [1, self.n_max],
            "smallest_consistent_n": self.smallest,
            "consistent_count": len(self.consistent),
            "consistent_n_first": list(self.consistent[:30]),
            "smallest_n_each": dict(self.smallest_each),
            "impossible_at_recorded_n": {str(n): ids for n, ids in sorted(self.checked_n.items())},
        }


def check(
    claims: Sequence[Claim] | None = None,
    n_max: int = DEFAULT_N_MAX,
    sample_sizes: Iterable[int] = (),
) -> GranularityResult:
    """Run the check on the registry's one-decimal survey percentages.

    sample_sizes: sizes to test besides the search (e.g. the n the notebooks recorded);
    for each, the claims whose percentage no whole count can produce are listed.
    """
    chosen = granularity_claims(claims)
    percents = tuple((c.value, c.decimals) for c in chosen)
    sizes = range(1, n_max + 1)
    smallest_each = {}
    for c in chosen:
        fits = (n for n in sizes if is_consistent(c.value, n, c.decimals))
        smallest_each[c.id] = next(fits, None)
    checked = {
        int(n): [c.id for c in chosen if not is_consistent(c.value, int(n), c.decimals)]
        for n in sorted(set(sample_sizes)) if int(n) >= 1
    }
    return GranularityResult(
        claim_ids=tuple(c.id for c in chosen),
        percents=percents,
        n_max=n_max,
        consistent=tuple(consistent_sizes(percents, sizes)),
        smallest_each=smallest_each,
        checked_n=checked,
    )
