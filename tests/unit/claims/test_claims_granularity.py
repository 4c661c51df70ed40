"""GRIM-style granularity check, on hand-checked cases and against an independent brute force."""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest

from countydigital.claims import granularity
from countydigital.claims.registry import load_registry


def brute_force(percent: float, n: int, decimals: int) -> bool:
    """Independent check: round every k/n with both common rounding rules."""
    q = Decimal(1).scaleb(-decimals)
    target = Decimal(str(percent))
    for k in range(n + 1):
        exact = Decimal(100 * k) / Decimal(n)
        if exact.quantize(q, ROUND_HALF_UP) == target or exact.quantize(q, ROUND_HALF_EVEN) == target:
            return True
    return False


def test_hand_checked_cases():
    # 97.4% of 10 people: 9/10 = 90%, 10/10 = 100% -> impossible
    assert not granularity.is_consistent(97.4, 10)
    # 37/38 = 97.368...% -> 97.4%
    assert granularity.counts_for(97.4, 38) == [37]
    # 36/37 = 97.297% and 37/37 = 100%
    assert not granularity.is_consistent(97.4, 37)
    # 19/58 = 32.759% -> 32.8%
    assert granularity.counts_for(32.8, 58) == [19]
    # 13/44 = 29.545% -> 29.5%
    assert granularity.counts_for(29.5, 44) == [13]
    # integer percent: 50% of 3 people is impossible, of 2 possible
    assert not granularity.is_consistent(50, 3, decimals=0)
    assert granularity.counts_for(50, 2, decimals=0) == [1]
    # 1/8 = 12.5% exactly: accepted as 12% and as 13% (either rounding rule)
    assert granularity.is_consistent(12, 8, 0) and granularity.is_consistent(13, 8, 0)


def test_the_report_sample_size_268_fits_all_three():
    # 261/268 = 97.388%, 79/268 = 29.478%, 88/268 = 32.836%
    assert granularity.counts_for(97.4, 268) == [261]
    assert granularity.counts_for(29.5, 268) == [79]
    assert granularity.counts_for(32.8, 268) == [88]


@pytest.mark.parametrize("percent, decimals", [(97.4, 1), (32.8, 1), (29.5, 1), (50, 0), (0.3, 1), (100, 0)])
def test_agrees_with_brute_force(percent, decimals):
    for n in range(1, 400):
        assert granularity.is_consistent(percent, n, decimals) == brute_force(percent, n, decimals), n


def test_registry_percentages_are_used_not_a_hard_coded_list():
    chosen = granularity.granularity_claims()
    values = sorted(c.value for c in chosen)
    assert values == [29.5, 32.8, 97.4]
    assert all(c.evidence == "survey" and c.decimals == 1 for c in chosen)


def test_check_on_the_registry():
    result = granularity.check(n_max=600, sample_sizes=[100, 268])
    assert result.smallest == min(result.consistent)
    for n in result.consistent[:20]:
        assert all(brute_force(p, n, d) for p, d in result.percents)
    below = [n for n in range(1, result.smallest)]
    assert not any(all(brute_force(p, n, d) for p, d in result.percents) for n in below)
    assert result.smallest == 268
    assert result.checked_n[268] == []
    assert set(result.checked_n[100]) == set(result.claim_ids)  # 97.4% of 100 people is impossible
    data = result.to_dict()
    assert data["smallest_consistent_n"] == 268 and data["smallest_n_each"]["employment.social_insurance"] == 38


def test_bad_input():
    from countydigital.exceptions import ClaimsError

    with pytest.raises(ClaimsError):
        granularity.is_consistent(97.4, 0)
    with pytest.raises(ClaimsError):
        granularity.is_consistent(97.45, 100, decimals=1)
    assert len(load_registry()) > 0
