"""The ledger page: every claim, honest statuses, escaped, self-contained, deterministic."""
from __future__ import annotations

import json
import re

import pytest

from countydigital.claims import load_registry
from countydigital.claims.ledger import build_ledger
from countydigital.cli import main
from countydigital.exceptions import ClaimsError


def write_records(folder, notebook, paramset, rows):
    path = folder / notebook / f"{paramset}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({"notebook": notebook, "paramset": paramset} | row, ensure_ascii=False) + "\n")


@pytest.fixture
def records(tmp_path):
    folder = tmp_path / "records"
    write_records(folder, "01-employment-value", "pooled", [
        {"claim_id": "employment.social_insurance", "value": 97.38, "source": "synthetic", "n": 268,
         "ci": [95.2, 98.7], "anchor": "job-quality", "note": "<script>alert(1)</script>"},
        {"claim_id": "employment.social_insurance", "value": 97.41, "source": "synthetic", "n": 268,
         "anchor": "job-quality", "note": "<script>alert(1)</script>"},  # re-run: the last one wins
    ])
    write_records(folder, "00-county-context", "130529", [
        {"claim_id": "context.county_land_share", "value": 90.3, "source": "boundaries", "anchor": "land"},
        {"claim_id": "context.county_population_share", "value": 74.2, "source": "census", "anchor": "pop"},
    ])
    write_records(folder, "03-vocational-education", "130529", [
        {"claim_id": "vocational.teachers_trained_hq", "value": 12, "source": "program_records"},
    ])
    return folder


def test_ledger_files_rows_and_statuses(records, tmp_path):
    out = tmp_path / "site"
    tally = build_ledger(records, out)
    data = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    claims = load_registry()
    assert [row["id"] for row in data["claims"]] == [c.id for c in claims]
    assert sum(tally.values()) == len(claims)
    by_id = {row["id"]: row for row in data["claims"]}
    assert by_id["employment.social_insurance"]["status"] == "synthetic"
    assert [e["value"] for e in by_id["employment.social_insurance"]["computed"]] == [97.41]
    assert by_id["context.county_land_share"]["status"] == "differs"
    assert by_id["context.county_population_share"]["status"] == "reproduced"
    assert by_id["vocational.teachers_trained_hq"]["status"] == "recorded"
    assert by_id["context.county_gdp_share"]["status"] == "not computed"  # county GDP exists; not here
    assert by_id["context.first_comprehensive_analysis"]["status"] == "not testable"
    assert by_id["talent.mean_age"]["status"] == "not computed"
    assert tally["reproduced"] == 1 and tally["differs"] == 1 and tally["synthetic"] == 1
    assert data["granularity"]["smallest_consistent_n"] == 268
    # the stand-in's n is not a recorded sample size: listed apart, labelled, never "all consistent"
    assert data["granularity"]["impossible_at_recorded_n"] == {}
    assert data["granularity"]["synthetic_n"] == [268]
    assert not list(out.glob(".*.tmp"))


def test_only_a_real_surveys_n_is_tested_for_granularity(records, tmp_path):
    write_records(records, "02-talent-return", "pooled", [
        {"claim_id": "employment.first_job_or_reentry", "value": 29.5, "source": "survey", "n": 1000,
         "sha256": "ab" * 32}])
    out = tmp_path / "site"
    build_ledger(records, out)
    data = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    assert data["granularity"]["impossible_at_recorded_n"] == {"1000": []}
    page = (out / "claims.html").read_text(encoding="utf-8")
    assert "n = 1000 (the sample size of a real survey file): all consistent" in page
    assert "n = 268 is the size of the synthetic stand-in" in page and "(a recorded sample size)" not in page


def test_html_is_escaped_self_contained_and_linked(records, tmp_path):
    out = tmp_path / "site"
    build_ledger(records, out)
    page = (out / "claims.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page and '<html lang="zh-Hans">' in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(r"<(link|script)\b", page) is None and "http" not in page.replace("http-equiv", "")
    assert 'href="01-employment-value/pooled.html#job-quality"' in page
    assert "Noto Sans CJK SC" in page
    for claim in load_registry():
        assert f'id="{claim.id}"' in page
    assert "五险一金覆盖率达到97.4%" in page


def test_user_strings_are_escaped(tmp_path):
    folder = tmp_path / "records"
    write_records(folder, "01-employment-value", "pooled", [
        {"claim_id": "employment.women_share", "value": 73.0, "source": "synthetic",
         "note": '<img src=x onerror="alert(1)">', "unit": "<b>%</b>"},
    ])
    build_ledger(folder, tmp_path / "site")
    page = (tmp_path / "site" / "claims.html").read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "<b>%</b>" not in page


def test_two_builds_are_byte_identical(records, tmp_path):
    build_ledger(records, tmp_path / "a")
    build_ledger(records, tmp_path / "b")
    for name in ("claims.html", "claims.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_unregistered_ids_are_shown(tmp_path):
    folder = tmp_path / "records"
    write_records(folder, "02-talent-return", "pooled", [
        {"claim_id": "talent.not_in_registry", "value": 1, "source": "survey"}])
    build_ledger(folder, tmp_path / "site")
    data = json.loads((tmp_path / "site" / "claims.json").read_text(encoding="utf-8"))
    assert data["unregistered"] == ["talent.not_in_registry"]


def test_unwritable_output_is_a_claims_error_and_leaves_no_partial_file(records, tmp_path):
    blocker = tmp_path / "site"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(ClaimsError, match="cannot write"):
        build_ledger(records, blocker)


def test_cli_ledger_and_check(records, tmp_path, capsys):
    assert main(["claims", "ledger", "--records", str(records), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "claims.html").is_file()
    empty = tmp_path / "no-notebooks"
    empty.mkdir()
    assert main(["claims", "check", "--notebooks", str(empty)]) == 1
    assert "employment.social_insurance" in capsys.readouterr().out
    assert main(["claims", "granularity", "--n-max", "300", "--n", "100"]) == 0
    assert "smallest 268" in capsys.readouterr().out


def test_values_are_formatted_for_reading():
    from countydigital.claims.ledger import format_value as _fmt

    assert _fmt([11, 19]) == "11–19"                           # a range
    assert _fmt(["2021-12-03", "2022-02-27"]) == "2021-12-03–2022-02-27"
    assert _fmt(["130529", "130722"]) == "130529, 130722"      # a set, not a range
    assert _fmt(97.38461) == "97.38" and _fmt(12345.6) == "12,346" and _fmt(None) == "—"


def test_one_claim_for_several_counties_in_one_run_keeps_each(tmp_path):
    folder = tmp_path / "records"
    write_records(folder, "02-talent-return", "pooled", [
        {"claim_id": "talent.county_age_structure_improved", "value": -1.2, "source": "census", "note": "巨鹿县"},
        {"claim_id": "talent.county_age_structure_improved", "value": 0.4, "source": "census", "note": "张北县"},
    ])
    build_ledger(folder, tmp_path / "site")
    data = json.loads((tmp_path / "site" / "claims.json").read_text(encoding="utf-8"))
    row = next(r for r in data["claims"] if r["id"] == "talent.county_age_structure_improved")
    assert sorted(e["value"] for e in row["computed"]) == [-1.2, 0.4]
    assert row["status"] == "differs" and "[巨鹿县]" in row["explanation"] and "-1.2" in row["explanation"]


def test_granularity_tests_the_pooled_sample_size_only(tmp_path):
    folder = tmp_path / "records"
    real = {"source": "survey", "sha256": "ab" * 32}
    write_records(folder, "01-employment-value", "pooled", [
        {"claim_id": "employment.first_job_or_reentry", "value": 29.5, "n": 1000} | real])
    write_records(folder, "01-employment-value", "130529", [
        {"claim_id": "employment.first_job_or_reentry", "value": 29.3, "n": 460} | real])
    build_ledger(folder, tmp_path / "site")
    data = json.loads((tmp_path / "site" / "claims.json").read_text(encoding="utf-8"))
    assert data["granularity"]["impossible_at_recorded_n"] == {"1000": []}
