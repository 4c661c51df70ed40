"""The site's layout: titles, page paths, shared style, the provenance markers (the index page: frontpage.py)."""
from __future__ import annotations

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
