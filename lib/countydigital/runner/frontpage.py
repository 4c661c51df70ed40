"""The front page: the report's summary as a reader meets it first.

`render_front(ledger, results, provenance, lang=...)` is a function of the ledger's data
(`claims.json`, as the build just wrote it) and the language, so the Chinese and the
English site share it. What it shows, top to bottom: what the collection is and the
synthetic notice; the two study counties by name with their census figures (the codes
come from the registry's fieldwork claim, the figures from the census layer, kept by frontfacts); the
headline findings, each linked to its ledger row and to the page that computed it; the
ledger at a glance (ledgerchart); the pages; provenance last. No number is typed here.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field, replace

from ..claims.ledger import STATUS_HELP, format_value
from ..exceptions import CountyDigitalError
from ..plotting import label
from . import frontfacts
from .results import Result
from .site import NOTEBOOK_TITLES, PROVENANCE_END, PROVENANCE_START, STYLE, TITLE_EN, TITLE_ZH, page_path

# The claim whose published value names the study counties (data/published/claims.yaml).
STUDY_COUNTIES_CLAIM = "survey.fieldwork_counties"
# Findings the open data can speak to: stated first, the others summarised by count.
EVIDENCE_STATUSES = ("differs", "reproduced")
# The chart leaves out programme facts: recorded as given, they equal the report by construction.
CHART_STATUSES = ("reproduced", "differs", "synthetic", "not testable", "not computed")
COUNTY_INDICATORS, YEARS = frontfacts.COUNTY_INDICATORS, frontfacts.YEARS
# The notebook whose page profiles one county: the study counties link to theirs.
CONTEXT_NOTEBOOK = "00-county-context"

STATUS_ZH = {"reproduced": "重现", "differs": "不符", "synthetic": "合成", "recorded": "照录",
             "not testable": "无法检验", "not computed": "未计算"}


def _e(value) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class CountyFacts:
    """A study county with its census figures: {indicator: {year: value}} (empty when the census is missing)."""

    code: str
    name: str
    place: str  # prefecture and province
    figures: dict
    page: str | None = None
    labels: dict = field(default_factory=dict)  # {indicator: its label in the page's language}


def study_counties(ledger: dict, lang: str = "zh") -> tuple[list[CountyFacts], str]:
    """The counties of the fieldwork claim with their census figures, and a note when the census is missing."""
    row = next((r for r in ledger.get("claims", []) if r["id"] == STUDY_COUNTIES_CLAIM), None)
    codes = [str(c) for c in (row["published"] if row and isinstance(row["published"], list) else [])]
    if not codes:
        return [], ""
    try:
        facts = frontfacts.study_counties(codes)
    except CountyDigitalError as exc:  # the census is not downloaded: name the counties by code
        return [CountyFacts(c, c, "", {}) for c in codes], str(exc)
    labels = {k: by_lang[lang] for k, by_lang in facts["labels"].items()}
    return [CountyFacts(c["code"], c[lang]["name"], c[lang]["place"], c["figures"], labels=labels)
            for c in (facts["counties"][code] for code in codes)], ""


def _figure_text(indicator: str, values: dict, lang: str) -> str:
    def one(v: float) -> str:
        return f"{v:,.0f}" if indicator == "population" else f"{100 * v:.1f}%"

    shown = [f"{one(values[y])} ({y})" for y in YEARS if y in values]
    if len(shown) == 2:
        a, b = values[YEARS[0]], values[YEARS[1]]
        change = (f"{100 * (b / a - 1):+.1f}%" if indicator == "population" else
                  label(f"{100 * (b - a):+.1f} 个百分点", f"{100 * (b - a):+.1f} pp", lang))
        return f"{shown[0]} → {shown[1]}, {change}"
    return ", ".join(shown) or "–"


def counties_html(counties: list[CountyFacts], note: str, lang: str) -> str:
    if not counties:
        return ""
    cards = []
    for c in counties:
        items = "".join(f"<li>{_e(c.labels.get(k, k))}: {_e(_figure_text(k, c.figures[k], lang))}</li>"
                        for k in COUNTY_INDICATORS if c.figures.get(k))
        name = f'<a href="{_e(c.page)}">{_e(c.name)}</a>' if c.page else _e(c.name)
        cards.append(f'<div class="county"><h3>{name}</h3><p class="dim">{_e(c.place)} · '
                     f'{_e(label("区划代码", "code", lang))} {_e(c.code)}</p><ul>{items}</ul></div>')
    source = label("常住人口与比重来自2010、2020年人口普查分县资料（第六、七次人口普查）。",
                   "Resident population and shares from the county tables of the 2010 and 2020 censuses.", lang)
    missing = f'<p class="note">{_e(label("人口普查数据不可用：", "Census figures unavailable: ", lang) + note)}</p>' \
        if note else ""
    return (f"<h2>{_e(label('两个调查县', 'The two study counties', lang))}</h2>\n"
            f'<div class="counties">{"".join(cards)}</div>\n<p class="dim">{_e(source)}</p>{missing}')


def _status_name(status: str, lang: str) -> str:
    return label(f"{STATUS_ZH.get(status, status)}（{status}）", status, lang)


def _finding_html(row: dict, lang: str) -> str:
    deciding = [e for e in row["computed"] if e.get("decides_status")]
    entry = deciding[-1] if deciding else None
    statement = row["statement_zh"] if lang == "zh" else row["statement_en"]
    computed = ""
    if entry is not None and entry.get("value") is not None:
        value = entry["value"]
        # one decimal, as the report states its percentages; other values as the ledger shows them
        shown = f"{value:.1f}" if isinstance(value, float) and abs(value) < 1000 else format_value(value)
        unit = f" {entry['unit']}" if entry.get("unit") and entry["unit"] != "%" else (entry.get("unit") or "")
        computed = label(f"；开放数据：{shown}{unit}", f"; open data: {shown}{unit}", lang)
    links = [f'<a href="claims.html#{_e(row["id"])}">{_e(label("核对表", "ledger", lang))}</a>']
    if entry is not None and entry.get("link"):
        links.append(f'<a href="{_e(entry["link"])}">{_e(label("计算页面", "page", lang))}</a>')
    return (f'<li><span class="badge s-{_e(row["status"].replace(" ", "-"))}">{_e(_status_name(row["status"], lang))}'
            f"</span> {_e(statement)} — {_e(label('报告', 'report', lang))}: {_e(row['published_text'])}"
            f"{_e(computed)}. <small>{' · '.join(links)}</small></li>")


def findings_html(ledger: dict, lang: str) -> str:
    """The claims open data can test, one line each; the rest as counts with what the status means."""
    rows = [r for r in ledger.get("claims", []) if r["status"] in EVIDENCE_STATUSES]
    rows.sort(key=lambda r: EVIDENCE_STATUSES.index(r["status"]))
    counts = ledger.get("counts", {})
    rest = "".join(
        f"<li>{_e(_status_name(s, lang))}: {int(counts[s])} — {_e(STATUS_HELP[s])}</li>"
        for s in ledger.get("statuses", []) if s not in EVIDENCE_STATUSES and counts.get(s))
    return (f"<h2>{_e(label('主要发现', 'Headline findings', lang))}</h2>\n"
            f'<ul class="findings">{"".join(_finding_html(r, lang) for r in rows)}</ul>\n'
            f"<p>{_e(label('其余论断：', 'The other claims:', lang))}</p><ul>{rest}</ul>")


def chart_block(ledger: dict, lang: str) -> str:
    from ..ledgerchart import chart_html, describe

    caption = label("核对表一览：每行一条论断，空心标记为报告值（三角为“超过/不足”），"
                    "实心点为决定状态的计算值，颜色为状态，"
                    "线段为95%置信区间。照录的项目事实未画出。点击论断编号打开核对表中的该行。",
                    "The ledger at a glance: one row per claim, open marker the published figure (a triangle for a "
                    "bound), dot the computed value deciding the status, coloured by status, line its 95% CI. "
                    "Programme facts recorded as given are not drawn. Claim ids open their ledger rows.", lang)
    chart = chart_html(ledger.get("claims", []), caption=caption, link_prefix="claims.html",
                       alt=describe(ledger.get("claims", []), lang, statuses=CHART_STATUSES), statuses=CHART_STATUSES)
    return (f"<h2>{_e(label('核对表一览', 'The ledger at a glance', lang))}</h2>\n{chart}\n"
            f'<p><a href="claims.html">{_e(label("打开完整核对表", "Open the full claims ledger", lang))}</a></p>')


def page_label(result: Result, counties: dict[str, str], lang: str) -> str:
    """A page named for a reader: the county's name (its code after it), 'both counties pooled', or the set's id."""
    county = str(result.parameters.get("county", result.paramset))
    if county == "pooled" and result.parameters.get("survey"):
        return label("文件的全部受访者", "all respondents of the file", lang)
    if county == "pooled":
        return label("两县合并", "both counties pooled", lang)
    name = counties.get(county)
    return f"{name} ({county})" if name else result.paramset


def county_names(results: list[Result], lang: str) -> dict[str, str]:
    """{county parameter: name} for the pages' county parameters the census knows."""
    counties = {str(r.parameters.get("county", "")) for r in results} - {"", "pooled"}
    if not counties:
        return {}
    try:
        return {county: names[lang] for county, names in frontfacts.county_names(sorted(counties)).items()}
    except CountyDigitalError:
        return {}


def pages_html(results: list[Result], lang: str, built_from: dict | None = None) -> str:
    """The notebooks, one row each, their pages named by county; a failed run says so.

    `built_from`: {label: what the page was built from (runner.sources.built_from)}: a page built from
    a survey file or the user's programme records says which, beside its name."""
    from .sources import page_source_text
    names = county_names(results, lang)
    by_notebook: dict[str, list[Result]] = {}
    for r in results:
        by_notebook.setdefault(r.notebook, []).append(r)
    rows = []
    for notebook, runs in by_notebook.items():
        zh, en = NOTEBOOK_TITLES.get(notebook, (notebook, notebook))
        pages = []
        for r in runs:
            text = _e(page_label(r, names, lang))
            origin = (built_from or {}).get(r.label, {})
            if origin.get("survey") or origin.get("programs") not in (None, "data/programs"):
                text += f' <span class="dim">({_e(page_source_text(origin, lang))})</span>'
            if r.ok:
                pages.append(f'<a href="{_e(page_path(r.notebook, r.paramset))}">{text}</a>')
            else:
                pages.append(f'{text} <span class="failed">{_e(label("失败", "failed", lang))}</span> '
                             f"{_e(r.error or '')}")
        rows.append(f"<tr><td>{_e(label(zh, en, lang))}</td><td>{' · '.join(pages)}</td></tr>")
    head = f"<tr><th>{_e(label('章节', 'Section', lang))}</th><th>{_e(label('页面', 'Pages', lang))}</th></tr>"
    return (f"<h2>{_e(label('各章笔记本', 'The notebooks', lang))}</h2>\n"
            f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")


def _parameters_text(parameters: dict) -> str:
    from .sources import public_parameters  # a local path by its name only

    return ", ".join(f"{k}={v}" for k, v in sorted(public_parameters(parameters).items())) or "(defaults)"


def provenance_html(results: list[Result], provenance: dict, lang: str) -> str:
    """Seed, packages, data checksums; the volatile part (time, commit, run times) between the markers."""
    pkgs = ", ".join(f"{_e(k)} {_e(v)}" for k, v in provenance["packages"].items())
    data = "".join(f"<li><code>{_e(k)}</code> sha256 <code>{_e(v)}</code></li>"
                   for k, v in sorted(provenance["data_sha256"].items()))
    run_rows = "".join(
        f"<tr><td>{_e(page_path(r.notebook, r.paramset))}</td>"
        f"<td><code>{_e(_parameters_text(r.parameters))}</code></td>"
        f"<td>{_e(r.seconds)} s</td><td>{'cache' if r.cached else 'executed'}</td></tr>"
        for r in results
    )
    return f"""<h2>{_e(label('来源', 'Provenance', lang))}</h2>
<ul><li>{_e(label('随机种子', 'Random seed', lang))}: <code>{_e(provenance['seed'])}</code></li>
<li>{_e(label('软件包', 'Packages', lang))}: {pkgs}</li>
<li>{_e(label('外部数据（sha256 校验）', 'External data (verified by sha256)', lang))}:<ul>{data}</ul></li></ul>
{PROVENANCE_START}
<div id="provenance"><p>Built {_e(provenance['built_at'])} from commit <code>{_e(provenance['git_commit'])}</code>.</p>
<table><thead><tr><th>Page</th><th>Parameters</th><th>Run time</th><th>Source</th></tr></thead>
<tbody>{run_rows}</tbody></table></div>
{PROVENANCE_END}"""


FRONT_STYLE = """
.lead { font-size: 1.05em; } .dim { color: #666; font-size: .9em; }
.counties { display: flex; flex-wrap: wrap; gap: 1em; } .county { flex: 1 1 22em; border: 1px solid #ddd;
  border-radius: 6px; padding: .2em 1em; } .county h3 { margin: .5em 0 0; }
ul.findings li { margin-bottom: .5em; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .6rem; font-size: .8rem; white-space: nowrap; }
.s-reproduced { background: #d8f0dc; color: #14532d; } .s-differs { background: #fde2cf; color: #7c2d12; }
.s-synthetic { background: #e9e3f7; color: #4c1d95; } .s-recorded { background: #dbeafe; color: #1e3a8a; }
.s-not-testable { background: #eee; color: #333; } .s-not-computed { background: #fecaca; color: #7f1d1d; }
figure.ledger-figure { margin: 1em 0; } figure.ledger-figure figcaption { color: #444; font-size: .9em; }
"""


def render_front(ledger: dict | None, results: list[Result], provenance: dict, *, lang: str = "zh",
                 county_profiles: bool = False, built_from: dict | None = None, survey_block: str = "") -> str:
    """The site's index page in `lang` ("zh" or "en") from the ledger data (claims.json) and the build's results.

    `ledger`: None when no ledger was built (the findings and the chart are then left out).
    `county_profiles`: the site carries the all-county section (`run --counties`), so link it.
    `built_from`, `survey_block`: what the pages were built from (runner.sources): per page, and the
    survey files of the build (file, sha256, respondents, fieldwork, counties).
    """
    ledger = ledger or {}
    counties, note = study_counties(ledger, lang)
    context_pages = {str(r.parameters.get("county")): page_path(r.notebook, r.paramset)
                     for r in results if r.ok and r.notebook == CONTEXT_NOTEBOOK}
    counties = [replace(c, page=context_pages.get(c.code)) for c in counties]
    title = label(TITLE_ZH, TITLE_EN, lang)
    lead = label(
        "清华大学社会科学学院县域治理研究中心《欠发达县域数字化就业价值研究报告》（2022年5月）的可执行、可核对版本："
        "报告中的每个数字都与开放数据（2010、2020年人口普查、县级边界）重算的结果并列，并给出如实的状态。",
        "An executable, checkable version of the report on digital employment in underdeveloped counties by "
        "Tsinghua University's County Governance Research Center (May 2022): every number the report states "
        "stands beside what open data (the 2010 and 2020 censuses, county boundaries) gives, with an honest status.",
        lang)
    notice = label(
        "问卷数据为<strong>合成数据（SYNTHETIC）</strong>：报告的原始问卷数据不公开，员工调查的数字来自按报告数字校准的"
        "替代样本，仅用于演示分析流程，不构成证据；页面另有说明者除外。",
        "Survey figures come from a <strong>SYNTHETIC</strong> stand-in calibrated to the report's figures unless a "
        "page says otherwise: the report's microdata is not public, so they demonstrate the analysis and are not "
        "evidence.", lang)
    counties_link = (f'<p><a href="counties/index.html">{_e(label("全部县级单位概况", "All county profiles", lang))}'
                     "</a></p>" if county_profiles else "")
    ledger_parts = (findings_html(ledger, lang) + "\n" + chart_block(ledger, lang)) if ledger.get("claims") else ""
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{STYLE}{FRONT_STYLE}</style></head>
<body>
<h1>{_e(title)}</h1>
<p class="lead">{_e(lead)}</p>
<p class="note">{notice}</p>
{survey_block}
{counties_html(counties, note, lang)}
{ledger_parts}
{pages_html(results, lang, built_from)}
{counties_link}
{provenance_html(results, provenance, lang)}
</body></html>
"""
