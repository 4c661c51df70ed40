"""Programme records: schema (ranges ordered, dates parseable, every row sourced), facts, funnel, projection."""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from countydigital import paths
from countydigital.claims import load_registry
from countydigital.claims.status import status
from countydigital.exceptions import ProgramsError
from countydigital.sections.programs import analysis, facts, projection, text
from countydigital.sections.programs import records as programme_records

SEEDS_DIR = paths.PROJ_ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def records():
    return programme_records.load_programs()


@pytest.fixture
def copy_dir(tmp_path):
    target = tmp_path / "programs"
    shutil.copytree(paths.PROGRAMS_DIR, target)
    return target


def edit(folder, table, line, column, value):
    """Set one cell of a copied table (line as in the file: header is line 1)."""
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[line - 2, column] = value
    frame.to_csv(path, index=False)


def test_the_records_validate_and_every_row_is_sourced(records):
    for name in programme_records.SOURCED_TABLES:
        frame = records[name]
        assert len(frame) > 0
        assert frame["source"].str.contains(r"[\u4e00-\u9fff]").all(), name


def test_every_source_quotes_the_article(records):
    files = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    if not files:
        pytest.skip("the seed article (../shared/seeds) is not available here")
    article = re.sub(r"\s", "", "".join(f.read_text(encoding="utf-8") for f in files))
    for name in programme_records.SOURCED_TABLES:
        for line, source in enumerate(records[name]["source"], start=2):
            assert re.sub(r"\s", "", source) in article, f"{name}.csv line {line}"


def test_every_programme_claim_has_a_link_and_matches_the_article(records):
    # the programme facts notebook 03 records from data/programs/ (notebook 00 records the fieldwork
    # counties, also transcribed from the article, from their names)
    claims = [c for c in load_registry() if c.evidence == "program_records" and c.notebook == "03-vocational-education"]
    assert sorted(facts.linked_claims(records)) == sorted(c.id for c in claims)
    for claim in claims:
        value = facts.fact(claim.id, records)
        record = {"claim_id": claim.id, "value": value, "source": "program_records"}
        name, why = status(claim, [record])
        assert name == "recorded" and "transcription" not in why, (claim.id, value, why)


def test_vague_amounts_are_ranges_not_points(records):
    assert facts.fact("vocational.graduates_in_beijing", records) == [11, 19]
    assert facts.fact("programs.commissioners", records) == [21, 29]
    assert facts.fact("vocational.teachers_trained_hq", records) == 12


@pytest.mark.parametrize(
    "table, line, column, value, message",
    [
        ("cohorts", 2, "intake_low", "45", r"cohorts.csv: column intake_low: line 2: range not ordered"),
        ("outcomes", 3, "count_high", "", r"outcomes.csv: column count_high: line 3: a range needs both"),
        ("programmes", 2, "start", "2021-13-01x", r"programmes.csv: column start: line 2: date"),
        ("programmes", 3, "start", "May 2021", r"programmes.csv: column start: line 3: date"),
        ("trainings", 2, "source", "", r"trainings.csv: column source: line 2: every row needs its source"),
        ("lists", 4, "source", "see article", r"lists.csv: column source: line 4: the source must quote"),
        ("cohorts", 3, "status", "finished", r"cohorts.csv: column status: line 3: 'finished' not one of"),
        ("programmes", 3, "programme_id", "rural_fund", r"duplicate id 'rural_fund'"),
        ("programmes", 5, "county_code", "1305", r"not a 6-digit county code"),
        ("lists", 2, "programme_id", "no_such",
         r"lists.csv: column programme_id: line 2: 'no_such' not in programmes.csv"),
        ("claim_links", 2, "claim_id", "programs.nope", r"not in the claims registry"),
        ("claim_links", 2, "row_id", "missing_row", r"not a row of programmes.csv"),
    ],
)
def test_schema_violations_name_file_column_and_line(copy_dir, table, line, column, value, message):
    edit(copy_dir, table, line, column, value)
    with pytest.raises(ProgramsError, match=message):
        programme_records.load_programs(copy_dir)


def test_all_problems_are_reported_at_once(copy_dir):
    edit(copy_dir, "cohorts", 2, "intake_low", "45")
    edit(copy_dir, "trainings", 3, "source", "")
    with pytest.raises(ProgramsError) as info:
        programme_records.load_programs(copy_dir)
    assert "2 problem(s)" in str(info.value)


def test_typo_column_and_missing_file(copy_dir):
    path = copy_dir / "cohorts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("intake_high", "intake_hihg", 1), encoding="utf-8")
    (copy_dir / "outcomes.csv").unlink()
    with pytest.raises(ProgramsError) as info:
        programme_records.load_programs(copy_dir)
    text = str(info.value)
    assert "column intake_high: missing" in text and "column intake_hihg: unknown column" in text
    assert "outcomes.csv: file missing" in text


def test_dates_parse_at_their_precision():
    assert str(programme_records.parse_date("2019-06")) == "2019-06"
    assert programme_records.parse_date("2018").freqstr.startswith("Y")
    with pytest.raises(ValueError):
        programme_records.parse_date("2019/06")


def test_timeline_is_dated_and_ordered(records):
    line = analysis.timeline(records)
    assert list(line["start"]) == sorted(line["start"])
    assert line.iloc[0]["date_text"] == "2018"
    assert "julu_video" in set(analysis.undated(records)["programme_id"])  # start not stated, not invented


def test_funnel_keeps_stated_ranges_and_bounds_the_unstated(records):
    funnel = analysis.cohort_funnel("video_intensive_1", records).set_index("stage")
    assert (funnel.loc["enrolled", "low"], funnel.loc["enrolled", "high"]) == (40, 40)
    assert (funnel.loc["placed", "low"], funnel.loc["placed", "high"]) == (11, 19)
    # how many graduated is not stated: bounded by the placed (11) and the intake (40)
    assert (funnel.loc["graduated", "low"], funnel.loc["graduated", "high"]) == (11, 40)
    assert not funnel.loc["graduated", "stated"] and funnel.loc["placed", "stated"]
    assert (funnel["low"] <= funnel["high"]).all()
    assert analysis.stated_placement_rate("video_intensive_1", records) == (11 / 40, 19 / 40)
    with pytest.raises(ProgramsError):
        analysis.cohort_funnel("no_such_cohort", records)


def test_projection_on_hand_made_inputs():
    table = projection.project_trained_workers(40, 2, 3, (0.25, 0.5), local_share=(0.5, 1.0))
    # 80 graduates a year; placed 20..40; in the county 10..40
    assert list(table["graduates_low"]) == [80, 80, 80]
    assert list(table["placed_low"]) == [20, 20, 20] and list(table["placed_high"]) == [40, 40, 40]
    assert list(table["local_low"]) == [10, 10, 10]
    assert list(table["cumulative_local_high"]) == [40, 80, 120]


def test_projection_delay_and_completion():
    table = projection.project_trained_workers(40, 1, 5, (1.0, 1.0), completion_rate=(0.5, 0.75),
                                             first_graduation_year=3)
    assert list(table["graduates_low"]) == [0, 0, 20, 20, 20]
    assert list(table["graduates_high"]) == [0, 0, 30, 30, 30]
    assert table["cumulative_graduates_high"].iloc[-1] == 90


@pytest.mark.parametrize(
    "kwargs",
    [
        {"placement_rate": (0.6, 0.4)},
        {"placement_rate": (0.2, 1.2)},
        {"years": 0},
        {"intake_per_cohort": -1},
        {"placement_rate": (0.1, 0.2), "local_share": (-0.1, 0.5)},
    ],
)
def test_projection_refuses_bad_inputs(kwargs):
    args = {"intake_per_cohort": 40, "cohorts_per_year": 1, "years": 5, "placement_rate": (0.2, 0.4)} | kwargs
    with pytest.raises(ProgramsError):
        projection.project_trained_workers(**args)


def test_record_facts_writes_program_records(records, tmp_path, monkeypatch):
    path = tmp_path / "r.jsonl"
    monkeypatch.setenv("COUNTYDIGITAL_RECORDS", str(path))
    shown = facts.record_facts(["vocational.intensive_class_size", "programs.commissioners"],
                                  anchor="cohorts", records=records)
    assert list(shown["recorded"]) == ["40", "21–29"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all('"program_records"' in line for line in lines)


def test_projection_inputs_show_their_origin(records):
    inputs = projection.projection_inputs("video_intensive_1", records=records)
    assert inputs.loc["intake_per_cohort", "value"] == 40
    assert inputs.loc["intake_per_cohort", "origin"] == "records"
    assert "各招 40 人" in inputs.loc["intake_per_cohort", "source"]
    assert inputs.loc["cohorts_per_year", "origin"] == "assumption"
    assert inputs.loc["local_share_low", "origin"] == "assumption"
    assert inputs["source"].str.len().gt(0).all()
    given = projection.projection_inputs("video_intensive_1", placement_rate_low=0.1, placement_rate_high=0.2,
                                       years=3, records=records)
    assert given.loc["placement_rate_low", "origin"] == "parameter"
    table = projection.project_from_inputs(given)
    assert len(table) == 3 and table["cumulative_placed_high"].iloc[-1] == pytest.approx(40 * 0.2 * 3)


def test_young_tertiary_stock_on_a_hand_made_county(monkeypatch):
    from countydigital import census

    education = pd.DataFrame({"level": ["none", "primary", "junior_secondary", "senior_secondary",
                                        "junior_college", "bachelor_plus"],
                              "population": [50.0, 200.0, 400.0, 150.0, 120.0, 80.0]})  # 1,000 aged 6+
    ages = pd.DataFrame({"age_group": ["0-4", "20-24", "25-29", "30-34", "35-39"] * 2,
                         "sex": ["male"] * 5 + ["female"] * 5,
                         "population": [30.0, 60.0, 50.0, 40.0, 100.0, 30.0, 40.0, 30.0, 30.0, 90.0]})
    monkeypatch.setattr(census, "education", lambda code, year: education)
    monkeypatch.setattr(census, "age_sex", lambda code, year: ages)
    stock = analysis.young_tertiary_stock("999999", 2020)
    assert stock["tertiary"] == 200 and stock["population_20_34"] == 250
    assert stock["share_20_34"] == pytest.approx(0.25)
    assert stock["approximation"] == pytest.approx(50)     # 200 x 250/1000
    assert stock["upper_bound"] == 200                      # min(200, 250)


def test_present_spells_out_ranges_and_gaps(records):
    zh = text.present("commissioners", records, "zh")
    assert list(zh.columns) == ["批次", "特派员人数", "县数"] and zh.iloc[0]["特派员人数"] == "21–29"
    en = text.present("trainings", records, "en")
    hq = en[en["training"].str.contains("Hangzhou")].iloc[0]
    assert hq["people"] == "12" and hq["times a year"] == "not stated"
    cohorts = text.present("cohorts", records, "en")
    assert list(cohorts["duration"]) == ["5 months", "3 years"]
    lists = text.present("lists", records, "en", rows=records["lists"]["kind"] == "cooperation_mode")
    assert len(lists) == 3


def test_programme_county(records):
    assert analysis.programme_county("video_intensive_1", records) == "130529"
    with pytest.raises(ProgramsError):
        analysis.programme_county("nope", records)


def test_range_text():
    assert text.range_text(200.0, 200.0) == "200"
    assert text.range_text(55.0, 95.0) == "55–95"
    assert text.range_text(1234.4, 1234.2) == "1,234"
