"""The privacy gate of the site: no page is published that shows personal data.

The runner calls `scan_site(staging_dir, parameters=...)` on every build, after
the pages are assembled and before they replace `site/`. It raises
`PrivacyError` (so nothing is published) when any page contains:

- a mainland mobile number: `1[3-9]` + 9 digits as a standalone token
  (optionally `+86`, optionally written 3-4-4 with spaces or dashes);
- an 18-digit resident ID number whose region, birth date and ISO 7064
  check digit are all valid (so long numbers and hash fragments do not trip it);
- an IPv4 address: a dotted quad of valid octets, not part of a longer dotted
  sequence, not a version string (`version 1.2.3.4`, `v1.2.3.4`, `==1.2.3.4`);
- a raw survey record: any run of `RECORD_WINDOW` consecutive values of one
  survey row (a table row or a printed line), as registered below;
- a published table that breaks the disclosure threshold (see
  `check_disclosure`);
- active content: a `<script>`, frame or plugin element, an `on...=` event
  handler or a `javascript:` URL.

Notebooks published beside the pages (`.ipynb`) are read cell by cell: metadata (the
parameters), markdown and text outputs as text, HTML outputs as pages, so a value a page
hides (the plain-text form of a table, a stream) is checked too. Code cells are the
repository's source and are not read; what they printed is. The site is static and its template loads
  no script, so any of these means a notebook output (say a `Markdown(...)`
  sentence built from a parameter or a data value) reached the page unescaped.

The message names the file, the line and what was found, with the value
masked: the error itself must not leak what it guards. The patterns are those
of `countydigital.personal_data` (shared with the survey import filter).

Which records are sensitive. The build registers every survey its pages may
have read: the synthetic stand-in the notebooks use by default (treated as real
data on purpose: a page that prints synthetic rows would print real ones too)
and any file passed as a notebook's `survey` parameter. Anything else that
loads survey rows in a kernel may call `register_records(frame, label=...)`,
which writes hashed signatures (never values) under `build/sensitive/`; every
later scan reads them.

What it cannot see: text inside images, and records shown transposed (one
value per line). Notebooks publish survey figures only through the
disclosure-control function, which is what keeps records out in the first place.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from dataclasses import replace as dataclasses_replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

from . import atomic, paths
from .config import DEFAULT_SEED
from .exceptions import CountyDigitalError, PrivacyError
from .personal_data import find_personal_data

# Files of the site read as text; anything else (PNG, fonts) is skipped.
TEXT_SUFFIXES = {".html", ".htm", ".json", ".txt", ".csv", ".md", ".svg", ".xml", ".js", ".css", ".ipynb"}
# Consecutive values of one survey row that count as a leaked record.
RECORD_WINDOW = 6
# A window must hold this many distinct values to be registered: runs like 0 0 0 1 0 0 are
# shared by many respondents and by ordinary count tables, so they identify nobody.
MIN_DISTINCT_IN_WINDOW = 3
SENSITIVE_DIR_NAME = "sensitive"
# The site is static and loads no script (the page template removes nbconvert's); any of
# these in a page means a notebook output or a user-supplied string reached the HTML unescaped.
ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "applet"}

@dataclass(frozen=True)
class Finding:
    """One problem on one page; `masked` never contains the value itself."""

    file: str
    line: int
    kind: str
    masked: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind} {self.masked}"


# --- survey records -------------------------------------------------------------
def normalise_cell(value) -> str:
    """A value as a page shows it, reduced to one spelling: 3 / 3.0 / '3.000000' -> '3'."""
    if value is None:
        return "NA"
    text = str(value).strip()
    if text in ("", "nan", "NaN", "<NA>", "None", "NaT", "NA"):
        return "NA"
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return text
    if number != number:  # NaN
        return "NA"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.6g}"


def _signature(tokens: Iterable[str]) -> str:
    return hashlib.sha256("\x1f".join(tokens).encode("utf-8")).hexdigest()[:20]


def record_signatures(frame, window: int = RECORD_WINDOW) -> set[str]:
    """Hashes of every informative run of `window` consecutive values of every row of `frame`."""
    signatures: set[str] = set()
    for row in frame.itertuples(index=False, name=None):
        tokens = [normalise_cell(v) for v in row]
        for start in range(0, max(0, len(tokens) - window + 1)):
            run = tokens[start:start + window]
            if len(set(run) - {"NA"}) >= MIN_DISTINCT_IN_WINDOW:
                signatures.add(_signature(run))
    return signatures


def sensitive_dir() -> Path:
    """Where kernels register the signatures of survey rows they loaded."""
    return paths.BUILD_DIR / SENSITIVE_DIR_NAME


def register_records(frame, *, label: str, window: int = RECORD_WINDOW) -> Path:
    """Register `frame`'s rows as sensitive for every later scan; stores hashes only."""
    folder = sensitive_dir()
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", label)[:80] or "records"
    target = folder / f"{safe}.json"
    atomic.write_text(target, json.dumps({"label": label, "window": window,
                                          "signatures": sorted(record_signatures(frame, window))}))
    return target


def registered_signatures() -> set[str]:
    """Every signature registered under `sensitive_dir()` (for RECORD_WINDOW)."""
    signatures: set[str] = set()
    folder = sensitive_dir()
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PrivacyError(f"{file}: unreadable sensitive-records registry ({exc}); delete it and rebuild") from exc
        if doc.get("window") == RECORD_WINDOW:
            signatures.update(doc.get("signatures", []))
    return signatures


def survey_sources(parameters: Iterable[dict]) -> dict[str, Path | int]:
    """Label -> source of every survey the build's notebooks may have read: the file
    named by a `survey` parameter, or the seed of the synthetic stand-in (the project's
    one seed when a run has none)."""
    sources: dict[str, Path | int] = {}
    for params in parameters:
        path = params.get("survey")
        if path:
            file = Path(path) if Path(path).is_absolute() else paths.NOTEBOOKS_DIR / path
            sources.setdefault(f"file:{file}", file)
        else:
            seed = int(params.get("seed", DEFAULT_SEED))
            sources.setdefault(f"synthetic:{seed}", seed)
    return sources


def read_survey(source: Path | int):
    """The frame of one survey source. The survey layer is required, and a file it cannot read
    fails closed: without the frame the gate would have nothing to compare pages against."""
    from . import survey

    if isinstance(source, int):
        return survey.default_survey(seed=source).frame
    try:
        return survey.load(source).frame
    except (OSError, CountyDigitalError) as exc:  # no comparison, no publishing
        raise PrivacyError(f"cannot check the site against the survey {source.name}: {exc}") from exc


def surveys_in_use(parameters: Iterable[dict]) -> dict[str, object]:
    """Label -> frame of every survey the build's notebooks may have read (see `survey_sources`)."""
    return {label: read_survey(source) for label, source in survey_sources(parameters).items()}


def survey_signatures(parameters: Iterable[dict]) -> set[str]:
    """The record signatures of every survey in use, each kept between builds (`signature_cache`)."""
    from .signature_cache import kept_signatures

    known: set[str] = set()
    for source in survey_sources(parameters).values():
        known |= kept_signatures(source, lambda source=source: record_signatures(read_survey(source)))
    return known


# --- reading pages ---------------------------------------------------------------
class _PageReader(HTMLParser):
    """Text nodes and attribute values with their line, and table rows as cell lists."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[int, str]] = []
        self.active: list[tuple[int, str]] = []  # (line, what): scripts, frames, event handlers
        self.rows: list[tuple[int, list[str], tuple[str, ...]]] = []
        self.tables: list[dict] = []  # stack of open tables: {"attrs", "rows"}
        self.finished_tables: list[dict] = []
        self._row: list[str] | None = None
        self._row_tags: list[str] = []
        self._row_line = 0
        self._cell: list[str] | None = None
        self._cell_tag = "td"

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in ACTIVE_TAGS:
            self.active.append((line, f"<{tag}> element"))
        for name, value in attrs:
            if name.startswith("on"):
                self.active.append((line, f"{name}= event handler on <{tag}>"))
            elif value and re.sub(r"\s", "", value).lower().startswith(("javascript:", "vbscript:")):
                self.active.append((line, f"script URL in {name}= of <{tag}>"))
            if value and not value.lstrip().lower().startswith("data:"):
                self.chunks.append((line, value))
        if tag == "table":
            self.tables.append({"attrs": dict(attrs), "rows": [], "line": line})
        elif tag == "tr":
            self._row, self._row_tags, self._row_line = [], [], line
        elif tag in ("td", "th") and self._row is not None:
            self._cell, self._cell_tag = [], tag

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._row_tags.append(self._cell_tag)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            classes = tuple(self.tables[-1]["attrs"].get("class", "").split()) if self.tables else ()
            self.rows.append((self._row_line, self._row, classes))
            if self.tables:
                self.tables[-1]["rows"].append(list(zip(self._row_tags, self._row)))
            self._row = None
        elif tag == "table" and self.tables:
            self.finished_tables.append(self.tables.pop())

    def handle_data(self, data):
        self.chunks.append((self.getpos()[0], data))
        if self._cell is not None:
            self._cell.append(data)


def _record_findings(name: str, lines: Iterable[tuple[int, list[str]]], signatures: set[str]) -> list[Finding]:
    findings = []
    for line, cells in lines:
        tokens = [normalise_cell(c) for c in cells]
        for start in range(0, len(tokens) - RECORD_WINDOW + 1):
            if _signature(tokens[start:start + RECORD_WINDOW]) in signatures:
                findings.append(Finding(name, line, "raw survey record",
                                        f"({RECORD_WINDOW} consecutive values of one respondent's row)"))
                break
    return findings


def scan_text(name: str, text: str, *, html: bool, signatures: set[str] = frozenset()) -> list[Finding]:
    """Every finding in one file's text (`name` is how the file is reported)."""
    findings: list[Finding] = []
    if html:
        reader = _PageReader()
        reader.feed(text)
        reader.close()
        findings += [Finding(name, line, "active content (unescaped HTML?)", what) for line, what in reader.active]
        chunks = reader.chunks
        table_rows = [(line, cells) for line, cells, _ in reader.rows]
        tables = reader.finished_tables
    else:
        chunks, table_rows, tables = [(1, text)], [], []
    for start_line, chunk in chunks:
        for offset, kind, masked in find_personal_data(chunk):
            findings.append(Finding(name, start_line + chunk.count("\n", 0, offset), kind, masked))
    if signatures:
        text_lines = [(start_line + i, line.split()) for start_line, chunk in chunks
                      for i, line in enumerate(chunk.splitlines())]
        findings += _record_findings(name, table_rows + text_lines, signatures)
    for table in tables:
        findings += check_disclosure(name, table)
    return findings


def scan_notebook(name: str, text: str, *, signatures: set[str] = frozenset()) -> list[Finding]:
    """Every finding in a published notebook (.ipynb): its metadata, markdown cells and every output.

    Lines are reported as `cell N` in the finding's text (a notebook has no lines a reader would use).
    """
    try:
        nb = json.loads(text)
    except json.JSONDecodeError:
        return scan_text(name, text, html=False, signatures=signatures)
    findings = [dataclasses_replace(f, file=f"{name} (metadata)")
                for f in scan_text(name, json.dumps(nb.get("metadata", {}), ensure_ascii=False), html=False,
                                   signatures=signatures)]
    for number, cell in enumerate(nb.get("cells", []), start=1):
        where = f"{name} (cell {number})"
        # Code is the repository's own source, public anyway (a test notebook may spell out what it plants);
        # what the gate guards is what the code printed, the prose and the parameters (metadata).
        pieces = [] if cell.get("cell_type") == "code" else [(_joined(cell.get("source", "")), False)]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            pieces += [(_joined(data[m]), m == "text/html") for m in ("text/html", "text/plain", "text/markdown")
                       if m in data]
            if "text" in output:
                pieces.append((_joined(output["text"]), False))
            if "traceback" in output:
                pieces.append(("\n".join(output["traceback"]), False))
        for piece, as_html in pieces:
            findings += [dataclasses_replace(f, file=where) for f in scan_text(where, piece, html=as_html,
                                                                                signatures=signatures)]
    return findings


def _joined(value) -> str:
    """A notebook string field: one string or a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


# --- disclosure control -----------------------------------------------------------
# The survey layer's suppress_small_cells marks the tables it returns; the pages carry the
# mark as a CSS class and the threshold as a data attribute on the <table>.
DISCLOSURE_CLASS = "countydigital-disclosure"
DISCLOSURE_MIN_ATTR = "data-min-cell"
COUNT_COLUMN_ATTR = "data-count-columns"  # optional: which columns hold counts (comma-separated headers)


def check_disclosure(name: str, table: dict) -> list[Finding]:
    """Counts below the threshold in a table marked as disclosure-controlled.

    The survey layer's `suppress_small_cells` suppresses every count below
    `min_cell` (zero included) and shows it as "<min_cell>"; here any data cell
    (`<td>`) of a count column that still reads as a whole number below the
    threshold is a finding. Without a list of count columns (a cross-tab of
    counts), every data cell is a count.
    """
    attrs = table["attrs"]
    if DISCLOSURE_CLASS not in (attrs.get("class") or "").split():
        return []
    try:
        min_cell = int(attrs.get(DISCLOSURE_MIN_ATTR) or "")
    except ValueError:
        return [Finding(name, table["line"], "disclosure-controlled table without a threshold",
                        f"({DISCLOSURE_MIN_ATTR} missing)")]
    rows = table["rows"]
    wanted = [c.strip() for c in (attrs.get(COUNT_COLUMN_ATTR) or "").split(",") if c.strip()]
    header = next((row for row in rows if row and all(tag == "th" for tag, _ in row)), [])
    columns = {i for i, (_, text) in enumerate(header) if text in wanted} if wanted else None
    if wanted and not columns:
        return [Finding(name, table["line"], "disclosure-controlled table whose count columns are not shown",
                        f"({COUNT_COLUMN_ATTR}={','.join(wanted)})")]
    for row in rows:
        for i, (tag, text) in enumerate(row):
            if tag != "td" or (columns is not None and i not in columns):
                continue
            value = text.replace(",", "").strip()
            if re.fullmatch(r"\d+", value) and int(value) < min_cell:
                return [Finding(name, table["line"], f"count below the disclosure threshold {min_cell}",
                                "(a small cell reached the page)")]
    return []


def scan_file(name: str, text: str, suffix: str, known: set[str]) -> list[Finding]:
    """Every finding in one file of a site, read as its suffix says (a notebook, markup or plain text)."""
    if suffix.lower() == ".ipynb":
        return scan_notebook(name, text, signatures=known)
    return scan_text(name, text, html=suffix.lower() in (".html", ".htm", ".svg", ".xml"), signatures=known)


def scan_site(site_dir: Path, *, parameters: Iterable[dict] = (), signatures: set[str] | None = None,
              ahead=None) -> int:
    """Scan every text file under `site_dir`; raise PrivacyError listing every finding.

    `parameters`: the notebook runs' parameters, so the surveys they read are
    registered (see `survey_sources`; their signatures are kept between builds:
    `survey_signatures`). `signatures`: extra record signatures (tests).
    `ahead`: a privacy_ahead.ScansAhead; a file it scanned with this very text and these
    signatures is not parsed again. Returns the number of files scanned.
    """
    site_dir = Path(site_dir)
    known = set(signatures or ()) | registered_signatures() | survey_signatures(parameters)
    findings: list[Finding] = []
    scanned = 0
    for file in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        if file.suffix.lower() not in TEXT_SUFFIXES:
            continue
        scanned += 1
        text = file.read_text(encoding="utf-8", errors="replace")
        name = str(file.relative_to(site_dir))
        earlier = ahead.findings(name, text, known) if ahead is not None else None
        findings += earlier if earlier is not None else scan_file(name, text, file.suffix, known)
    if findings:
        shown = "\n".join(f"  {f}" for f in findings[:50])
        more = f"\n  ... and {len(findings) - 50} more" if len(findings) > 50 else ""
        raise PrivacyError(
            f"{len(findings)} privacy finding(s) in the built site; nothing was published:\n{shown}{more}")
    return scanned
