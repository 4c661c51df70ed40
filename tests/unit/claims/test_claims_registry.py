"""The claims registry: complete, grounded in the article, and strictly validated."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from countydigital import paths
from countydigital.claims.registry import SECTIONS, load_registry, parse_registry
from countydigital.exceptions import ClaimsError

# The article lives beside the project (../shared/seeds); skip the grounding tests elsewhere.
SEEDS_DIR = paths.PROJ_ROOT.parent / "shared" / "seeds"


def _article() -> str:
    files = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    if not files:
        pytest.skip("the seed article (../shared/seeds) is not available here")
    return re.sub(r"\s", "", "".join(f.read_text(encoding="utf-8") for f in files))


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(paths.CLAIMS_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claims():
    return load_registry()


def test_issue_examples_are_registered(claims):
    ids = {c.id for c in claims}
    for cid in [
        "context.county_land_share", "context.county_population_share", "context.county_gdp_share",
        "employment.social_insurance", "employment.wage_far_above_county", "talent.mean_age",
        "talent.aged_20_35", "talent.education_junior_college", "talent.education_senior_secondary",
        "talent.education_bachelor", "talent.returnees", "employment.women_share",
        "employment.first_job_or_reentry", "employment.family_reasons_women",
        "vocational.intensive_class_size", "vocational.teachers_trained_hq",
        "vocational.teacher_trainings_per_year", "vocational.graduates_in_beijing",
        "programs.commissioners", "programs.commissioner_counties", "programs.commissioner_batches",
        "programs.commissioner_start", "programs.ecommerce_trainees", "survey.period",
        "survey.fieldwork_counties", "programs.cooperation_modes", "vocational.foundation_founded",
        "programs.yijun_packaging_date",
    ]:
        assert cid in ids, cid


def test_published_values_as_the_article_states_them(claims):
    by_id = {c.id: c for c in claims}
    assert by_id["employment.social_insurance"].value == 97.4
    assert by_id["employment.social_insurance"].decimals == 1
    assert by_id["talent.education_junior_college"].decimals == 0
    assert by_id["vocational.graduates_in_beijing"].value == [11, 19]   # 十余名
    assert by_id["programs.commissioners"].value == [21, 29]            # 20多位
    assert by_id["survey.period"].value == ["2021-12", "2022-02"]
    assert by_id["context.county_gdp_share"].evidence == "external"  # county GDP exists, not here
    assert by_id["employment.social_insurance"].stated_as == "exact"
    assert by_id["employment.family_reasons_women"].stated_as == "more_than"


def test_every_quote_is_in_the_article_and_in_section_order(claims):
    article = _article()
    last_in_section: dict[str, int] = {}
    for claim in claims:
        assert claim.quote, f"{claim.id}: no quote"
        position = article.find(re.sub(r"\s", "", claim.quote))
        assert position >= 0, f"{claim.id}: quote not found in the article"
        assert position >= last_in_section.get(claim.section, -1), f"{claim.id}: out of article order"
        last_in_section[claim.section] = position


def test_digits_of_the_value_appear_in_the_quote(claims):
    # Catches a typo in `value`: a figure printed in digits must be the one quoted.
    checked = 0
    for claim in claims:
        quote = re.sub(r"\s", "", claim.quote)
        if claim.kind == "number" and claim.stated_as in ("exact", "about") and re.search(r"\d", quote):
            assert str(claim.value) in quote, claim.id
            checked += 1
    assert checked >= 10


def test_sections_follow_the_report_order(claims):
    order = [SECTIONS.index(c.section) for c in claims]
    assert order == sorted(order)
    assert {c.section for c in claims} == set(SECTIONS)


def test_untestable_claims_give_a_reason_and_testable_ones_a_notebook(claims):
    for claim in claims:
        if claim.evidence in ("none", "external"):
            assert claim.reason and claim.notebook is None
        else:
            assert re.match(r"^0[0-4]-[a-z-]+$", claim.notebook), claim.id


def test_one_written_rule_in_the_header_applied_to_every_claim(claims):
    header = paths.CLAIMS_FILE.read_text(encoding="utf-8").split("\nclaims:")[0]
    for words in ("THE RULE", "not testable", "no data could test the claim as worded", "not computed",
                  "not part of\n#", "transcribed from the article; not an independent source"):
        assert words in header, words
    for claim in claims:
        if claim.evidence == "none":
            assert claim.reason.startswith("Not testable - "), claim.id
        elif claim.evidence == "external":
            assert claim.reason.startswith("Not computed - ") and " would " in claim.reason, claim.id
    by_id = {c.id: c for c in claims}
    assert by_id["survey.fieldwork_counties"].evidence == "program_records"
    assert by_id["context.county_gdp_share"].evidence == "external"
    assert by_id["context.population_outflow"].evidence == "census"


def _with(raw, index, **changes):
    data = copy.deepcopy(raw)
    data["claims"][index].update(changes)
    return data


def _without(raw, index, field):
    data = copy.deepcopy(raw)
    del data["claims"][index][field]
    return data


def _index(raw, cid):
    return next(i for i, e in enumerate(raw["claims"]) if e["id"] == cid)


SRC = Path("claims.yaml")


def test_the_file_itself_validates(raw):
    assert len(parse_registry(raw, SRC)) == len(raw["claims"])


def test_typo_field_is_an_error_naming_claim_and_field(raw):
    i = _index(raw, "talent.mean_age")
    data = _with(raw, i, tolerence=0.5)
    with pytest.raises(ClaimsError, match=r"talent\.mean_age.*'tolerence'.*unknown field"):
        parse_registry(data, SRC)


def test_duplicate_id_is_an_error(raw):
    data = copy.deepcopy(raw)
    data["claims"].insert(1, copy.deepcopy(data["claims"][1]))
    with pytest.raises(ClaimsError, match="duplicate id"):
        parse_registry(data, SRC)


@pytest.mark.parametrize(
    "cid, change, message",
    [
        ("talent.mean_age", {"evidence": "censis"}, "'evidence'"),
        ("talent.mean_age", {"stated_as": "roughly"}, "'stated_as'"),
        ("talent.mean_age", {"section": "survey"}, "'section'"),
        ("talent.mean_age", {"value": "twenty-eight"}, "'value'"),
        ("programs.commissioners", {"value": [29, 21]}, "not ordered"),
        ("context.county_gdp_share", {"reason": ""}, "'reason'"),
        ("talent.mean_age", {"reason": "because"}, "only evidence 'none'"),
        ("talent.mean_age", {"notebook": "talent"}, "'notebook'"),
        ("talent.mean_age", {"id": "Talent Mean Age"}, "'id'"),
    ],
)
def test_bad_values_are_errors(raw, cid, change, message):
    with pytest.raises(ClaimsError, match=message):
        parse_registry(_with(raw, _index(raw, cid), **change), SRC)


@pytest.mark.parametrize("field", ["statement_zh", "unit", "value", "evidence"])
def test_missing_required_field(raw, field):
    with pytest.raises(ClaimsError, match=rf"talent\.mean_age.*'{field}'.*required"):
        parse_registry(_without(raw, _index(raw, "talent.mean_age"), field), SRC)


def test_testable_exact_figure_needs_a_tolerance_and_its_note(raw):
    i = _index(raw, "employment.social_insurance")
    with pytest.raises(ClaimsError, match="'tolerance'.*required"):
        parse_registry(_without(raw, i, "tolerance"), SRC)
    with pytest.raises(ClaimsError, match="'tolerance_note'"):
        parse_registry(_without(raw, i, "tolerance_note"), SRC)


def test_sections_out_of_order_are_an_error(raw):
    data = copy.deepcopy(raw)
    data["claims"].append(copy.deepcopy(data["claims"][1]) | {"id": "context.late_addition"})
    with pytest.raises(ClaimsError, match="section order"):
        parse_registry(data, SRC)
