"""Which notebook records which claim, read from the notebooks' source.

A claim is covered when some notebook's code calls `record("the.id", ...)` (single or
double quotes) literally, or names it literally in the list given to
`facts.record_facts([...])` (programme facts recorded in a batch from data/programs/).
Literal ids let this static scan, the `claims check` command and the coverage test see
them without running anything.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .. import paths
from ..exceptions import ClaimsError
from .registry import Claim, load_registry

RECORD_CALL = re.compile(r"""\brecord\(\s*(['"])([a-z]+\.[a-z0-9_]+)\1""")
BATCH_CALL = re.compile(r"""\brecord_facts\(\s*\[([^\]]*)\]""")
QUOTED_ID = re.compile(r"""(['"])([a-z]+\.[a-z0-9_]+)\1""")


def recorded_ids(source: str) -> list[str]:
    """Claim ids a piece of code records literally: `record("id", ...)` or `record_facts(["id", ...])`."""
    ids = [m.group(2) for m in RECORD_CALL.finditer(source)]
    for batch in BATCH_CALL.finditer(source):
        ids.extend(m.group(2) for m in QUOTED_ID.finditer(batch.group(1)))
    return ids


def notebook_coverage(notebooks_dir: Path | None = None) -> dict[str, list[str]]:
    """claim id -> sorted names of the notebooks whose code cells record it."""
    notebooks_dir = Path(notebooks_dir or paths.NOTEBOOKS_DIR)
    found: dict[str, set[str]] = {}
    for path in sorted(notebooks_dir.glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, json.JSONDecodeError) as exc:
            raise ClaimsError(f"{path.name}: cannot read notebook: {exc}") from None
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            for cid in recorded_ids(source):
                found.setdefault(cid, set()).add(path.stem)
    return {cid: sorted(names) for cid, names in sorted(found.items())}


def uncovered(claims: list[Claim] | None = None, notebooks_dir: Path | None = None) -> list[Claim]:
    """Claims a notebook should record that none does (evidence `none`/`external` need no notebook)."""
    claims = load_registry() if claims is None else claims
    coverage = notebook_coverage(notebooks_dir)
    return [c for c in claims if c.recordable and c.id not in coverage]


def unknown_recorded(claims: list[Claim] | None = None, notebooks_dir: Path | None = None) -> dict[str, list[str]]:
    """Ids that notebooks record but the registry does not have (a typo or a missing claim)."""
    claims = load_registry() if claims is None else claims
    known = {c.id for c in claims}
    return {cid: nbs for cid, nbs in notebook_coverage(notebooks_dir).items() if cid not in known}
