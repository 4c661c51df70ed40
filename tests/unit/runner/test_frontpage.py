"""The front page: the study counties by name with census figures, findings linked, the ledger drawn."""
from __future__ import annotations

import json
import re

import pytest

from countydigital import census, datafetch, paths
from countydigital.claims.ledger import ledger_data
from countydigital.exceptions import MissingDataFile
from countydigital.runner import frontfacts, frontpage
from countydigital.runner.results import Result
from countydigital.runner.site import PROVENANCE_END, PROVENANCE_START

PROVENANCE = {"built_at": "2022-05-17T00:00:00+00:00", "git_commit": "abc", "packages": {"python": "3.11"},
              "data_sha256": {"census_2020": "0" * 64}, "seed": 20220517}
RESULTS = [Result("00-county-context", "130529", {"county": "130529"}),
           Result("00-county-context", "130722", {"county": "130722"}),
           Result("01-employment-value", "pooled", {"county": "pooled"}),
           Result("02-talent-return", "130722", {"county": "130722"}, status="failed", error="ValueError: boom")]


@pytest.fixture
def ledger(tmp_path):
    rows = [
        ("00-county-context", "130529", {"claim_id": "context.county_land_share", "value": 84.4, "source": "boundaries",
                                         "anchor": "national-shares"}),
        ("00-county-context", "130529", {"claim_id": "context.county_rural_population_share", "value": 74.0,
                                         "source": "census", "anchor": "national-shares"}),
        ("01-employment-value", "pooled", {"claim_id": "employment.social_insurance", "value": 97.4,
                                           "source": "synthetic", "n": 268, "ci": [96.2, 98.2],
                                           "anchor": "job-quality"}),
    ]
    for notebook, paramset, row in rows:
        path = tmp_path / "records" / notebook / f"{paramset}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"notebook": notebook, "paramset": paramset} | row, ensure_ascii=False) + "\n")
    return json.loads(json.dumps(ledger_data(tmp_path / "records"), ensure_ascii=False))  # as claims.json holds it


def test_front_page_names_the_counties_with_census_figures_and_links_findings(ledger):
    page = frontpage.render_front(ledger, RESULTS, PROVENANCE, lang="zh")
    counties = page[page.index("两个调查县"):page.index("主要发现")]
    assert "巨鹿县" in counties and "张北县" in counties
    for code in ("130529", "130722"):  # the figures are the census layer's, not typed in
        population = census.indicators(2020).set_index("code").at[code, "population"]
        assert f"{population:,.0f} (2020)" in counties
    assert 'href="00-county-context/130529.html"' in counties  # each county links its profile
    findings = page[page.index("主要发现"):page.index("核对表一览")]
    land = re.search(r"<li>.*?context\.county_land_share.*?</li>", findings).group(0)
    assert "84.4" in land and "≈ 93 %" in land and 'href="00-county-context/130529.html#national-shares"' in land
    assert 'href="claims.html#context.county_land_share"' in land
    assert 'href="claims.html#context.county_rural_population_share"' in findings  # reproduced, listed too
    assert "employment.social_insurance" not in findings  # synthetic: counted, not stated as a finding
    assert re.search(r"合成（synthetic）: 1 ", findings)
    chart = page[page.index("核对表一览"):page.index("各章笔记本")]
    assert '<svg role="img"' in chart and 'xlink:href="claims.html#employment.social_insurance"' in chart
    assert "SYNTHETIC" in page and page.count(PROVENANCE_START) == 1 and page.count(PROVENANCE_END) == 1
    pages = page[page.index("各章笔记本"):]
    assert ">巨鹿县 (130529)</a>" in pages and ">两县合并</a>" in pages and "ValueError: boom" in pages


def test_english_front_page_is_the_same_page_in_english(ledger):
    page = frontpage.render_front(ledger, RESULTS, PROVENANCE, lang="en")
    assert '<html lang="en">' in page and "The two study counties" in page and "Headline findings" in page
    assert "Julu (巨鹿县)" in page and "Zhangbei (张北县)" in page
    assert "主要发现" not in page


def test_without_the_census_the_counties_are_named_by_code(ledger, monkeypatch, own_kept_dir):
    def missing(year, level="unit"):
        raise MissingDataFile("census_2020 is not downloaded (run make data)")

    monkeypatch.setattr(census, "indicators", missing)
    page = frontpage.render_front(ledger, RESULTS[:1], PROVENANCE, lang="zh")
    assert "130529" in page and "人口普查数据不可用" in page and "make data" in page
    with pytest.raises(MissingDataFile):  # a failure is not kept: the next build asks again
        frontfacts.study_counties(["130529", "130722"])


def test_the_census_facts_are_kept_and_asked_again_when_what_they_come_from_changes(ledger, monkeypatch,
                                                                                     own_kept_dir, tmp_path):
    first = {lang: frontpage.render_front(ledger, RESULTS, PROVENANCE, lang=lang) for lang in ("zh", "en")}
    asked = []
    real = census.lookup
    monkeypatch.setattr(census, "lookup", lambda code: asked.append(code) or real(code))
    again = {lang: frontpage.render_front(ledger, RESULTS, PROVENANCE, lang=lang) for lang in ("zh", "en")}
    assert again == first and asked == []  # from the kept files
    assert "巨鹿县" in first["zh"] and "Julu (巨鹿县)" in first["en"]

    pins = dict(datafetch.checksums(), census_2020="f" * 64)  # a new pin of the census: asked again
    monkeypatch.setattr(datafetch, "checksums", lambda: pins)
    assert frontpage.render_front(ledger, RESULTS, PROVENANCE, lang="zh") == first["zh"]
    assert set(asked) >= {"130529", "130722"}
    asked.clear()
    cache = tmp_path / "processed"  # another set of census caches: asked again
    cache.mkdir()
    (cache / "census_tidy_0.parquet").write_bytes(b"")
    monkeypatch.setattr(paths, "PROCESSED_DIR", cache)
    frontpage.render_front(ledger, RESULTS, PROVENANCE, lang="zh")
    assert set(asked) >= {"130529", "130722"}


def test_page_names_come_from_the_census_for_county_parameters_only(own_kept_dir):
    names = frontpage.county_names(RESULTS, "en")
    assert names == {"130529": "Julu", "130722": "Zhangbei"}  # "pooled" is no county
    assert frontfacts.county_names(["巨鹿县", "no such place"]) == {"巨鹿县": {"zh": "巨鹿县", "en": "Julu"}}


def test_without_a_ledger_the_page_still_lists_the_pages():
    page = frontpage.render_front(None, RESULTS[:1], PROVENANCE, lang="zh")
    assert 'href="00-county-context/130529.html"' in page and "<svg" not in page
