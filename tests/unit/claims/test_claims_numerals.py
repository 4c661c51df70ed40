"""Every numeral of the article is a claim's quote or excluded with a reason; the README's
headline figures are the registry's and the ledger's."""
from __future__ import annotations

import json
import re

import pytest

from countydigital import paths
from countydigital.claims import granularity, load_registry
from countydigital.sections.context import analysis as context

SEEDS_DIR = paths.PROJ_ROOT.parent / "shared" / "seeds"

# Arabic numbers (with a decimal part or %), Chinese number words before a measure word,
# fractions (四分之三), ordinals (第一) and 首次 (first time).
NUMERAL = re.compile(
    r"\d+(?:\.\d+)?%?"
    r"|[一二三四五六七八九十]+分之[一二三四五六七八九十]+"
    r"|[一二三四五六七八九十两]+(?=[名批个年次大种期余多位项条家月日倍成])"
    r"|首次|第[一二三四五六七八九十]+"
)

# (numeral, the words right after it in the article) -> why no claim quotes it.
EXCLUDED = {
    ("一", "批年轻劳动力"): "一批 is an indefinite article ('a group of young workers'), not a count",
    ("一", "种可持续"): "一种 is an indefinite article ('a sustainable way'), not a count",
    ("一", "项技能"): "新增一项技能 ('adds a skill') describes the class's content, not a figure the report states",
    ("三", "年的专业班则是"): "the three-year class mentioned again; its duration is vocational.professional_duration",
    ("一", "条平台企业"): "一条 is an indefinite article ('a path that platform firms can follow'), not a count",
    ("一", "个合作共赢"): "一个 is an indefinite article ('a win-win process'), not a count",
}


def _article() -> str:
    files = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    if not files:
        pytest.skip("the seed article (../shared/seeds) is not available here")
    return re.sub(r"\s", "", "".join(f.read_text(encoding="utf-8") for f in files))


def _quoted_spans(article: str) -> list[tuple[int, int]]:
    spans = []
    for claim in load_registry():
        quote = re.sub(r"\s", "", claim.quote or "")
        start = article.find(quote)
        while quote and start >= 0:
            spans.append((start, start + len(quote)))
            start = article.find(quote, start + 1)
    return spans


def test_every_numeral_of_the_article_is_quoted_by_a_claim_or_excluded_with_a_reason():
    article = _article()
    spans = _quoted_spans(article)
    used, uncovered = set(), []
    for match in NUMERAL.finditer(article):
        if any(a <= match.start() and match.end() <= b for a, b in spans):
            continue
        after = article[match.end():match.end() + 12]
        key = next((k for k in EXCLUDED if k[0] == match.group() and after.startswith(k[1])), None)
        if key is None:
            uncovered.append(f"{match.group()!r} in …{article[max(0, match.start() - 10):match.end() + 10]}…")
        else:
            used.add(key)
    assert not uncovered, "numerals neither quoted by a claim nor excluded: " + "; ".join(uncovered)
    assert set(EXCLUDED) == used, f"exclusions that match nothing any more: {set(EXCLUDED) - used}"
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_the_numeral_pattern_finds_what_it_must():
    found = [m.group() for m in NUMERAL.finditer("占比29.5%，三批，四分之三，十余名，第一期，首次，20多位")]
    assert found == ["29.5%", "三", "四分之三", "十", "第一", "首次", "20"]


# --- the README's headline figures ----------------------------------------------------
README = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
SHORT = README.split("**What the open data says, in short**")[1].split("\n\nExpected run time")[0]


def test_readme_published_figures_are_the_registrys():
    claims = {c.id: c for c in load_registry()}
    for cid, text in [("context.county_land_share", "~93%"), ("context.county_population_share", "~74%"),
                      ("context.county_gdp_share", "(53%)"), ("employment.social_insurance", "97.4% insured"),
                      ("talent.mean_age", "mean age 28"), ("talent.education_senior_secondary", "32.8%"),
                      ("talent.returnees", "35% returnees"), ("employment.first_job_or_reentry", "29.5%")]:
        assert text in SHORT, text
        assert re.search(r"\d+(?:\.\d+)?", text).group() == f"{claims[cid].value:g}", cid


def test_readme_statuses_follow_the_registrys_rule():
    claims = {c.id: c for c in load_registry()}
    gdp = " ".join(SHORT.split("GDP share")[1].split(".")[0].split())
    assert claims["context.county_gdp_share"].evidence == "external" and "`not computed`" in gdp
    assert "transcribed from the article; not an independent source" in SHORT


def test_readme_granularity_figure_is_the_checks():
    assert f"(n = {granularity.check().smallest})" in SHORT


def test_readme_computed_figures_are_the_ledgers():
    """The figures notebook 00 records (what site/claims.json holds), to the README's one decimal."""
    figures = {"84.4%": context.land_share(), "51.7%": context.population_share(2020),
               "63.0%": context.population_share(2010),
               "69.9%": context.population_share(2010, quantity="registered_population")}
    for text, value in figures.items():
        assert text in SHORT and f"{value:.1f}%" == text, (text, value)
    ledger = paths.PROJ_ROOT / "site" / "claims.json"
    if ledger.is_file():  # after a build: the published ledger says the same
        rows = {r["id"]: r for r in json.loads(ledger.read_text(encoding="utf-8"))["claims"]}
        for cid, text in (("context.county_land_share", "84.4%"), ("context.county_population_share", "51.7%")):
            values = [e["value"] for e in rows[cid]["computed"]]
            assert values and all(f"{v:.1f}%" == text for v in values), cid
