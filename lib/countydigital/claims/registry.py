"""The claims registry: every checkable statement of the report, in one YAML file.

`data/published/claims.yaml` is the one source of truth for the report's numbers.
This module reads it into `Claim` objects and validates it strictly: an unknown
(e.g. misspelt) field, a missing required field, a duplicate id, a value that does
not fit its wording, or sections out of the report's order is a `ClaimsError`
naming the file, the claim id and the field — never silently ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .. import paths, yamlio
from ..exceptions import ClaimsError

# The report's section order; the registry lists its claims in this order.
SECTIONS = ("context", "employment", "talent", "programs", "vocational")

# How a figure is worded; countydigital.claims.status gives each its comparison.
STATED_AS = (
    "exact", "about", "nearly", "far_above",
    "more_than", "at_least", "less_than", "at_most", "range",
)
# Wordings whose comparison needs a tolerance when the claim is testable on data.
NEEDS_TOLERANCE = ("exact", "about", "nearly", "far_above")

# The registry's one rule (claims.yaml's header): `none` = no data could test the claim as
# worded (status `not testable`); `external` = data could, but it is not part of this
# collection and `reason` says which (status `not computed`); `program_records` = transcribed
# from the article, not an independent source (status `recorded`).
EVIDENCE = ("census", "boundaries", "survey", "program_records", "external", "none")
# Evidence that tests a claim on independent data (as opposed to records or nothing).
DATA_EVIDENCE = ("census", "boundaries", "survey")
# Evidence that no notebook of this collection records; it needs a reason instead.
UNRECORDED_EVIDENCE = ("external", "none")

# What may stand behind each kind of evidence the registry names (claims.yaml `evidence`).
# A survey claim takes a real survey file or the synthetic stand-in (which the ledger never
# counts as evidence); every other claim takes only its own kind. `none` and `external`
# claims are recorded by no notebook of this collection.
ACCEPTS = {
    "survey": ("survey", "synthetic"),
    "census": ("census",),
    "boundaries": ("boundaries",),
    "program_records": ("program_records",),
    "none": (),
    "external": (),
}


REQUIRED_FIELDS = (
    "id", "section", "statement_zh", "statement_en", "value", "unit", "stated_as", "evidence",
)
OPTIONAL_FIELDS = ("quote", "tolerance", "tolerance_note", "reason", "notebook")
ALL_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS

ID_PATTERN = re.compile(r"^[a-z]+\.[a-z0-9_]+$")
NOTEBOOK_PATTERN = re.compile(r"^\d\d-[a-z0-9-]+$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_number(value: Any) -> bool:
    """True for int/float (numpy scalars included), False for bool."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0 and value.dtype.kind in "iuf"


def is_date(value: Any) -> bool:
    """True for an ISO date string at year, month or day precision ("2021", "2021-05")."""
    return isinstance(value, str) and bool(DATE_PATTERN.match(value))


@dataclass(frozen=True)
class Claim:
    """One statement of the report. `value` is a number, [low, high], a date or a set."""

    id: str
    section: str
    statement_zh: str
    statement_en: str
    value: Any
    unit: str
    stated_as: str
    evidence: str
    quote: str | None = None
    tolerance: float | None = None
    tolerance_note: str | None = None
    reason: str | None = None
    notebook: str | None = None
    position: int = field(default=0, compare=False)

    @property
    def kind(self) -> str:
        """"number", "range", "date", "date_range" or "set": decides how values compare."""
        if self.stated_as == "range":
            return "date_range" if is_date(self.value[0]) else "range"
        if is_date(self.value):
            return "date"
        if isinstance(self.value, list):
            return "set"
        return "number"

    @property
    def testable(self) -> bool:
        """Could data test it as worded? (`external`: yes, though not data of this collection.)"""
        return self.evidence != "none"

    @property
    def recordable(self) -> bool:
        """Does a notebook of this collection record it?"""
        return self.evidence not in UNRECORDED_EVIDENCE

    @property
    def decimals(self) -> int | None:
        """Digits after the decimal point as published (97.4 -> 1, 50 -> 0); None if not a number."""
        if self.kind != "number":
            return None
        return max(0, -Decimal(str(self.value)).as_tuple().exponent)

    @property
    def effective_tolerance(self) -> float:
        return float(self.tolerance) if self.tolerance is not None else 0.0

    def published_text(self) -> str:
        """The published value as a reader would write it ("97.4 %", "21–29 people")."""
        value = self.value
        if self.kind in ("range", "date_range"):
            text = f"{_fmt(value[0])}–{_fmt(value[1])}"
        elif self.kind == "set":
            text = ", ".join(str(v) for v in value)
        else:
            text = _fmt(value)
        prefix = {
            "about": "≈ ", "nearly": "nearly ", "more_than": "> ", "at_least": "≥ ",
            "less_than": "< ", "at_most": "≤ ", "far_above": "far above ",
        }.get(self.stated_as, "")
        unit = "" if self.kind in ("date", "date_range", "set") else f" {self.unit}"
        return f"{prefix}{text}{unit}"


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _problem(source: Path, claim_id: str, field_name: str, what: str) -> ClaimsError:
    return ClaimsError(f"{source.name}: claim {claim_id!r}: field {field_name!r}: {what}")


def _check_value(source: Path, entry: dict) -> None:
    cid, value, stated = entry["id"], entry["value"], entry["stated_as"]
    if stated == "range":
        ok = (
            isinstance(value, list) and len(value) == 2
            and (all(is_number(v) for v in value) or all(is_date(v) for v in value))
        )
        if not ok:
            raise _problem(source, cid, "value", "a range needs [low, high] (two numbers or two dates)")
        if value[0] > value[1]:
            raise _problem(source, cid, "value", f"range {value} is not ordered low <= high")
        return
    if is_number(value) or is_date(value):
        return
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        if stated != "exact":
            raise _problem(source, cid, "stated_as", "a set of values can only be stated 'exact'")
        return
    raise _problem(
        source, cid, "value",
        f"{value!r} is not a number, [low, high], a date (YYYY[-MM[-DD]]) or a list of strings",
    )


def validate_entry(entry: Any, source: Path, index: int) -> Claim:
    """Check one registry entry against the schema and return it as a Claim."""
    if not isinstance(entry, dict):
        raise ClaimsError(f"{source.name}: entry {index + 1} is not a mapping")
    cid = entry.get("id")
    if not isinstance(cid, str) or not ID_PATTERN.match(cid):
        raise ClaimsError(
            f"{source.name}: entry {index + 1}: field 'id': {cid!r} is not an id like 'section.name'"
        )
    unknown = sorted(set(entry) - set(ALL_FIELDS))
    if unknown:
        raise _problem(source, cid, unknown[0], f"unknown field (allowed: {', '.join(ALL_FIELDS)})")
    for name in REQUIRED_FIELDS:
        if entry.get(name) is None or entry.get(name) == "":
            raise _problem(source, cid, name, "required field missing")
    for name in ("statement_zh", "statement_en", "unit", "quote", "tolerance_note", "reason"):
        if name in entry and not isinstance(entry[name], str):
            raise _problem(source, cid, name, "must be text")
    choices = {"section": SECTIONS, "stated_as": STATED_AS, "evidence": EVIDENCE}
    for name, allowed in choices.items():
        if entry[name] not in allowed:
            raise _problem(source, cid, name, f"{entry[name]!r} not one of {', '.join(allowed)}")
    _check_value(source, entry)

    tolerance = entry.get("tolerance")
    if tolerance is not None and (not is_number(tolerance) or tolerance < 0):
        raise _problem(source, cid, "tolerance", f"{tolerance!r} is not a number >= 0")
    if tolerance is not None and not entry.get("tolerance_note"):
        raise _problem(source, cid, "tolerance_note", "a tolerance needs a note saying why")
    if (
        entry["evidence"] in DATA_EVIDENCE
        and entry["stated_as"] in NEEDS_TOLERANCE
        and is_number(entry["value"])
        and tolerance is None
    ):
        raise _problem(source, cid, "tolerance", f"required for a testable {entry['stated_as']!r} figure")
    if entry["evidence"] in UNRECORDED_EVIDENCE:
        if not entry.get("reason"):
            what = "why no data could test it" if entry["evidence"] == "none" else "which data could test it"
            raise _problem(source, cid, "reason", f"evidence {entry['evidence']!r} needs a reason ({what})")
        if entry.get("notebook"):
            raise _problem(source, cid, "notebook", f"evidence {entry['evidence']!r} is recorded by no notebook")
    else:
        if entry.get("reason"):
            raise _problem(source, cid, "reason", "only evidence 'none' or 'external' takes a reason")
        notebook = entry.get("notebook")
        if not isinstance(notebook, str) or not NOTEBOOK_PATTERN.match(notebook):
            raise _problem(source, cid, "notebook", f"{notebook!r} is not a notebook name like '03-topic'")
    return Claim(**entry, position=index)


def parse_registry(data: Any, source: Path) -> list[Claim]:
    """Validate the parsed YAML document; return its claims in registry order."""
    if not isinstance(data, dict) or set(data) != {"claims"} or not isinstance(data["claims"], list):
        raise ClaimsError(f"{source.name}: expected one top-level key 'claims' holding a list")
    claims: list[Claim] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["claims"]):
        claim = validate_entry(entry, source, index)
        if claim.id in seen:
            raise _problem(source, claim.id, "id", "duplicate id")
        seen.add(claim.id)
        claims.append(claim)
    for before, after in zip(claims, claims[1:]):
        if SECTIONS.index(after.section) < SECTIONS.index(before.section):
            raise _problem(
                source, after.id, "section",
                f"{after.section!r} after {before.section!r}: claims must follow the report's "
                f"section order ({', '.join(SECTIONS)})",
            )
    return claims


_CACHE: dict[tuple[Path, int], list[Claim]] = {}


def load_registry(path: Path | None = None) -> list[Claim]:
    """Read and validate the claims registry (default `paths.CLAIMS_FILE`), in registry order.

    Cached per file and modification time, so notebooks can call it on every `record`.
    """
    path = Path(path or paths.CLAIMS_FILE)
    try:
        key = (path.resolve(), path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise ClaimsError(f"claims registry not found: {path.name}") from None
    if key not in _CACHE:
        try:
            data = yamlio.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ClaimsError(f"{path.name}: not valid YAML: {exc}") from None
        _CACHE[key] = parse_registry(data, path)
    return list(_CACHE[key])


def get_claim(claim_id: str, path: Path | None = None) -> Claim:
    """The claim with this id; ClaimsError listing close ids when there is none."""
    claims = {c.id: c for c in load_registry(path)}
    if claim_id in claims:
        return claims[claim_id]
    import difflib

    close = difflib.get_close_matches(str(claim_id), list(claims), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ClaimsError(f"unknown claim id {claim_id!r}{hint}")
