"""Skip publishing when the site already is what this build would publish.

A rebuild in which every job came from the cache would assemble the same pages,
ledger and index again (only the provenance block's time would differ), and the
privacy gate would load the survey to scan them again: about 2 s of a no-change
rebuild, against a target of well under a second. The build therefore records what
it published (the cache key of every page, the git commit the provenance block
names, whether the index links the county section, and the size and sha256 of every
file of the site and of the ledger's records) and, next time, publishes only if any of that differs. The site
itself is checked, not only the record of it: a deleted, truncated or edited file
in site/ (a second build that swapped in an incomplete site, a full disk, a hand
edit), a new commit, or any changed input (which changes a cache key) all lead to a
full publish. Hashing the site costs tens of milliseconds.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import atomic, datafetch, paths
from . import provenance
from .publishing import LEDGER_RECORDS
from .results import Result
from .site import COUNTIES_DIR

STATE_FILE = "published.json"
# Published by `run --counties` on its own; the ordinary build only carries it over.
IGNORED = (COUNTIES_DIR,)


def _files(site_dir: Path) -> dict[str, list]:
    """[size, sha256] of every file of the site (outside the county section), by relative path;
    the ledger's records (build/ledger-records) under `ledger-records/`, so they are checked too."""
    files = {}
    for root, prefix in ((site_dir, ""), (paths.BUILD_DIR / LEDGER_RECORDS, f"{LEDGER_RECORDS}:")):
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and (prefix or rel.parts[0] not in IGNORED):
                files[prefix + rel.as_posix()] = [path.stat().st_size, datafetch.sha256_of(path)]
    return files


def current_state(results: list[Result], site_dir: Path) -> dict:
    """What a publish of `results` into `site_dir` would be built from."""
    return {
        "site": str(site_dir.resolve()),
        "pages": {r.label: r.cache_key for r in results},
        "commit": provenance.git_commit(),
        # the index links the county section only when it is there (it may have come or gone since)
        "county_profiles": (site_dir / COUNTIES_DIR / "index.html").is_file(),
    }


def is_published(state: dict, site_dir: Path) -> bool:
    """True when `site_dir` holds exactly what a publish of `state` produced last time."""
    file = paths.BUILD_DIR / STATE_FILE
    if not file.is_file() or not (site_dir / "index.html").is_file():
        return False
    try:
        recorded = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded.get("state") == state and recorded.get("files") == _files(site_dir)


def record(state: dict, site_dir: Path) -> None:
    """Remember a successful publish (written after the site was swapped in)."""
    atomic.write_json(paths.BUILD_DIR / STATE_FILE, {"state": state, "files": _files(site_dir)})
