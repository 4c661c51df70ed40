"""`survey plan`: sample size for a margin of error, with the finite-population correction."""
from __future__ import annotations

import math

import pytest

from countydigital.claims.registry import get_claim
from countydigital.cli import main
from countydigital.exceptions import SurveyError
from countydigital.survey.planning import Z95, plan, required_n


def test_textbook_values():
    assert required_n(5) == 385  # 1.96² · 0.25 / 0.05² = 384.1
    assert required_n(3) == 1068
    assert required_n(5, p=0.974) == 39
    assert required_n(5, population=600) == 235  # 384.1 / (1 + 383.1 / 600)
    assert required_n(5, population=100) == 80


@pytest.mark.parametrize("margin", [1, 2.5, 5, 10])
@pytest.mark.parametrize("employees", [50, 400, 10_000])
def test_the_plan_reaches_the_margin_and_never_exceeds_the_workforce(margin, employees):
    n = required_n(margin, population=employees)
    assert 1 <= n <= employees
    fpc = math.sqrt((employees - n) / (employees - 1))
    half_width = Z95 * math.sqrt(0.25 / n) * fpc * 100
    assert half_width <= margin + 1e-9
    if n > 1:  # one respondent fewer would miss the margin
        m = n - 1
        assert Z95 * math.sqrt(0.25 / m) * math.sqrt((employees - m) / (employees - 1)) * 100 > margin


def test_plan_uses_the_published_figures_and_the_subgroup_share():
    result = plan(5)
    rows = {r.claim_id: r for r in result.rows}
    assert rows["employment.social_insurance"].p == pytest.approx(get_claim("employment.social_insurance").value / 100)
    assert rows["employment.social_insurance"].n_total == 39
    assert rows["employment.family_reasons_women"].p == 0.5  # "more than 50%" plans at the worst case
    family = rows["employment.family_reasons_women"]
    assert 0 < family.share < 0.5 and "Female" in family.subgroup
    assert family.n_total == math.ceil(family.n_subgroup / family.share)
    assert result.whole_sample == 385


def test_cli_plan_prints_the_sample_size(capsys):
    assert main(["survey", "plan", "--margin", "5", "--employees", "600"]) == 0
    out = capsys.readouterr().out
    assert "±5 percentage points at 95% confidence" in out and "600 employees" in out
    assert "survey at least 235 respondents" in out
    assert "WARNING" not in out.upper().replace("WARNINGS", "")


@pytest.mark.parametrize("argv", [["--margin", "0"], ["--margin", "60"], ["--margin", "5", "--employees", "0"]])
def test_cli_plan_rejects_bad_input(argv, capsys):
    assert main(["survey", "plan", *argv]) == 1
    assert capsys.readouterr().err.startswith("error:")


def test_bad_margin_is_a_project_error():
    with pytest.raises(SurveyError):
        required_n(-1)
