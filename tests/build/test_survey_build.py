"""`run --survey FILE` on a hand-made project: the file's counties, both languages, added to the site.

A tiny project stands in for the real notebooks (they take minutes): `aa-survey` reads the
survey as 01/02 do (`sections.scope.prepare`), draws a figure titled in its language, says
SYNTHETIC when the survey is the stand-in and records a survey claim; `ab-county` is a
county notebook like 00/03. The survey file is the committed 问卷星 export of respondents
in 康保县 (130723) and 沽源县 (130724).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from runner_fixtures import run_cli, write_notebook

FIXTURE = Path(__file__).parents[1] / "fixtures" / "survey" / "wjx_kangbao_guyuan.csv"
SHA = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
COUNTIES = ("130723", "130724")

SURVEY_CODE = """\
import matplotlib.pyplot as plt
from IPython.display import Markdown, display
from countydigital.claims import record
from countydigital.sections.scope import prepare
scope = prepare(survey, county, seed)
display(Markdown("**SYNTHETIC 合成数据**" if scope.data.synthetic else "respondents of the file"))
fig, ax = plt.subplots(figsize=(3, 2))
ax.bar([1, 2], [int((scope.staff.frame["gender"] == 2).sum()), min_cell])
ax.set_title("女性" if lang == "zh" else "Women")
plt.show()
share = 100 * float((scope.staff.frame["gender"] == 2).mean())
record("employment.women_share", share, unit="%", n=scope.staff.n, **scope.data.evidence)
print("respondents", scope.staff.n, "min_cell", min_cell)"""


def make_project(root: Path) -> None:
    nb_dir = root / "notebooks"
    write_notebook(nb_dir / "aa-survey.ipynb",
                   'survey = ""\ncounty = "pooled"\nlang = "zh"\nmin_cell = 5\nseed = 20220517',
                   [nbformat.v4.new_markdown_cell("# 员工 · Employees\n\n员工问卷。\n\n*The employee survey.*")],
                   [SURVEY_CODE])
    write_notebook(nb_dir / "ab-county.ipynb", 'county = "130529"\nlang = "zh"', [],
                   ["print('county page', county, lang)"])
    (nb_dir / "parameter_sets.yaml").write_text(
        "notebooks:\n  aa-survey:\n    - {id: pooled, parameters: {county: pooled}}\n"
        "  ab-county:\n    - {id: '130529', parameters: {county: '130529'}}\n", encoding="utf-8")


def site_digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def images(page: Path) -> list[str]:
    return re.findall(r'src="data:image/png;base64,([^"]+)"', page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The report build, then a survey build added to it (one worker each: which pages a survey adds is decided
    in the build process)."""
    root = tmp_path_factory.mktemp("survey-build")
    make_project(root)
    report = run_cli(root, "--jobs", "1")
    assert report.returncode == 0, report.stderr
    survey = run_cli(root, "--survey", str(FIXTURE), "--jobs", "1")
    assert survey.returncode == 0, survey.stderr
    return root, survey


def test_survey_build_adds_pages_for_exactly_the_files_counties(built):
    root, survey = built
    site = root / "site"
    for lang_dir in (site, site / "en"):
        pages = sorted(p.stem for p in (lang_dir / "aa-survey").glob("*.html"))
        assert pages == sorted(["pooled", f"pooled-{SHA[:12]}"] + [f"{c}-{SHA[:12]}" for c in COUNTIES])
        assert sorted(p.stem for p in (lang_dir / "ab-county").glob("*.html")) == sorted(["130529", *COUNTIES])
    assert f"sha256 {SHA[:12]}" in survey.stderr and "60 respondents" in survey.stderr
    # the report's pages stay, and the index lists every page, each with what it was built from
    index = (site / "index.html").read_text(encoding="utf-8")
    for page in ("aa-survey/pooled.html", f"aa-survey/130723-{SHA[:12]}.html", "ab-county/130529.html",
                 "ab-county/130724.html"):
        assert f'href="{page}"' in index
    assert "SYNTHETIC stand-in" in index or "合成数据（SYNTHETIC），种子 20220517" in index
    assert f"wjx_kangbao_guyuan.csv · sha256 {SHA[:12]}" in index
    assert "2023-03-07–2023-04-14" in index and "康保县 130723" in index and "沽源县 130724" in index


def test_real_file_pages_have_no_synthetic_mark_and_records_name_the_checksum(built):
    root, _ = built
    site = root / "site"
    real = (site / "aa-survey" / f"130723-{SHA[:12]}.html").read_text(encoding="utf-8")
    assert "SYNTHETIC" not in real and "respondents 40" in real
    assert "SYNTHETIC" in (site / "aa-survey" / "pooled.html").read_text(encoding="utf-8")  # the stand-in keeps it
    ledger = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert ledger["survey_sources"][0]["sha256"] == SHA and ledger["survey_sources"][0]["respondents"] == 60
    claim = next(c for c in ledger["claims"] if c["id"] == "employment.women_share")
    assert claim["status"] in ("reproduced", "differs")  # the file decides, never `synthetic`
    from_file = [e for e in claim["computed"] if e["source"] == "survey"]
    assert len(from_file) == 3 and all(e["sha256"] == SHA for e in from_file)
    assert all(e["parameters"]["survey"] == FIXTURE.name for e in from_file)  # a file name, not a local path
    assert ledger["granularity"]["survey_files"][0]["n"] == 60
    assert "n = <b>60</b> respondents" in (site / "claims.html").read_text(encoding="utf-8")


def test_no_personal_data_of_the_file_reaches_the_site(built):
    root, _ = built
    import pandas as pd

    raw = pd.read_csv(FIXTURE, dtype=str, encoding="utf-8-sig")
    phones = set(raw[raw.columns[-1]])
    ips = {cell.split("(")[0] for cell in raw["来自IP"]}
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (root / "site").rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".svg"))
    assert not [x for x in phones | ips if x in text]


def test_english_site_has_its_own_index_ledger_and_counterpart_links(built):
    root, _ = built
    site = root / "site"
    index = (site / "en" / "index.html").read_text(encoding="utf-8")
    switcher = re.search(r"<!-- counterpart:start -->.*?<!-- counterpart:end -->", index, re.S).group(0)
    assert 'href="../index.html"' in switcher and "中文版" in switcher  # named in the language it leads to
    block = re.search(r'<section id="survey-sources">.*?</section>', index, re.S).group(0)
    assert '<html lang="en">' in index and not re.search(r"[\u4e00-\u9fff]", block), block
    assert "Kangbao 130723" in block and "60 respondents" in block
    assert '<html lang="en">' in (site / "en" / "claims.html").read_text(encoding="utf-8")
    page = (site / "en" / "aa-survey" / "pooled.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and 'href="../../aa-survey/pooled.html"' in page
    assert "The employee survey." in page and "员工问卷" not in page  # the English half of the text cells
    zh_page = (site / "aa-survey" / "pooled.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in zh_page and 'href="../en/aa-survey/pooled.html"' in zh_page
    assert 'href="en/index.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_a_county_build_keeps_the_published_pages(built):
    root, _ = built
    before = set(site_digest(root / "site"))
    result = run_cli(root, "--county", "沽源县", "--lang", "zh", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    after = set(site_digest(root / "site"))
    assert before - after == set(), "a partial build removed pages"
    assert "ab-county/130724.html" in after


def test_a_file_failing_validation_leaves_the_site_and_starts_no_kernel(built, tmp_path):
    root, _ = built
    bad = tmp_path / "broken.csv"
    text = FIXTURE.read_text(encoding="utf-8-sig").splitlines()
    cells = text[3].split(",")
    cells[7] = "abc"  # question 2, age: not a number
    bad.write_text("\n".join(text[:3] + [",".join(cells)] + text[4:]) + "\n", encoding="utf-8-sig")
    before = site_digest(root / "site")
    result = run_cli(root, "--survey", str(bad), "--jobs", "1")
    assert result.returncode != 0
    assert "broken.csv" in result.stderr and "column 2、您的年龄" in result.stderr and "row 4" in result.stderr
    assert "building" not in result.stderr  # stopped before planning any notebook run
    assert site_digest(root / "site") == before


def test_unknown_parameter_is_refused_with_the_parameters_listed(built):
    root, _ = built
    result = run_cli(root, "-p", "n_peer", "3", "--notebook", "aa")
    assert result.returncode != 0
    assert "n_peer" in result.stderr and "aa-survey: county, lang, min_cell, seed, survey" in result.stderr
    own = run_cli(root, "-p", "county", "130529")
    assert own.returncode != 0 and "use --county" in own.stderr


def test_parameters_apply_where_declared_and_site_elsewhere(built, tmp_path):
    root, _ = built
    params = tmp_path / "params.yaml"
    params.write_text("min_cell: 9\n", encoding="utf-8")
    other = tmp_path / "elsewhere"
    result = run_cli(root, "-f", str(params), "-p", "min_cell", "7", "--lang", "zh", "--site", str(other))
    assert result.returncode == 0, result.stderr
    assert "min_cell 7" in (other / "aa-survey" / "pooled.html").read_text(encoding="utf-8")
    assert (other / "ab-county" / "130529.html").is_file()  # a notebook without min_cell runs unchanged
    assert "min_cell 7" not in (root / "site" / "aa-survey" / "pooled.html").read_text(encoding="utf-8")


def test_the_same_export_built_twice_gives_identical_figures(built, tmp_path):
    root, _ = built
    copy = tmp_path / "export.csv"
    shutil.copyfile(FIXTURE, copy)
    again = run_cli(root, "--survey", str(copy), "--notebook", "aa", "--county", "130723", "--no-cache",
                    "--site", str(tmp_path / "again"), "--jobs", "1")
    assert again.returncode == 0, again.stderr
    for lang in ("", "en/"):
        first = images(root / "site" / f"{lang}aa-survey" / f"130723-{SHA[:12]}.html")
        second = images(tmp_path / "again" / f"{lang}aa-survey" / f"130723-{SHA[:12]}.html")
        assert first and first == second
