"""Navigation between pages, and the notebooks published beside them."""
from __future__ import annotations

import re

from countydigital.runner import pagenav
from countydigital.runner.results import Result

PAGES = [Result("00-county-context", "130529"), Result("00-county-context", "130722"),
         Result("01-employment-value", "pooled")]
NAMES = {"00-county-context/130529": "巨鹿县", "00-county-context/130722": "张北县"}


def hrefs(nav: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', nav)


def test_first_middle_and_last_page():
    first = pagenav.nav_html(PAGES, 0, NAMES)
    assert 'rel="prev"' not in first and 'rel="next" href="../00-county-context/130722.html"' in first
    assert "张北县" in first
    middle = pagenav.nav_html(PAGES, 1, NAMES)
    assert 'rel="prev" href="../00-county-context/130529.html"' in middle
    assert 'rel="next" href="../01-employment-value/pooled.html"' in middle
    last = pagenav.nav_html(PAGES, 2, NAMES)
    assert 'rel="next"' not in last
    assert hrefs(last)[-2:] == ["../source/01-employment-value.ipynb", "../01-employment-value/pooled.ipynb"]
    assert "../01-employment-value/pooled.html" not in hrefs(last)  # no link to itself
    assert "../00-county-context/130529.html" in hrefs(last)  # the other section


def test_marker_is_replaced_once(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(f"<nav>a {pagenav.NAV_MARKER}</nav>", encoding="utf-8")
    pagenav.add_nav(page, "<b>nav</b>")
    assert page.read_text(encoding="utf-8") == f"<nav>a {pagenav.NAV_START}<b>nav</b>{pagenav.NAV_END}</nav>"
    # a page published before gets the navigation of the site it is carried into, not a second one
    pagenav.add_nav(page, "<i>new</i>")
    assert page.read_text(encoding="utf-8") == f"<nav>a {pagenav.NAV_START}<i>new</i>{pagenav.NAV_END}</nav>"


def test_english_navigation_is_in_english():
    nav = pagenav.nav_html(PAGES, 1, NAMES, lang="en")
    assert "Previous" in nav and "上一页" not in nav and "源笔记本" not in nav
