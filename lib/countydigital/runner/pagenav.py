"""Navigation on every notebook page, and the notebooks published beside the pages.

A page is rendered once per job and cached, before the build knows which other pages
it will publish; so the page template leaves a marker in its navigation bar
(`NAV_MARKER`) and the build fills it in when it assembles the site: previous and
next page, the sections, the source notebook and the executed notebook (.ipynb) to
download. Both notebooks are published in the site (`SOURCE_DIR`, beside the page)
and pass the privacy gate like the pages.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from .. import atomic
from ..plotting import label
from .jobs import Job
from .results import Result
from .site import NOTEBOOK_TITLES, page_path

NAV_MARKER = "<!-- countydigital:nav -->"
# A filled navigation is delimited, so a page published before can get the navigation of a larger site.
NAV_START, NAV_END = "<!-- site-navigation:start -->", "<!-- site-navigation:end -->"
# The source notebooks, as in the repository's notebooks/ folder (unexecuted).
SOURCE_DIR = "source"


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def executed_path(notebook: str, paramset: str) -> str:
    """Site-relative URL of a page's executed notebook: beside the page, same name, .ipynb."""
    return f"{notebook}/{paramset}.ipynb"


def source_path(notebook: str) -> str:
    return f"{SOURCE_DIR}/{notebook}.ipynb"


def _title(notebook: str, lang: str = "zh") -> str:
    zh, en = NOTEBOOK_TITLES.get(notebook, (notebook, notebook))
    if lang == "en":
        return en
    return f"{zh} {en}" if zh != en else zh


def _page_name(result: Result, names: dict[str, str], lang: str = "zh") -> str:
    return f"{_title(result.notebook, lang)} · {names.get(result.label, result.paramset)}"


def nav_html(pages: list[Result], here: int, names: dict[str, str] | None = None, lang: str = "zh") -> str:
    """The navigation of pages[here] (every link relative to that page, one folder below the site root).

    `pages`: the published pages in site order; `names`: {label: reader's name of the page} (e.g. a county).
    """
    names = names or {}
    current = pages[here]
    up = "../"
    parts = []
    if here > 0:
        before = pages[here - 1]
        parts.append(f'<a rel="prev" href="{up}{_e(page_path(before.notebook, before.paramset))}">'
                     f"{label('← 上一页 Previous', '← Previous', lang)}: {_e(_page_name(before, names, lang))}</a>")
    if here < len(pages) - 1:
        after = pages[here + 1]
        parts.append(f'<a rel="next" href="{up}{_e(page_path(after.notebook, after.paramset))}">'
                     f"{label('下一页 Next', 'Next', lang)}: {_e(_page_name(after, names, lang))} →</a>")
    sections = []
    for notebook in dict.fromkeys(p.notebook for p in pages):
        runs = [p for p in pages if p.notebook == notebook]
        first = runs[0]
        title = _e(_title(notebook, lang))
        link = (f'<span class="cd-here">{title}</span>' if notebook == current.notebook else
                f'<a href="{up}{_e(page_path(first.notebook, first.paramset))}">{title}</a>')
        if notebook == current.notebook and len(runs) > 1:
            siblings = " ".join(
                f'<span class="cd-here">{_e(names.get(p.label, p.paramset))}</span>' if p is current else
                f'<a href="{up}{_e(page_path(p.notebook, p.paramset))}">{_e(names.get(p.label, p.paramset))}</a>'
                for p in runs)
            link += f" ({siblings})"
        sections.append(link)
    source = label("源笔记本 Source notebook", "Source notebook", lang)
    files = (f'<a href="{up}{_e(source_path(current.notebook))}">{source} '
             f"({_e(current.notebook)}.ipynb)</a> · "
             f'<a href="{up}{_e(executed_path(current.notebook, current.paramset))}" download>'
             + label("下载运行后的笔记本 Download the executed notebook", "Download the executed notebook", lang)
             + " (.ipynb)</a>")
    return ("<br>" + " · ".join(parts) + ("<br>" if parts else "")
            + label("章节 Sections", "Sections", lang) + ": " + " · ".join(sections) + "<br>" + files)


_FILLED = re.compile(re.escape(NAV_START) + ".*?" + re.escape(NAV_END), re.S)


def add_nav(page: Path, nav: str) -> None:
    """Fill the page's navigation marker, or replace the navigation it was published with
    (a page rendered without one is left as it is)."""
    text = page.read_text(encoding="utf-8")
    block = NAV_START + nav + NAV_END
    if NAV_MARKER in text:
        atomic.write_text(page, text.replace(NAV_MARKER, block, 1))
    elif _FILLED.search(text):
        atomic.write_text(page, _FILLED.sub(lambda _: block, text, count=1))


def publish_notebooks(staging: Path, pages: list[Result], entries: dict[str, Path]) -> None:
    """Each page's executed notebook beside it, and each source notebook under `SOURCE_DIR`.

    `entries`: {label: the job's cache entry} (holding executed.ipynb); a page without one was published
    before and its executed notebook came with it.
    """
    from .render import publishable_notebook, publishable_source  # nbconvert: only when a site is assembled

    for r in pages:
        if r.label in entries:
            atomic.write_text(staging / executed_path(r.notebook, r.paramset),
                              publishable_notebook(entries[r.label] / "executed.ipynb"))
        source = staging / source_path(r.notebook)
        if not source.exists():
            source.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(source, publishable_source(Job(r.notebook, r.paramset).notebook_path))


def finish_pages(staging: Path, pages: list[Result], entries: dict[str, Path], names: dict[str, str],
                 lang: str = "zh") -> None:
    """Navigation into every page, the notebooks beside them. `staging`: the language's folder of the site."""
    publish_notebooks(staging, pages, entries)
    for here, r in enumerate(pages):
        add_nav(staging / page_path(r.notebook, r.paramset), nav_html(pages, here, names, lang))
