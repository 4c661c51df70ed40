"""The site's layout and its index page (how a build is put in place: publish.py)."""
from __future__ import annotations

import html

from . import languages, sources
from .results import Result

PROVENANCE_START = "<!-- provenance:start (volatile: differs between builds) -->"
PROVENANCE_END = "<!-- provenance:end -->"

STYLE = """
body { font-family: 'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei','Helvetica Neue',Arial,sans-serif;
       max-width: 72em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
table { border-collapse: collapse; margin: 1em 0; } \
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } .ok { color: #1a7f37; } .failed { color: #b3261e; font-weight: bold; }
.note { background: #fff8e1; border-left: 4px solid #f0b400; padding: .5em 1em; }
code { font-size: 90%; } details { margin: 1em 0; }
"""

TITLE_ZH = "欠发达县域数字化就业价值研究报告 · 可复现笔记本"
TITLE_EN = "Digital employment in underdeveloped counties: reproducible notebooks"

NOTEBOOK_TITLES = {
    "00-county-context": ("县域概况", "County context"),
    "01-employment-value": ("就业价值", "Employment value"),
    "02-talent-return": ("人才回流", "Talent return"),
    "03-vocational-education": ("职业教育与帮扶项目", "Vocational education and enterprise programmes"),
    "04-national-picture": ("全国县域图景", "The national picture"),
}


# Published by `run --counties` on its own; the ordinary build carries it over.
COUNTIES_DIR = "counties"


def page_path(notebook: str, paramset: str) -> str:
    """Site-relative URL of a notebook page (the claims ledger links here too)."""
    return f"{notebook}/{paramset}.html"


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def render_index(results: list[Result], claim_counts: dict[str, int] | None, provenance: dict,
                 county_profiles: bool = False, lang: str = languages.DEFAULT, built_from: dict | None = None,
                 survey_block: str = "") -> str:
    """The index of one language's pages: notebooks x parameter sets, claims summary, provenance block.

    `county_profiles`: the site carries the all-county section (`run --counties`), so link it.
    `built_from`: label -> what each page was built from (`sources.built_from`), shown per page;
    `survey_block`: the survey files of the build (`sources.render_block`).
    """
    if lang == "en":
        return _render_index_en(results, claim_counts, provenance, built_from or {}, survey_block)
    rows = []
    for r in results:
        zh, en = NOTEBOOK_TITLES.get(r.notebook, (r.notebook, r.notebook))
        params = ", ".join(f"{k}={v}" for k, v in sorted(sources.public_parameters(r.parameters).items())) \
            or "(defaults)"
        origin = sources.page_source_text((built_from or {}).get(r.label, {}), "zh")
        if r.ok:
            link = f'<a href="{_e(page_path(r.notebook, r.paramset))}">{_e(r.paramset)}</a>'
            status = '<span class="ok">ok</span>'
        else:
            link = _e(r.paramset)
            status = f'<span class="failed">failed</span> {_e(r.error or "")}'
        rows.append(f"<tr><td>{_e(zh)}<br><small>{_e(en)}</small></td><td>{link}</td>"
                    f"<td><code>{_e(params)}</code></td><td>{_e(origin)}</td><td>{status}</td></tr>")

    claims_line = ""
    if claim_counts:
        from ..claims.status import STATUSES  # the ledger's own order: strongest evidence first

        order = [s for s in STATUSES if s in claim_counts] + sorted(set(claim_counts) - set(STATUSES))
        parts = " · ".join(f"{_e(k)}: {int(claim_counts[k])}" for k in order)
        claims_line = (f'<p>Claims ledger 论断核对 — {parts}. '
                       '<a href="claims.html">Open the claims ledger 打开核对表</a></p>')

    run_rows = "".join(
        f"<tr><td>{_e(page_path(r.notebook, r.paramset))}</td><td>{_e(r.seconds)} s</td>"
        f"<td>{'cache' if r.cached else 'executed'}</td></tr>"
        for r in results
    )
    pkgs = ", ".join(f"{_e(k)} {_e(v)}" for k, v in provenance["packages"].items())
    data = "".join(f"<li><code>{_e(k)}</code> sha256 <code>{_e(v)}</code></li>"
                   for k, v in sorted(provenance["data_sha256"].items()))
    profiles_line = ('<p><a href="counties/index.html">All county profiles 全部县级单位概况</a> '
                     '(built by <code>run --counties</code>)</p>' if county_profiles else '')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(TITLE_ZH)}</title><style>{STYLE}</style></head>
<body>
<h1>{_e(TITLE_ZH)}</h1>
<p>{_e(TITLE_EN)}. Source: 清华大学社会科学学院县域治理研究中心《欠发达县域数字化就业价值研究报告》(May 2022),
re-examined with open census data (2010, 2020) and county boundaries.</p>
<p class="note">Survey figures come from a <strong>SYNTHETIC</strong> stand-in \
unless a page says otherwise: the report's
microdata is not public. 问卷数据为<strong>合成数据（SYNTHETIC）</strong>，仅用于演示分析流程，不构成证据。</p>
{claims_line}
{survey_block}
<h2>Notebooks 笔记本</h2>
<table><thead><tr><th>Section 章节</th><th>Page 页面</th><th>Parameters 参数</th><th>Built from 数据来源</th>
<th>Status 状态</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
{profiles_line}
<h2>Provenance 来源</h2>
<ul><li>Random seed 随机种子: <code>{_e(provenance['seed'])}</code></li>
<li>Packages: {pkgs}</li>
<li>External data (verified by sha256):<ul>{data}</ul></li></ul>
{PROVENANCE_START}
<div id="provenance"><p>Built {_e(provenance['built_at'])} from commit <code>{_e(provenance['git_commit'])}</code>.</p>
<table><thead><tr><th>Page</th><th>Run time</th><th>Source</th></tr></thead><tbody>{run_rows}</tbody></table></div>
{PROVENANCE_END}
</body></html>
"""


def _render_index_en(results: list[Result], claim_counts: dict[str, int] | None, provenance: dict,
                     built_from: dict, survey_block: str) -> str:
    """The English site's index (en/index.html): the same table, in English only."""
    rows = []
    for r in results:
        title = NOTEBOOK_TITLES.get(r.notebook, (r.notebook, r.notebook))[1]
        params = ", ".join(f"{k}={v}" for k, v in sorted(sources.public_parameters(r.parameters).items()))
        link = f'<a href="{_e(page_path(r.notebook, r.paramset))}">{_e(r.paramset)}</a>' if r.ok else _e(r.paramset)
        status = '<span class="ok">ok</span>' if r.ok else f'<span class="failed">failed</span> {_e(r.error or "")}'
        origin = sources.page_source_text(built_from.get(r.label, {}), "en")
        rows.append(f"<tr><td>{_e(title)}</td><td>{link}</td><td><code>{_e(params or '(defaults)')}</code></td>"
                    f"<td>{_e(origin)}</td><td>{status}</td></tr>")
    claims_line = ""
    if claim_counts:
        parts = " · ".join(f"{_e(k)}: {int(v)}" for k, v in claim_counts.items())
        claims_line = f'<p>Claims ledger — {parts}. <a href="claims.html">Open the claims ledger</a></p>'
    data = "".join(f"<li><code>{_e(k)}</code> sha256 <code>{_e(v)}</code></li>"
                   for k, v in sorted(provenance["data_sha256"].items()))
    pkgs = ", ".join(f"{_e(k)} {_e(v)}" for k, v in provenance["packages"].items())
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(TITLE_EN)}</title><style>{STYLE}</style></head>
<body>
<h1>{_e(TITLE_EN)}</h1>
<p>The report of Tsinghua University's County Governance Research Center on digital employment in underdeveloped
counties (May 2022), re-examined with open census data (2010, 2020) and county boundaries.</p>
<p class="note">Survey figures come from a <strong>SYNTHETIC</strong> stand-in unless a page says otherwise: the
report's microdata is not public. Synthetic figures demonstrate the analysis; they are not evidence.</p>
{claims_line}
{survey_block}
<h2>Notebooks</h2>
<table><thead><tr><th>Section</th><th>Page</th><th>Parameters</th><th>Built from</th><th>Status</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<h2>Provenance</h2>
<ul><li>Random seed: <code>{_e(provenance['seed'])}</code></li>
<li>Packages: {pkgs}</li>
<li>External data (verified by sha256):<ul>{data}</ul></li></ul>
{PROVENANCE_START}
<div id="provenance"><p>Built {_e(provenance['built_at'])} from commit
<code>{_e(provenance['git_commit'])}</code>.</p></div>
{PROVENANCE_END}
</body></html>
"""
