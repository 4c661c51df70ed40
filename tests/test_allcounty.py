"""All-county mode: unit selection, batches in one kernel, failures listed not fatal, the county index."""
from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from countydigital.exceptions import BuildError, PrivacyError
from countydigital.runner import allcounty, countyindex
from countydigital.runner.pageassets import SharedAssets
from runner_fixtures import run_cli, write_notebook

FAILING = "640105"


def make_profile_notebook(root, failing: str = FAILING):
    """A tiny stand-in for 00-county-context: looks the county up, draws a bar, fails for `failing`."""
    nb_dir = root / "notebooks"
    write_notebook(
        nb_dir / "00-county-context.ipynb", "county = '130529'\nseed = 1",
        [nbformat.v4.new_markdown_cell("# Profile 县域概况")],
        [
            "from countydigital.census import lookup\nunit = lookup(county)\nprint(unit.name, unit.code, seed)",
            "import matplotlib.pyplot as plt\nplt.bar([0, 1], [len(unit.name), int(county[-2:])])",
            # a variable left by the previous county must not leak into this one
            "print('previous' in dir())\nprevious = county",
            f"if county == '{failing}':\n    raise ValueError('no profile for ' + county)",
        ],
    )
    (nb_dir / "parameter_sets.yaml").write_text(
        "notebooks:\n  00-county-context:\n    - {id: '640104', parameters: {county: '640104'}}\n", encoding="utf-8")
    return nb_dir


# --- selection and batching ------------------------------------------------------------
def test_select_units_by_province_prefecture_and_limit():
    ningxia = allcounty.select_units("64")
    assert len(ningxia) == 22 and ningxia["code"].str.startswith("64").all()
    assert list(ningxia["code"]) == sorted(ningxia["code"])
    assert set(allcounty.select_units("6401")["code"]) < set(ningxia["code"])
    assert list(allcounty.select_units("64", limit=3)["code"]) == list(ningxia["code"][:3])
    everything = allcounty.select_units("all")
    assert len(everything) > 2800 and everything["code"].is_unique
    assert {"130529", "130722"} <= set(allcounty.select_units("13")["code"])


@pytest.mark.parametrize("spec", ["99", "1", "hebei", "13052x"])
def test_bad_selection_is_a_clear_error(spec):
    with pytest.raises(BuildError, match="--counties"):
        allcounty.select_units(spec)


def test_batches_cover_every_job_once_and_use_every_worker():
    items = list(range(45))
    batches = allcounty._batches(items, n_jobs=2, batch_size=20)
    assert [x for b in batches for x in b] == items and max(map(len, batches)) <= 20
    few = allcounty._batches(list(range(3)), n_jobs=2, batch_size=20)
    assert len(few) == 2  # three counties still go to both workers
    assert allcounty._batches([], 2, 20) == []


# --- the index page ---------------------------------------------------------------------
def _units():
    u2020 = pd.DataFrame({
        "code": ["640104", "640105", "1401X1"], "name": ["兴庆区", "<b>西夏区</b>", "开发区"],
        "prefecture": ["银川市"] * 2 + ["太原市"], "province": ["宁夏"] * 2 + ["山西省"],
        "unit_type": ["district", "district", "other"], "population": [800000.0, 400000.0, 50000.0],
        "urban_share": [0.9, 0.8, None], "share_20_34": [0.3, 0.25, 0.2], "share_65_plus": [0.1, 0.12, 0.05],
        "share_junior_college_plus": [0.3, 0.2, 0.1], "share_tertiary": [0.6, 0.5, float("nan")],
    })
    u2010 = pd.DataFrame({"code": ["640104", "640105"], "population": [640000.0, 500000.0]})
    return u2020, u2010


def test_index_links_built_profiles_lists_failures_and_sorts_offline():
    u2020, u2010 = _units()
    page = countyindex.render_county_index(u2020, u2010, built={"640104"}, failures={"640105": "ValueError: boom"})
    assert page.count("<tr>") == 1 + 3  # header + every unit, built or not
    assert 'href="640104.html"' in page and 'href="640105.html"' not in page
    assert "ValueError: boom" in page and "Failed in the last run" in page
    assert "&lt;b&gt;西夏区&lt;/b&gt;" in page and "<b>西夏区" not in page  # names are escaped
    assert 'data-v="0.25"' in page  # +25.0% population change, sortable as a number
    assert "+25.0%" in page and "−" not in page
    assert 'class="num missing" data-v=""' in page  # no 2010 unit: change missing, sorts last
    assert not re.search(r"<script[^>]+src=", page) and "http" not in page.split("<script>")[1]
    countyindex.check_index_privacy(page)


def test_index_privacy_gate_still_catches_anything_else():
    u2020, u2010 = _units()
    u2020.loc[0, "name"] = "电话13912345678"
    page = countyindex.render_county_index(u2020, u2010, built=set(), failures={})
    with pytest.raises(PrivacyError):
        countyindex.check_index_privacy(page)
    clean = countyindex.render_county_index(*_units(), built=set(), failures={})
    with pytest.raises(PrivacyError):
        countyindex.check_index_privacy(clean.replace("</body>", "<script>alert(1)</script></body>"))


# --- end to end with the stand-in notebook ------------------------------------------------
def _without_font_rule(page: str) -> str:
    return re.sub(r"<style>@font-face.*?</style>\n?", "", page, flags=re.S)



@pytest.fixture(scope="module")
def county_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("counties")
    make_profile_notebook(root)
    first = run_cli(root, "--counties", "64", "--limit", "4", "--batch-size", "2", "--jobs", "2")
    return root, first


@pytest.mark.slow
def test_county_run_publishes_profiles_and_lists_failures_without_aborting(county_run):
    root, first = county_run
    assert first.returncode == 0, first.stderr
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
            assert "True" not in (pages / f"{code}.html").read_text(encoding="utf-8")  # variables reset between counties


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
    # identical but for the web-font rule, whose URL says where each section keeps its font, and the shared
    # assets: the county section keeps style sheets and figures as files beside its pages
    assert "cjk.woff" in county_page and (root / "site" / "counties" / "assets" / "cjk.woff").is_file()
    assert "data:image/png" not in county_page and "<style>" not in _without_font_rule(county_page)
    shared = SharedAssets(tmp_path_factory.mktemp("assets"))
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

    env = {**os.environ, "COUNTYDIGITAL_BUILD_DIR": str(tmp_path / "build"), "COUNTYDIGITAL_SITE_DIR": str(tmp_path / "site")}
    env.pop("COUNTYDIGITAL_NOTEBOOKS_DIR", None)
    result = subprocess.run([sys.executable, "-m", "countydigital", "run", "--counties", "64", "--limit", "2", "--jobs", "1"],
                            cwd=paths.PROJ_ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert "published 2 county profile(s)" in result.stderr, result.stderr
    pages = tmp_path / "site" / "counties"
    for code, name in (("640104", "兴庆区"), ("640105", "西夏区")):
        page = (pages / f"{code}.html").read_text(encoding="utf-8")
        assert name in page and "<img" in page  # the profile with its figures
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert index.count('<span class="ok">profile</span>') == 2 and "巨鹿县" in index  # every unit listed
