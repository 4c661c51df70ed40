"""Recording what a notebook computed against a claim id.

A notebook calls `record("employment.social_insurance", 97.1, source="synthetic", n=800,
ci=(95.8, 98.1), anchor="job-quality")`. The value lands as one JSON line in the file
named by COUNTYDIGITAL_RECORDS (the runner sets one file per notebook run; interactive
default `build/records/interactive.jsonl`), together with the notebook name, the
parameter set and its parameters, also taken from the environment the runner sets.
The ledger is built from these lines — data, never scraped from HTML.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from pathlib import Path
from typing import Any

from .. import paths
from ..config import ENV_NOTEBOOK, ENV_PARAMETERS, ENV_PARAMSET, ENV_RECORDS
from ..exceptions import ClaimsError
from .registry import ACCEPTS, get_claim, is_date, is_number

SOURCES = ("census", "boundaries", "survey", "synthetic", "program_records")

SHA256 = re.compile(r"^[0-9a-f]{64}$")

INTERACTIVE_FILE = "interactive.jsonl"


def records_file() -> Path:
    """Where `record` appends: $COUNTYDIGITAL_RECORDS or build/records/interactive.jsonl."""
    value = os.environ.get(ENV_RECORDS)
    return Path(value) if value else paths.RECORDS_DIR / INTERACTIVE_FILE


def _plain(value: Any, what: str, claim_id: str) -> Any:
    """A JSON-ready copy of value: numpy/pandas scalars unwrapped, NaN refused."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if hasattr(value, "isoformat") and callable(value.isoformat):  # pandas.Timestamp
        return value.isoformat()
    if is_number(value):
        number = value.item() if hasattr(value, "item") else value
        if isinstance(number, float) and not math.isfinite(number):
            raise ClaimsError(f"record({claim_id!r}): {what} is {number}; record None and say why in note")
        return number
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return [_plain(v, what, claim_id) for v in items]
    raise ClaimsError(f"record({claim_id!r}): {what} {value!r} of type {type(value).__name__} is not recordable")


def _check_fits(claim, value: Any) -> None:
    """Refuse a value that cannot be compared with the claim (a date for a percentage...)."""
    if value is None:
        return
    kind = claim.kind
    pair = isinstance(value, list) and len(value) == 2
    if kind in ("number", "range"):
        ok = is_number(value) or (pair and all(is_number(v) for v in value))
    elif kind in ("date", "date_range"):
        ok = is_date(value) or (pair and all(is_date(v) for v in value))
    else:  # set
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if not ok:
        raise ClaimsError(
            f"record({claim.id!r}): value {value!r} does not fit a {kind} claim "
            f"(published {claim.value!r})"
        )


def _append_line(path: Path, line: str) -> None:
    """Append one line with a single write, flushed and fsynced.

    O_APPEND with one os.write per record keeps lines whole even if two processes
    share a file; the runner gives each notebook run its own file anyway.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (line + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        written = os.write(fd, data)
        if written != len(data):
            raise ClaimsError(f"{path.name}: short write while recording")
        os.fsync(fd)
    finally:
        os.close(fd)


def record(
    claim_id: str,
    value: Any,
    *,
    source: str,
    unit: str | None = None,
    n: int | None = None,
    ci: tuple[float, float] | None = None,
    anchor: str | None = None,
    note: str = "",
    sha256: str | None = None,
) -> dict:
    """Record a computed value against a registered claim; return the record written.

    claim_id: an id of data/published/claims.yaml (unknown id -> ClaimsError).
    value: a number, [low, high], an ISO date string or a list of strings — what the
        claim's published value is; None when it could not be computed (say why in `note`).
    source: "census", "boundaries", "survey" (a real survey file), "synthetic" (the
        synthetic stand-in) or "program_records"; it must fit the claim's evidence
        (ACCEPTS), otherwise ClaimsError: a census figure cannot stand behind a survey claim.
    unit, n (sample size or denominator), ci (low, high), anchor (HTML id of the notebook
        section that computed it), note: shown on the ledger beside the value.
    sha256: the survey file's checksum (`SurveyData.sha256`); required with source
        "survey", so a real-survey figure names the file it came from, refused otherwise.
    """
    claim = get_claim(claim_id)
    if source not in SOURCES:
        raise ClaimsError(f"record({claim_id!r}): source {source!r} not one of {', '.join(SOURCES)}")
    accepted = ACCEPTS[claim.evidence]
    if source not in accepted:
        what = " or ".join(accepted) if accepted else "nothing: no notebook of this collection records it"
        raise ClaimsError(
            f"record({claim_id!r}): source {source!r} cannot stand behind this claim "
            f"(evidence {claim.evidence!r}); it accepts {what}"
        )
    value = _plain(value, "value", claim_id)
    _check_fits(claim, value)
    if n is not None:
        n = _plain(n, "n", claim_id)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ClaimsError(f"record({claim_id!r}): n={n!r} is not a non-negative integer")
    if ci is not None:
        ci = _plain(list(ci), "ci", claim_id)
        if len(ci) != 2 or not all(is_number(v) for v in ci) or ci[0] > ci[1]:
            raise ClaimsError(f"record({claim_id!r}): ci={ci!r} is not an ordered (low, high) pair")
    if anchor is not None and (not isinstance(anchor, str) or not anchor or any(c.isspace() for c in anchor)):
        raise ClaimsError(f"record({claim_id!r}): anchor {anchor!r} is not an HTML id (no spaces)")
    if source == "survey" and not (isinstance(sha256, str) and SHA256.match(sha256)):
        raise ClaimsError(f"record({claim_id!r}): a real-survey record needs the file's sha256 "
                          f"(64 lower-case hex digits), got {sha256!r}")
    if source != "survey" and sha256 is not None:
        raise ClaimsError(f"record({claim_id!r}): sha256 names a real survey file; source {source!r} has none")
    parameters: Any = None
    raw = os.environ.get(ENV_PARAMETERS)
    if raw:
        try:
            parameters = json.loads(raw)
        except json.JSONDecodeError:
            parameters = raw
    entry = {
        "claim_id": claim_id,
        "value": value,
        "source": source,
        "unit": unit,
        "n": n,
        "ci": ci,
        "anchor": anchor,
        "note": str(note or ""),
        "sha256": sha256,
        "notebook": os.environ.get(ENV_NOTEBOOK) or None,
        "paramset": os.environ.get(ENV_PARAMSET) or None,
        "parameters": parameters,
    }
    _append_line(records_file(), json.dumps(entry, ensure_ascii=False, sort_keys=False))
    return entry


def load_records(records_dir: Path | None = None, *, include_interactive: bool = False) -> list[dict]:
    """Every record under records_dir (default build/records), files and lines in a stable order.

    `*.jsonl` files are read recursively in sorted path order. A record without a
    notebook/paramset (an older runner) takes them from its file's place,
    `<records_dir>/<notebook>/<paramset>.jsonl`. The interactive file is skipped unless
    asked for, so the published ledger never depends on someone's notebook session.
    A malformed line is a ClaimsError naming the file and line.
    """
    records_dir = Path(records_dir or paths.RECORDS_DIR)
    if not records_dir.is_dir():
        return []
    out: list[dict] = []
    for path in sorted(records_dir.rglob("*.jsonl")):
        if path.name == INTERACTIVE_FILE and not include_interactive:
            continue
        relative = path.relative_to(records_dir)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ClaimsError(f"{relative}: line {number}: not JSON ({exc.msg})") from None
            if not isinstance(entry, dict) or "claim_id" not in entry or "source" not in entry:
                raise ClaimsError(f"{relative}: line {number}: not a claim record")
            if not entry.get("notebook") and len(relative.parts) == 2:
                entry["notebook"] = relative.parts[0]
            if not entry.get("paramset") and len(relative.parts) == 2:
                entry["paramset"] = relative.stem
            entry["_file"] = str(relative)
            entry["_line"] = number
            out.append(entry)
    return out
