"""Synthetic output is labelled where it is shown: section labels, the age chart's watermark,
the stand-in's fieldwork window, relationship sentences read from the data, the scale line."""
from __future__ import annotations

import dataclasses
import json

import matplotlib
import pandas as pd

from countydigital import paths
from countydigital.sections.employment import analysis as emp
from countydigital.sections.employment import text as emp_text
from countydigital.sections.scope import prepare
from countydigital.sections.synthetic import section_label
from countydigital.sections.talent import plots as talent_plots
from countydigital.survey import synth

matplotlib.use("Agg")

STANDIN = synth.generate(n=300)
REAL = dataclasses.replace(STANDIN, synthetic=False, sha256="ab" * 32)


def test_section_label_only_on_the_stand_in():
    assert "SYNTHETIC" in section_label(STANDIN, "zh") and "not evidence" in section_label(STANDIN, "en")
    assert section_label(REAL, "en") == ""


def _code_after_anchor(nb, anchor):
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown" and f'id="{anchor}"' in "".join(cell["source"]):
            return next("".join(c["source"]) for c in nb["cells"][i + 1:] if c["cell_type"] == "code")
    raise AssertionError(f"no anchor {anchor}")


def test_every_anchor_the_ledger_links_to_starts_with_the_label():
    anchors = {"01-employment-value": ("who", "job-quality", "pay", "women"),
               "02-talent-return": ("employees-age", "employees-education", "employees-origin", "employees-stay",
                                    "employees-groups", "versus-county")}
    for name, ids in anchors.items():
        nb = json.loads((paths.NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
        for anchor in ids:
            assert _code_after_anchor(nb, anchor).startswith("display(Markdown(section_label("), (name, anchor)


def test_talent_age_chart_is_watermarked():
    ages = pd.DataFrame({"age_group": ["20-24", "25-29"], "share": [0.5, 0.5]})
    county = pd.DataFrame({"age_group": ["20-24", "25-29"], "share": [0.1, 0.1]})
    marked = talent_plots.age_profile_figure(ages, county, "Julu", "en", synthetic=True)
    plain = talent_plots.age_profile_figure(ages, county, "Julu", "en", synthetic=False)
    assert any("SYNTHETIC" in t.get_text() for t in marked.texts)
    assert not any("SYNTHETIC" in t.get_text() for t in plain.texts)


def test_the_stand_ins_fieldwork_window_is_not_presented_as_observed():
    scope = prepare("", "pooled")
    assert scope.data.synthetic
    zh, en = emp_text.fieldwork_sentence(scope, "zh"), emp_text.fieldwork_sentence(scope, "en")
    assert "不是观测" in zh and "问卷提交时间" not in zh
    assert "not an observation" in en and "Questionnaires submitted" not in en
    real = dataclasses.replace(scope, data=dataclasses.replace(scope.data, synthetic=False))
    assert "问卷提交时间" in emp_text.fieldwork_sentence(real, "zh")


def test_relationship_sentence_is_read_from_the_data():
    frame = STANDIN.frame
    wages = {by: emp.wage_by(frame, by, "en") for by in ("tenure", "education")}
    promotion = emp.promotion_by_tenure(frame)
    built = emp_text.relationship_sentence(wages, promotion, True, 5, "en")
    assert "hold by construction" in built and "mean monthly wage rises" in built
    # the same tables with wages reversed: the sentence follows the data, not the generator
    flipped = {k: v.assign(mean=v["mean"].to_numpy()[::-1]) for k, v in wages.items()}
    said = emp_text.relationship_sentence(flipped, promotion, False, 5, "en")
    assert "construction" not in said and "mean monthly wage falls" in said


def test_banners_say_why_an_unmarked_file_is_synthetic(tmp_path):
    from countydigital.sections.scope import prepare as prepare_scope
    from countydigital.sections.talent import text as talent_text
    from countydigital.survey.export import write_tidy

    path = write_tidy(dataclasses.replace(synth.generate(), synthetic=False), tmp_path / "returned.csv")
    scope = prepare_scope(str(path), "pooled")
    for banner in (emp_text.banner(scope, "en"), talent_text.survey_banner(scope.data, "en")):
        assert "SYNTHETIC" in banner and "carries no SYNTHETIC mark" in banner and "seed 20220517" in banner
    assert "carries no" not in emp_text.banner(prepare_scope("", "pooled"), "en")  # the stand-in itself: no note
