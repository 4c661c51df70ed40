"""All-county mode end to end: batches in one kernel, failures listed not fatal, reruns from the cache."""
from __future__ import annotations

import re

import pytest

from countydigital.runner import allcounty, pagenav
from countydigital.runner.pageassets import SharedAssets
from runner_fixtures import FAILING, run_cli
from shared_builds import copy_project


# --- end to end with the stand-in notebook ------------------------------------------------
def _without_font_rule(page: str) -> str:
    return re.sub(r"<style>@font-face.*?</style>\n?", "", page, flags=re.S)


@pytest.fixture(scope="module")
def county_run(county_site, tmp_path_factory):
    """The session's county run (tests/shared_builds.py: `run --counties 64 --limit 4 --batch-size 2 --jobs 2`
    with a failing 640105), copied: these tests build on in it."""
    return copy_project(county_site, tmp_path_factory.mktemp("counties") / "project"), county_site


@pytest.mark.slow
def test_county_run_publishes_profiles_and_lists_failures_without_aborting(county_run):
    root, first = county_run
    codes = list(allcounty.select_units("64", limit=4)["code"])
    assert FAILING in codes
    pages = root / "site" / "counties"
    for code in codes:
        assert (pages / f"{code}.html").is_file() == (code != FAILING)
    # the failing cell is named as in a fresh kernel (the 6th code cell, injected parameters included),
    # not by the shared kernel's running execution count
    assert f"{FAILING}: cell 6: ValueError: no profile for 640105" in first.stderr, first.stderr
    assert re.search(r"\[4/4\] .*ETA 0s", first.stderr)  # progress with an ETA, one line per county
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert "no profile for 640105" in index and index.count('<span class="ok">profile</span>') == 3
    profile = (pages / "640104.html").read_text(encoding="utf-8")
    assert "兴庆区 640104 20220517" in profile
    for code in codes:
        if code != FAILING:
            # variables reset between counties
            assert "True" not in (pages / f"{code}.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_profile_from_a_shared_kernel_equals_the_ordinary_build_and_survives_it(county_run, tmp_path_factory):
    root, _ = county_run
    ordinary = run_cli(root, "--county", "640104", "--jobs", "1")
    assert ordinary.returncode == 0, ordinary.stderr
    assert "(cache;" in ordinary.stderr  # same notebook, parameters and inputs: the same cache entry
    assert (root / "site" / "counties" / "640104.html").is_file()  # the ordinary build kept the county section
    assert 'href="counties/index.html"' in (root / "site" / "index.html").read_text(encoding="utf-8")  # and links it
    fresh = run_cli(root, "--county", "640121", "--jobs", "1", "--no-cache")  # a fresh kernel
    assert fresh.returncode == 0, fresh.stderr
    ordinary_page = (root / "site" / "00-county-context" / "640121.html").read_text(encoding="utf-8")
    county_page = (root / "site" / "counties" / "640121.html").read_text(encoding="utf-8")
    # identical but for the web-font rule, whose URL says where each section keeps its font, the shared
    # assets (the county section keeps style sheets and figures as files beside its pages) and the site
    # navigation the ordinary build fills in (the county section is navigated from its own index)
    assert "cjk.woff" in county_page and (root / "site" / "counties" / "assets" / "cjk.woff").is_file()
    assert "data:image/png" not in county_page and "<style>" not in _without_font_rule(county_page)
    shared = SharedAssets(tmp_path_factory.mktemp("assets"))
    assert pagenav.NAV_MARKER in county_page and pagenav.NAV_START not in county_page
    ordinary_page = re.sub(re.escape(pagenav.NAV_START) + ".*?" + re.escape(pagenav.NAV_END), pagenav.NAV_MARKER,
                           ordinary_page, count=1, flags=re.S)
    assert shared.externalise(_without_font_rule(ordinary_page)) == _without_font_rule(county_page)
    for name in shared.written:
        assert (shared.root / name).read_bytes() == (root / "site" / "counties" / name).read_bytes()


@pytest.mark.slow
def test_rerun_reuses_every_profile_and_retries_only_the_failure(county_run):
    root, _ = county_run
    again = run_cli(root, "--counties", "64", "--limit", "4", "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("(cache;") == 3, again.stderr
    assert len(re.findall(r"^\[\d/4\] \S+\s+failed", again.stderr, re.M)) == 1, again.stderr


@pytest.mark.slow
def test_real_county_profile_notebook_in_all_county_mode(tmp_path):
    """The real 00-county-context for two units of 宁夏, with a shared kernel."""
    import os
    import subprocess
    import sys

    from countydigital import paths

    env = {**os.environ, "COUNTYDIGITAL_BUILD_DIR": str(tmp_path / "build"),
           "COUNTYDIGITAL_SITE_DIR": str(tmp_path / "site")}
    env.pop("COUNTYDIGITAL_NOTEBOOKS_DIR", None)
    result = subprocess.run([sys.executable, "-m", "countydigital", "run",
                             "--counties", "64", "--limit", "2", "--jobs", "1"],
                            cwd=paths.PROJ_ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert "published 2 county profile(s)" in result.stderr, result.stderr
    pages = tmp_path / "site" / "counties"
    for code, name in (("640104", "兴庆区"), ("640105", "西夏区")):
        page = (pages / f"{code}.html").read_text(encoding="utf-8")
        assert name in page and "<img" in page  # the profile with its figures
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert index.count('<span class="ok">profile</span>') == 2 and "巨鹿县" in index  # every unit listed
