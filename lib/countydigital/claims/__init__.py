"""The report's claims: registry, recording API, statuses, granularity check, ledger page.

    from countydigital.claims import record
    record("employment.social_insurance", 97.1, source="synthetic", n=800, anchor="job-quality")

Modules: registry (the YAML registry and its schema), record (writing and reading
records), status (how a computed value is judged against the published one),
granularity (GRIM-style sample-size check), coverage (which notebook records which
claim), ledger (site/claims.html and claims.json).
"""
from .record import SOURCES, load_records, record
from .registry import Claim, get_claim, load_registry

__all__ = ["SOURCES", "Claim", "get_claim", "load_records", "load_registry", "record"]
