"""The county section in headless Chromium: pages load cleanly, the index sorts and filters offline."""
from __future__ import annotations

import json

import pytest
from test_browser import browser, problems_on, serve  # noqa: F401  (fixtures)

from runner_fixtures import FAILING, run_cli
from shared_builds import copy_project

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROW_CODES = ("Array.from(document.querySelectorAll('#counties tbody tr'))"
             ".filter(r => r.style.display !== 'none').map(r => r.cells[0].textContent)")


def _header(name: str) -> str:
    return (f"Array.from(document.querySelectorAll('#counties thead th'))"
            f".find(th => th.textContent.includes('{name}')).click()")


def test_county_index_and_profiles_in_chromium(browser, serve, county_site, tmp_path):  # noqa: F811
    """The session's county run (tests/shared_builds.py: the first four units of 宁夏, 640105 failing), copied,
    and the ordinary build added to it."""
    root = copy_project(county_site, tmp_path / "project")
    ordinary = run_cli(root, "--jobs", "1")  # the rest of the site, which links the sections together
    assert ordinary.returncode == 0, ordinary.stderr
    base = serve(root / "site")
    for page in ("counties/index.html", "counties/640104.html"):
        assert problems_on(browser, base, base + page) == [], page

    browser.load(base + "counties/index.html")
    every = browser.evaluate(ROW_CODES)
    assert len(every) > 2800 and every == sorted(every)  # every unit, in code order
    browser.evaluate(_header("Population 2020"))  # numbers sort descending first
    by_population = browser.evaluate(ROW_CODES)
    assert by_population[0] == "441900"  # 东莞市 (a city without counties, one unit): the most populous in 2020
    browser.evaluate(_header("Population 2020"))  # a second click: ascending
    assert browser.evaluate(ROW_CODES)[0] == "4603X3" and browser.evaluate(ROW_CODES)[-1] == "441900"
    browser.evaluate("const f = document.getElementById('filter'); f.value = '宁夏'; "
                     "f.dispatchEvent(new Event('input'))")
    shown = browser.evaluate(ROW_CODES)
    assert len(shown) == 22 and all(code.startswith("64") for code in shown)
    assert browser.evaluate("document.getElementById('shown').textContent") == "22"
    links = browser.evaluate("Array.from(document.querySelectorAll('#counties a')).map(a => a.getAttribute('href'))")
    assert sorted(links) == ["640104.html", "640106.html", "640121.html"], json.dumps(links)  # built ones only
    assert FAILING in browser.evaluate("document.body.innerText.split('Filter')[0]")  # failures listed above the table
