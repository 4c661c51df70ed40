"""The privacy gate on real builds: planted personal data fails the build, the old site stays.

And user-supplied strings (a parameter value, a claim's note) reach the index,
the claims ledger and the pages escaped, never as markup. The gate reads the
finished pages in the build process, so one worker executes them (`--jobs 1`).
"""
from __future__ import annotations

import pytest

from reliability_fixtures import digest, leftovers, make_project, run, write_sets

pytestmark = pytest.mark.slow

BASELINE = [("one", {"county": "130529"})]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    make_project(root, BASELINE)
    assert run(root, "--jobs", "1").returncode == 0
    return root


def test_planted_personal_data_fails_the_build_and_keeps_the_old_site(project):
    from countydigital.survey import default_survey
    from countydigital.survey.export import write_tidy

    survey = write_tidy(default_survey(), project / "survey.parquet")
    before = digest(project / "site")
    write_sets(project, BASELINE + [
        ("phone", {"mode": "phone"}), ("idnum", {"mode": "id_number"}), ("ip", {"mode": "ip"}),
        ("leak", {"mode": "survey_leak", "survey": str(survey)}),
        ("markup", {"mode": "text", "note": f"县名 {SCRIPT}"}),
    ])
    try:
        failed = run(project, "--jobs", "1")
    finally:
        write_sets(project, BASELINE)
    assert failed.returncode != 0
    assert "error: " in failed.stderr and "nothing was published" in failed.stderr
    for page, kind in (("aa-fault/phone.html", "mobile phone number"), ("aa-fault/idnum.html", "resident ID number"),
                       ("aa-fault/ip.html", "IPv4 address"), ("aa-fault/leak.html", "raw survey record"),
                       ("aa-fault/markup.html", "active content")):
        lines = failed.stderr.splitlines()
        assert any(line.strip().startswith(page) and kind in line for line in lines), (page, failed.stderr)
    for secret in ("13812345678", "11010519491231002X", "192.168.31.7"):
        assert secret not in failed.stderr  # the message names the finding, masked
    assert digest(project / "site") == before
    assert leftovers(project / "site", project / "processed") == []

    again = run(project, "--jobs", "1")  # the offending runs removed: the next build publishes
    assert again.returncode == 0, again.stderr


def test_user_supplied_strings_are_escaped_in_index_ledger_and_pages(project):
    hostile = {"mode": "record", "note": f"备注 {SCRIPT}", "county": f"{IMG}巨鹿县"}
    write_sets(project, BASELINE + [("hostile", hostile)])
    try:
        built = run(project, "--jobs", "1")
    finally:
        write_sets(project, BASELINE)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    for name in ("index.html", "claims.html", "aa-fault/hostile.html"):
        text = (site / name).read_text(encoding="utf-8")
        assert "<script" not in text and "<img src=x" not in text, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or "&lt;img src=x onerror=alert(2)&gt;" in text, name
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;巨鹿县" in index  # the parameter, shown as text
    ledger = (site / "claims.html").read_text(encoding="utf-8")
    assert "备注 &lt;script&gt;alert(1)&lt;/script&gt;" in ledger  # the recorded note, shown as text
