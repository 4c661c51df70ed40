"""The questionnaire generated from the codebook: XLSForm (converted with pyxform), 问卷星 text, markdown."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from countydigital.cli import main
from countydigital.survey.codebook import load_codebook
from countydigital.survey.questionnaire import markdown, wjx_text, write_questionnaire

BOOK = load_codebook()
ZH, EN = "label::中文 (zh)", "label::English (en)"


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    assert main(["survey", "questionnaire", "--format", "xlsform", str(path)]) == 0
    return path


def test_xlsform_has_the_three_sheets_and_the_codebook_names(form):
    book = pd.read_excel(form, sheet_name=None, dtype=str, keep_default_na=False)
    assert list(book) == ["survey", "choices", "settings"]
    survey, choices = book["survey"], book["choices"]
    assert list(survey["name"]) == [q.variable for q in BOOK.questions]
    assert {ZH, EN, "required", "relevant", "constraint"} <= set(survey.columns)
    types = dict(zip(survey["name"], survey["type"]))
    assert types["gender"] == "select_one gender"
    assert types["nonwork_reasons"] == "select_multiple nonwork_reasons"
    assert types["age"] == "integer" and types["monthly_wage"] == "decimal" and types["phone"] == "text"
    for q in BOOK.questions:
        rows = choices[choices["list_name"] == q.variable]
        expected = [o.county_code if q.value == "county_code" else str(o.code) for o in q.options]
        assert list(rows["name"]) == expected
        assert list(rows[ZH]) == [o.zh for o in q.options]
        assert list(rows[EN]) == [o.en for o in q.options]
    assert set(choices.loc[choices["list_name"] == "county", "name"]) == {"130529", "130722"}
    row = survey.set_index("name")
    assert row.loc["nonwork_reasons", "relevant"] == "${prior_status} = '4'"
    assert row.loc["age", "constraint"] == ". >= 16 and . <= 65"
    assert row.loc["gender", "required"] == "yes" and row.loc["phone", "required"] == ""
    assert "个人信息" in row.loc["phone", "hint::中文 (zh)"]  # the personal question is marked
    assert row.loc["gender", "hint::中文 (zh)"] == ""


def test_xlsform_converts_with_pyxform_with_skip_logic(form):
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    xform = convert(str(form), warnings=warnings).xform
    assert warnings == []
    assert re.search(r'nodeset="/data/nonwork_reasons"[^>]*relevant=" /data/prior_status\s+= \'4\'"', xform)
    assert 'nodeset="/data/age" type="int" required="true()" constraint=". &gt;= 16 and . &lt;= 65"' in xform
    assert '<name>130529</name>' in xform
    assert 'lang="English (en)"' in xform and 'lang="中文 (zh)"' in xform


def _blocks(text: str) -> list[list[str]]:
    return [block.splitlines() for block in text.strip().split("\n\n")]


def test_wjx_text_lists_every_question_numbered_with_its_options_in_order(tmp_path):
    path = tmp_path / "wjx.txt"
    assert main(["survey", "questionnaire", "--format", "wjx", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text == wjx_text()
    blocks = _blocks(text)
    assert len(blocks) == len(BOOK.questions)
    for block, q in zip(blocks, BOOK.questions):
        head = re.fullmatch(r"(\d+)\. (.+?)(\*?)\[(单选题|多选题|填空题)\]", block[0])
        assert head, block[0]
        assert int(head.group(1)) == q.number and head.group(2) == q.text_zh
        assert (head.group(3) == "*") == q.required
        assert head.group(4) == {"single": "单选题", "multi": "多选题"}.get(q.type, "填空题")
        assert block[1:] == [o.zh for o in q.options]


def test_markdown_has_every_question_and_option_in_order(tmp_path):
    path = tmp_path / "q.md"
    assert main(["survey", "questionnaire", "--format", "md", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    position = 0
    for q in BOOK.questions:
        position = text.index(f"**{q.number}. {q.text_zh}**", position)
        for o in q.options:
            position = text.index(f"{o.code} {o.zh} / {o.en}", position)
    assert "仅当第7题选 4 未就业（歇业后重新就业）时作答" in text
    assert "Personal data" in text and markdown() == text


def test_wrong_suffix_or_format_fails_and_writes_nothing(tmp_path, capsys):
    assert main(["survey", "questionnaire", "--format", "xlsform", str(tmp_path / "form.txt")]) == 1
    assert "XLSForm is an .xlsx" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(Exception, match="unknown questionnaire format"):
        write_questionnaire("pdf", tmp_path / "q.pdf")
