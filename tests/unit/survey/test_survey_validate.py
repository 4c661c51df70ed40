"""Validation: each class of problem is found, named by file, column, question and rows, all at once."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from countydigital.exceptions import SurveyValidationError
from countydigital.survey import load, synth, validate
from countydigital.survey.schema import survey_schema
from countydigital.survey.wjx import wjx_frame

N = 40


@pytest.fixture(scope="module")
def survey():
    return synth.generate(n=N, seed=9)


@pytest.fixture()
def table(survey):
    """A 问卷星 export (option numbers) as an editable object table."""
    return wjx_frame(survey, mode="number", multi="columns").astype(object)


def column(table, number):
    return next(c for c in table.columns if c.lstrip().startswith(f"{number}、"))


def findings(table, tmp_path, name="bad.csv"):
    path = tmp_path / name
    table.to_csv(path, index=False, encoding="utf-8-sig")
    report = validate(path)
    return report, [str(p) for p in report.errors], [str(p) for p in report.warnings]


def only(lines, *needles):
    hits = [line for line in lines if all(n in line for n in needles)]
    assert len(hits) == 1, f"expected one finding with {needles}, got {hits} in {lines}"
    return hits[0]


def test_valid_export_is_usable(table, tmp_path):
    report, errors, warnings = findings(table, tmp_path)
    assert report.usable and errors == [] and warnings == []


def test_invalid_option_code_names_column_question_and_rows(table, tmp_path):
    gender = column(table, 1)
    table.loc[[3, 17], gender] = 7
    report, errors, _ = findings(table, tmp_path)
    line = only(errors, "not an option code")
    assert line == (f"{tmp_path / 'bad.csv'}: column {gender} (question 1): rows 5, 19: "
                    "not an option code: 7 (allowed: 1 男, 2 女)")
    assert not report.usable


def test_unreadable_text_in_a_choice_column(table, tmp_path):
    table.loc[2, column(table, 3)] = "博士后"
    _, errors, _ = findings(table, tmp_path)
    line = only(errors, "question 3", "row 4")
    assert "'博士后'" in line and "not an option" in line


def test_out_of_range_and_non_numbers(table, tmp_path):
    age, wage = column(table, 2), column(table, 9)
    table.loc[0, age] = 12
    table.loc[1, age] = "二十五"
    table.loc[2, age] = 25.5
    table.loc[5, wage] = -100
    _, errors, _ = findings(table, tmp_path)
    assert "outside the valid range 16-65: 12" in only(errors, "question 2", "row 2")
    assert "not a number: '二十五'" in only(errors, "question 2", "row 3")
    assert "not a whole number" in only(errors, "question 2", "row 4")
    assert "outside the valid range 0-100000" in only(errors, "question 9", "row 7")


def test_missing_answer_to_required_question(table, tmp_path):
    table.loc[[0, 9], column(table, 10)] = ""
    _, errors, _ = findings(table, tmp_path)
    assert "rows 2, 11: no answer (required question)" in only(errors, "question 10")


def test_duplicate_respondent_ids(table, tmp_path):
    table.loc[6, "序号"] = table.loc[2, "序号"]
    _, errors, _ = findings(table, tmp_path)
    line = only(errors, "duplicate respondent id")
    assert "column 序号" in line and "rows 4, 8" in line


def test_skip_logic_both_ways(survey, table, tmp_path):
    prior = column(table, 7)
    not_asked = int(table.index[table[prior] != 4][0])
    asked = int(table.index[table[prior] == 4][0])
    table.loc[not_asked, "8(照顾家人)"] = 1
    for col in [c for c in table.columns if c.startswith("8(")]:
        table.loc[asked, col] = 0
    _, errors, _ = findings(table, tmp_path)
    skip = only(errors, "skip logic")
    assert f"row {not_asked + 2}:" in skip and "question 8" in skip and "question 7 = 4" in skip
    unanswered = only(errors, "no option chosen")
    assert f"row {asked + 2}:" in unanswered


def test_missing_required_question_column(table, tmp_path):
    table = table.drop(columns=[column(table, 15)])
    _, errors, _ = findings(table, tmp_path)
    assert "missing: required question" in only(errors, "question 15")


def test_unknown_extra_question_is_a_warning(table, tmp_path):
    table["19、您对工作满意吗？"] = "满意"
    report, errors, warnings = findings(table, tmp_path)
    assert report.usable and errors == []
    assert "unknown column" in only(warnings, "19、您对工作满意吗？")


def test_every_problem_is_reported_at_once(table, tmp_path):
    table.loc[0, column(table, 1)] = 9
    table.loc[1, column(table, 2)] = 99
    table.loc[2, column(table, 13)] = ""
    table = table.drop(columns=[column(table, 16)])
    report, errors, _ = findings(table, tmp_path)
    assert len(errors) == 4
    with pytest.raises(SurveyValidationError) as caught:
        load(tmp_path / "bad.csv")
    assert len(caught.value.problems) == 4
    assert all(str(p) in str(caught.value) for p in caught.value.problems)


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    ("序号,1、您的性别：,2、您的年龄（周岁）：\n".encode("utf-8"), "header only"),
    ("name,score\nalice,3\nbob,4\n".encode("utf-8"), "not a survey file"),
])
def test_empty_header_only_and_non_survey_csv(tmp_path, content, message):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    report = validate(path)
    assert not report.usable
    assert message in str(report)
    assert str(path) in str(report.errors[0])


@pytest.mark.parametrize("name", ["corrupt.xlsx", "corrupt.parquet", "corrupt.sav", "corrupt.dta"])
def test_corrupt_binary_files(tmp_path, name):
    path = tmp_path / name
    junk = b"PK\x03\x04 this is not really a zip archive" if name.endswith("xlsx") else b"\x00\x01garbage" * 20
    path.write_bytes(junk)
    report = validate(path)
    assert not report.usable
    assert "cannot be read" in str(report.errors[0])
    with pytest.raises(SurveyValidationError):
        load(path)


def test_schema_is_declared_from_the_codebook(survey):
    schema = survey_schema()
    assert schema.columns["gender"].dtype.type.name == "Int64"
    assert "age" in schema.columns and "nonwork_reasons_7" in schema.columns
    schema.validate(survey.frame)  # the synthetic frame satisfies the declared schema


# --- the command line --------------------------------------------------------------
_AUDIT = textwrap.dedent("""
    import os, sys
    writes = []
    def hook(event, args):
        if event == "open" and len(args) >= 2:
            path, mode = args[0], args[1]
            flags = args[2] if len(args) > 2 else 0
            if isinstance(mode, str) and any(m in mode for m in "wax+"):
                writes.append(str(path))
            elif isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                writes.append(str(path))
        elif event in ("os.mkdir", "os.rename", "os.replace", "os.remove", "shutil.copyfile"):
            writes.append(f"{event} {args[0]}")
    sys.addaudithook(hook)
    from countydigital.cli import main
    code = main(["survey", "validate", sys.argv[1]])
    sys.stdout.flush()
    print("WRITES:", [w for w in writes if not w.startswith("/dev/")], file=sys.stderr)
    sys.exit(code)
""")


def _run_cli(path: Path, cwd: Path):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1",
               COUNTYDIGITAL_PROCESSED_DIR=str(cwd / "processed"),
               COUNTYDIGITAL_BUILD_DIR=str(cwd / "build"), COUNTYDIGITAL_SITE_DIR=str(cwd / "site"))
    return subprocess.run([sys.executable, "-c", _AUDIT, str(path)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_validate_exit_codes_and_writes_nothing(table, tmp_path):
    work = tmp_path / "cwd"
    work.mkdir()
    good = work / "good.csv"
    table.to_csv(good, index=False, encoding="gb18030")
    bad_table = table.copy()
    bad_table.loc[0, column(bad_table, 1)] = 5
    bad = work / "bad.csv"
    bad_table.to_csv(bad, index=False, encoding="gb18030")
    before = sorted(p.name for p in work.rglob("*"))

    ok = _run_cli(good, work)
    assert ok.returncode == 0, ok.stderr
    assert "usable" in ok.stdout and "GB18030" in ok.stdout
    assert "WRITES: []" in ok.stderr

    failed = _run_cli(bad, work)
    assert failed.returncode == 1
    assert "question 1" in failed.stdout and "row 2" in failed.stdout and "NOT usable" in failed.stdout
    assert "WRITES: []" in failed.stderr

    # nothing appeared in the working folder, nor in the (redirected) processed/build/site folders
    assert sorted(p.name for p in work.rglob("*")) == before
