"""Recognise the columns of a KoboToolbox / ODK export of the questionnaire.

An export of the XLSForm generated from the codebook (`survey questionnaire
--format xlsform`), downloaded "as XML values and headers", has the codebook's
variables as headers, possibly behind group names (`group/…/gender`); a
select_multiple question appears as a space-separated summary column
(`nonwork_reasons` = "1 3") and/or as one 0/1 detail column per choice
(`nonwork_reasons/1`), both empty when the question was not relevant. An export
"with labels" has the question and choice labels instead; those headers are
matched through the codebook's labels when exactly one question fits.

Kobo's and ODK Central's system columns (start, end, today, deviceid, _id,
_uuid, _submission_time, _index, ...) are recognised and never matched to a
question: any header starting with "_" is a system column. Three of them are
used: `_id` (ODK Central: KEY is not numeric, so none) is the respondent id,
`_submission_time` / `SubmissionDate` give the fieldwork period, and `_index`
gives the row numbers in messages. Columns that identify a device or a person
(deviceid, phonenumber, _submitted_by, _geolocation, ...) are personal data and
are dropped at import like 问卷星's 来自IP.
"""
from __future__ import annotations

import pandas as pd

from .codebook import Codebook, Question
from .headers import ColumnRole, match_header, match_option, normalise

LAYOUT = "KoboToolbox/ODK"
ROW_BASIS = "the export's _index (the first submission is row 1)"
PERSONAL = "personal"
# System columns, by lower-cased header: what the importer uses them for
# (respondent_id, submitted_at, row_number), PERSONAL, or None (ignored).
SYSTEM_COLUMNS = {
    "start": None, "end": None, "today": None, "audit": None, "instanceid": None, "instancename": None,
    "deviceid": PERSONAL, "simserial": PERSONAL, "subscriberid": PERSONAL, "phonenumber": PERSONAL,
    "username": PERSONAL, "email": PERSONAL,
    "_id": "respondent_id", "_submission_time": "submitted_at", "_index": "row_number",
    "_submitted_by": PERSONAL, "_geolocation": PERSONAL,
    # ODK Central's CSV export
    "submissiondate": "submitted_at", "key": None, "submitterid": PERSONAL, "submittername": PERSONAL,
    "attachmentspresent": None, "attachmentsexpected": None, "status": None, "reviewstate": None,
    "edits": None, "formversion": None,
}
SYSTEM_GROUPS = ("meta", "formhub")


def _system(header: str) -> ColumnRole | None:
    low = header.strip().lower()
    parts = [p.strip() for p in low.split("/")]
    if low in SYSTEM_COLUMNS:
        use = SYSTEM_COLUMNS[low]
    elif parts[-1].startswith("_") or (len(parts) > 1 and parts[0] in SYSTEM_GROUPS):
        use = None
    else:
        return None
    if use == PERSONAL:
        return ColumnRole("meta", meta=low, personal=True, layout=LAYOUT)
    return ColumnRole("meta", meta=use or low, layout=LAYOUT)


_LABELS: dict[int, tuple[Question, frozenset[str]]] = {}  # id -> (question, its labels): questions hold dicts


def _labels(q: Question) -> frozenset[str]:
    known = _LABELS.get(id(q))
    if known is None or known[0] is not q:  # computed once per question object (codebooks are loaded once)
        texts = {q.text_zh, q.text_en, q.short_zh, q.short_en,
                 f"{q.number}. {q.text_zh}", f"{q.number}. {q.text_en}"}
        known = _LABELS[id(q)] = (q, frozenset(normalise(t) for t in texts if normalise(t)))
    return known[1]


def questions_labelled(text: str, book: Codebook) -> list[Question]:
    """Every question one of whose labels (zh/en, full or short, numbered or not) is `text`."""
    norm = normalise(text)
    return [q for q in book.questions if norm and norm in _labels(q)]


def _by_names(parts: list[str], book: Codebook) -> ColumnRole | None:
    """XML headers: `[group/…/]variable` or `[group/…/]variable/choice`."""
    for q in book.questions:
        if parts[-1] == q.variable:
            return ColumnRole("question", question=q, personal=q.personal, layout=LAYOUT)
    if len(parts) >= 2:
        for q in book.questions:
            if q.type == "multi" and parts[-2] == q.variable:
                for option in q.options:
                    if parts[-1] == str(option.code):
                        return ColumnRole("option", question=q, code=option.code, layout=LAYOUT)
                return ColumnRole("unknown", note=f"{q.variable} has no choice {parts[-1]!r}", layout=LAYOUT)
    return None


def _by_labels(parts: list[str], book: Codebook) -> ColumnRole | None:
    """Label headers: `[group label/…/]question label[/choice label]`; labels may contain '/'."""
    for start in range(len(parts)):
        text = "/".join(parts[start:])
        found = questions_labelled(text, book)
        if len(found) == 1:
            q = found[0]
            return ColumnRole("question", question=q, personal=q.personal, layout=LAYOUT)
        if len(found) > 1:
            names = ", ".join(f"{q.number} ({q.variable})" for q in found)
            return ColumnRole("unknown", note=f"the label fits several questions: {names}; "
                                              "head the column with the variable name instead")
        for split in range(start + 1, len(parts)):
            head = [q for q in questions_labelled("/".join(parts[start:split]), book) if q.type == "multi"]
            if len(head) == 1:
                code = match_option(head[0], "/".join(parts[split:]))
                if code is not None:
                    return ColumnRole("option", question=head[0], code=code, layout=LAYOUT)
    return None


def match_kobo_header(header: str, book: Codebook) -> ColumnRole | None:
    """The role of a KoboToolbox/ODK export column, or None when the header is not one of its forms.

    A header without a group path ("gender", "1、您的性别：") is left to the 问卷星 and
    tidy rules, except for system columns.
    """
    raw = str(header).strip()
    system = _system(raw)
    if system is not None:
        return system
    for separator in ("/", "-"):  # Kobo joins groups with "/", ODK Central with "-"
        parts = [p.strip() for p in raw.split(separator)]
        if len(parts) > 1:
            role = _by_names(parts, book)
            if role is not None:
                return role
    parts = [p.strip() for p in raw.split("/")]
    return _by_labels(parts, book) if len(parts) > 1 else None


def match_headers(columns, book: Codebook) -> dict[str, ColumnRole]:
    """Role of every column: Kobo/ODK forms first, then labels, then the 问卷星 and tidy rules.

    A header that is exactly a label of one question (an export with labels as
    headers) is that question; a label that fits several questions is reported,
    not guessed. Everything else goes to `headers.match_header`.
    """
    roles = {}
    for col in columns:
        role = match_kobo_header(col, book)
        if role is None:
            labelled = _by_labels([str(col).strip()], book)
            if labelled is not None:  # a bare label says nothing about which export it came from
                role = ColumnRole(labelled.kind, labelled.question, labelled.code,
                                  personal=labelled.personal, note=labelled.note)
        roles[col] = role if role is not None else match_header(col, book)
    return settle(roles)


def settle(roles: dict[str, ColumnRole]) -> dict[str, ColumnRole]:
    """Resolve what only the whole header row tells.

    - In a Kobo/ODK export, plain variable headers (no group) are Kobo's too.
    - A select_multiple exported both ways (summary and details) is read from the
      summary; the detail columns say the same and are ignored.
    """
    if not any(r.layout == LAYOUT for r in roles.values()):
        return roles
    out = {}
    for col, role in roles.items():
        if role.kind in ("question", "option") and not role.layout:
            role = ColumnRole(role.kind, role.question, role.code, role.meta, role.personal, role.note, LAYOUT)
        out[col] = role
    summaries = {r.question.variable for r in out.values() if r.kind == "question" and r.question.type == "multi"}
    for col, role in out.items():
        if role.kind == "option" and role.question.variable in summaries:
            out[col] = ColumnRole("meta", meta="select_multiple detail", layout=LAYOUT)
    return out


def row_numbers(frame: pd.DataFrame, roles: dict[str, ColumnRole]) -> tuple[pd.Index | None, str]:
    """(row numbers from `_index`, "") when usable; (None, why not) when the column is there but unusable;
    (None, "") when there is no `_index` column."""
    cols = [c for c, r in roles.items() if r.kind == "meta" and r.meta == "row_number"]
    if not cols:
        return None, ""
    values = pd.to_numeric(frame[cols[0]], errors="coerce")
    if values.isna().any() or (values % 1 != 0).any() or values.duplicated().any() or (values < 1).any():
        return None, f"{cols[0]} does not hold one whole number per row; rows are numbered by line instead"
    return pd.Index(values.astype("int64").to_numpy()), ""


def split_spaced(question: Question, text: str) -> list[int] | None:
    """Option codes of a space-joined select_multiple cell ("1 3", "怀孕或哺乳 照顾家人",
    "Pregnancy or nursing Health"); labels may themselves hold spaces, so the longest
    run of words naming an option is taken first. None if some word names no option."""
    words = text.split()
    if all(w.isdigit() for w in words):  # choice names: never read "1 3" as option 13
        return [int(w) for w in words] if all(int(w) in question.codes for w in words) else None
    codes, i = [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            code = match_option(question, " ".join(words[i:j]))
            if code is not None:
                codes.append(code)
                i = j
                break
        else:
            return None
    return codes
