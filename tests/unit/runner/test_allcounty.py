"""All-county mode, without a kernel: unit selection, batching, the county index page.

The end-to-end runs (batches in one kernel, failures listed not fatal) are in tests/build/test_allcounty_build.py.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from countydigital.exceptions import BuildError, PrivacyError
from countydigital.runner import allcounty, countyindex


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


def test_an_index_checked_ahead_is_scanned_again_only_where_it_can_differ(monkeypatch):
    """The atlas checks an index while its profiles are built; the index published with the same units, links
    and failures differs only in its provenance block (the run's time), which alone is scanned again; any
    other difference, or personal data in that block, is caught as before."""
    from countydigital import privacy_gate

    u2020, u2010 = _units()
    ahead = countyindex.render_county_index(u2020, u2010, built={"640104"}, failures={}, seconds=0.0)
    countyindex.check_index_privacy(ahead)
    passed = countyindex.index_scan_key(ahead)
    final = countyindex.render_county_index(u2020, u2010, built={"640104"}, failures={}, seconds=61.5)
    assert final != ahead and countyindex.index_scan_key(final) == passed
    scanned = []
    real = privacy_gate.scan_text
    monkeypatch.setattr(privacy_gate, "scan_text",
                        lambda name, text, **kw: scanned.append(text) or real(name, text, **kw))
    countyindex.check_index_privacy(final, passed=passed)
    assert "61.5" in scanned[-1] and "兴庆区" not in scanned[-1]  # the provenance block alone
    with pytest.raises(PrivacyError):  # personal data in the block itself
        countyindex.check_index_privacy(final.replace("Built in 61.5 s.", "Built by 13912345678."), passed=passed)
    failed = countyindex.render_county_index(u2020, u2010, built={"640104"}, failures={"640105": "call 13912345678"})
    with pytest.raises(PrivacyError):  # another index: scanned whole
        countyindex.check_index_privacy(failed, passed=passed)
    with pytest.raises(PrivacyError):  # the script is checked whatever was passed
        countyindex.check_index_privacy(final.replace("</body>", "<script>alert(1)</script></body>"), passed=passed)
