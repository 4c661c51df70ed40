"""The codebook encodes the instrument: 18 questions, labels, skip logic, personal fields."""
from __future__ import annotations

from countydigital.survey.codebook import load_codebook, option_label, option_labels, question_label

VARIABLES = ["gender", "age", "education", "county", "hukou", "lived_outside", "prior_status",
             "nonwork_reasons", "monthly_wage", "social_insurance", "tenure_months", "promoted",
             "marital", "has_children", "commute_minutes", "family_contact", "intend_stay", "phone"]


def test_eighteen_questions_in_instrument_order():
    book = load_codebook()
    assert [q.variable for q in book.questions] == VARIABLES
    assert [q.number for q in book.questions] == list(range(1, 19))


def test_types_ranges_and_skip_logic():
    book = load_codebook()
    assert book.question("age").range == (16, 65)
    assert book.question("monthly_wage").type == "number"
    assert book.question("nonwork_reasons").type == "multi"
    assert book.question("nonwork_reasons").ask_if == {"prior_status": (4,)}
    assert [q.variable for q in book.questions if q.ask_if] == ["nonwork_reasons"]
    assert book.question("prior_status").codes == (1, 2, 3, 4, 5, 6)


def test_personal_fields_are_marked_and_never_in_the_frame():
    book = load_codebook()
    assert [q.variable for q in book.questions if q.personal] == ["phone"]
    assert any(m.get("personal") and m["header"] == "来自IP" for m in book.export_metadata)
    assert "phone" not in book.frame_columns
    assert book.frame_columns[:2] == ["respondent_id", "gender"]
    assert "nonwork_reasons_7" in book.frame_columns


def test_labels_in_both_languages():
    assert question_label("gender", "zh") == "性别"
    assert question_label("gender", "en") == "Gender"
    assert option_label("education", 3, "zh") == "大专/高职"
    assert option_label("education", 3, "en") == "Junior college / higher vocational"
    assert option_label("prior_status", 4, "zh", short=True) == "歇业再就业"
    assert question_label("nonwork_reasons_2", "en") == "Housework or childcare"
    assert question_label("returnee", "zh") == "返乡就业"


def test_counties_carry_six_digit_codes():
    assert option_labels("county", "zh") == {"130529": "巨鹿县", "130722": "张北县"}
    assert option_label("county", "130722", "en") == "Zhangbei County"


def test_derived_measures_are_defined_once_here():
    assert set(load_codebook().derived) == {"returnee", "first_job_or_reentry", "family_reasons", "aged_20_35"}
