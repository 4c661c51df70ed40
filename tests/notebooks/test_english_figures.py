"""English pages have English figures: no Chinese character in any figure's text objects.

Each notebook runs in this process with `lang="en"` (tests/figure_text.py); every title,
axis label, tick label, legend entry, annotation and watermark of every figure is read
from matplotlib's text objects after layout, not from pixels. The real-file cases use the
committed 问卷星 export of respondents in 康保县 and 沽源县.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from countydigital import paths
from figure_text import cjk_texts, figure_texts

FIXTURE = str((Path(__file__).parents[1] / "fixtures" / "survey" / "wjx_kangbao_guyuan.csv").resolve())

CASES = [
    ("00-county-context", {"county": "130723"}),
    ("01-employment-value", {"county": "pooled"}),
    ("01-employment-value", {"county": "130723", "survey": FIXTURE}),
    ("02-talent-return", {"county": "130722"}),
    ("02-talent-return", {"county": "pooled", "survey": FIXTURE}),
    ("03-vocational-education", {"county": "130723"}),
    ("04-national-picture", {}),
]


IDS = [f"{n}-{p.get('county', 'all')}{'-file' if 'survey' in p else ''}" for n, p in CASES]


@pytest.mark.slow
@pytest.mark.parametrize("notebook,parameters", CASES, ids=IDS)
def test_english_figures_have_no_chinese_text(notebook, parameters):
    found = figure_texts(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb", {**parameters, "lang": "en"})
    assert found, "the notebook drew no figure"
    assert sum(len(texts) for _, texts in found) > 5 * len(found) / 2  # the texts were read (ticks, titles, ...)
    assert cjk_texts(found) == []


def test_the_check_sees_chinese_where_there_is_some():
    """The same run in Chinese does find Chinese text: the check can fail."""
    found = figure_texts(paths.NOTEBOOKS_DIR / "02-talent-return.ipynb", {"county": "130722", "lang": "zh"})
    assert cjk_texts(found)
