"""Formatting, labels and figures of the county-context page."""
from __future__ import annotations

import matplotlib
import pytest

from countydigital.census import labels, mapping
from countydigital.sections.context import analysis as context
from countydigital.sections.context import plots
from countydigital.sections.context import text as report

matplotlib.use("Agg")


def test_every_category_has_both_labels():
    for kind, keys in (("education", mapping.EDUCATION_LEVELS), ("industry", mapping.INDUSTRIES),
                       ("occupation", mapping.OCCUPATIONS)):
        assert set(labels.CATEGORY_LABELS[kind]) == set(keys)
        for key in keys:
            assert labels.category_label(kind, key, "zh") != labels.category_label(kind, key, "en")


def test_fmt_by_unit():
    assert report.fmt(0.41323, "urban_share") == "41.3%"
    assert report.fmt(346007.0, "population") == "346,007"
    assert report.fmt(8.444, "schooling_years") == "8.44"
    assert report.fmt(float("nan"), "population") == "–"


def test_profile_table_layout():
    table = report.profile_table("130529", ["population", "urban_share"], lang="en")
    assert list(table.index) == ["Resident population", "Urban share"]
    assert [c[0] for c in table.columns] == [2010] * 5 + [2020] * 5
    assert table.loc["Resident population", (2020, "County")] == "346,007"
    assert table.loc["Resident population", (2020, "China")] == "1,409,778,724"


def test_sentences_state_both_years_and_ranks():
    zh = report.describe_change("130529", "population", "zh")
    assert "374,634" in zh and "346,007" in zh and "-7.6%" in zh and "河北省" in zh
    en = report.describe_change("Julu", "urban_share", "en")
    assert en.startswith("Urban share in Julu") and "percentage points" in en
    assert "130529" in report.headline("130529", "zh")


@pytest.mark.parametrize("draw", [
    lambda: plots.pyramid_figure("130529", "en"),
    lambda: plots.comparison_figure("education", "130722", "en"),
    lambda: plots.indicator_figure("130529", ["urban_share"], "en"),
    lambda: plots.national_shares_figure(context.national_shares(), context.published_figures(), "en"),
])
def test_figures_draw(draw):
    import matplotlib.pyplot as plt

    fig = draw()
    assert fig.axes
    plt.close(fig)


def test_published_figures_come_from_the_claims_registry():
    published = context.published_figures()
    assert published["land"][0] == 93 and published["population"][0] == 74 and published["gdp"][0] == 53
    table = report.shares_table(context.national_shares(), "en")
    assert table.iloc[-1]["recomputed (%)"] == "not computed"


def test_units_without_a_table_or_polygon_still_get_a_page():
    # 西沙群岛 (2020, uncoded: pseudo code 4603X1) has no industry table and no polygon
    import matplotlib.pyplot as plt

    assert "no data" in report.describe_change("4603X1", "share_primary", "en")
    assert report.profile_table("4603X1", ["share_primary"], "en").shape == (1, 1)
    for fig in (plots.comparison_figure("sectors", "4603X1", "en"), plots.locator_figure("4603X1", "en")):
        assert fig.axes
        plt.close(fig)
