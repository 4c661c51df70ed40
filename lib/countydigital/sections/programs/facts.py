"""Programme facts for the claims ledger: the value claim_links.csv points at, recorded.

`record_facts()` records programme claims (source "program_records"); `fact()` and
`linked_claims()` read them without recording.
"""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from ...exceptions import ProgramsError
from .records import ProgrammeRecords, linked_value, load_programs


def fact(claim_id: str, records: ProgrammeRecords | None = None) -> Any:
    """The value the programme records hold for a registry claim (via claim_links.csv)."""
    records = records or load_programs()
    links = records["claim_links"]
    match = links[links["claim_id"] == claim_id]
    if match.empty:
        raise ProgramsError(f"claim {claim_id!r} has no row in claim_links.csv")
    return linked_value(records.tables, match.iloc[0])


def linked_claims(records: ProgrammeRecords | None = None) -> list[str]:
    """Every claim id the programme records can supply, in claim_links.csv order."""
    records = records or load_programs()
    return list(records["claim_links"]["claim_id"])


def record_facts(claim_ids: Iterable[str], *, anchor: str | None = None,
                 records: ProgrammeRecords | None = None) -> pd.DataFrame:
    """Record programme claims in the ledger (source "program_records"); return what was recorded.

    Pass the ids literally (`record_facts(["vocational.intensive_class_size", ...])`) so
    the coverage scan (countydigital.claims.coverage) sees them without running the notebook.
    """
    from ...claims import get_claim, record

    records = records or load_programs()
    rows = []
    for claim_id in claim_ids:
        value = fact(claim_id, records)
        claim = get_claim(claim_id)
        record(claim_id, value, source="program_records", unit=claim.unit, anchor=anchor)
        rows.append({"claim_id": claim_id, "statement_zh": claim.statement_zh,
                     "recorded": _show(value), "published": claim.published_text()})
    return pd.DataFrame(rows)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return f"{value[0]}–{value[1]}"
    return str(value)
