"""The county index page (`site/counties/index.html`): every unit, sortable, linking its profile.

Plain HTML with a few lines of inline JavaScript for sorting and filtering: no CDN,
no framework, works from a file:// URL offline. The numbers come from the census
layer's indicator tables (one vectorised pass for all units), so the table is there
for every unit even where no profile has been built yet.
"""
from __future__ import annotations

import html
import math

import pandas as pd

from .site import PROVENANCE_END, PROVENANCE_START, STYLE

# (column of the table, header zh, header en, kind); kinds: text, int, pct, pct_change
COLUMNS = [
    ("code", "代码", "Code", "text"),
    ("name", "名称", "Name", "text"),
    ("prefecture", "地级", "Prefecture", "text"),
    ("province", "省级", "Province", "text"),
    ("unit_type", "类型", "Type", "text"),
    ("population", "常住人口 2020", "Population 2020", "int"),
    ("population_change", "人口变化 2010–2020", "Change 2010–2020", "pct_change"),
    ("urban_share", "城镇化率", "Urban share", "pct"),
    ("share_20_34", "20–34岁", "Aged 20–34", "pct"),
    ("share_65_plus", "65岁及以上", "Aged 65+", "pct"),
    ("share_junior_college_plus", "大专及以上", "Junior college+", "pct"),
    ("share_tertiary", "第三产业就业", "Services employment", "pct"),
]

UNIT_TYPE_LABELS = {"district": "市辖区", "county": "县", "county_city": "县级市", "other": "其他"}

SCRIPT = """
(function () {
  var table = document.getElementById('counties'), body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows), state = {col: -1, dir: 1};
  function key(row, col, kind) {
    var cell = row.cells[col], v = cell.getAttribute('data-v');
    if (kind === 'text') return cell.textContent;
    return v === '' ? null : parseFloat(v);
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener('click', function () {
      var kind = th.getAttribute('data-kind');
      state.dir = state.col === col ? -state.dir : (kind === 'text' ? 1 : -1);
      state.col = col;
      rows.sort(function (a, b) {
        var x = key(a, col, kind), y = key(b, col, kind);
        if (x === null && y === null) return 0;
        if (x === null) return 1;              /* missing values last, either direction */
        if (y === null) return -1;
        if (kind === 'text') return state.dir * x.localeCompare(y, 'zh');
        return state.dir * (x - y);
      });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
    });
  });
  var filter = document.getElementById('filter'), shown = document.getElementById('shown');
  filter.addEventListener('input', function () {
    var q = filter.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.style.display = hit ? '' : 'none';
      if (hit) n++;
    });
    shown.textContent = n;
  });
})();
"""

EXTRA_STYLE = """
th[data-kind] { cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort=ascending]::after { content: ' ▲'; } th[aria-sort=descending]::after { content: ' ▼'; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } .missing { color: #999; }
#filter { font-size: 1em; padding: .3em; width: 20em; }
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _finite(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and not pd.isna(value)


def _cell(value, kind: str) -> str:
    if kind == "text":
        return f"<td>{_e(value)}</td>"
    if not _finite(value):
        return '<td class="num missing" data-v="">—</td>'
    value = float(value)
    if kind == "int":
        shown = f"{value:,.0f}"
    elif kind == "pct":
        shown = f"{100 * value:.1f}%"
    else:
        shown = f"{100 * value:+.1f}%"
    return f'<td class="num" data-v="{value:.6g}">{shown}</td>'


def index_scan_key(page: str) -> bytes:
    """A digest of the index page without its provenance block (the run's time): renderings for the same
    units, links and failures share it, whatever their time."""
    import hashlib

    start, end = page.find(PROVENANCE_START), page.find(PROVENANCE_END)
    kept = page[:start] + page[end:] if 0 <= start < end else page
    return hashlib.sha256(kept.encode("utf-8", errors="surrogatepass")).digest()


def check_index_privacy(page: str, *, passed: bytes | None = None) -> None:
    """The privacy gate for the index page (PrivacyError on any finding).

    The gate refuses every <script> (pages are static); this page's one script is the
    constant SCRIPT above, so exactly that block is blanked (line count kept) and the
    rest of the page is scanned like any other: a second script, or personal data
    in a name, still fails. `passed`: the `index_scan_key` of a rendering that passed this
    check (the atlas checks one while its profiles are built); a page with that key differs
    from it only inside its provenance block, so only that block is scanned again.
    """
    from ..exceptions import PrivacyError
    from ..privacy_gate import scan_text

    block = f"<script>{SCRIPT}</script>"
    if page.count(block) != 1:
        raise PrivacyError("counties/index.html: the sorting script is missing or not the reviewed one")
    start, end = page.find(PROVENANCE_START), page.find(PROVENANCE_END)
    if passed is not None and 0 <= start < end and index_scan_key(page) == passed:
        # the block's own tags and text, scanned alone as in the page (on its own lines)
        page = "\n" * page.count("\n", 0, start) + page[start:end + len(PROVENANCE_END)]
    findings = scan_text("counties/index.html", page.replace(block, "\n" * block.count("\n")), html=True)
    if findings:
        shown = "\n".join(f"  {f}" for f in findings[:20])
        raise PrivacyError(f"{len(findings)} privacy finding(s) in the county index; nothing was published:\n{shown}")


def county_table(units_2020: pd.DataFrame, units_2010: pd.DataFrame) -> pd.DataFrame:
    """The index's numbers: 2020 indicators of every unit, and its population change since 2010
    (missing where the unit had another code, or did not exist, in 2010)."""
    table = units_2020.copy()
    before = units_2010.set_index("code")["population"]
    table["population_change"] = table["population"] / table["code"].map(before) - 1
    return table.sort_values("code", ignore_index=True)


def render_county_index(units_2020: pd.DataFrame, units_2010: pd.DataFrame, built: set[str],
                        failures: dict[str, str], seconds: float = 0.0, *, with_map: bool = False) -> str:
    """The page: every unit of the 2020 census; a link where a profile is built; failures listed first.

    built: codes of the units whose profile is published; failures: unit code -> error of the last run.
    with_map: put the national map (inline SVG from the boundaries, units linking their profiles) above the table.
    """
    table = county_table(units_2020, units_2010)
    national_map = map_style = ""
    if with_map:  # imported here: the map needs the boundaries and matplotlib's colours, the table does not
        from ..sections.national.webmap import MAP_STYLE, county_map

        national_map, map_style = county_map(table, built), MAP_STYLE
    names = dict(zip(table["code"], table["name"]))
    head = "".join(f'<th data-kind="{"text" if kind == "text" else "num"}" scope="col">'
                   f'{_e(zh)}<br><small>{_e(en)}</small></th>' for _, zh, en, kind in COLUMNS)
    head += '<th data-kind="text" scope="col">状态<br><small>Status</small></th>'
    rows = []
    for record in table.to_dict("records"):
        code = record["code"]
        cells = []
        for column, _, _, kind in COLUMNS:
            value = record[column]
            if column == "unit_type":
                value = f"{UNIT_TYPE_LABELS.get(value, value)} {value}"
            if column == "name" and code in built:
                cells.append(f'<td><a href="{_e(code)}.html">{_e(value)}</a></td>')
            else:
                cells.append(_cell(value, kind))
        if code in failures:
            status = '<td><span class="failed">failed</span></td>'
        elif code in built:
            status = '<td><span class="ok">profile</span></td>'
        else:
            status = '<td class="missing">not built</td>'
        rows.append(f"<tr>{''.join(cells)}{status}</tr>")

    failure_block = ""
    if failures:
        items = "".join(f"<li><code>{_e(code)}</code> {_e(names.get(code, ''))}: {_e(error)}</li>"
                        for code, error in sorted(failures.items()))
        failure_block = (f'<h2 class="failed">Failed in the last run 上次运行失败 ({len(failures)})</h2>'
                         f"<ul>{items}</ul><p>The other profiles were published; re-run to retry these.</p>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>县域概况 · County profiles</title><style>{STYLE}{EXTRA_STYLE}{map_style}</style></head>
<body>
<p><a href="../index.html">Index 目录</a></p>
<h1>县域概况 · County profiles</h1>
<p>Every county-level unit of the 2020 census ({len(table):,} units: districts, counties, county-level cities
and other units), with indicators from the 2020 census and the population change since 2010. {len(built):,}
profile(s) built; a name links to its profile. Click a column header to sort; type to filter.
Shares of employment come from the census long-form (~10%) sample.</p>
{failure_block}
{national_map}
<p><label for="filter">Filter 筛选:</label> <input id="filter" type="search" placeholder="巨鹿 / 河北省 / 130529">
showing <span id="shown">{len(table):,}</span> of {len(table):,}</p>
<table id="counties"><thead><tr>{head}</tr></thead>
<tbody>{''.join(rows)}</tbody></table>
{PROVENANCE_START}
<p id="provenance">Built in {seconds:.1f} s.</p>
{PROVENANCE_END}
<script>{SCRIPT}</script>
</body></html>
"""
