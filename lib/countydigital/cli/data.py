"""`python -m countydigital data fetch|verify`: external data from the manifest."""
from __future__ import annotations

from .. import datafetch, paths


def register(subparsers) -> None:
    parser = subparsers.add_parser("data", help="fetch and verify external data files")
    actions = parser.add_subparsers(dest="action", required=True)
    fetch = actions.add_parser("fetch", help="download (or copy from the mirror) every missing file and verify sha256")
    fetch.add_argument("--offline", action="store_true", help="never download; use only data/raw and the mirror")
    fetch.set_defaults(func=_fetch)


def _fetch(args) -> int:
    mirror = paths.data_mirror()
    where = f"mirror {mirror}" if mirror else "pinned upstream URLs"
    print(f"fetching external data from {where} into {paths.RAW_DIR}")
    for key, path in datafetch.fetch_all(allow_download=not args.offline).items():
        print(f"  ok  {key:20s} {path.relative_to(paths.RAW_DIR)}")
    return 0
