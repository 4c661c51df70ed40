"""The claims ledger page: every claim of the report beside what the notebooks computed.

`build_ledger(records_dir, out_dir)` is called by the runner after all notebooks ran. It
reads the records (`countydigital.claims.load_records`), judges each claim
(`countydigital.claims.status`), runs the granularity check, and writes
`out_dir/claims.json` (the data) and `out_dir/claims.html` (a self-contained page: inline
CSS, no CDN, CJK font fallbacks). Both are written atomically and deterministically:
registry order, sorted runs, no timestamps — two builds from the same records are
byte-identical.

Links point at the notebook section that computed a value, in the site layout
`<notebook-name>/<paramset-id>.html#<anchor>`, relative to the ledger page at the site root.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import atomic
from ..exceptions import ClaimsError
from . import granularity
from .record import load_records
from .registry import Claim, is_date, is_number, load_registry
from .status import RECORDED, STATUSES, counts, headline_records, record_status, status

SECTION_TITLES = {
    "context": ("县域概况", "The county in China"),
    "employment": ("就业价值", "Employment value"),
    "talent": ("人才回流", "Talent return"),
    "programs": ("帮扶项目", "Enterprise programmes"),
    "vocational": ("职业教育", "Vocational education"),
}

STATUS_HELP = {
    "reproduced": "independent open data agrees within the tolerance the wording allows",
    "differs": "independent open data disagrees; the linked notebook section explains why it may",
    "synthetic": "computed on the synthetic stand-in, which was calibrated to the published figure: not evidence",
    "recorded": RECORDED,
    "not testable": "no data could test the claim as worded; the reason is given",
    "not computed": "data could test it, but it is not part of this collection (the reason says which data)",
}


def format_value(value: Any) -> str:
    """A computed value for display: short, without float noise."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, list):
        if len(value) == 2 and (all(is_number(v) for v in value) or all(is_date(v) for v in value)):
            return f"{format_value(value[0])}–{format_value(value[1])}"  # a range
        return ", ".join(format_value(v) for v in value)
    return str(value)


def _link(record: dict) -> str | None:
    notebook, paramset = record.get("notebook"), record.get("paramset")
    if not notebook or not paramset:
        return None
    target = f"{quote(str(notebook))}/{quote(str(paramset))}.html"
    anchor = record.get("anchor")
    return f"{target}#{quote(str(anchor))}" if anchor else target


def latest_records(records: list[dict]) -> list[dict]:
    """Drop repeated records: per (claim, notebook, parameter set, anchor, note) the last one wins.

    A notebook cell re-run, or a runner that appended to an old file, must not show the
    same value twice; a notebook that records one claim for several counties in one run
    (each with its own note) keeps all of them.
    """
    latest: dict[tuple, dict] = {}
    for r in records:
        key = (str(r.get("claim_id")), r.get("notebook") or "", r.get("paramset") or "",
               r.get("anchor") or "", r.get("note") or "")
        latest[key] = r
    return [latest[k] for k in sorted(latest)]


def _computed_entry(claim: Claim, record: dict, headline_ids: set[int]) -> dict:
    rec_status, why = record_status(claim, record)
    return {
        "notebook": record.get("notebook"),
        "paramset": record.get("paramset"),
        "parameters": record.get("parameters"),
        "value": record.get("value"),
        "source": record.get("source"),
        "sha256": record.get("sha256"),
        "unit": record.get("unit"),
        "n": record.get("n"),
        "ci": record.get("ci"),
        "anchor": record.get("anchor"),
        "note": record.get("note") or "",
        "link": _link(record),
        "status": rec_status,
        "explanation": why,
        "decides_status": id(record) in headline_ids,
    }


def ledger_data(records_dir: Path | None = None, claims: list[Claim] | None = None,
                sources: list[dict] | None = None) -> dict:
    """The ledger as plain data: rows in registry order, counts by status, granularity.

    `sources`: descriptors of the survey files the build read (`survey.source.describe`), shown
    as what the survey claims were computed from, their respondents beside the granularity check.
    """
    claims = load_registry() if claims is None else claims
    records = latest_records(load_records(records_dir))
    known = {c.id for c in claims}
    rows = []
    for claim in claims:
        mine = [r for r in records if r.get("claim_id") == claim.id]
        headline = {id(r) for r in headline_records(claim, mine)}
        name, why = status(claim, mine)
        rows.append({
            "id": claim.id,
            "section": claim.section,
            "statement_zh": claim.statement_zh,
            "statement_en": claim.statement_en,
            "quote": claim.quote,
            "published": claim.value,
            "published_text": claim.published_text(),
            "unit": claim.unit,
            "stated_as": claim.stated_as,
            "tolerance": claim.tolerance,
            "tolerance_note": claim.tolerance_note,
            "evidence": claim.evidence,
            "reason": claim.reason,
            "expected_notebook": claim.notebook,
            "status": name,
            "explanation": why,
            "computed": [_computed_entry(claim, r, headline) for r in mine],
        })
    # The published percentages describe the pooled sample: test the n of the records that
    # decide each claim's status (pooled runs when there are any), not per-county subsamples.
    # Only a real survey's n is evidence about the report's sample; the stand-in's n was
    # chosen to fit these very percentages, so it is listed apart and tested for nothing.
    deciding = [
        r
        for claim in granularity.granularity_claims(claims)
        for r in headline_records(claim, [r for r in records if r.get("claim_id") == claim.id])
        if isinstance(r.get("n"), int) and r["n"] > 0
    ]
    sample_sizes = {r["n"] for r in deciding if r.get("source") == "survey"}
    synthetic_sizes = sorted({r["n"] for r in deciding if r.get("source") == "synthetic"})
    checked = _granularity(claims, sample_sizes, sources or [])
    checked["synthetic_n"] = synthetic_sizes
    return {
        "statuses": list(STATUSES),
        "counts": counts(row["status"] for row in rows),
        "claims": rows,
        "granularity": checked,
        "survey_sources": list(sources or []),
        "unregistered": sorted({str(r.get("claim_id")) for r in records if r.get("claim_id") not in known}),
    }


def _granularity(claims: list[Claim], sample_sizes: set[int], sources: list[dict]) -> dict:
    """The check, with each survey file's respondents tested too and listed beside the smallest consistent n."""
    files = [s for s in sources if isinstance(s.get("respondents"), int) and s["respondents"] > 0]
    result = granularity.check(claims, sample_sizes=sample_sizes | {s["respondents"] for s in files}).to_dict()
    impossible = result["impossible_at_recorded_n"]
    result["survey_files"] = [
        {"file": s["file"], "sha256_prefix": s.get("sha256_prefix", ""), "n": s["respondents"],
         "impossible": impossible.get(str(s["respondents"]), [])}
        for s in files]
    return result


def build_ledger(records_dir: Path, out_dir: Path, sources: list[dict] | None = None,
                 lang: str = "zh") -> dict[str, int]:
    """Write out_dir/claims.html and out_dir/claims.json; return the count of claims per status."""
    data = ledger_data(records_dir, sources=sources)
    try:
        atomic.write_text(Path(out_dir) / "claims.json",
                          json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n")
        atomic.write_text(Path(out_dir) / "claims.html", render_html(data, lang))
    except OSError as exc:
        raise ClaimsError(f"cannot write the claims ledger into {Path(out_dir).name}/: {exc.strerror}") from None
    return dict(data["counts"])


# --- HTML ------------------------------------------------------------------------------
E = html.escape

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",
"Microsoft YaHei","WenQuanYi Micro Hei",system-ui,-apple-system,"Segoe UI",sans-serif;
margin:2rem auto;max-width:78rem;padding:0 1rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f6;position:sticky;top:0}
tr.section td{background:#eef2f7;font-weight:600;font-size:1rem}
.en{color:#555;font-size:.85em;display:block}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8em;color:#666}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.6rem;font-size:.8rem;white-space:nowrap}
.s-reproduced{background:#d8f0dc;color:#14532d}.s-differs{background:#fde2cf;color:#7c2d12}
.s-synthetic{background:#e9e3f7;color:#4c1d95}.s-recorded{background:#dbeafe;color:#1e3a8a}
.s-not-testable{background:#eee;color:#333}.s-not-computed{background:#fecaca;color:#7f1d1d}
.why{color:#444;font-size:.82em;display:block;margin-top:.2rem}
ul.runs{margin:0;padding-left:1rem}ul.runs li{margin-bottom:.2rem}
.dim{color:#888}.summary span{margin-right:1rem}
figure.ledger-figure{margin:1rem 0}figure.ledger-figure figcaption{color:#444;font-size:.85rem;max-width:60rem}
"""


def _badge(name: str) -> str:
    return f'<span class="badge s-{E(name.replace(" ", "-"))}">{E(name)}</span>'


def _run_html(entry: dict) -> str:
    where = "/".join(str(p) for p in (entry["notebook"], entry["paramset"]) if p) or "interactive"
    label = f'<a href="{E(entry["link"])}">{E(where)}</a>' if entry["link"] else E(where)
    bits = [f"<b>{E(format_value(entry['value']))}</b>"]
    if entry.get("unit"):
        bits.append(E(str(entry["unit"])))
    if entry.get("ci"):
        bits.append(f"(95% CI {E(format_value(entry['ci'][0]))}–{E(format_value(entry['ci'][1]))})")
    if entry.get("n") is not None:
        bits.append(f"n = {E(str(entry['n']))}")
    bits.append(f"[{E(str(entry['source']))}]")
    if entry.get("sha256"):
        bits.append(f'<span class="id">sha256 {E(entry["sha256"][:12])}…</span>')
    main = "" if entry["decides_status"] else ' class="dim" title="shown for context; pooled runs decide"'
    note = f'<span class="why">{E(entry["note"])}</span>' if entry.get("note") else ""
    return f"<li{main}>{label}: {' '.join(bits)} {_badge(entry['status'])}{note}</li>"


def _row_html(number: int, row: dict, lang: str = "zh") -> str:
    published = E(row["published_text"])
    if row.get("tolerance_note"):
        published += f'<span class="why">{E(row["tolerance_note"])}</span>'
    runs = "".join(_run_html(e) for e in row["computed"])
    computed = f'<ul class="runs">{runs}</ul>' if runs else '<span class="dim">—</span>'
    statement = (E(row["statement_en"]) if lang == "en" else
                 f'{E(row["statement_zh"])}<span class="en" lang="en">{E(row["statement_en"])}</span>')
    return (
        f'<tr id="{E(row["id"])}"><td>{number}</td>'
        f'<td>{statement}'
        f'<span class="id">{E(row["id"])} · evidence: {E(row["evidence"])}</span></td>'
        f"<td>{published}</td><td>{computed}</td>"
        f'<td>{_badge(row["status"])}<span class="why">{E(row["explanation"])}</span></td></tr>'
    )


def _granularity_html(g: dict) -> str:
    pairs = ", ".join(f"{E(str(p))}%" for p in g["percents"])
    smallest_each = "; ".join(
        f'<span class="id">{E(cid)}</span> n ≥ {E(str(n))}' for cid, n in g["smallest_n_each"].items())
    lines = [
        "<h2>粒度检验 <span lang=\"en\">Granularity (GRIM-style) check</span></h2>",
        f"<p>The survey percentages published to one decimal ({pairs}) must each be k/n × 100 "
        f"for a whole count k of the same n respondents (assuming every percentage has the whole "
        f"sample as denominator). Among n = {g['n_range'][0]}…{g['n_range'][1]}, "
        f"<b>{E(str(g['consistent_count']))}</b> sample sizes fit all of them at once; the smallest is "
        f"<b>{E(str(g['smallest_consistent_n']))}</b>. Smallest n for each alone: {smallest_each}.</p>",
        f"<p>First sizes consistent with all: {E(', '.join(str(n) for n in g['consistent_n_first']))}…</p>",
    ]
    if g["impossible_at_recorded_n"]:
        items = []
        for n, ids in g["impossible_at_recorded_n"].items():
            verdict = ("<b>impossible</b> for " + ", ".join(E(i) for i in ids)) if ids else "all consistent"
            items.append(f"<li>n = {E(n)} (the sample size of a real survey file): {verdict}</li>")
        lines.append("<ul>" + "".join(items) + "</ul>")
    for f in g.get("survey_files", []):
        verdict = ("no whole count reproduces " + ", ".join(E(i) for i in f["impossible"])) if f["impossible"] \
            else "every published percentage is possible at this n"
        lines.append(f'<p>Survey file <b>{E(f["file"])}</b> (sha256 <span class="id">{E(f["sha256_prefix"])}</span>): '
                     f'n = <b>{E(str(f["n"]))}</b> respondents, beside the smallest n consistent with the published '
                     f'percentages, <b>{E(str(g["smallest_consistent_n"]))}</b>; {verdict}.</p>')
    if g.get("synthetic_n"):
        sizes = ", ".join(E(str(n)) for n in g["synthetic_n"])
        lines.append(
            f'<p class="synthetic-label"><b>SYNTHETIC · 合成数据</b> n = {sizes} is the size of the synthetic '
            "stand-in, chosen so that its counts fit these percentages: it is not evidence of the report's sample "
            "size and is not tested here.</p>")
    return "\n".join(lines)


TABLE_HEAD = ('<thead><tr><th>#</th><th>陈述 <span lang="en">Statement</span></th>'
              '<th>发布值 <span lang="en">Published</span></th>\n'
              '<th>计算值 <span lang="en">Computed (notebook/parameter set)</span></th>'
              '<th>状态 <span lang="en">Status</span></th></tr></thead>')


def section_chart(rows: list[dict], section: str, lang: str = "zh") -> str:
    """The section's chart (countydigital.ledgerchart): published against computed, CI bars, status colour."""
    from ..ledgerchart import chart_html, describe

    zh, en = SECTION_TITLES[section]
    if lang == "en":
        caption = (f"Figure: {en}, published figure (open marker; a triangle for a bound) against the computed value "
                   "deciding the status (dot coloured by status, line its 95% CI). Claim ids link to their rows.")
        return chart_html(rows, caption=caption, alt=describe(rows, "en"))
    caption = (f"图：{zh}——报告值（空心标记；三角为“超过/不足”）与决定状态的计算值"
               "（实心点，颜色为状态，线段为95%置信区间）。"
               f"点击论断编号跳到表中该行。 Figure: {en}, published figure (open marker; a triangle for a bound) "
               "against the computed value deciding the status (dot coloured by status, line its 95% CI). "
               "Claim ids link to their rows.")
    return chart_html(rows, caption=caption, alt=describe(rows, "zh"))


def render_html(data: dict, lang: str = "zh") -> str:
    """The ledger page for ledger_data(); every string escaped. One table per section, its chart above it.
    In Chinese and English ("zh") or English only ("en", the English site's ledger); the article's own
    words (quotes, published values) stay as published."""
    if lang == "en":
        return _english(_render_html(data, "en"))
    return _render_html(data, "zh")


def _render_html(data: dict, lang: str) -> str:
    summary = "".join(
        f"<span>{_badge(name)} {E(str(data['counts'][name]))}</span>" for name in data["statuses"])
    legend = "".join(f"<li>{_badge(n)} {E(STATUS_HELP[n])}</li>" for n in data["statuses"])
    sections: dict[str, list[dict]] = {}
    for row in data["claims"]:
        sections.setdefault(row["section"], []).append(row)
    blocks, number = [], 0
    for section, rows in sections.items():
        zh, en = SECTION_TITLES[section]
        body_rows = []
        for row in rows:
            number += 1
            body_rows.append(_row_html(number, row, lang))
        title = E(en) if lang == "en" else f'{E(zh)} <span lang="en">{E(en)}</span>'
        blocks.append(f'<h2 id="section-{E(section)}">{title}</h2>\n'
                      f"{section_chart(rows, section, lang)}\n<table>\n{TABLE_HEAD}\n<tbody>\n"
                      + "\n".join(body_rows) + "\n</tbody>\n</table>")
    nav = " · ".join(f'<a href="#section-{E(s)}">{E(SECTION_TITLES[s][lang == "en"])}</a>' for s in sections)
    unregistered = ""
    if data["unregistered"]:
        unregistered = ("<p><b>Recorded ids not in the registry:</b> "
                        + ", ".join(E(i) for i in data["unregistered"]) + "</p>")
    return f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>报告数据核对表 · Claims ledger</title>
<style>{CSS}</style>
</head>
<body>
<p><a href="index.html">← index</a> · {nav}</p>
<h1>报告数据核对表 <span lang="en">Claims ledger</span></h1>
<p lang="en">Every quantitative or checkable statement of the press article on
《欠发达县域数字化就业价值研究报告》 (May 2022), beside what the notebooks compute from open
data, and an honest status. The registry is <span class="id">data/published/claims.yaml</span>.</p>
<p class="summary">{summary}</p>
<ul lang="en">{legend}</ul>
{unregistered}
{chr(10).join(blocks)}
{_granularity_html(data["granularity"])}
</body>
</html>
"""


# The bilingual page's own headings, and their English-only form (the English site's ledger).
_ENGLISH_PAGE = (
    ('<html lang="zh-Hans">', '<html lang="en">'),
    ("<title>报告数据核对表 · Claims ledger</title>", "<title>Claims ledger</title>"),
    ('<h1>报告数据核对表 <span lang="en">Claims ledger</span></h1>', "<h1>Claims ledger</h1>"),
    ('<th>陈述 <span lang="en">Statement</span></th>', "<th>Statement</th>"),
    ('<th>发布值 <span lang="en">Published</span></th>', "<th>Published</th>"),
    ('<th>计算值 <span lang="en">Computed (notebook/parameter set)</span></th>',
     "<th>Computed (notebook/parameter set)</th>"),
    ('<th>状态 <span lang="en">Status</span></th>', "<th>Status</th>"),
    ('<h2>粒度检验 <span lang="en">Granularity (GRIM-style) check</span></h2>',
     "<h2>Granularity (GRIM-style) check</h2>"),
    ("<b>SYNTHETIC · 合成数据</b>", "<b>SYNTHETIC</b>"),
)


def _english(page: str) -> str:
    for bilingual, english in _ENGLISH_PAGE:
        page = page.replace(bilingual, english)
    return page
