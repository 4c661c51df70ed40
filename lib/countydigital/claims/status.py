"""How a computed value is judged against the published one: the ledger's statuses.

The statuses, honestly distinguished (issue 3):

    reproduced    independent data (census, boundaries, a real survey file) agrees
                  within the tolerance the wording allows
    differs       independent data disagrees (the notebook explains the likely reason)
    synthetic     computed on the synthetic stand-in, which was calibrated to the
                  published figures: agreement is not evidence. A synthetic record can
                  NEVER make a claim `reproduced`.
    recorded      transcribed from the article; not an independent source
    not testable  no data could test the claim as worded (evidence `none`, with the reason)
    not computed  data could test it, but it is not part of this collection (evidence
                  `external`, the reason names the data), or no notebook recorded a value

Comparisons by wording (published p, tolerance t from the registry, computed x):

    exact      |x - p| <= t   (t = half a unit of the last reported digit)
    about      |x - p| <= t   (t = one unit of the last reported digit)
    nearly     p - t <= x <= p (a little below the figure, never above it)
    far_above  x >= p + t     (e.g. wage/income ratio p = 1, t = 0.5: at least 1.5 times)
    more_than  x > p;  at_least x >= p;  less_than x < p;  at_most x <= p
    range      low <= x <= high (a computed [a, b] must lie inside)

Dates compare at the precision published ("2021-05" matches "2021-05-17"); sets compare
as sets. A computed range [a, b] for a point claim agrees only if both ends do.
"""
from __future__ import annotations

from typing import Any, Iterable

from .registry import DATA_EVIDENCE, Claim

STATUSES = ("reproduced", "differs", "synthetic", "recorded", "not testable", "not computed")

# Slack for binary floating point (97.45 - 97.4 is 0.0500000000000043).
EPS = 1e-9

POOLED = "pooled"

# What `recorded` means, in one place (the ledger's legend and every explanation).
RECORDED = "transcribed from the article; not an independent source"


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def _compare_number(claim: Claim, x: float) -> tuple[bool, str]:
    p, t, how = claim.value, claim.effective_tolerance, claim.stated_as
    if how in ("exact", "about"):
        ok = abs(x - p) <= t + EPS
        return ok, f"|{_num(x)} − {_num(p)}| = {_num(abs(x - p))} {'≤' if ok else '>'} tolerance {_num(t)}"
    if how == "nearly":
        ok = p - t - EPS <= x <= p + EPS
        if x > p + EPS:
            return False, f"{_num(x)} is above {_num(p)}; 'nearly' means a little below it"
        return ok, f"{_num(x)} {'within' if ok else 'outside'} [{_num(p - t)}, {_num(p)}] ('nearly')"
    if how == "far_above":
        threshold = p + t
        ok = x >= threshold - EPS
        return ok, (f"{_num(x)} {'≥' if ok else '<'} {_num(threshold)} "
                    f"(far above {_num(p)}: at least {_num(p)} + {_num(t)})")
    bounds = {
        "more_than": (lambda: x > p + EPS, ">"),
        "at_least": (lambda: x >= p - EPS, "≥"),
        "less_than": (lambda: x < p - EPS, "<"),
        "at_most": (lambda: x <= p + EPS, "≤"),
    }
    if how in bounds:
        test, sign = bounds[how]
        ok = test()
        return ok, f"{_num(x)} {sign if ok else 'not ' + sign} {_num(p)}"
    if how == "range":
        low, high = p
        ok = low - EPS <= x <= high + EPS
        return ok, f"{_num(x)} {'inside' if ok else 'outside'} [{_num(low)}, {_num(high)}]"
    raise ValueError(f"unknown wording {how!r}")  # the registry schema prevents this


def _date_key(value: str, precision: int) -> str:
    return value[:precision]


def compare(claim: Claim, value: Any) -> tuple[bool, str]:
    """Does a computed value agree with the claim as worded? Returns (agrees, why)."""
    kind = claim.kind
    if kind == "set":
        got, want = sorted(set(value)), sorted(set(claim.value))
        ok = got == want
        return ok, f"{', '.join(got)} {'equals' if ok else 'differs from'} {', '.join(want)}"
    if kind in ("date", "date_range"):
        published = claim.value if kind == "date_range" else [claim.value, claim.value]
        precision = max(len(v) for v in published)
        values = value if isinstance(value, list) else [value]
        keys = [_date_key(v, precision) for v in values]
        ok = all(published[0] <= k <= published[1] for k in keys)
        shown = "–".join(values)
        where = published[0] if kind == "date" else f"{published[0]}–{published[1]}"
        return ok, f"{shown} {'within' if ok else 'outside'} {where}"
    if isinstance(value, list):  # a computed [low, high] for a numeric claim
        if claim.kind == "range":
            low, high = claim.value
            ok = low - EPS <= value[0] and value[1] <= high + EPS
            verdict = "inside" if ok else "not inside"
            return ok, f"[{_num(value[0])}, {_num(value[1])}] {verdict} [{_num(low)}, {_num(high)}]"
        results = [_compare_number(claim, v) for v in value]
        ok = all(r[0] for r in results)
        return ok, "; ".join(r[1] for r in results)
    return _compare_number(claim, float(value))


def is_pooled(record: dict) -> bool:
    """A run over both study counties together: the run whose figures the report states."""
    parameters = record.get("parameters")
    county = parameters.get("county") if isinstance(parameters, dict) else None
    return record.get("paramset") == POOLED or county == POOLED


def headline_records(claim: Claim, records: Iterable[dict]) -> list[dict]:
    """The records the claim's status is judged on.

    The report's survey figures are pooled over both counties; when pooled runs exist,
    per-county runs are shown on the ledger but do not decide the status.
    """
    mine = [r for r in records if r.get("claim_id") == claim.id and r.get("value") is not None]
    pooled = [r for r in mine if is_pooled(r)]
    return pooled if pooled else mine


def _where(record: dict) -> str:
    """Which run a record came from, with the start of its note (e.g. the county it is about)."""
    parts = [p for p in (record.get("notebook"), record.get("paramset")) if p]
    where = "/".join(parts) or "interactive"
    note = str(record.get("note") or "")
    if note:
        where += f" [{note[:40]}{'…' if len(note) > 40 else ''}]"
    return where


def record_status(claim: Claim, record: dict) -> tuple[str, str]:
    """The status one record alone would give the claim, with its explanation."""
    source = record.get("source")
    if not claim.testable:
        return "not testable", claim.reason or ""
    if not claim.recordable:
        return "not computed", claim.reason or "data could test it; it is not part of this collection"
    if record.get("value") is None:
        return "not computed", f"no value: {record.get('note') or 'the notebook could not compute it'}"
    ok, why = compare(claim, record["value"])
    if source == "program_records":
        return "recorded", f"{RECORDED}; {why}"
    if source == "synthetic":
        lead = ("matches only because the stand-in was calibrated to it" if ok
                else "does not even match the calibrated stand-in")
        return "synthetic", f"{lead}: {why}. Not evidence."
    return ("reproduced" if ok else "differs"), why


def status(claim: Claim, records: Iterable[dict]) -> tuple[str, str]:
    """The claim's ledger status and a one-sentence explanation, from all records.

    Independent data (census / boundaries / survey) decides when present: reproduced
    only if every headline record from it agrees. Synthetic records alone give
    `synthetic`, however well they match. Programme records give `recorded`.
    """
    records = list(records)
    if not claim.testable:
        return "not testable", claim.reason or "no data could test it as worded"
    if not claim.recordable:
        return "not computed", claim.reason or "data could test it; it is not part of this collection"
    headline = headline_records(claim, records)
    if not headline:
        mine = [r for r in records if r.get("claim_id") == claim.id]
        if mine:
            return "not computed", "recorded without a value: " + "; ".join(
                f"{_where(r)}: {r.get('note') or 'no reason given'}" for r in mine)
        return "not computed", f"no notebook has recorded it yet (expected in {claim.notebook})"
    independent = [r for r in headline if r.get("source") in DATA_EVIDENCE]
    if independent:
        verdicts = [(r, *compare(claim, r["value"])) for r in independent]
        failing = [(r, why) for r, ok, why in verdicts if not ok]
        if failing:
            return "differs", "; ".join(f"{_where(r)} ({r['source']}): {why}" for r, why in failing)
        r, _, why = verdicts[0]
        more = f" (and {len(verdicts) - 1} more run(s))" if len(verdicts) > 1 else ""
        return "reproduced", f"{_where(r)} ({r['source']}): {why}{more}"
    withheld = [r for r in records if r.get("claim_id") == claim.id and r.get("source") == "survey"
                and r.get("value") is None and is_pooled(r)]
    if withheld:  # a real survey file was analysed but gave no value: the stand-in must not speak in its place
        return "not computed", "the survey file gave no value: " + "; ".join(
            f"{_where(r)}: {r.get('note') or 'no reason given'}" for r in withheld)
    synthetic = [r for r in headline if r.get("source") == "synthetic"]
    if synthetic:
        return record_status(claim, synthetic[0])
    programme = [r for r in headline if r.get("source") == "program_records"]
    if programme:
        mismatched = [r for r in programme if not compare(claim, r["value"])[0]]
        if mismatched:
            return "recorded", (
                "programme records disagree with the article — a transcription error to fix: "
                + "; ".join(compare(claim, r["value"])[1] for r in mismatched))
        return "recorded", RECORDED
    return "not computed", "no record from a usable source"


def counts(statuses: Iterable[str]) -> dict[str, int]:
    """How many claims have each status, every status listed (zeros included), in STATUSES order."""
    tally = {name: 0 for name in STATUSES}
    for name in statuses:
        tally[name] += 1
    return tally

