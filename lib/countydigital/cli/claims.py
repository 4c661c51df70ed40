"""`python -m countydigital claims check|list|ledger|granularity`: the report's claims."""
from __future__ import annotations

from pathlib import Path

from .. import paths


def register(subparsers) -> None:
    parser = subparsers.add_parser("claims", help="the report's claims: registry, coverage, ledger")
    actions = parser.add_subparsers(dest="action", required=True)

    check = actions.add_parser(
        "check", help="validate the registry; list testable claims no notebook records (exit 1 if any)")
    check.add_argument("--notebooks", type=Path, default=None, help="notebook folder (default: notebooks/)")
    check.set_defaults(func=_check)

    listing = actions.add_parser("list", help="print every claim: id, evidence, status from the records")
    listing.add_argument("--records", type=Path, default=None, help="records folder (default: build/records)")
    listing.set_defaults(func=_list)

    ledger = actions.add_parser("ledger", help="write claims.html and claims.json from the records")
    ledger.add_argument("--records", type=Path, default=None, help="records folder (default: build/records)")
    ledger.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
    ledger.set_defaults(func=_ledger)

    grim = actions.add_parser("granularity", help="GRIM-style check of the one-decimal survey percentages")
    grim.add_argument("--n-max", type=int, default=2000, help="largest sample size searched")
    grim.add_argument("--n", type=int, action="append", default=[], help="also test this sample size")
    grim.set_defaults(func=_granularity)


def _check(args) -> int:
    from ..claims import coverage, load_registry

    claims = load_registry()
    missing = coverage.uncovered(claims, args.notebooks)
    unknown = coverage.unknown_recorded(claims, args.notebooks)
    untestable = [c for c in claims if not c.testable]
    external = [c for c in claims if c.testable and not c.recordable]
    print(f"{len(claims)} claims in the registry; {len(untestable)} not testable, {len(external)} testable only on "
          f"data outside this collection (each with a reason); "
          f"{len(claims) - len(untestable) - len(external) - len(missing)} recorded by a notebook")
    for claim in missing:
        print(f"  not recorded  {claim.id:45s} expected in {claim.notebook}")
    for cid, notebooks in unknown.items():
        print(f"  unknown id    {cid:45s} recorded in {', '.join(notebooks)}")
    return 1 if missing or unknown else 0


def _list(args) -> int:
    from ..claims import load_records, load_registry
    from ..claims.ledger import latest_records
    from ..claims.status import status

    records = latest_records(load_records(args.records))
    for claim in load_registry():
        name, _ = status(claim, [r for r in records if r.get("claim_id") == claim.id])
        print(f"{claim.id:45s} {claim.evidence:16s} {claim.published_text():28s} {name}")
    return 0


def _ledger(args) -> int:
    from ..claims.ledger import build_ledger

    out = args.out or paths.SITE_DIR
    tally = build_ledger(args.records or paths.RECORDS_DIR, out)
    print("wrote claims.html and claims.json: " + ", ".join(f"{k} {v}" for k, v in tally.items()))
    return 0


def _granularity(args) -> int:
    from ..claims import granularity

    result = granularity.check(n_max=args.n_max, sample_sizes=args.n).to_dict()
    print("percentages: " + ", ".join(f"{p}%" for p in result["percents"]))
    print(f"sample sizes 1..{args.n_max} consistent with all: {result['consistent_count']}; "
          f"smallest {result['smallest_consistent_n']}")
    for n, ids in result["impossible_at_recorded_n"].items():
        print(f"  n = {n}: " + ("impossible for " + ", ".join(ids) if ids else "all consistent"))
    return 0
