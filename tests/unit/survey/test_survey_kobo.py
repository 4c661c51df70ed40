"""KoboToolbox / ODK exports: recognised, validated and loaded like a 问卷星 export of the same respondents."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from countydigital.cli import main
from countydigital.survey import kobo, load, synth, validate
from countydigital.survey.codebook import load_codebook
from countydigital.survey.export import write_tidy
from countydigital.survey.kobo_export import kobo_frame, to_kobo
from countydigital.survey.readers import read_table
from countydigital.survey.wjx import to_wjx

BOOK = load_codebook()
SYSTEM = ["start", "end", "today", "deviceid", "_id", "_uuid", "_submission_time", "_validation_status",
          "_notes", "_status", "_submitted_by", "__version__", "_tags", "_index", "meta/instanceID",
          "formhub/uuid", "_attachments", "_geolocation", "_xform_id_string", "SubmissionDate", "KEY"]


@pytest.fixture(scope="module")
def survey():
    # A seed the collection does not use: these exports stand for a real survey, so nothing
    # recognises them as the stand-in (test_survey_recognise shows that the stand-in is).
    return synth.generate(n=150, seed=12)


KOBO_VARIANTS = {
    "grouped.xlsx": dict(group="employee/section_a"),
    "semicolon.csv": dict(sep=";"),
    "comma-details.csv": dict(sep=",", multi="details", group="g"),
    "summary-only.xlsx": dict(multi="summary"),
    "labels-zh.xlsx": dict(headers="zh", group="基本情况"),
    "labels-en.csv": dict(headers="en", multi="details", group="Part A/Jobs"),
}


@pytest.mark.parametrize("name", sorted(KOBO_VARIANTS))
def test_kobo_export_round_trip(survey, tmp_path, name):
    path = to_kobo(survey, tmp_path / name, **KOBO_VARIANTS[name])
    report = validate(path)
    assert report.usable and report.warnings == [], str(report)
    loaded = load(path)
    pd.testing.assert_frame_equal(loaded.frame, survey.frame)
    assert list(loaded.frame.columns) == BOOK.frame_columns  # no meta or personal column
    assert "KoboToolbox/ODK layout" in loaded.format
    assert loaded.dropped_personal_columns == 3  # deviceid, _submitted_by, the phone question
    table = kobo_frame(survey, **{k: v for k, v in KOBO_VARIANTS[name].items() if k != "sep"})
    times = pd.to_datetime(table["_submission_time"])
    assert loaded.fieldwork == (times.min().date().isoformat(), times.max().date().isoformat())
    assert report.row_basis == kobo.ROW_BASIS


def test_one_sample_loads_identically_from_every_format(survey, tmp_path):
    paths = [
        to_wjx(survey, tmp_path / "wjx-number.xlsx", mode="number"),
        to_wjx(survey, tmp_path / "wjx-text.csv", mode="text", multi="joined", encoding="gb18030"),
        write_tidy(survey, tmp_path / "tidy.csv"),
        write_tidy(survey, tmp_path / "tidy.sav"),
        write_tidy(survey, tmp_path / "tidy.dta"),
        to_kobo(survey, tmp_path / "kobo.xlsx", group="employee"),
        to_kobo(survey, tmp_path / "kobo.csv", sep=";"),
    ]
    frames = [load(p).frame for p in paths]
    for path, frame in zip(paths[1:], frames[1:]):
        pd.testing.assert_frame_equal(frame, frames[0], obj=path.name)
    wjx, kobo_xlsx, kobo_csv = frames[0], frames[5], frames[6]
    for frame in (kobo_xlsx, kobo_csv):  # the figures the report rests on
        assert len(frame) == len(wjx) == survey.n
        assert (frame["gender"] == 2).mean() == (wjx["gender"] == 2).mean()
        assert frame["age"].mean() == wjx["age"].mean()
        assert frame["monthly_wage"].mean() == wjx["monthly_wage"].mean()


def test_cli_validates_kobo_exports_without_warnings(survey, tmp_path, capsys):
    for path in (to_kobo(survey, tmp_path / "k.xlsx", group="grp"), to_kobo(survey, tmp_path / "k.csv")):
        assert main(["survey", "validate", str(path)]) == 0
        out = capsys.readouterr().out
        assert "usable (0 warning(s))" in out
        assert "warning:" not in out.lower() and "error:" not in out.lower()


def test_semicolon_csv_is_split_into_columns(survey, tmp_path):
    raw = read_table(to_kobo(survey, tmp_path / "k.csv", sep=";"))
    assert "_submission_time" in raw.frame.columns and raw.frame.shape[1] > 20


@pytest.mark.parametrize("header", SYSTEM + ["group/_status", "_prior_status", "__prior_status"])
def test_system_columns_are_never_questions(header):
    role = kobo.match_headers([header], BOOK)[header]
    assert role.kind == "meta", (header, role)


def test_status_is_not_question_seven(survey, tmp_path):
    """The reported bug: Kobo's _status column was read as prior_status."""
    path = to_kobo(survey, tmp_path / "k.xlsx")
    roles = kobo.match_headers(pd.read_excel(path, nrows=0).columns, BOOK)
    assert roles["_status"].kind == "meta"
    assert [c for c, r in roles.items() if r.question is not None and r.question.variable == "prior_status"] \
        == ["prior_status"]


def test_system_columns_feed_ids_times_and_row_numbers():
    roles = kobo.match_headers(["_id", "_submission_time", "_index", "deviceid", "_submitted_by"], BOOK)
    assert roles["_id"].meta == "respondent_id"
    assert roles["_submission_time"].meta == "submitted_at"
    assert roles["_index"].meta == "row_number"
    assert roles["deviceid"].personal and roles["_submitted_by"].personal


def test_undefined_choice_names_column_value_and_index_rows(survey, tmp_path, capsys):
    table = kobo_frame(survey, group="employee").iloc[10:].copy()  # _index now differs from line numbers
    bad = table["_index"].isin([15, 40])
    table.loc[bad, "employee/education"] = "9"
    path = tmp_path / "bad.csv"
    table.to_csv(path, index=False, sep=";")
    assert main(["survey", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("error:"))
    assert "column employee/education (question 3)" in line
    assert "rows 15, 40" in line and "9" in line
    assert "NOT usable" in out


def test_unusable_index_falls_back_to_line_numbers(survey, tmp_path):
    table = kobo_frame(survey)
    table["_index"] = 1
    path = tmp_path / "dup.csv"
    table.to_csv(path, index=False, sep=";")
    report = validate(path)
    assert report.usable
    assert any("_index does not hold one whole number per row" in str(w) for w in report.warnings)
    assert report.row_basis.startswith("spreadsheet/line numbers")


def test_details_with_a_missing_choice_column(survey, tmp_path):
    table = kobo_frame(survey, multi="details").drop(columns=["nonwork_reasons/7"])
    path = tmp_path / "partial.xlsx"
    table.to_excel(path, index=False)
    report = validate(path)
    assert any("no column for option(s) 7; counted as not chosen" in str(w) for w in report.warnings)
    # respondents whose only reason was 7 now have none: reported by their _index, nothing else is wrong
    frame = survey.frame
    others = [f"nonwork_reasons_{k}" for k in range(1, 7)]
    only_seven = frame["nonwork_reasons_7"].eq(1).fillna(False) & frame[others].fillna(0).sum(axis=1).eq(0)
    expected = tuple(int(i) for i in table.loc[only_seven.to_numpy(), "_index"])
    assert [p.rows for p in report.errors] == ([expected] if expected else [])


def test_label_headers_match_only_when_unambiguous():
    gender = BOOK.question("gender")
    clash = dataclasses.replace(BOOK.question("education"), short_en=gender.short_en)
    book = dataclasses.replace(BOOK, questions=tuple(clash if q.variable == "education" else q
                                                     for q in BOOK.questions))
    role = kobo.match_headers(["Gender"], book)["Gender"]
    assert role.kind == "unknown" and "several questions" in role.note
    assert kobo.match_headers(["Your gender"], book)["Your gender"].question.variable == "gender"
    option = kobo.match_headers(["G/入职前未就业的主要原因（可多选；第7题选4者作答）/照顾家人"], BOOK)
    assert [(r.kind, r.code) for r in option.values()] == [("option", 3)]


@pytest.mark.parametrize("text, codes", [
    ("1 3", [1, 3]), ("7", [7]), ("怀孕或哺乳 照顾家人", [1, 3]),
    ("Pregnancy or nursing Caring for family members Health", [1, 3, 6]),
    ("1 9", None), ("1 Nonsense", None),
])
def test_space_joined_choices(text, codes):
    assert kobo.split_spaced(BOOK.question("nonwork_reasons"), text) == codes


def test_a_bad_multiselect_summary_is_reported(survey, tmp_path):
    table = kobo_frame(survey, multi="summary")
    row = table.index[table["nonwork_reasons"].notna()][0]
    table.loc[row, "nonwork_reasons"] = "1 9"
    path = tmp_path / "bad.csv"
    table.to_csv(path, index=False, sep=";")
    report = validate(path)
    assert not report.usable
    problem = next(p for p in report.errors if p.column == "nonwork_reasons")
    assert "'1 9'" in problem.message and problem.rows == (int(table.loc[row, "_index"]),)
